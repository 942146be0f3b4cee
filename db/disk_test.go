package db

import (
	"bytes"
	"context"
	"errors"
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
// midTransactionCopy fills a table t with 5000 'before' rows, runs txn in
// an open transaction with a 5-page cache (so modified pages reach the main
// file while the journal holds their originals) and copies the main file
// and journal as a crash at that moment would leave them.
func midTransactionCopy(t *testing.T, txn ...string) (string, Key) {
	t.Helper()
	dir := t.TempDir()
	k := newKeyFile(t)
	d := mustOpen(t, dir, k)
	mustExec(t, d, `CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)`)
	mustExec(t, d, `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 5000)
		INSERT INTO t SELECT x, 'before' FROM c`)
	ctx := context.Background()
	conn, _ := d.SQL().Conn(ctx)
	for _, q := range append([]string{`PRAGMA cache_size=5`, `BEGIN IMMEDIATE`}, txn...) {
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
	return snap, k
}

func beforeRows(t *testing.T, d *DB) int {
	t.Helper()
	var n int
	d.SQL().QueryRow(`SELECT count(*) FROM t WHERE v = 'before'`).Scan(&n)
	return n
}

func TestHotJournalRollback(t *testing.T) {
	snap, k := midTransactionCopy(t, `UPDATE t SET v = 'after-after-after'`)
	s := mustOpen(t, snap, k)
	defer s.Close()
	integrityOK(t, s)
	if n := beforeRows(t, s); n != 5000 {
		t.Fatalf("after rollback %d rows are 'before', want 5000", n)
	}
}

// A kill can tear page 1 mid-write (seen in TestCrashWrites about once in
// 200 kills): the hot journal holds its original, and opening must roll it
// back instead of failing on SQLite's header probe of the torn page.
func TestHotJournalRestoresTornPageOne(t *testing.T) {
	// CREATE TABLE changes sqlite_master on page 1, so the journal holds it.
	snap, k := midTransactionCopy(t, `CREATE TABLE t2(x)`, `UPDATE t SET v = 'after-after-after'`)
	tear := func(path string) {
		t.Helper()
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		b := make([]byte, 1)
		off := int64(headerArea + 2000) // inside block 0's ciphertext
		f.ReadAt(b, off)
		b[0] ^= 0x55
		if _, err := f.WriteAt(b, off); err != nil {
			t.Fatal(err)
		}
	}
	// Without the journal the torn page is what it is: an integrity error.
	noJournal := t.TempDir()
	b, _ := os.ReadFile(filepath.Join(snap, mainName))
	os.WriteFile(filepath.Join(noJournal, mainName), b, 0o600)
	tear(filepath.Join(noJournal, mainName))
	var ie *IntegrityError
	if _, err := Open(noJournal, Options{Key: k, KDF: cheapKDF}); !errors.As(err, &ie) || ie.Page != 1 {
		t.Fatalf("torn page 1 without a journal: %v", err)
	}

	tear(filepath.Join(snap, mainName))
	s := mustOpen(t, snap, k)
	defer s.Close()
	integrityOK(t, s)
	if n := beforeRows(t, s); n != 5000 {
		t.Fatalf("after rollback %d rows are 'before', want 5000", n)
	}
	var tables int
	s.SQL().QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 't2'`).Scan(&tables)
	if tables != 0 {
		t.Fatal("the rolled-back CREATE TABLE survived")
	}
}
