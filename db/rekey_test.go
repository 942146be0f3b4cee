package db

import (
	"errors"
	"os"
	"testing"
)

func TestRekeyPassphraseAndKeyFile(t *testing.T) {
	dir := t.TempDir()
	d := mustOpen(t, dir, Passphrase("one"))
	mustExec(t, d, `CREATE TABLE t(x)`)
	mustExec(t, d, `INSERT INTO t VALUES (1)`)
	if err := d.Rekey(Passphrase("two"), cheapKDF); err != nil {
		t.Fatal(err)
	}
	mustExec(t, d, `INSERT INTO t VALUES (2)`) // the open database keeps working
	d.Close()
	if _, err := Open(dir, Options{Key: Passphrase("one")}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase: %v", err)
	}
	d = mustOpen(t, dir, Passphrase("two"))
	kf := newKeyFile(t)
	if err := d.Rekey(kf, nil); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if _, err := Open(dir, Options{Key: Passphrase("two")}); !errors.Is(err, ErrKeyKind) {
		t.Fatalf("passphrase after moving to a key file: %v", err)
	}
	d = mustOpen(t, dir, kf)
	var n int
	d.SQL().QueryRow(`SELECT count(*) FROM t`).Scan(&n)
	if n != 2 || d.KeyKind() != KeyFile {
		t.Fatalf("rows %d kind %v", n, d.KeyKind())
	}
	integrityOK(t, d)
	d.Close()
}

// TestRekeyInterrupted stops a re-key after its first slot write (the crash point
// in the middle of writeSlots): both keys open; opening finishes or undoes it.
func TestRekeyInterrupted(t *testing.T) {
	for _, useNew := range []bool{true, false} {
		dir := t.TempDir()
		d := mustOpen(t, dir, Passphrase("old"))
		mustExec(t, d, `CREATE TABLE t(x)`)
		old := *d.slot
		ns := &slot{Seq: old.Seq + 1, FileID: old.FileID, Block: old.Block}
		o := d.opts
		o.KDF = cheapKDF
		if err := protect(ns, d.st.dek, Passphrase("new"), o); err != nil {
			t.Fatal(err)
		}
		path := d.path
		d.Close()
		f, _ := os.OpenFile(path, os.O_RDWR, 0)
		f.WriteAt(ns.marshal(), int64(ns.Seq%2)*slotStride)
		f.Close()

		first, second := Passphrase("new"), Passphrase("old")
		if !useNew {
			first, second = second, first
		}
		mustOpen(t, dir, first).Close()
		// The header is consistent again: only the key that opened still works.
		if _, err := Open(dir, Options{Key: second}); !errors.Is(err, ErrWrongPassphrase) {
			t.Fatalf("useNew=%v: other key after repair: %v", useNew, err)
		}
	}
}

func TestTuneKDF(t *testing.T) {
	// A fake clock where one pass "takes" 60 ms: 500 ms fits 8 passes.
	var now int64
	clock := func() (tm timeT) { return timeAt(now) }
	run := func(p KDFParams) { now += 60 * int64(p.Time) }
	p := TuneKDF(500*msec, clock, run)
	if p.Time != 8 || p.Memory != 64<<10 || p.Threads < 1 {
		t.Fatalf("tuned %+v", p)
	}
	if err := p.validate(); err != nil {
		t.Fatal(err)
	}
	// Slow machine: never below one pass.
	now = 0
	run = func(p KDFParams) { now += 2000 }
	if p := TuneKDF(500*msec, clock, run); p.Time != 1 {
		t.Fatalf("slow machine: %+v", p)
	}
}
