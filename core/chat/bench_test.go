package chat

import (
	"context"
	"crypto/rand"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"duplex/core/agent"
	"duplex/core/api"
	"duplex/db"
	"duplex/net/smp"
)

// benchService seeds a database with contacts × perContact items and
// starts a Service on it (no relays: the agent has no connections).
func benchService(b *testing.B, contacts, perContact int) (*Service, api.ProfileID) {
	b.Helper()
	dir := b.TempDir()
	kf := filepath.Join(dir, "key")
	if err := db.WriteKeyFile(kf, rand.Reader); err != nil {
		b.Fatal(err)
	}
	d, err := db.Open(filepath.Join(dir, "db"), db.Options{Key: db.KeyFromFile(kf)})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	prof := &db.Profile{DisplayName: "bench", Active: true}
	if err := d.Profiles().Create(ctx, prof, time.Now()); err != nil {
		b.Fatal(err)
	}
	words := []string{"apple", "river", "stone", "cloud", "amber", "delta", "forest", "quartz"}
	now := time.Now()
	err = d.Chat().Tx(ctx, func(st db.ChatStore) error {
		for i := 0; i < contacts; i++ {
			c := &db.ChatContact{ProfileID: prof.ID, DisplayName: fmt.Sprintf("contact%d", i), VMin: 1, VMax: 16, Ready: true,
				CreatedAt: now, UpdatedAt: now}
			if err := st.AddContact(ctx, c); err != nil {
				return err
			}
			if err := st.AddConn(ctx, &db.ChatConn{ProfileID: prof.ID, AgentConn: fmt.Sprintf("c%d", i), ContactID: c.ID, CreatedAt: now}); err != nil {
				return err
			}
			for j := 0; j < perContact; j++ {
				r := &db.ChatRecord{ProfileID: prof.ID, ContactID: c.ID, Sent: j%2 == 0, Status: "received", Kind: 1, ItemTS: now,
					CreatedAt: now, Text: fmt.Sprintf("%s %s message %d", words[(i+j)%8], words[(i*j)%8], j)}
				if err := st.AddRecord(ctx, r); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(ctx, Config{DB: d, Agent: agent.Config{SMP: smp.ClientConfig{PingInterval: -1}},
		Picker: func(context.Context, int64) (agent.ServerPicker, error) { return agent.RandomPicker{}, nil }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close(); d.Close() })
	return s, api.ProfileID(prof.ID)
}

// BenchmarkChats lists 1,000 chats (100 items each) and reports the ratio
// to a floor measured in the same run: one indexed COUNT per contact, the
// least any chat list must read.
func BenchmarkChats(b *testing.B) {
	s, p := benchService(b, 1000, 100)
	ctx := context.Background()
	floor := measure(func() {
		for i := 1; i <= 1000; i++ {
			var n int
			s.d.SQL().QueryRowContext(ctx, `SELECT count(*) FROM chat_items WHERE contact_id = ? AND status = 'received'`, i).Scan(&n)
		}
	})
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		cs, err := s.Chats(ctx, p)
		if err != nil || len(cs) != 1000 {
			b.Fatal(len(cs), err)
		}
	}
	b.ReportMetric(float64(time.Since(start))/float64(b.N)/float64(floor), "ratio")
}

// BenchmarkSearchAll searches 100,000 items across all chats; the floor is
// the bare FTS4 MATCH count.
func BenchmarkSearchAll(b *testing.B) {
	s, p := benchService(b, 1000, 100)
	ctx := context.Background()
	floor := measure(func() {
		var n int
		s.d.SQL().QueryRowContext(ctx, `SELECT count(*) FROM chat_items_fts WHERE chat_items_fts MATCH 'quartz* river*'`).Scan(&n)
	})
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := s.Search(ctx, p, 0, "quartz river", 50); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start))/float64(b.N)/float64(floor), "ratio")
}

// measure is the best of 5 runs of f.
func measure(f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for i := 0; i < 5; i++ {
		t := time.Now()
		f()
		best = min(best, time.Since(t))
	}
	return best
}
