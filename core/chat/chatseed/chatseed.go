// Package chatseed fills a Duplex database with synthetic chats for the
// benchmarks (desktop cold start, duplex-host start-up, global search) and
// writes the same rows to a plain SQLite file: the floor those benchmarks
// compare against in the same run. The rows go in through the db stores,
// exactly as the chat service writes them; no network is involved, so the
// contacts have no connections.
//
// Only benchmarks use it; it lives outside _test files because benchmarks
// of three packages (root, cmd/duplex-host, core/chat) share it.
package chatseed

import (
	"context"
	"database/sql"
	"fmt"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the plain floor database

	"duplex/core/api"
	"duplex/db"
)

// Spec describes the data.
type Spec struct {
	Chats    int // contacts, one chat each
	Messages int // in all chats together
	// Busiest: messages in chat 0 (named BusiestName); 0 shares them evenly.
	Busiest     int
	BusiestName string
	// Unread: the last Unread received messages of each chat stay unread.
	Unread int
	// NeedleEvery: every n-th message contains the word "needle" (what the
	// search benchmarks look for); 0 = none.
	NeedleEvery int
	Seed        uint64
}

// Result says what was written.
type Result struct {
	Contacts []int64 // contact ids, chat 0 first
	Messages int
}

var words = strings.Fields("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike " +
	"november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu meeting lunch " +
	"tomorrow photo train ticket coffee weekend project deadline garden music")

func text(r *mrand.Rand, n, needleEvery int) string {
	var b strings.Builder
	for w := 0; w < 4+r.IntN(14); w++ {
		b.WriteString(words[r.IntN(len(words))])
		b.WriteByte(' ')
	}
	if needleEvery > 0 && n%needleEvery == 0 {
		b.WriteString("needle")
	}
	return strings.TrimSpace(b.String())
}

// perChat is how many messages chat i holds.
func (s Spec) perChat(i int) int {
	total, chats := s.Messages, s.Chats
	if s.Busiest > 0 {
		if i == 0 {
			return s.Busiest
		}
		total -= s.Busiest
		chats--
		i--
	}
	n := total / chats
	if i < total%chats {
		n++
	}
	return n
}

const plainSchema = `CREATE TABLE contacts(id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE items(id INTEGER PRIMARY KEY, contact_id INTEGER, sent INTEGER, status TEXT, deleted INTEGER, ts INTEGER, text TEXT);
CREATE INDEX items_contact ON items(contact_id, id);
CREATE VIRTUAL TABLE items_fts USING fts4(content="items", text, tokenize=unicode61);`

// Seed writes the chats of profile into d, and the same rows into a new
// plain SQLite file at plainPath, in one transaction each.
func Seed(ctx context.Context, d *db.DB, profile int64, plainPath string, s Spec) (Result, error) {
	if s.Chats < 1 || s.Messages < s.Chats || s.Busiest > s.Messages {
		return Result{}, fmt.Errorf("chatseed: bad spec %+v", s)
	}
	pl, err := sql.Open("sqlite3", plainPath)
	if err != nil {
		return Result{}, err
	}
	defer pl.Close()
	if _, err := pl.Exec(plainSchema); err != nil {
		return Result{}, err
	}
	r := mrand.New(mrand.NewPCG(s.Seed, s.Seed+1))
	t0 := time.Unix(1_700_000_000, 0)
	var res Result
	err = d.Chat().Tx(ctx, func(st db.ChatStore) error {
		tx, err := pl.Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		for ci := 0; ci < s.Chats; ci++ {
			name := "contact " + strconv.Itoa(ci)
			if ci == 0 && s.BusiestName != "" {
				name = s.BusiestName
			}
			ct := &db.ChatContact{ProfileID: profile, DisplayName: name, Ready: true, VMin: 1, VMax: 14, CreatedAt: t0, UpdatedAt: t0}
			if err := st.AddContact(ctx, ct); err != nil {
				return err
			}
			res.Contacts = append(res.Contacts, ct.ID)
			if _, err := tx.Exec(`INSERT INTO contacts VALUES (?, ?)`, ct.ID, ct.DisplayName); err != nil {
				return err
			}
			m := s.perChat(ci)
			for k := 0; k < m; k++ {
				res.Messages++
				n := res.Messages
				sent := k%2 == 0
				status := api.StatusSeen
				if sent {
					status = api.StatusDelivered
				} else if k >= m-2*s.Unread {
					status = api.StatusReceived
				}
				ts := t0.Add(time.Duration(n) * time.Second)
				rec := &db.ChatRecord{ProfileID: profile, ContactID: ct.ID, SharedMsgID: []byte(strconv.Itoa(n)), Sent: sent,
					Status: status.String(), Kind: int(api.KindText), ItemTS: ts, CreatedAt: ts,
					Text: text(r, n, s.NeedleEvery), Content: []byte(`{}`)}
				if err := st.AddRecord(ctx, rec); err != nil {
					return err
				}
				if _, err := tx.Exec(`INSERT INTO items VALUES (?, ?, ?, ?, 0, ?, ?)`, rec.ID, ct.ID, sent, rec.Status,
					ts.UnixMilli(), rec.Text); err != nil {
					return err
				}
			}
		}
		if _, err := tx.Exec(`INSERT INTO items_fts(docid, text) SELECT id, text FROM items`); err != nil {
			return err
		}
		return tx.Commit()
	})
	if err == nil && res.Messages != s.Messages {
		err = fmt.Errorf("chatseed: wrote %d messages, want %d", res.Messages, s.Messages)
	}
	return res, err
}

// PlainChatList is the chat-list floor: plain SQLite opens the file and
// reads what a list row shows (last message, unread count and first
// unread) for every chat. It returns the time taken and the chat count.
func PlainChatList(path string) (time.Duration, int, error) {
	start := time.Now()
	pl, err := sql.Open("sqlite3", path)
	if err != nil {
		return 0, 0, err
	}
	defer pl.Close()
	rows, err := pl.Query(`SELECT id FROM contacts`)
	if err != nil {
		return 0, 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		var t string
		var n, first int64
		if err := pl.QueryRow(`SELECT text FROM items WHERE contact_id = ? ORDER BY id DESC LIMIT 1`, id).Scan(&t); err != nil {
			return 0, 0, err
		}
		if err := pl.QueryRow(`SELECT count(*), coalesce(min(id), 0) FROM items WHERE contact_id = ? AND status = 'received'`,
			id).Scan(&n, &first); err != nil {
			return 0, 0, err
		}
	}
	return time.Since(start), len(ids), nil
}
