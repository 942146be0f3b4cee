package db

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const marker = "MARKER-7f3a-plaintext"

// scanDir fails if any file in dir holds the marker or a SQLite header, and returns
// the names and sizes it scanned so a test can prove journal and temp files existed.
func scanDir(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	seen := map[string]int64{}
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		seen[fi.Name()] = int64(len(b))
		if bytes.Contains(b, []byte(marker)) {
			t.Errorf("%s contains the marker in clear", p)
		}
		if bytes.Contains(b, []byte("SQLite format 3")) {
			t.Errorf("%s contains a SQLite header", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return seen
}

func TestNothingReadableOnDisk(t *testing.T) {
	dir := t.TempDir()
	d := mustOpen(t, dir, Passphrase("pw"))
	defer d.Close()
	ctx := context.Background()
	if err := d.Settings().Set(ctx, "note", []byte(marker)); err != nil {
		t.Fatal(err)
	}
	p := &Profile{DisplayName: marker}
	if err := d.Profiles().Create(ctx, p, time.Unix(1, 0)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		it := &ChatItem{ProfileID: p.ID, Text: marker + " message " + strings.Repeat("x", i)}
		if err := d.ChatItems().Add(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	scanDir(t, dir)

	// Mid-transaction: the rollback journal holds the old pages (full of markers)
	// and a small cache forces modified pages out to the main file.
	conn, err := d.SQL().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{`PRAGMA cache_size=5`, `PRAGMA temp.cache_size=5`, `BEGIN IMMEDIATE`,
		`UPDATE chat_items SET text = text || ' edited ` + marker + `'`,
		// A temp table and a big sort that spill to temp files.
		`CREATE TEMP TABLE scratch AS SELECT text || '` + marker + `' AS t FROM chat_items`,
		`INSERT INTO scratch SELECT t FROM scratch`, `INSERT INTO scratch SELECT t FROM scratch`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	rows, err := conn.QueryContext(ctx, `SELECT t FROM scratch ORDER BY t DESC`)
	if err != nil {
		t.Fatal(err)
	}
	rows.Next() // the sorter has spilled; keep it open while scanning
	seen := scanDir(t, dir)
	rows.Close()
	if seen[mainName+journalSuffix] == 0 {
		t.Errorf("no journal content was scanned: %v", seen)
	}
	temps := 0
	for n, sz := range seen {
		if strings.HasPrefix(n, tempPrefix) && sz > 0 {
			temps++
		}
	}
	if temps == 0 {
		t.Errorf("no temp file was scanned: %v", seen)
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	// The data really is there.
	got, err := d.ChatItems().Search(ctx, p.ID, 0, "edited", 1000)
	if err != nil || len(got) != 300 {
		t.Fatalf("search: %d %v", len(got), err)
	}
	scanDir(t, dir)
	t.Logf("scanned %v", seen)
}

// TestHotJournalRollback snapshots the folder in the middle of a transaction whose
// pages already reached the main file (a crash image), opens the snapshot and
// expects SQLite to roll it back from the encrypted journal.
func TestHotJournalRollback(t *testing.T) {
	dir := t.TempDir()
	k := newKeyFile(t)
	d := mustOpen(t, dir, k)
	mustExec(t, d, `CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)`)
	mustExec(t, d, `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 5000)
		INSERT INTO t SELECT x, 'before' FROM c`)
	ctx := context.Background()
	conn, _ := d.SQL().Conn(ctx)
	for _, q := range []string{`PRAGMA cache_size=5`, `BEGIN IMMEDIATE`, `UPDATE t SET v = 'after-after-after'`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	snap := t.TempDir()
	for _, n := range []string{mainName, mainName + journalSuffix} {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(snap, n), b, 0o600)
	}
	conn.ExecContext(ctx, `ROLLBACK`)
	conn.Close()
	d.Close()

	s := mustOpen(t, snap, k)
	defer s.Close()
	integrityOK(t, s)
	var n int
	s.SQL().QueryRow(`SELECT count(*) FROM t WHERE v = 'before'`).Scan(&n)
	if n != 5000 {
		t.Fatalf("after rollback %d rows are 'before', want 5000", n)
	}
}
