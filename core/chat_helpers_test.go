package core

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"duplex/core/api"
	"duplex/db"
	"duplex/net/smp/server/smptest"
)

// clock is a settable fake clock shared by a test's cores.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// user is one core with one profile, watching every event.
type user struct {
	t      *testing.T
	name   string
	dir    string
	key    string
	relays []*smptest.Relay
	clk    *clock
	c      *Local
	p      api.ProfileID
	ev     <-chan api.Event
	cancel context.CancelFunc
}

func startRelay(t *testing.T) *smptest.Relay {
	return smptest.StartRelay(t, smptest.WithStore(t.TempDir()))
}

func newUser(t *testing.T, name string, clk *clock, relays ...*smptest.Relay) *user {
	t.Helper()
	u := &user{t: t, name: name, dir: t.TempDir(), relays: relays, clk: clk}
	u.key = filepath.Join(u.dir, "key")
	if err := db.WriteKeyFile(u.key, rand.Reader); err != nil {
		t.Fatal(err)
	}
	u.open()
	if err := u.c.CreateStorage(ctx(t), api.ProtectionKeyFile, ""); err != nil {
		t.Fatal(err)
	}
	p, err := u.c.CreateProfile(ctx(t), api.NewProfile{DisplayName: name})
	if err != nil {
		t.Fatal(err)
	}
	u.p = p.ID
	return u
}

func (u *user) open() {
	u.t.Helper()
	var srv []string
	for _, r := range u.relays {
		srv = append(srv, r.Address().String())
	}
	c, err := Open(Options{DataDir: filepath.Join(u.dir, "data"), KeyFile: u.key, KDF: cheapKDF, Now: u.clk.Now, Servers: srv,
		SMP: &SMPTuning{RequestTimeout: 5 * time.Second, ReconnectMin: 50 * time.Millisecond, ReconnectMax: 300 * time.Millisecond,
			RetryMin: 50 * time.Millisecond, RetryMax: 300 * time.Millisecond, NoPing: true}})
	if err != nil {
		u.t.Fatal(err)
	}
	u.c = c
	wctx, cancel := context.WithCancel(context.Background())
	u.cancel = cancel
	if u.ev, err = c.Watch(wctx, api.AllEvents); err != nil {
		u.t.Fatal(err)
	}
	u.t.Cleanup(u.close)
}

// restart closes the core and opens it again on the same data.
func (u *user) restart() {
	u.t.Helper()
	u.close()
	u.open()
	if st, err := u.c.Storage(ctx(u.t)); err != nil || st.Status != api.StorageOpen {
		u.t.Fatalf("%s: storage after restart: %+v %v", u.name, st, err)
	}
}

func (u *user) close() {
	if u.c != nil {
		u.c.Close()
		u.cancel()
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

// wait returns the first event satisfying ok, failing after 15 s.
func (u *user) wait(what string, ok func(api.Event) bool) api.Event {
	u.t.Helper()
	timeout := time.After(15 * time.Second)
	for {
		select {
		case ev, open := <-u.ev:
			if !open {
				u.t.Fatalf("%s: events closed waiting for %s", u.name, what)
			}
			if ev.Type == api.EvError {
				u.t.Logf("%s: error event: %s", u.name, ev.Err)
			}
			if ok(ev) {
				return ev
			}
		case <-timeout:
			u.t.Fatalf("%s: timed out waiting for %s", u.name, what)
		}
	}
}

func (u *user) waitType(t api.EventType) api.Event {
	u.t.Helper()
	return u.wait(t.String(), func(ev api.Event) bool { return ev.Type == t })
}

// waitItem waits for an event of type t carrying an item that satisfies ok.
func (u *user) waitItem(t api.EventType, what string, ok func(api.ChatItem) bool) api.ChatItem {
	u.t.Helper()
	var found api.ChatItem
	u.wait(what, func(ev api.Event) bool {
		if ev.Type != t {
			return false
		}
		for _, it := range ev.Items {
			if ok(it) {
				found = it
				return true
			}
		}
		return false
	})
	return found
}

func (u *user) waitText(text string) api.ChatItem {
	u.t.Helper()
	return u.waitItem(api.EvNewItems, "message "+text, func(it api.ChatItem) bool { return !it.Sent && it.Text == text })
}

// connect links a and b through a one-time link and returns each side's contact.
func connect(t *testing.T, a, b *user) (api.Contact, api.Contact) {
	t.Helper()
	pc, err := a.c.CreateLink(ctx(t), a.p, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.c.Connect(ctx(t), b.p, pc.Link, false); err != nil {
		t.Fatal(err)
	}
	ea := a.waitType(api.EvContactConnected)
	eb := b.waitType(api.EvContactConnected)
	return *ea.Contact, *eb.Contact
}

func (u *user) send(c api.ContactID, text string) api.ChatItem {
	u.t.Helper()
	it, err := u.c.Send(ctx(u.t), c, api.Compose{Text: text})
	if err != nil {
		u.t.Fatal(err)
	}
	return it
}

func texts(items []api.ChatItem) string {
	var s []string
	for _, it := range items {
		s = append(s, it.Text)
	}
	return strings.Join(s, ",")
}
