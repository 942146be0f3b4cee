package db

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestWrongPassphrase(t *testing.T) {
	dir := t.TempDir()
	mustOpen(t, dir, Passphrase("right")).Close()
	_, err := Open(dir, Options{Key: Passphrase("wrong")})
	if !errors.Is(err, ErrWrongPassphrase) || err.Error() != "wrong passphrase" {
		t.Fatalf("got %v", err)
	}
	// Another kind of key: says which kind the database wants.
	_, err = Open(dir, Options{Key: newKeyFile(t)})
	if !errors.Is(err, ErrKeyKind) || !strings.Contains(err.Error(), "passphrase") {
		t.Fatalf("key kind: %v", err)
	}
	// A wrong key file is a wrong passphrase too.
	dir2 := t.TempDir()
	mustOpen(t, dir2, newKeyFile(t)).Close()
	if _, err := Open(dir2, Options{Key: newKeyFile(t)}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong key file: %v", err)
	}
}

func TestKeyFilePermissions(t *testing.T) {
	k := newKeyFile(t)
	if err := os.Chmod(k.File, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(t.TempDir(), Options{Key: k})
	if !errors.Is(err, ErrKeyFilePerm) {
		t.Fatalf("0644 key file: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "k")
	os.WriteFile(bad, []byte("abcd\n"), 0o600)
	if _, err := Open(t.TempDir(), Options{Key: KeyFromFile(bad)}); err == nil || !strings.Contains(err.Error(), "64 hex") {
		t.Fatalf("short key file: %v", err)
	}
}

func TestPlainSQLiteRefused(t *testing.T) {
	dir := t.TempDir()
	s, err := sql.Open("sqlite3", filepath.Join(dir, mainName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Exec(`CREATE TABLE t(x); INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(dir, Options{Key: Passphrase("x")}); !errors.Is(err, ErrNotDuplexDB) {
		t.Fatalf("plain SQLite file: %v", err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	dir := t.TempDir()
	k := newKeyFile(t)
	newer := embeddedMap(t)
	next := len(newer) + 1
	newer[pad3(next)+"_future.sql"] = &fstest.MapFile{Data: []byte(`CREATE TABLE future(x);`)}
	d, err := Open(dir, Options{Key: k, Migrations: newer})
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	_, err = Open(dir, Options{Key: k})
	var se *SchemaError
	if !errors.Is(err, ErrSchemaTooNew) || !errors.As(err, &se) || se.DB != next || se.Binary != next-1 {
		t.Fatalf("newer schema: %v", err)
	}
	if !strings.Contains(err.Error(), "upgrade Duplex") {
		t.Fatalf("message: %v", err)
	}
}

func TestSecondOpenerSameProcess(t *testing.T) {
	dir := t.TempDir()
	k := newKeyFile(t)
	d := mustOpen(t, dir, k)
	defer d.Close()
	if _, err := Open(dir, Options{Key: k}); !errors.Is(err, ErrAlreadyOpen) ||
		err.Error() != "database is already open by another Duplex process" {
		t.Fatalf("second opener: %v", err)
	}
}

// TestSecondProcess: a real second process is refused while we hold the folder,
// and we are refused while it does; its death (kill -9) frees the folder.
func TestSecondProcess(t *testing.T) {
	dir := t.TempDir()
	k := newKeyFile(t)
	d := mustOpen(t, dir, k)
	p := startHelper(t, nil, "open", "-dir", dir, "-keyfile", k.File)
	if l := p.expect(t, "ERR"); !strings.Contains(l, "already open by another Duplex process") {
		t.Fatalf("helper: %s", l)
	}
	d.Close()

	h := startHelper(t, nil, "hold", "-dir", dir, "-keyfile", k.File)
	h.expect(t, "OPEN")
	if _, err := Open(dir, Options{Key: k}); !errors.Is(err, ErrAlreadyOpen) {
		t.Fatalf("while another process holds it: %v", err)
	}
	h.killAndDrain()
	mustOpen(t, dir, k).Close()
}

// TestMissingKeychain runs the opener with no reachable Secret Service, as on a
// headless server: it must ask for a passphrase or key file and write nothing.
func TestMissingKeychain(t *testing.T) {
	dir := t.TempDir()
	env := []string{"DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(dir, "no-bus"), "DISPLAY="}
	p := startHelper(t, env, "open", "-dir", dir)
	l := p.expect(t, "ERR")
	if !strings.Contains(l, ErrNoKeychain.Error()) {
		t.Fatalf("helper: %s", l)
	}
	if _, err := os.Stat(filepath.Join(dir, mainName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a database was created without a key: %v", err)
	}
}

// embeddedMap copies the embedded migrations into a MapFS a test can extend.
func embeddedMap(t *testing.T) fstest.MapFS {
	t.Helper()
	ms, err := loadMigrations(embeddedMigrations())
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	for _, x := range ms {
		m[pad3(x.version)+"_"+x.name+".sql"] = &fstest.MapFile{Data: []byte(x.sql)}
	}
	return m
}

func pad3(n int) string {
	return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}
