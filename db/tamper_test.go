package db

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const physPage = mainBlock + blockExtra

func pageOff(n int64) int64 { return headerArea + (n-1)*physPage }

// tamperFixture makes a closed database whose last pages belong to table big.
func tamperFixture(t *testing.T, k Key) (dir string, pages int64) {
	dir = t.TempDir()
	d := mustOpen(t, dir, k)
	mustExec(t, d, `CREATE TABLE big(id INTEGER PRIMARY KEY, v BLOB)`)
	mustExec(t, d, `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 400)
		INSERT INTO big SELECT x, randomblob(500) FROM c`)
	d.Close()
	st, err := os.Stat(filepath.Join(dir, mainName))
	if err != nil {
		t.Fatal(err)
	}
	return dir, (st.Size() - headerArea) / physPage
}

func editFile(t *testing.T, path string, f func(b []byte)) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f(b)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// expectPageError reads the whole table and wants an integrity error naming one of
// pages; then it checks that writes are refused and the file is left as it was.
func expectPageError(t *testing.T, dir string, k Key, pages ...int64) {
	t.Helper()
	path := filepath.Join(dir, mainName)
	before, _ := os.ReadFile(path)
	d := mustOpen(t, dir, k)
	defer d.Close()
	var n int
	err := d.check(d.SQL().QueryRow(`SELECT sum(length(v)) FROM big`).Scan(&n))
	if !errors.Is(err, ErrIntegrity) {
		t.Fatalf("read of a tampered table: %v", err)
	}
	ok := false
	for _, p := range pages {
		if strings.Contains(err.Error(), fmt.Sprintf("database integrity error: page %d of duplex.db", p)) {
			ok = true
		}
	}
	if !ok {
		t.Fatalf("error %q names none of pages %v", err, pages)
	}
	// Still usable for reads elsewhere, refuses writes, keeps the evidence.
	if err := d.SQL().QueryRow(`SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil {
		t.Fatalf("schema read after integrity error: %v", err)
	}
	if _, err := d.SQL().Exec(`INSERT INTO big(v) VALUES (x'00')`); !errors.Is(d.Err(err), ErrIntegrity) {
		t.Fatalf("write after an integrity error: %v", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("the tampered file was modified")
	}
}

func TestTamperFlipByte(t *testing.T) {
	k := newKeyFile(t)
	dir, n := tamperFixture(t, k)
	editFile(t, filepath.Join(dir, mainName), func(b []byte) { b[pageOff(n)+1000] ^= 0x40 })
	expectPageError(t, dir, k, n)
}

func TestTamperSwapPages(t *testing.T) {
	k := newKeyFile(t)
	dir, n := tamperFixture(t, k)
	editFile(t, filepath.Join(dir, mainName), func(b []byte) {
		x, y := b[pageOff(n-1):pageOff(n)], b[pageOff(n):pageOff(n+1)]
		tmp := bytes.Clone(x)
		copy(x, y)
		copy(y, tmp)
	})
	expectPageError(t, dir, k, n-1, n)
}

func TestTamperTransplantPage(t *testing.T) {
	k := newKeyFile(t)
	dir, n := tamperFixture(t, k)
	other, m := tamperFixture(t, k) // same key file, different database
	if m < n {
		t.Fatalf("fixtures differ in size: %d %d", n, m)
	}
	src, _ := os.ReadFile(filepath.Join(other, mainName))
	editFile(t, filepath.Join(dir, mainName), func(b []byte) {
		copy(b[pageOff(n):pageOff(n+1)], src[pageOff(n):pageOff(n+1)])
	})
	expectPageError(t, dir, k, n)
}

func TestTamperJournal(t *testing.T) {
	k := newKeyFile(t)
	dir, _ := tamperFixture(t, k)
	// Make a crash image with a hot journal (see TestHotJournalRollback).
	d := mustOpen(t, dir, k)
	conn, _ := d.SQL().Conn(t.Context())
	for _, q := range []string{`PRAGMA cache_size=5`, `BEGIN IMMEDIATE`, `UPDATE big SET v = randomblob(400)`} {
		if _, err := conn.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
	snap := t.TempDir()
	for _, f := range []string{mainName, mainName + journalSuffix} {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		os.WriteFile(filepath.Join(snap, f), b, 0o600)
	}
	conn.ExecContext(t.Context(), `ROLLBACK`)
	conn.Close()
	d.Close()
	jp := filepath.Join(snap, mainName+journalSuffix)
	editFile(t, jp, func(b []byte) { b[5000] ^= 1 }) // inside journal block 2
	jBefore, _ := os.ReadFile(jp)
	_, err := Open(snap, Options{Key: k})
	if !errors.Is(err, ErrIntegrity) || !strings.Contains(err.Error(), "page 2 of duplex.db-journal") {
		t.Fatalf("open with a tampered hot journal: %v", err)
	}
	if jAfter, _ := os.ReadFile(jp); !bytes.Equal(jBefore, jAfter) {
		t.Fatal("the tampered journal was modified")
	}
}

func TestTamperHeader(t *testing.T) {
	k := Passphrase("pw")
	dir := t.TempDir()
	d := mustOpen(t, dir, k)
	mustExec(t, d, `CREATE TABLE t(x)`)
	d.Close()
	path := filepath.Join(dir, mainName)

	// One torn slot: the other copy opens, and the torn one is repaired.
	editFile(t, path, func(b []byte) { b[100] ^= 1 })
	d = mustOpen(t, dir, k)
	d.Close()
	area, _ := readHeaderArea(path)
	if !bytes.Equal(area[:slotLen], area[slotStride:slotStride+slotLen]) {
		t.Fatal("torn slot not repaired")
	}

	// Both slots garbled: an integrity error about the header.
	editFile(t, path, func(b []byte) { b[100] ^= 1; b[slotStride+100] ^= 1 })
	if _, err := Open(dir, Options{Key: k}); !errors.Is(err, ErrIntegrity) || !strings.Contains(err.Error(), "header of duplex.db") {
		t.Fatalf("both slots torn: %v", err)
	}
	editFile(t, path, func(b []byte) { b[100] ^= 1; b[slotStride+100] ^= 1 })

	// A forger who fixes the checksum after editing a field hits the key wrap's AD.
	editFile(t, path, func(b []byte) {
		for _, off := range []int{0, slotStride} {
			b[off+60+3] ^= 1 // Argon2id memory 64 -> 65 KiB
			sum := sha256.Sum256(b[off : off+slotSumOff])
			copy(b[off+slotSumOff:], sum[:])
		}
	})
	if _, err := Open(dir, Options{Key: k}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("forged header: %v", err)
	}
}
