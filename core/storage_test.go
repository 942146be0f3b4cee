package core

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"duplex/core/api"
	"duplex/db"
	"duplex/db/dbtest"
)

func state(t *testing.T, c *Local) api.StorageState {
	t.Helper()
	s, err := c.Storage(context.Background())
	if err != nil {
		t.Fatalf("Storage: %v", err)
	}
	return s
}

func TestPassphraseLifecycle(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := openCore(t, dir)
	if s := state(t, c); s.Status != api.StorageNotCreated {
		t.Fatalf("fresh dir: %+v", s)
	}
	if _, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: "alice"}); !errors.Is(err, api.ErrLocked) {
		t.Fatalf("CreateProfile before storage: %v, want ErrLocked", err)
	}
	if err := c.CreateStorage(ctx, api.ProtectionPassphrase, ""); !errors.Is(err, api.ErrEmptyPassphrase) {
		t.Fatalf("empty passphrase: %v", err)
	}
	if s := state(t, c); s.Status != api.StorageNotCreated {
		t.Fatalf("a refused create left %+v", s)
	}
	if err := c.CreateStorage(ctx, api.ProtectionPassphrase, "correct horse"); err != nil {
		t.Fatal(err)
	}
	if s := state(t, c); s != (api.StorageState{Status: api.StorageOpen, Protection: api.ProtectionPassphrase}) {
		t.Fatalf("after create: %+v", s)
	}
	if err := c.CreateStorage(ctx, api.ProtectionPassphrase, "again"); !errors.Is(err, api.ErrExists) {
		t.Fatalf("second create: %v", err)
	}
	if _, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: "alice"}); err != nil {
		t.Fatal(err)
	}
	c.Close()

	// A new start: locked, nothing readable until the right passphrase.
	c = openCore(t, dir)
	if s := state(t, c); s != (api.StorageState{Status: api.StorageLocked, Protection: api.ProtectionPassphrase}) {
		t.Fatalf("restart: %+v", s)
	}
	if _, err := c.Profiles(ctx); !errors.Is(err, api.ErrLocked) {
		t.Fatalf("Profiles while locked: %v", err)
	}
	before := headerBytes(t, dir)
	for _, wrong := range []string{"", "correct hors", "Correct horse"} {
		err := c.Unlock(ctx, wrong)
		if !errors.Is(err, api.ErrWrongPassphrase) || err.Error() != "Wrong passphrase" {
			t.Fatalf("Unlock(%q) = %v, want ErrWrongPassphrase", wrong, err)
		}
	}
	if s := state(t, c); s.Status != api.StorageLocked {
		t.Fatalf("wrong passphrase changed state: %+v", s)
	}
	if string(headerBytes(t, dir)) != string(before) {
		t.Fatal("a wrong passphrase touched the database file")
	}
	if err := c.Unlock(ctx, "correct horse"); err != nil {
		t.Fatal(err)
	}
	ps, err := c.Profiles(ctx)
	if err != nil || len(ps) != 1 || ps[0].DisplayName != "alice" || !ps[0].Active {
		t.Fatalf("profiles after unlock: %+v %v", ps, err)
	}

	// Change the passphrase: the old one stops working, the new one opens.
	if err := c.ChangeProtection(ctx, api.ProtectionPassphrase, ""); !errors.Is(err, api.ErrEmptyPassphrase) {
		t.Fatalf("empty new passphrase: %v", err)
	}
	if err := c.ChangeProtection(ctx, api.ProtectionPassphrase, "battery staple"); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c = openCore(t, dir)
	if err := c.Unlock(ctx, "correct horse"); !errors.Is(err, api.ErrWrongPassphrase) {
		t.Fatalf("old passphrase after change: %v", err)
	}
	if err := c.Unlock(ctx, "battery staple"); err != nil {
		t.Fatal(err)
	}
	if ps, _ := c.Profiles(ctx); len(ps) != 1 {
		t.Fatalf("profiles lost by the re-key: %+v", ps)
	}
}

func headerBytes(t *testing.T, dir string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, dbFile))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestKeyFileStorage(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	kf := filepath.Join(t.TempDir(), "key")
	if err := db.WriteKeyFile(kf, rand.Reader); err != nil {
		t.Fatal(err)
	}
	withKey := func(o *Options) { o.KeyFile = kf }
	c := openCore(t, dir, withKey)
	if err := c.CreateStorage(ctx, api.ProtectionKeyFile, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: "bot"}); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c = openCore(t, dir, withKey)
	if s := state(t, c); s != (api.StorageState{Status: api.StorageOpen, Protection: api.ProtectionKeyFile}) {
		t.Fatalf("key file restart: %+v", s)
	}
	// Without the key file the core reports the kind and stays locked.
	c.Close()
	c = openCore(t, dir)
	if s := state(t, c); s != (api.StorageState{Status: api.StorageLocked, Protection: api.ProtectionKeyFile}) {
		t.Fatalf("no key file given: %+v", s)
	}
	if err := c.Unlock(ctx, "anything"); err == nil {
		t.Fatal("a passphrase unlocked a key-file database")
	}
}

func TestSecondCoreOnSameDir(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a := openCore(t, dir)
	if err := a.CreateStorage(ctx, api.ProtectionPassphrase, "pw"); err != nil {
		t.Fatal(err)
	}
	b := openCore(t, dir)
	if err := b.Unlock(ctx, "pw"); !errors.Is(err, api.ErrInUse) {
		t.Fatalf("second core: %v, want ErrInUse", err)
	}
}

// TestNoKeychain: on a machine without a Secret Service the keychain choice
// fails with a message that points at the passphrase, and leaves no
// database behind, so the passphrase choice can follow. It must run before
// TestKeychainStorage: godbus keeps its session-bus connection for the life
// of the process, so once the test Secret Service is reached, pointing the
// environment elsewhere no longer hides it.
func TestNoKeychain(t *testing.T) {
	if dbtest.SecretServiceStarted() {
		t.Skip("the test Secret Service is already connected (-count > 1)")
	}
	ctx := context.Background()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	dir := t.TempDir()
	c := openCore(t, dir)
	err := c.CreateStorage(ctx, api.ProtectionKeychain, "")
	if !errors.Is(err, api.ErrNoKeychain) {
		t.Fatalf("keychain without a Secret Service: %v", err)
	}
	if s := state(t, c); s.Status != api.StorageNotCreated {
		t.Fatalf("failed keychain create left %+v", s)
	}
	if err := c.CreateStorage(ctx, api.ProtectionPassphrase, "pw"); err != nil {
		t.Fatal(err)
	}
}

func TestKeychainStorage(t *testing.T) {
	dbtest.StartSecretService(t)
	ctx := context.Background()
	dir := t.TempDir()
	c := openCore(t, dir)
	if err := c.CreateStorage(ctx, api.ProtectionKeychain, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: "kc"}); err != nil {
		t.Fatal(err)
	}
	c.Close()
	// Restart: opened from the keychain with nothing to type.
	c = openCore(t, dir)
	if s := state(t, c); s != (api.StorageState{Status: api.StorageOpen, Protection: api.ProtectionKeychain}) {
		t.Fatalf("keychain restart: %+v", s)
	}
	// keychain → passphrase → keychain.
	if err := c.ChangeProtection(ctx, api.ProtectionPassphrase, "pw"); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c = openCore(t, dir)
	if s := state(t, c); s != (api.StorageState{Status: api.StorageLocked, Protection: api.ProtectionPassphrase}) {
		t.Fatalf("after moving to a passphrase: %+v", s)
	}
	if err := c.Unlock(ctx, "pw"); err != nil {
		t.Fatal(err)
	}
	if err := c.ChangeProtection(ctx, api.ProtectionKeychain, ""); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c = openCore(t, dir)
	if s := state(t, c); s.Status != api.StorageOpen {
		t.Fatalf("back in the keychain: %+v", s)
	}
	if ps, _ := c.Profiles(ctx); len(ps) != 1 || ps[0].DisplayName != "kc" {
		t.Fatalf("profiles: %+v", ps)
	}
}
