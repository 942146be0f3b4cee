package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"duplex/core"
	"duplex/core/api"
	"duplex/core/chat/chatseed"
	"duplex/db"
)

// The desktop benchmarks' data: one profile with 1,000 chats and 100,000
// messages, seeded through the db stores (no network), protected by a
// passphrase with a cheap Argon2id cost (the desktop has no key-file
// option; the unlock page is typed by xdotool and the KDF cost is not what
// is measured). The busiest chat holds benchBusiest messages, the others
// share the rest (core/chat/chatseed; the same rows go to a plain SQLite
// file: the floor).

const (
	benchChats    = 1000
	benchMessages = 100_000
	benchBusiest  = 1000 // 10× an average chat
	benchBusyName = "Busiest chat"
	benchPass     = "bench passphrase 42"
)

type desktopSeed struct {
	root, dir, plain string
	busiest          int64 // contact id of the busiest chat
	err              error
}

// seedDesktop seeds a fresh data directory for one benchmark (the app
// changes it: unlocking, reading) and removes it afterwards.
func seedDesktop(b *testing.B) desktopSeed {
	s := makeDesktopSeed()
	if s.root != "" {
		b.Cleanup(func() { os.RemoveAll(s.root) })
	}
	if s.err != nil {
		b.Fatal(s.err)
	}
	return s
}

func makeDesktopSeed() desktopSeed {
	root, err := os.MkdirTemp("", "duplex-desktop-bench")
	if err != nil {
		return desktopSeed{err: err}
	}
	s := desktopSeed{root: root, dir: filepath.Join(root, "data"), plain: filepath.Join(root, "plain.db")}
	ctx := context.Background()
	c, err := core.Open(core.Options{DataDir: s.dir, KDF: &core.KDFCost{Time: 1, MemoryKiB: 64, Threads: 1},
		Servers: []string{benchNowhere}})
	if err != nil {
		s.err = err
		return s
	}
	if err := c.CreateStorage(ctx, api.ProtectionPassphrase, benchPass); err != nil {
		s.err = err
		return s
	}
	p, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: "bench"})
	if err != nil {
		s.err = err
		return s
	}
	c.Close()

	d, err := db.Open(s.dir, db.Options{Key: db.Passphrase(benchPass)})
	if err != nil {
		s.err = err
		return s
	}
	defer d.Close()
	res, err := chatseed.Seed(ctx, d, int64(p.ID), s.plain, chatseed.Spec{Chats: benchChats, Messages: benchMessages,
		Busiest: benchBusiest, BusiestName: benchBusyName, Unread: 1, Seed: 3})
	if err == nil {
		s.busiest = res.Contacts[0]
	}
	s.err = err
	return s
}

// plainChatList is the floor of the chat list (chatseed.PlainChatList).
func plainChatList(b *testing.B, path string) time.Duration {
	d, n, err := chatseed.PlainChatList(path)
	if err != nil || n != benchChats {
		b.Fatalf("floor read %d chats: %v", n, err)
	}
	return d
}
