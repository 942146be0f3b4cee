package db

import (
	"path/filepath"
	"testing"
)

// SQL cannot switch the database to WAL or out of exclusive locking, nor ATTACH a
// file: each would put data where the VFS does not encrypt it or leave a database
// that no longer opens.
func TestModeChangesAndAttachRefused(t *testing.T) {
	dir := t.TempDir()
	k := newKeyFile(t)
	d := mustOpen(t, dir, k)
	for _, q := range []string{`PRAGMA journal_mode=WAL`, `PRAGMA main.journal_mode = 'wal'`, `PRAGMA journal_mode=DELETE`,
		`PRAGMA locking_mode=NORMAL`, `ATTACH DATABASE '` + filepath.Join(dir, "plain.db") + `' AS plain`} {
		if _, err := d.SQL().Exec(q); err == nil {
			t.Errorf("%s accepted", q)
		}
	}
	var mode string
	if err := d.SQL().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "truncate" {
		t.Fatalf("journal_mode %q %v", mode, err)
	}
	if err := d.SQL().QueryRow(`PRAGMA locking_mode`).Scan(&mode); err != nil || mode != "exclusive" {
		t.Fatalf("locking_mode %q %v", mode, err)
	}
	mustExec(t, d, `CREATE TABLE w(x)`)
	mustExec(t, d, `INSERT INTO w VALUES (?)`, marker)
	d.Close()
	d = mustOpen(t, dir, k)
	integrityOK(t, d)
	d.Close()
	scanDir(t, dir)
}
