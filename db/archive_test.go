package db

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func fillArchiveFixture(t *testing.T, d *DB) {
	ctx := context.Background()
	p := &Profile{DisplayName: "alice"}
	if err := d.Profiles().Create(ctx, p, time.Unix(100, 0)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 500; i++ {
		if err := d.ChatItems().Add(ctx, &ChatItem{ProfileID: p.ID, Text: marker + " hello archive"}); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(d.Dir(), FilesDir, "sub"), 0o700)
	os.WriteFile(filepath.Join(d.Dir(), FilesDir, "sub", "a.bin"), bytes.Repeat([]byte("file"), 50000), 0o600)
}

func TestExportImport(t *testing.T) {
	ctx := context.Background()
	src := mustOpen(t, t.TempDir(), Passphrase("src"))
	fillArchiveFixture(t, src)
	var ar bytes.Buffer
	if err := src.Export(ctx, &ar, "archive pw", *cheapKDF); err != nil {
		t.Fatal(err)
	}
	src.Close()
	if bytes.Contains(ar.Bytes(), []byte(marker)) || bytes.Contains(ar.Bytes(), []byte("SQLite format 3")) {
		t.Fatal("archive holds plaintext")
	}

	// Another machine: a key file there, and a wrong archive passphrase first.
	dst := t.TempDir()
	kf := newKeyFile(t)
	io := ImportOptions{Options: Options{Key: kf}}
	if err := Import(bytes.NewReader(ar.Bytes()), "nope", dst, io); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong archive passphrase: %v", err)
	}
	if err := Import(bytes.NewReader(ar.Bytes()), "archive pw", dst, io); err != nil {
		t.Fatal(err)
	}
	scanDir(t, dst)
	d := mustOpen(t, dst, kf)
	integrityOK(t, d)
	ps, _ := d.Profiles().List(ctx)
	if len(ps) != 1 || ps[0].DisplayName != "alice" {
		t.Fatalf("profiles %v", ps)
	}
	items, err := d.ChatItems().Search(ctx, ps[0].ID, 0, "archive", 1000)
	if err != nil || len(items) != 500 {
		t.Fatalf("search after import: %d %v", len(items), err)
	}
	d.Close()
	if b, _ := os.ReadFile(filepath.Join(dst, FilesDir, "sub", "a.bin")); len(b) != 200000 {
		t.Fatalf("file not restored: %d bytes", len(b))
	}

	// Non-empty folder: refused without force, replaced with it.
	if err := Import(bytes.NewReader(ar.Bytes()), "archive pw", dst, io); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("non-empty folder: %v", err)
	}
	io.Force = true
	io.Key = Passphrase("new")
	io.KDF = cheapKDF
	if err := Import(bytes.NewReader(ar.Bytes()), "archive pw", dst, io); err != nil {
		t.Fatal(err)
	}
	mustOpen(t, dst, Passphrase("new")).Close()
}

func TestArchiveDamage(t *testing.T) {
	d := mustOpen(t, t.TempDir(), newKeyFile(t))
	fillArchiveFixture(t, d)
	var ar bytes.Buffer
	if err := d.Export(context.Background(), &ar, "pw", *cheapKDF); err != nil {
		t.Fatal(err)
	}
	d.Close()
	b := ar.Bytes()
	kf := newKeyFile(t)
	cases := map[string][]byte{
		"truncated at a chunk boundary": b[:arHeaderLen+arChunk+tagLen],
		"truncated mid-chunk":           b[:len(b)-7],
		"flipped byte":                  func() []byte { c := bytes.Clone(b); c[arHeaderLen+arChunk+100] ^= 1; return c }(),
		"trailing garbage":              append(bytes.Clone(b), 1, 2, 3),
		"every header prefix":           b[:arHeaderLen-1],
	}
	for name, c := range cases {
		err := Import(bytes.NewReader(c), "pw", t.TempDir(), ImportOptions{Options: Options{Key: kf}})
		if err == nil {
			t.Errorf("%s: imported", name)
		}
	}
	if _, err := parseArHeader(append(bytes.Clone(b[:arHeaderLen]), 0)); err == nil {
		t.Fatal("header with a trailing byte accepted")
	}
	if _, err := parseArHeader(b[:arHeaderLen]); err != nil {
		t.Fatalf("header: %v", err)
	}
	for i := 0; i < arHeaderLen; i++ {
		if _, err := newOpenReader(bytes.NewReader(b[:i]), "pw"); err == nil {
			t.Fatalf("header prefix %d accepted", i)
		}
	}
}

func FuzzArchiveHeader(f *testing.F) {
	h := &arHeader{KDF: *cheapKDF}
	f.Add(h.marshal())
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := parseArHeader(b)
		if err == nil && !bytes.Equal(h.marshal(), b) {
			t.Fatal("accepted header does not round-trip")
		}
	})
}

func TestScheduledBackups(t *testing.T) {
	ctx := context.Background()
	d := mustOpen(t, t.TempDir(), newKeyFile(t))
	defer d.Close()
	mustExec(t, d, `CREATE TABLE t(x)`)
	b := &Backups{DB: d, Dir: t.TempDir(), Keep: 3, Every: time.Hour, Passphrase: "bk", KDF: *cheapKDF}
	t0 := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	made := 0
	for m := 0; m <= 6*60; m += 20 { // every 20 minutes for 6 hours
		mustExec(t, d, `INSERT INTO t VALUES (?)`, m)
		p, err := b.Tick(ctx, t0.Add(time.Duration(m)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if p != "" {
			made++
		}
	}
	if made != 7 { // at 0h, 1h, … 6h
		t.Fatalf("made %d backups, want 7", made)
	}
	names, times, _ := b.List()
	if len(names) != 3 || !times[2].Equal(t0.Add(6*time.Hour)) || !times[0].Equal(t0.Add(4*time.Hour)) {
		t.Fatalf("kept %v", times)
	}
	// The newest restores with every row up to its time.
	f, _ := os.Open(names[2])
	defer f.Close()
	dst := t.TempDir()
	if err := Import(f, "bk", dst, ImportOptions{Options: Options{Key: Passphrase("r"), KDF: cheapKDF}}); err != nil {
		t.Fatal(err)
	}
	r := mustOpen(t, dst, Passphrase("r"))
	defer r.Close()
	var n int
	r.SQL().QueryRow(`SELECT count(*) FROM t`).Scan(&n)
	if n != 19 {
		t.Fatalf("restored %d rows, want 19", n)
	}

	// Run drives Tick from a channel.
	ticks := make(chan time.Time)
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { b.Run(cctx, ticks, func(err error) { t.Error(err) }); close(done) }()
	ticks <- t0.Add(8 * time.Hour)
	ticks <- t0.Add(8*time.Hour + time.Minute) // not due
	cancel()
	<-done
	if _, times, _ := b.List(); len(times) != 3 || !times[2].Equal(t0.Add(8*time.Hour)) {
		t.Fatalf("after Run: %v", times)
	}
}
