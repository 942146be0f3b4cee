package chat

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"duplex/core/agent"
	"duplex/core/api"
	"duplex/core/chat/protocol"
	"duplex/db"
	"duplex/net/smp"
	"duplex/net/smp/server/smptest"
)

// peer is a Service over its own database, for what the public API cannot
// make a peer send (unknown events, malformed bodies).
type peer struct {
	t  *testing.T
	d  *db.DB
	s  *Service
	p  api.ProfileID
	ev <-chan api.Event
}

func newPeer(t *testing.T, name string, r *smptest.Relay) *peer {
	t.Helper()
	dir := t.TempDir()
	kf := filepath.Join(dir, "key")
	if err := db.WriteKeyFile(kf, rand.Reader); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(filepath.Join(dir, "db"), db.Options{Key: db.KeyFromFile(kf)})
	if err != nil {
		t.Fatal(err)
	}
	prof := &db.Profile{DisplayName: name, Active: true}
	if err := d.Profiles().Create(context.Background(), prof, time.Now()); err != nil {
		t.Fatal(err)
	}
	hub := NewHub()
	ev, _ := hub.Watch(context.Background(), api.AllEvents)
	s, err := New(context.Background(), Config{DB: d, Hub: hub,
		Agent: agent.Config{SMP: smp.ClientConfig{RequestTimeout: 5 * time.Second, PingInterval: -1}},
		Picker: func(context.Context, int64) (agent.ServerPicker, error) {
			return agent.RandomPicker{Servers: []smp.ServerAddress{r.Address()}}, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); hub.Close(); d.Close() })
	return &peer{t: t, d: d, s: s, p: api.ProfileID(prof.ID), ev: ev}
}

func (p *peer) wait(ok func(api.Event) bool) api.Event {
	p.t.Helper()
	to := time.After(15 * time.Second)
	for {
		select {
		case ev := <-p.ev:
			if ok(ev) {
				return ev
			}
		case <-to:
			p.t.Fatal("timed out")
		}
	}
}

func TestUnsupportedEventsAndBadBodies(t *testing.T) {
	r := smptest.StartRelay(t)
	a, b := newPeer(t, "alice", r), newPeer(t, "bob", r)
	ctx := context.Background()
	pc, err := a.s.CreateLink(ctx, a.p, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.s.Connect(ctx, b.p, pc.Link, false); err != nil {
		t.Fatal(err)
	}
	ca := a.wait(func(ev api.Event) bool { return ev.Type == api.EvContactConnected }).Contact
	b.wait(func(ev api.Event) bool { return ev.Type == api.EvContactConnected })
	c, err := a.s.st.Contact(ctx, int64(ca.ID))
	if err != nil {
		t.Fatal(err)
	}
	conn, _ := a.s.st.ConnOfContact(ctx, c.ID)
	send := func(body []byte) {
		if _, err := a.s.ag.Send(ctx, conn.AgentConn, body); err != nil {
			t.Fatal(err)
		}
	}
	// A future event, a known event with an unknown content type, and
	// bodies that are not chat messages at all.
	a.s.mu.Lock()
	err = a.s.sendEvent(ctx, c, &protocol.Unknown{Event: "x.future.thing", Params: protocol.Extra{"a": json.RawMessage(`1`)}})
	a.s.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	send([]byte(`{"v":"1-16","msgId":"AQID","event":"x.msg.new","params":{"content":{"type":"hologram","text":"3d"}}}`))
	send([]byte(`not json`))
	send([]byte(`{"event":"x.msg.new","params":{}}`))
	send([]byte(`{"v":"1","event":"x.msg.new","params":{"content":{"type":"text","text":"still fine"}}}`))
	var got []api.ChatItem
	for len(got) < 5 {
		ev := b.wait(func(ev api.Event) bool { return ev.Type == api.EvNewItems })
		got = append(got, ev.Items...)
	}
	want := []struct {
		kind api.ItemKind
		text string
	}{
		{api.KindUnsupported, "x.future.thing"},
		{api.KindUnsupported, "[hologram] 3d"},
		{api.KindUnsupported, "a message this version cannot read"},
		{api.KindUnsupported, "a message this version cannot read"},
		{api.KindText, "still fine"},
	}
	for i, w := range want {
		if got[i].Kind != w.kind || got[i].Text != w.text {
			t.Errorf("item %d: %v %q, want %v %q", i, got[i].Kind, got[i].Text, w.kind, w.text)
		}
	}
}

// FuzzSearchQuery: whatever a user types, the search runs (no FTS syntax
// error reaches SQLite) and never panics.
func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{"", "apple", `"unterminated`, "a OR b", "NEAR/3", "x*", "-y", "(", "^", "\x00", "ü*"} {
		f.Add(s)
	}
	dir := f.TempDir()
	kf := filepath.Join(dir, "key")
	if err := db.WriteKeyFile(kf, rand.Reader); err != nil {
		f.Fatal(err)
	}
	d, err := db.Open(filepath.Join(dir, "db"), db.Options{Key: db.KeyFromFile(kf)})
	if err != nil {
		f.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	prof := &db.Profile{DisplayName: "x"}
	d.Profiles().Create(ctx, prof, time.Now())
	d.Chat().AddRecord(ctx, &db.ChatRecord{ProfileID: prof.ID, Status: "sent", Kind: 1, ItemTS: time.Now(), CreatedAt: time.Now(), Text: "apple pie"})
	f.Fuzz(func(t *testing.T, q string) {
		if m := ftsQuery(q); m != "" {
			if _, err := d.Chat().SearchRecords(ctx, prof.ID, 0, m, 5); err != nil {
				t.Fatalf("query %q → %q: %v", q, m, err)
			}
		}
	})
}
