package main

import (
	"context"
	"database/sql"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"duplex/core"
	"duplex/core/api"
	"duplex/db"
)

// The desktop benchmarks' data: one profile with 1,000 chats and 100,000
// messages, seeded through the db stores (no network), protected by a
// passphrase with a cheap Argon2id cost (the desktop has no key-file
// option; the unlock page is typed by xdotool and the KDF cost is not what
// is measured). The busiest chat holds benchBusiest messages, the others
// share the rest. The same rows go to a plain SQLite file: the floor.

const (
	benchChats    = 1000
	benchMessages = 100_000
	benchBusiest  = 1000 // 10× an average chat
	benchBusyName = "Busiest chat"
	benchPass     = "bench passphrase 42"
)

var benchWords = strings.Fields("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike " +
	"november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu meeting lunch " +
	"tomorrow photo train ticket coffee weekend project deadline garden music")

func benchText(r *mrand.Rand) string {
	var b strings.Builder
	for w := 0; w < 4+r.IntN(14); w++ {
		b.WriteString(benchWords[r.IntN(len(benchWords))])
		b.WriteByte(' ')
	}
	return strings.TrimSpace(b.String())
}

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

// messagesOf is how many messages chat i holds.
func messagesOf(i int) int {
	if i == 0 {
		return benchBusiest
	}
	rest := benchMessages - benchBusiest
	n := rest / (benchChats - 1)
	if i <= rest%(benchChats-1) {
		n++
	}
	return n
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
	pl, err := sql.Open("sqlite3", s.plain)
	if err != nil {
		s.err = err
		return s
	}
	defer pl.Close()
	if _, err := pl.Exec(`CREATE TABLE contacts(id INTEGER PRIMARY KEY, name TEXT);
		CREATE TABLE items(id INTEGER PRIMARY KEY, contact_id INTEGER, sent INTEGER, status TEXT, ts INTEGER, text TEXT);
		CREATE INDEX items_contact ON items(contact_id, id);`); err != nil {
		s.err = err
		return s
	}
	r := mrand.New(mrand.NewPCG(3, 4))
	t0 := time.Unix(1_700_000_000, 0)
	n := 0
	err = d.Chat().Tx(ctx, func(st db.ChatStore) error {
		tx, err := pl.Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		for ci := 0; ci < benchChats; ci++ {
			name := "contact " + strconv.Itoa(ci)
			if ci == 0 {
				name = benchBusyName
			}
			ct := &db.ChatContact{ProfileID: int64(p.ID), DisplayName: name, Ready: true,
				VMin: 1, VMax: 14, CreatedAt: t0, UpdatedAt: t0}
			if err := st.AddContact(ctx, ct); err != nil {
				return err
			}
			if ci == 0 {
				s.busiest = ct.ID
			}
			if _, err := tx.Exec(`INSERT INTO contacts VALUES (?, ?)`, ct.ID, ct.DisplayName); err != nil {
				return err
			}
			m := messagesOf(ci)
			for k := 0; k < m; k++ {
				n++
				sent := k%2 == 0
				status := api.StatusSeen
				if sent {
					status = api.StatusDelivered
				} else if k >= m-3 {
					status = api.StatusReceived // a few unread per chat
				}
				ts := t0.Add(time.Duration(n) * time.Second)
				rec := &db.ChatRecord{ProfileID: int64(p.ID), ContactID: ct.ID, SharedMsgID: []byte(strconv.Itoa(n)), Sent: sent,
					Status: status.String(), Kind: int(api.KindText), ItemTS: ts, CreatedAt: ts, Text: benchText(r),
					Content: []byte(`{}`)}
				if err := st.AddRecord(ctx, rec); err != nil {
					return err
				}
				if _, err := tx.Exec(`INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)`, rec.ID, ct.ID, sent, rec.Status, ts.UnixMilli(), rec.Text); err != nil {
					return err
				}
			}
		}
		return tx.Commit()
	})
	if err == nil && n != benchMessages {
		err = fmt.Errorf("seeded %d messages, want %d", n, benchMessages)
	}
	s.err = err
	return s
}

// plainChatList is the floor of the chat list: plain SQLite opens the
// file and reads what a list row shows (last message, unread count) for
// every chat.
func plainChatList(b *testing.B, path string) time.Duration {
	start := time.Now()
	pl, err := sql.Open("sqlite3", path)
	if err != nil {
		b.Fatal(err)
	}
	defer pl.Close()
	rows, err := pl.Query(`SELECT id, name FROM contacts`)
	if err != nil {
		b.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		var name string
		rows.Scan(&id, &name)
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		var text string
		var n, first int64
		if err := pl.QueryRow(`SELECT text FROM items WHERE contact_id = ? ORDER BY id DESC LIMIT 1`, id).Scan(&text); err != nil {
			b.Fatal(err)
		}
		if err := pl.QueryRow(`SELECT count(*), coalesce(min(id), 0) FROM items WHERE contact_id = ? AND status = 'received'`, id).Scan(&n, &first); err != nil {
			b.Fatal(err)
		}
	}
	if len(ids) != benchChats {
		b.Fatalf("floor read %d chats", len(ids))
	}
	return time.Since(start)
}
