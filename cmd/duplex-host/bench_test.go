package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"duplex/core"
	"duplex/core/api"
	"duplex/core/chat/chatseed"
	"duplex/crypto/enc"
	"duplex/db"
)

// The start-up benchmark: a data directory with 1,000 contacts and
// 100,000 messages, seeded through the db stores (not over a network),
// then duplex-host started until "/_get chats" is answered. The floor is
// plain SQLite (no encryption, no core) opening the same data and running
// the same per-chat queries, and the same full-text query count.

const (
	benchContacts = 1000
	benchPerChat  = 100
	benchQueries  = 200
)

// benchNowhere is a relay address nobody listens on: the seeded contacts
// have no connections, and nothing may reach the preset relays.
var benchNowhere = "smp://" + enc.B64(make([]byte, 32)) + "@127.0.0.1:1"

type seeded struct {
	dir, key, plain string
	err             error
}

var (
	seedOnce sync.Once
	seed     seeded
)

// seedData builds the Duplex data directory and the plain SQLite floor
// database once per run.
func seedData(b *testing.B) seeded {
	seedOnce.Do(func() { seed = makeSeed() })
	if seed.err != nil {
		b.Fatal(seed.err)
	}
	return seed
}

func makeSeed() seeded {
	root, err := os.MkdirTemp("", "duplex-host-bench")
	if err != nil {
		return seeded{err: err}
	}
	s := seeded{dir: filepath.Join(root, "data"), key: filepath.Join(root, "host.key"), plain: filepath.Join(root, "plain.db")}
	if s.err = db.WriteKeyFile(s.key, rand.Reader); s.err != nil {
		return s
	}
	ctx := context.Background()
	c, err := core.Open(core.Options{DataDir: s.dir, KeyFile: s.key, Servers: []string{benchNowhere}})
	if err != nil {
		return seeded{err: err}
	}
	if err := c.CreateStorage(ctx, api.ProtectionKeyFile, ""); err != nil {
		return seeded{err: err}
	}
	p, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: "bench"})
	if err != nil {
		return seeded{err: err}
	}
	c.Close()

	d, err := db.Open(s.dir, db.Options{Key: db.KeyFromFile(s.key)})
	if err != nil {
		return seeded{err: err}
	}
	defer d.Close()
	_, s.err = chatseed.Seed(ctx, d, int64(p.ID), s.plain, chatseed.Spec{Chats: benchContacts,
		Messages: benchContacts * benchPerChat, Unread: 2, NeedleEvery: 100, Seed: 1})
	return s
}

// floorStartup: plain SQLite opens the data and runs the chat list's
// queries (chatseed.PlainChatList).
func floorStartup(b *testing.B, path string) time.Duration {
	d, n, err := chatseed.PlainChatList(path)
	if err != nil || n != benchContacts {
		b.Fatalf("floor read %d chats: %v", n, err)
	}
	return d
}

// childRSS is the resident set of a process, in MiB.
func childRSS(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkHostStartup: duplex-host start to "/_get chats" answered
// (1,000 chats over 100,000 messages), its RSS then, against plain
// SQLite running the same queries.
func BenchmarkHostStartup(b *testing.B) {
	s := seedData(b)
	bin, _ := binaries(b)
	var total, floor time.Duration
	var rss float64
	for i := 0; i < b.N; i++ {
		start := time.Now()
		cmd := exec.Command(bin, "--data-dir", s.dir, "--key-file", s.key, "--ws-port", "0", "--server", benchNowhere)
		out, err := cmd.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		addr := ""
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "chat API: "); ok {
				addr = a
				break
			}
		}
		if addr == "" {
			cmd.Process.Kill()
			cmd.Wait()
			b.Fatal("duplex-host printed no chat API address")
		}
		ws := dialAPI(b, addr)
		r := ws.must("/_get chats 1", "apiChats")
		total += time.Since(start)
		if n := len(get(r, "chats").([]any)); n != benchContacts {
			b.Fatalf("%d chats", n)
		}
		rss = childRSS(cmd.Process.Pid)
		ws.close()
		cmd.Process.Signal(os.Interrupt)
		go func() {
			for sc.Scan() {
			}
		}()
		cmd.Wait()
		floor += floorStartup(b, s.plain)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "startup-ms")
	b.ReportMetric(rss, "rss-MiB")
	b.ReportMetric(float64(total)/float64(floor), "ratio")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkGlobalSearch: full-text search across all 1,000 chats through
// the core (encrypted database, item conversion) against the same FTS4
// query on plain SQLite, benchQueries queries each.
func BenchmarkGlobalSearch(b *testing.B) {
	s := seedData(b)
	ctx := context.Background()
	c, err := core.Open(core.Options{DataDir: s.dir, KeyFile: s.key, Servers: []string{benchNowhere}})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Storage(ctx); err != nil {
		b.Fatal(err)
	}
	pl, err := sql.Open("sqlite3", s.plain)
	if err != nil {
		b.Fatal(err)
	}
	defer pl.Close()
	var dup, floor time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		for q := 0; q < benchQueries; q++ {
			its, err := c.Search(ctx, 1, 0, "needle", 50)
			if err != nil || len(its) != 50 {
				b.Fatalf("search: %d items, %v", len(its), err)
			}
		}
		dup += time.Since(start)
		start = time.Now()
		for q := 0; q < benchQueries; q++ {
			rows, err := pl.Query(`SELECT i.id, i.text, i.status, i.ts FROM items_fts f JOIN items i ON i.id = f.docid
				WHERE items_fts MATCH ? AND i.deleted = 0 ORDER BY i.id DESC LIMIT 50`, "needle")
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for rows.Next() {
				var id, ts int64
				var text, st string
				rows.Scan(&id, &text, &st, &ts)
				n++
			}
			rows.Close()
			if n != 50 {
				b.Fatalf("floor search: %d rows", n)
			}
		}
		floor += time.Since(start)
	}
	b.ReportMetric(float64(dup.Microseconds())/float64(b.N*benchQueries), "search-µs")
	b.ReportMetric(float64(dup)/float64(floor), "ratio")
	b.ReportMetric(0, "ns/op")
}
