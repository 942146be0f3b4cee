package chatseed

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"testing"
	"time"

	"duplex/db"
)

func TestSeedWritesBothDatabases(t *testing.T) {
	dir := t.TempDir()
	kf := filepath.Join(dir, "key")
	if err := db.WriteKeyFile(kf, rand.Reader); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(filepath.Join(dir, "data"), db.Options{Key: db.KeyFromFile(kf)})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	p := &db.Profile{DisplayName: "seed", Active: true}
	if err := d.Profiles().Create(ctx, p, time.Now()); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.db")
	res, err := Seed(ctx, d, p.ID, plain, Spec{Chats: 7, Messages: 100, Busiest: 40, BusiestName: "busy", Unread: 1, NeedleEvery: 10, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Contacts) != 7 || res.Messages != 100 {
		t.Fatalf("result %+v", res)
	}
	var busy, needles, unread int
	q := d.SQL()
	q.QueryRowContext(ctx, `SELECT count(*) FROM chat_items WHERE contact_id = ?`, res.Contacts[0]).Scan(&busy)
	q.QueryRowContext(ctx, `SELECT count(*) FROM chat_items_fts WHERE chat_items_fts MATCH 'needle'`).Scan(&needles)
	q.QueryRowContext(ctx, `SELECT count(*) FROM chat_items WHERE status = 'received'`).Scan(&unread)
	if busy != 40 || needles != 10 || unread != 7 {
		t.Fatalf("busiest %d (want 40), needles %d (want 10), unread %d (want 7: one per chat)", busy, needles, unread)
	}
	_, n, err := PlainChatList(plain)
	if err != nil || n != 7 {
		t.Fatalf("plain chat list: %d chats, %v", n, err)
	}
	if _, err := Seed(ctx, d, p.ID, filepath.Join(dir, "x.db"), Spec{Chats: 3, Messages: 2}); err == nil {
		t.Fatal("a spec with fewer messages than chats was accepted")
	}
}
