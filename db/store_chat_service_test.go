package db

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestChatStoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	d := mustOpen(t, t.TempDir(), newKeyFile(t))
	defer d.Close()
	s := d.Chat()
	now := time.UnixMilli(1_700_000_000_000)
	p := &Profile{DisplayName: "alice"}
	if err := d.Profiles().Create(ctx, p, now); err != nil {
		t.Fatal(err)
	}
	c := &ChatContact{ProfileID: p.ID, DisplayName: "bob", FullName: "Bob", Image: []byte("data:x"), Prefs: []byte(`{}`), Ready: true,
		TTLOffered: 60, TTLPeer: 60, VMin: 1, VMax: 16, CreatedAt: now, UpdatedAt: now}
	if err := s.AddContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := s.Contact(ctx, c.ID)
	if err != nil || !reflect.DeepEqual(got, c) {
		t.Fatalf("contact %+v %v", got, err)
	}
	conn := &ChatConn{ProfileID: p.ID, AgentConn: "a1", Invited: true, Link: "simplex:/invitation#x", ShortLink: "https://s/i#y",
		Incognito: "BoldFox", CreatedAt: now}
	if err := s.AddConn(ctx, conn); err != nil {
		t.Fatal(err)
	}
	if ps, _ := s.PendingConns(ctx, p.ID); len(ps) != 1 || !reflect.DeepEqual(ps[0], conn) {
		t.Fatalf("pending %+v", ps)
	}
	for _, l := range []string{conn.Link, conn.ShortLink} {
		if cs, _ := s.ConnsByLink(ctx, p.ID, l); len(cs) != 1 {
			t.Fatalf("by link %q: %+v", l, cs)
		}
	}
	if err := s.SetConnContact(ctx, conn.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	if ps, _ := s.PendingConns(ctx, p.ID); len(ps) != 0 {
		t.Fatalf("still pending %+v", ps)
	}
	if cc, err := s.ConnOfContact(ctx, c.ID); err != nil || cc.AgentConn != "a1" {
		t.Fatalf("conn of contact %+v %v", cc, err)
	}
	a := &ChatAddress{ProfileID: p.ID, AgentConn: "addr", Link: "simplex:/contact#z", AutoAccept: true, Welcome: "hi"}
	if err := s.PutAddress(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got, err := s.AddressByLink(ctx, a.Link); err != nil || !reflect.DeepEqual(got, a) {
		t.Fatalf("address %+v %v", got, err)
	}
	r := &ChatRequest{ProfileID: p.ID, AgentConn: "addr", AgentReq: "r1", DisplayName: "carol", CreatedAt: now}
	if err := s.AddRequest(ctx, r); err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.ProfileAgentConns(ctx, p.ID); !reflect.DeepEqual(ids, []string{"a1", "addr"}) {
		t.Fatalf("agent conns %v", ids)
	}
	if err := s.DeleteAddress(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Request(ctx, r.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("request outlived the address: %v", err)
	}

	// Items, versions, reactions, paging, FTS.
	var ids []int64
	for i, text := range []string{"apple pie", "banana split", "cherry apple tart"} {
		st := "received"
		if i == 1 {
			st = "sent"
		}
		it := &ChatRecord{ProfileID: p.ID, ContactID: c.ID, SharedMsgID: []byte{byte(i)}, Sent: i == 1, Status: st, Kind: 1,
			ItemTS: now, CreatedAt: now, Text: text, TTL: 10}
		if err := s.AddRecord(ctx, it); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, it.ID)
	}
	if rs, _ := s.Records(ctx, c.ID, 0, 0, 2); len(rs) != 2 || rs[0].ID != ids[1] || rs[1].ID != ids[2] {
		t.Fatalf("newest page %+v", rs)
	}
	if rs, _ := s.Records(ctx, c.ID, ids[2], 0, 5); len(rs) != 2 || rs[0].ID != ids[0] {
		t.Fatalf("before page %+v", rs)
	}
	if rs, _ := s.Records(ctx, c.ID, 0, ids[0], 1); len(rs) != 1 || rs[0].ID != ids[1] {
		t.Fatalf("after page %+v", rs)
	}
	if rs, _ := s.SearchRecords(ctx, p.ID, 0, "apple*", 10); len(rs) != 2 || rs[0].ID != ids[2] {
		t.Fatalf("search %+v", rs)
	}
	r0, _ := s.Record(ctx, ids[0])
	if err := s.AddVersion(ctx, r0.ID, r0.Text, now); err != nil {
		t.Fatal(err)
	}
	r0.Text, r0.Edited, r0.DisappearAt = "plum pie", true, now.Add(time.Minute)
	if err := s.UpdateRecord(ctx, r0); err != nil {
		t.Fatal(err)
	}
	if rs, _ := s.SearchRecords(ctx, p.ID, c.ID, "apple*", 10); len(rs) != 1 {
		t.Fatalf("index not updated by the edit %+v", rs)
	}
	if vs, _ := s.Versions(ctx, r0.ID); len(vs) != 1 || vs[0].Text != "apple pie" {
		t.Fatalf("versions %+v", vs)
	}
	if got, _ := s.RecordByShared(ctx, c.ID, []byte{1}, true); got == nil || got.ID != ids[1] {
		t.Fatalf("by shared id %+v", got)
	}
	if _, err := s.RecordByShared(ctx, c.ID, []byte{1}, false); !errors.Is(err, ErrNotFound) {
		t.Fatalf("by shared id, wrong side: %v", err)
	}
	if ok, _ := s.SetReaction(ctx, r0.ID, ItemReaction{Mine: true, Emoji: "👍"}, true, now); !ok {
		t.Fatal("reaction not added")
	}
	if ok, _ := s.SetReaction(ctx, r0.ID, ItemReaction{Mine: true, Emoji: "👍"}, true, now); ok {
		t.Fatal("reaction added twice")
	}
	if rs, _ := s.Reactions(ctx, r0.ID); len(rs) != 1 {
		t.Fatalf("reactions %+v", rs)
	}
	if n, first, _ := s.CountStatus(ctx, c.ID, "received"); n != 2 || first != ids[0] {
		t.Fatalf("count %d %d", n, first)
	}
	if next, _ := s.NextDisappear(ctx); !next.Equal(now.Add(time.Minute)) {
		t.Fatalf("next disappear %v", next)
	}
	if rs, _ := s.Expired(ctx, now.Add(time.Hour)); len(rs) != 1 || rs[0].ID != r0.ID {
		t.Fatalf("expired %+v", rs)
	}
	// A failing transaction leaves nothing behind.
	boom := errors.New("boom")
	err = s.Tx(ctx, func(st ChatStore) error {
		if err := st.DeleteRecord(ctx, ids[1]); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if _, err := s.Record(ctx, ids[1]); err != nil {
		t.Fatalf("rolled back delete is gone: %v", err)
	}
	gone, err := s.ClearChat(ctx, c.ID)
	if err != nil || len(gone) != 3 {
		t.Fatalf("clear %v %v", gone, err)
	}
	if rs, _ := s.SearchRecords(ctx, p.ID, 0, "pie*", 10); len(rs) != 0 {
		t.Fatalf("index after clear %+v", rs)
	}
	if err := s.DeleteContact(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if cc, _ := s.ConnByAgent(ctx, "a1"); cc.ContactID != 0 {
		t.Fatalf("conn keeps a deleted contact %+v", cc)
	}
}
