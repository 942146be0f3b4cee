package db

import (
	"errors"
	"os"
	"testing"

	"github.com/zalando/go-keyring"

	"duplex/db/dbtest"
)

// startSecretService runs the real Secret Service shared by this test binary
// (db/dbtest; TestMain stops it).
func startSecretService(t testing.TB) { dbtest.StartSecretService(t) }

func TestKeychainLifecycle(t *testing.T) {
	startSecretService(t)
	dir := t.TempDir()
	d, err := Open(dir, Options{Key: Keychain(), KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, d, `CREATE TABLE t(x)`)
	mustExec(t, d, `INSERT INTO t VALUES ('kept')`)
	user1 := keychainUser(d.slot)
	if v, err := keyring.Get(keychainService(), user1); err != nil || len(v) != 64 {
		t.Fatalf("keychain entry after create: %q %v", v, err)
	}
	d.Close()

	d = mustOpen(t, dir, Keychain())
	// keychain -> passphrase: the entry goes away, the keychain no longer opens it.
	if err := d.Rekey(Passphrase("pw1"), cheapKDF); err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Get(keychainService(), user1); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("old keychain entry still there: %v", err)
	}
	d.Close()
	if _, err := Open(dir, Options{Key: Keychain()}); !errors.Is(err, ErrKeyKind) {
		t.Fatalf("keychain after moving to a passphrase: %v", err)
	}
	// passphrase -> keychain (the passphrase is removed) -> keychain (rotation).
	d = mustOpen(t, dir, Passphrase("pw1"))
	if err := d.Rekey(Keychain(), nil); err != nil {
		t.Fatal(err)
	}
	user3 := keychainUser(d.slot)
	if err := d.Rekey(Keychain(), nil); err != nil {
		t.Fatal(err)
	}
	user4 := keychainUser(d.slot)
	if _, err := keyring.Get(keychainService(), user3); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("rotated-out entry still there: %v", err)
	}
	d.Close()
	if _, err := Open(dir, Options{Key: Passphrase("pw1")}); !errors.Is(err, ErrKeyKind) {
		t.Fatalf("old passphrase after moving to the keychain: %v", err)
	}
	d = mustOpen(t, dir, Keychain())
	var x string
	if err := d.SQL().QueryRow(`SELECT x FROM t`).Scan(&x); err != nil || x != "kept" {
		t.Fatalf("data after re-keys: %q %v", x, err)
	}
	d.Close()

	// The entry deleted behind our back: a clear message, not "wrong passphrase".
	if err := keyring.Delete(keychainService(), user4); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{Key: Keychain()}); !errors.Is(err, ErrKeyNotInKeychain) {
		t.Fatalf("missing entry: %v", err)
	}
}

// An interrupted keychain re-key (crash after the first slot write) opens with
// either entry and the repair deletes the orphan.
func TestKeychainInterruptedRekey(t *testing.T) {
	startSecretService(t)
	dir := t.TempDir()
	d, err := Open(dir, Options{Key: Keychain()})
	if err != nil {
		t.Fatal(err)
	}
	old := *d.slot
	path := d.path
	ns := &slot{Seq: old.Seq + 1, FileID: old.FileID, Block: old.Block}
	if err := protect(ns, d.st.dek, Keychain(), d.opts); err != nil {
		t.Fatal(err)
	}
	d.Close()
	// Only the first slot write happened.
	f, _ := os.OpenFile(path, os.O_RDWR, 0)
	f.WriteAt(ns.marshal(), int64(ns.Seq%2)*slotStride)
	f.Close()
	d = mustOpen(t, dir, Keychain())
	if d.slot.Seq != ns.Seq {
		t.Fatalf("opened with seq %d, want the newer %d", d.slot.Seq, ns.Seq)
	}
	d.Close()
	if _, err := keyring.Get(keychainService(), keychainUser(&old)); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("orphaned old entry not removed: %v", err)
	}
}
