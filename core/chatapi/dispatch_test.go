package chatapi_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"duplex/core"
	"duplex/core/api"
	"duplex/core/chatapi"
	"duplex/crypto/enc"
)

// TestMain keeps every test away from the developer's keychain: D-Bus
// points at nothing, so the cores here use passphrases.
func TestMain(m *testing.M) {
	os.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/duplex-test-no-bus")
	os.Exit(m.Run())
}

// nowhere is a relay address on loopback where nothing listens: commands
// that create queues fail fast, and no test reaches the preset relays.
var nowhere = "smp://" + enc.B64(make([]byte, 32)) + "@127.0.0.1:1"

// newCore is a real in-process core on a temp dir with an open database.
func newCore(t testing.TB) *core.Local {
	t.Helper()
	c, err := core.Open(core.Options{DataDir: t.TempDir(), KDF: &core.KDFCost{Time: 1, MemoryKiB: 64, Threads: 1},
		Servers: []string{nowhere}, Now: func() time.Time { return time.Unix(1_800_000_000, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.CreateStorage(context.Background(), api.ProtectionPassphrase, "pw"); err != nil {
		t.Fatal(err)
	}
	return c
}

// run sends a line and returns the response re-read from its JSON, as a
// bot would see it.
func run(t *testing.T, h *chatapi.Handler, line string) (chatapi.Response, map[string]any) {
	t.Helper()
	r := h.HandleLine(context.Background(), line)
	b, err := chatapi.EncodeResponse(r)
	if err != nil {
		t.Fatalf("%s: encode %T: %v", line, r, err)
	}
	back, err := chatapi.DecodeResponse(b)
	if err != nil {
		t.Fatalf("%s: decode %s: %v", line, b, err)
	}
	var m map[string]any
	json.Unmarshal(b, &m)
	return back, m
}

func wantType(t *testing.T, h *chatapi.Handler, line, typ string) chatapi.Response {
	t.Helper()
	r, m := run(t, h, line)
	if r.Type() != typ {
		t.Fatalf("%s: got %v, want %s", line, m, typ)
	}
	return r
}

// wantErr checks a chatCmdError with the errorType tag and a message
// containing msg.
func wantErr(t *testing.T, h *chatapi.Handler, line, tag, msg string) {
	t.Helper()
	r, m := run(t, h, line)
	e, ok := r.(*chatapi.ChatCmdError)
	if !ok {
		t.Fatalf("%s: got %v, want chatCmdError", line, m)
	}
	et := e.ChatError.ErrorType
	if e.ChatError.Type == "errorStore" {
		et = e.ChatError.StoreError
	}
	var text string
	json.Unmarshal(et.Fields["message"], &text)
	if et.Type != tag || !strings.Contains(text, msg) {
		t.Fatalf("%s: error %s %q, want %s containing %q", line, et.Type, text, tag, msg)
	}
}

func TestDispatchUsers(t *testing.T) {
	h := &chatapi.Handler{Client: newCore(t)}
	wantErr(t, h, "/user", "noActiveUser", "no active user")
	r := wantType(t, h, `/_create user {"profile":{"displayName":"alice","fullName":"Alice A"},"pastTimestamp":false}`, "activeUser")
	u := r.(*chatapi.ActiveUser).User
	if u.UserID != 1 || u.Profile.DisplayName != "alice" || u.Profile.FullName != "Alice A" || !u.ActiveUser || u.LocalDisplayName != "alice" {
		t.Fatalf("created user %+v", u)
	}
	r = wantType(t, h, "/create user bob", "activeUser")
	if b := r.(*chatapi.ActiveUser).User; b.UserID != 2 || !b.ActiveUser {
		t.Fatalf("bob %+v", b)
	}
	r = wantType(t, h, "/users", "usersList")
	us := r.(*chatapi.UsersList).Users
	if len(us) != 2 || !us[0].User.ActiveUser || us[0].User.Profile.DisplayName != "bob" {
		t.Fatalf("users %+v", us)
	}
	r = wantType(t, h, "/_user 1", "activeUser")
	if r.(*chatapi.ActiveUser).User.UserID != 1 {
		t.Fatal("/_user 1 did not activate alice")
	}
	r = wantType(t, h, "/user", "activeUser")
	if r.(*chatapi.ActiveUser).User.UserID != 1 {
		t.Fatal("/user is not alice")
	}
	r = wantType(t, h, `/_profile 1 {"displayName":"alice2","fullName":"Alice A"}`, "userProfileUpdated")
	pu := r.(*chatapi.UserProfileUpdated)
	if pu.FromProfile.DisplayName != "alice" || pu.ToProfile.DisplayName != "alice2" || pu.User.Profile.DisplayName != "alice2" {
		t.Fatalf("profile update %+v", pu)
	}
	wantType(t, h, `/_profile 1 {"displayName":"alice2","fullName":"Alice A"}`, "userProfileNoChange")
	wantErr(t, h, `/_profile 1 {"displayName":"#bad","fullName":""}`, "invalidDisplayName", "invalid display name")
	wantErr(t, h, `/_profile 9 {"displayName":"x","fullName":""}`, "userNotFound", "no such profile")
	if r, _ := run(t, h, "/_user 9"); string(r.(*chatapi.ChatCmdError).ChatError.StoreError.Fields["userId"]) != "9" {
		t.Fatalf("store error without the id: %+v", r)
	}
	wantErr(t, h, `/_user 1 "secret"`, "commandError", "hidden profiles")
	wantType(t, h, "/_delete user 2 del_smp=off", "cmdOk")
	wantErr(t, h, "/_delete user 1 del_smp=on", "cantDeleteLastUser", "only profile")
	wantType(t, h, "/_start", "chatRunning")
	wantErr(t, h, "/_stop", "commandError", "SIGTERM")
	wantErr(t, h, `/_create user {"profile":{"displayName":"x","fullName":"","image":"data:image/png;base64,!!"}}`, "commandError", "base64")
	wantErr(t, h, `/_create user {}`, "commandError", "needs a profile")
}

func TestDispatchErrors(t *testing.T) {
	h := &chatapi.Handler{Client: newCore(t)}
	wantType(t, h, `/_create user {"profile":{"displayName":"alice","fullName":""}}`, "activeUser")
	wantErr(t, h, "/nonsense 1", "commandError", `unsupported command "/nonsense"`)
	wantErr(t, h, "/_send @x json []", "commandError", "APISendMessages: bad arguments")
	wantErr(t, h, `/_send #1 json [{"msgContent":{"type":"text","text":"hi"},"mentions":{}}]`, "commandError", "direct chats only")
	wantErr(t, h, "/_get chat *1 count=10", "commandError", "direct chats only")
	wantErr(t, h, "/_connect plan 1 https://example.com/nothing", "invalidConnReq", "")
	wantErr(t, h, "/_connect 1 simplex:/invitation#/?v=2-7", "invalidConnReq", "")
	wantErr(t, h, "/_address 7", "userNotFound", "no such profile")
	wantErr(t, h, "/_get chat @5 count=10", "contactNotFound", "no such contact")
	wantErr(t, h, "/_delete :5", "pendingConnectionNotFound", "no such pending")
	wantErr(t, h, "/_accept 5", "contactRequestNotFound", "no such contact request")
	wantErr(t, h, "/_show_address 1", "userContactLinkNotFound", "no contact address")

	// A locked core: every profile call says so.
	dir := t.TempDir()
	c, err := core.Open(core.Options{DataDir: dir, KDF: &core.KDFCost{Time: 1, MemoryKiB: 64, Threads: 1}, Servers: []string{nowhere}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CreateStorage(context.Background(), api.ProtectionPassphrase, "pw"); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c, err = core.Open(core.Options{DataDir: dir, Servers: []string{nowhere}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	locked := &chatapi.Handler{Client: c}
	wantErr(t, locked, `/_create user {"profile":{"displayName":"x","fullName":""}}`, "chatNotStarted", "locked")
	c.Close()
	wantErr(t, locked, "/users", "chatNotStarted", "closed")
}

// panicky is a Client whose every call panics: the handler must still
// answer with an error, never crash the server.
type panicky struct{ api.Client }

func (panicky) Profiles(context.Context) ([]api.Profile, error) { panic("boom") }

func TestDispatchRecoversPanic(t *testing.T) {
	h := &chatapi.Handler{Client: panicky{}}
	wantErr(t, h, "/users", "commandError", "internal error in ListUsers: boom")
}

// FuzzDispatch: any bytes, parsed and run against a real core, give a
// response that encodes to JSON the decoder reads back — never a panic.
func FuzzDispatch(f *testing.F) {
	for _, s := range []string{
		"/users", "/user", `/_create user {"profile":{"displayName":"a","fullName":""}}`, "/create user 'b c'",
		"/_user 1", "/_delete user 2 del_smp=on", `/_profile 1 {"displayName":"z","fullName":"Z"}`,
		"/_start", "/_stop", "/_address 1", "/_show_address 1", "/_delete_address 1", "/_connect 1",
		"/_connect 1 incognito=on", "/_accept 3", "/_reject 3", "/_contacts 1", "/_get chats 1 pcc=on",
		"/_get chats 1 count=2", "/_get chat @1 count=10", "/_get chat @1 after=3 count=5 search=hi",
		`/_send @1 json [{"msgContent":{"type":"text","text":"hi"},"mentions":{}}]`, "/_send @1 text hello",
		`/_update item @1 2 json {"msgContent":{"type":"text","text":"x"},"mentions":{}}`,
		"/_delete item @1 1,2 broadcast", `/_reaction @1 1 on {"type":"emoji","emoji":"👍"}`,
		"/_read chat @1", "/_delete @1", "/_delete :1", "/_delete @1 messages", "garbage", "",
	} {
		f.Add(s)
	}
	h := &chatapi.Handler{Client: newCore(f)}
	f.Fuzz(func(t *testing.T, line string) {
		r := h.HandleLine(context.Background(), line)
		if r == nil {
			t.Fatalf("%q: nil response", line)
		}
		b, err := chatapi.EncodeResponse(r)
		if err != nil {
			t.Fatalf("%q: encode: %v", line, err)
		}
		if _, err := chatapi.DecodeResponse(b); err != nil {
			t.Fatalf("%q: %s does not decode: %v", line, b, err)
		}
		if strings.Contains(string(b), "internal error in ") {
			t.Fatalf("%q: a panic was recovered: %s", line, b) // recovered, but still a bug
		}
	})
}
