package chat

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"duplex/core/agent"
	"duplex/core/api"
	"duplex/core/chat/protocol"
	"duplex/db"
)

// FuzzApplyBody feeds arbitrary agent message bodies through decoding and
// the handlers of a contact's chat: whatever a peer sends, nothing panics
// and the chat stays readable.
func FuzzApplyBody(f *testing.F) {
	for _, seed := range []string{
		`{"v":"1-16","msgId":"AQIDBAUGBwgJCgsM","event":"x.msg.new","params":{"content":{"type":"text","text":"hi"}}}`,
		`{"v":"1-16","msgId":"AgIDBAUGBwgJCgsM","event":"x.msg.new","params":{"content":{"type":"text","text":"re"},"quote":{"msgRef":{"msgId":"AQIDBAUGBwgJCgsM","sentAt":"2024-01-01T00:00:00Z","sent":true},"content":{"type":"text","text":"hi"}},"ttl":60}}`,
		`{"v":"1","event":"x.msg.update","params":{"msgId":"AQIDBAUGBwgJCgsM","content":{"type":"text","text":"edited"}}}`,
		`{"v":"1","event":"x.msg.react","params":{"msgId":"AQIDBAUGBwgJCgsM","reaction":{"type":"emoji","emoji":"👍"},"add":true}}`,
		`{"v":"1","event":"x.msg.del","params":{"msgId":"AQIDBAUGBwgJCgsM"}}`,
		`{"v":"1","event":"x.info","params":{"profile":{"displayName":"b","fullName":"","preferences":{"timedMessages":{"allow":"yes","ttl":30}}}}}`,
		`{"v":"1","event":"x.direct.del","params":{}}`,
		`{"v":"1","event":"x.grp.inv","params":{}}`,
		`[{"v":"1","event":"x.ok","params":{}},{"v":"1","event":"x.zzz","params":{"a":1}}]`,
		"X\x01\x30\x02{}",
		"",
	} {
		f.Add([]byte(seed))
	}
	s, c := fuzzService(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, body []byte) {
		items, err := protocol.DecodeBody(body)
		if err != nil {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		cur, err := s.st.Contact(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Err == nil {
				s.apply(ctx, cur, it.Msg, time.Unix(1_800_000_000, 0))
			}
		}
		if _, err := s.Items(ctx, api.ContactID(c), api.Page{Count: 5}); err != nil {
			t.Fatal(err)
		}
	})
}

// fuzzService is a Service without an agent over a database with one contact.
func fuzzService(f *testing.F) (*Service, int64) {
	dir := f.TempDir()
	kf := filepath.Join(dir, "key")
	if err := db.WriteKeyFile(kf, rand.Reader); err != nil {
		f.Fatal(err)
	}
	d, err := db.Open(filepath.Join(dir, "db"), db.Options{Key: db.KeyFromFile(kf)})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { d.Close() })
	ctx := context.Background()
	now := time.Unix(1_800_000_000, 0)
	prof := &db.Profile{DisplayName: "a", Active: true}
	if err := d.Profiles().Create(ctx, prof, now); err != nil {
		f.Fatal(err)
	}
	c := &db.ChatContact{ProfileID: prof.ID, DisplayName: "b", Ready: true, TTLOffered: 30, VMin: 1, VMax: 16, CreatedAt: now, UpdatedAt: now}
	if err := d.Chat().AddContact(ctx, c); err != nil {
		f.Fatal(err)
	}
	hub := NewHub()
	f.Cleanup(hub.Close)
	s := &Service{cfg: Config{Rand: rand.Reader}, d: d, st: d.Chat(), hub: hub, now: func() time.Time { return now },
		log: slog.New(slog.NewTextHandler(io.Discard, nil)), parked: map[string][]agent.Event{}, kick: make(chan struct{}, 1)}
	s.ctx = ctx
	return s, c.ID
}
