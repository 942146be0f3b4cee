package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"duplex/core"
	"duplex/core/api"
	"duplex/crypto/enc"
)

// wsCore is an in-process core with the chat API served on a free port.
func wsCore(t *testing.T) (*core.Local, *wsServer) {
	t.Helper()
	nowhere := "smp://" + enc.B64(make([]byte, 32)) + "@127.0.0.1:1" // no preset relay is ever reached
	c, err := core.Open(core.Options{DataDir: t.TempDir(), KDF: &core.KDFCost{Time: 1, MemoryKiB: 64, Threads: 1}, Servers: []string{nowhere}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.CreateStorage(context.Background(), api.ProtectionPassphrase, "x"); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	s, err := listenWS(c, 0, &log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.close)
	return c, s
}

func readFrame(t *testing.T, c *websocket.Conn) map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, b, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("frame is not JSON: %s", b)
	}
	return m
}

func TestWSFraming(t *testing.T) {
	_, s := wsCore(t)
	if !strings.HasPrefix(s.addr(), "ws://127.0.0.1:") {
		t.Fatalf("listens on %s, want loopback only", s.addr())
	}
	ctx := context.Background()
	c, _, err := websocket.Dial(ctx, s.addr(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()

	c.Write(ctx, websocket.MessageText, []byte(`{"corrId":"7","cmd":"/_create user {\"profile\":{\"displayName\":\"ws\",\"fullName\":\"\"}}"}`))
	m := readFrame(t, c)
	if m["corrId"] != "7" || get(m, "resp", "type") != "activeUser" {
		t.Fatalf("answer %v", m)
	}
	for _, bad := range []string{`not json`, `{"cmd":"/users"}`, `{"corrId":"1","cmd":"/users"} trailing`, `[]`} {
		c.Write(ctx, websocket.MessageText, []byte(bad))
		m := readFrame(t, c)
		if _, has := m["corrId"]; has || get(m, "resp", "type") != "chatCmdError" ||
			!strings.Contains(get(m, "resp", "chatError", "errorType", "message").(string), "bad request") {
			t.Fatalf("%q → %v", bad, m)
		}
	}
	c.Write(ctx, websocket.MessageBinary, []byte(`{"corrId":"2","cmd":"/users"}`))
	if m := readFrame(t, c); get(m, "resp", "type") != "chatCmdError" {
		t.Fatalf("binary frame → %v", m)
	}
	c.Write(ctx, websocket.MessageText, []byte(`{"corrId":"3","cmd":"/nope"}`))
	if m := readFrame(t, c); m["corrId"] != "3" || get(m, "resp", "chatError", "errorType", "type") != "commandError" {
		t.Fatalf("bad command → %v", m)
	}
	c.Write(ctx, websocket.MessageText, []byte(`{"corrId":"4","cmd":"/users"}`))
	if m := readFrame(t, c); m["corrId"] != "4" || get(m, "resp", "type") != "usersList" {
		t.Fatalf("after errors the connection still works: %v", m)
	}

	// stopping the server closes the client with "going away".
	errc := make(chan error, 1)
	go func() { _, _, err := c.Read(ctx); errc <- err }()
	s.close()
	if err := <-errc; websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Fatalf("close: %v", err)
	}
}

// TestWSClientsAtOnce: several clients send commands concurrently; each
// answer reaches the client that asked, with its corrId.
func TestWSClientsAtOnce(t *testing.T) {
	_, s := wsCore(t)
	first := dialAPI(t, s.addr())
	first.must(`/_create user {"profile":{"displayName":"many","fullName":""}}`, "activeUser")
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		a := dialAPI(t, s.addr())
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 25; j++ {
				line, want := "/users", "usersList"
				if j%2 == 1 {
					line, want = fmt.Sprintf("/_get chat @%d count=1", 100+j), "chatCmdError"
				}
				if r := a.cmd(line); r["type"] != want {
					t.Errorf("%s → %s", line, js(r))
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestWSRefusesBrowsers: a page on another site cannot drive the core
// through localhost (the Origin check).
func TestWSRefusesBrowsers(t *testing.T) {
	_, s := wsCore(t)
	ctx := context.Background()
	_, resp, err := websocket.Dial(ctx, s.addr(), &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {"https://evil.example"}}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin dial: %v %v", err, resp)
	}
}
