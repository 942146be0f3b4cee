package db

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
)

// driverName is mattn's driver with a connect hook that sets our locking and
// journal modes and then installs an authorizer that keeps them. Without it, SQL
// from anywhere in the app could run "PRAGMA journal_mode=WAL", which engages in
// exclusive mode (WAL index on the heap) and leaves page 1 marked WAL; mattn's
// connect-time "PRAGMA synchronous" then reads the schema before exclusive mode is
// set, and every later open fails. ATTACH is refused for the same reason as in the
// VFS: an attached file would not be encrypted.
const driverName = "duplex-sqlite3"

var registerDriver sync.Once

func driver() string {
	registerDriver.Do(func() {
		sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
			for _, q := range []string{`PRAGMA locking_mode=EXCLUSIVE`, `PRAGMA journal_mode=TRUNCATE`} {
				if _, err := c.Exec(q, nil); err != nil {
					return err
				}
			}
			c.RegisterAuthorizer(authorize)
			return nil
		}})
	})
	return driverName
}

func authorize(op int, arg1, arg2, _ string) int {
	switch op {
	case sqlite3.SQLITE_ATTACH:
		return sqlite3.SQLITE_DENY
	case sqlite3.SQLITE_PRAGMA:
		v := strings.ToLower(strings.Trim(arg2, `'" `))
		switch strings.ToLower(arg1) {
		case "journal_mode":
			if v != "" && v != "truncate" {
				return sqlite3.SQLITE_DENY
			}
		case "locking_mode":
			if v != "" && v != "exclusive" {
				return sqlite3.SQLITE_DENY
			}
		}
	}
	return sqlite3.SQLITE_OK
}

// Names inside a data folder.
const (
	mainName      = "duplex.db"
	journalSuffix = "-journal"
	lockName      = "duplex.lock"
	tempPrefix    = ".duplex-tmp-"
	FilesDir      = "files"
)

// Options for Open. The zero value opens (or creates) with the OS keychain.
type Options struct {
	Key     Key
	Keyring Keyring    // nil: the OS keychain
	KDF     *KDFParams // Argon2id costs for a new passphrase; nil: tuned to ~0.5 s
	Rand    io.Reader  // nil: crypto/rand
	// Migrations replaces the embedded migrations (tests); files named NNN_name.sql.
	Migrations fs.FS
	// OnMigrated, if set, is called after each migration commits (progress for a
	// UI; the crash tests use it to kill the process between and inside steps).
	OnMigrated func(version int, name string)
}

func (o *Options) fill() {
	if o.Key.isZero() {
		o.Key = Keychain()
	}
	if o.Keyring == nil {
		o.Keyring = OSKeyring{}
	}
	if o.Rand == nil {
		o.Rand = rand.Reader
	}
	if o.Migrations == nil {
		o.Migrations = embeddedMigrations()
	}
}

// DB is an open, unlocked, migrated database. Methods are safe for concurrent use;
// SQLite work is serialised on one connection (the database is in exclusive mode).
type DB struct {
	dir  string
	path string
	sql  *sql.DB
	vfs  *encVFS
	st   *dbState
	lock *os.File
	opts Options

	mu   sync.Mutex // guards slot (re-key)
	slot *slot
}

// Open unlocks the database in dir, creating dir and the database if needed, and
// applies pending migrations.
func Open(dir string, o Options) (*DB, error) {
	o.fill()
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if strings.ContainsAny(dir, "?#") {
		return nil, fmt.Errorf("db: data folder path may not contain ? or #")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	lock, err := lockDir(filepath.Join(dir, lockName))
	if err != nil {
		return nil, err
	}
	d, err := open(dir, lock, o)
	if err != nil {
		lock.Close()
		return nil, err
	}
	return d, nil
}

func open(dir string, lock *os.File, o Options) (*DB, error) {
	path := filepath.Join(dir, mainName)
	// Temp files left by a killed process: their keys died with it, and we hold
	// the folder lock, so nobody is using them.
	if stale, err := filepath.Glob(filepath.Join(dir, tempPrefix+"*")); err == nil {
		for _, f := range stale {
			os.Remove(f)
		}
	}
	if st, err := os.Stat(path); errors.Is(err, os.ErrNotExist) || (err == nil && st.Size() == 0) {
		if err := create(path, o); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	area, err := readHeaderArea(path)
	if err != nil {
		return nil, err
	}
	slots, err := pickSlots(area)
	if err != nil {
		return nil, err
	}
	dek, used, err := unlock(slots, o.Key, o.Keyring)
	if err != nil {
		return nil, err
	}
	if err := repairSlots(path, area, slots, used, o.Keyring); err != nil {
		return nil, err
	}
	v, err := vfsFor(dir)
	if err != nil {
		return nil, err
	}
	st := &dbState{mainPath: path, fileID: used.FileID, dek: dek, rand: o.Rand}
	v.mu.Lock()
	if v.st != nil {
		v.mu.Unlock()
		return nil, ErrAlreadyOpen
	}
	v.st = st
	v.mu.Unlock()
	d := &DB{dir: dir, path: path, vfs: v, st: st, lock: lock, opts: o, slot: used}
	if err := d.start(); err != nil {
		d.closeSQL()
		return nil, err
	}
	return d, nil
}

// cacheKiB sizes SQLite's page cache (negative = KiB): it holds decrypted pages, so
// a bigger cache than SQLite's 2 MiB default spares re-decrypting hot pages — our
// stand-in for the kernel page cache a plain database gets for free.
const cacheKiB = "-16384"

// start opens SQLite through our VFS. _txlock=immediate: every transaction takes the
// write lock at BEGIN, so no transaction ever has to upgrade and fail half-way.
func (d *DB) start() error {
	dsn := "file:" + d.path + "?vfs=" + d.vfs.name +
		"&_sync=FULL&_foreign_keys=1&_txlock=immediate&_cache_size=" + cacheKiB
	s, err := sql.Open(driver(), dsn)
	if err != nil {
		return err
	}
	s.SetMaxOpenConns(1)
	s.SetMaxIdleConns(1)
	s.SetConnMaxLifetime(0)
	s.SetConnMaxIdleTime(0)
	d.sql = s
	// temp_store=FILE keeps big sorts off the heap; those files are encrypted too.
	if _, err := s.Exec("PRAGMA temp_store=FILE"); err != nil {
		return d.check(err)
	}
	var n int
	if err := s.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		return d.check(err)
	}
	return d.migrate(context.Background())
}

// check turns SQLite's generic "disk I/O error" into the integrity error the VFS
// recorded, naming the page. Once a page failed, the database refuses writes until
// it is reopened, so every later error is reported as that integrity error too.
func (d *DB) check(err error) error {
	if err == nil {
		return nil
	}
	if ie := d.st.integrityErr(); ie != nil {
		return fmt.Errorf("%w (%v)", ie, err)
	}
	return err
}

// Err is check for code that uses SQL() directly: it maps an error from SQLite to
// the *IntegrityError behind it, if any.
func (d *DB) Err(err error) error { return d.check(err) }

// SQL exposes the connection pool to stores in this module's sub-packages and tests.
func (d *DB) SQL() *sql.DB { return d.sql }

// Dir is the data folder.
func (d *DB) Dir() string { return d.dir }

// KeyKind is the kind of key protecting the database now.
func (d *DB) KeyKind() KeyKind {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.slot.Kind
}

func (d *DB) closeSQL() error {
	var err error
	if d.sql != nil {
		err = d.sql.Close()
	}
	d.vfs.mu.Lock()
	if d.vfs.st == d.st {
		d.vfs.st = nil
	}
	d.vfs.mu.Unlock()
	return err
}

// Close closes SQLite and releases the folder lock.
func (d *DB) Close() error {
	err := d.closeSQL()
	if e := d.lock.Close(); err == nil {
		err = e
	}
	return err
}

func readHeaderArea(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	area := make([]byte, headerArea)
	if _, err := io.ReadFull(f, area); err != nil {
		return nil, ErrNotDuplexDB
	}
	return area, nil
}

// create writes a header-only file under a temporary name and renames it into place,
// so a crash during creation leaves either nothing or a complete header.
func create(path string, o Options) error {
	tmp := path + ".new"
	if _, _, err := newHeaderFile(tmp, o); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// newHeaderFile writes a fresh header (new data key, new file id) to path, synced.
func newHeaderFile(path string, o Options) ([]byte, *slot, error) {
	dek := make([]byte, dekLen)
	if _, err := io.ReadFull(o.Rand, dek); err != nil {
		return nil, nil, err
	}
	s := &slot{Seq: 1, Block: mainBlock}
	if _, err := io.ReadFull(o.Rand, s.FileID[:]); err != nil {
		return nil, nil, err
	}
	if err := protect(s, dek, o.Key, o); err != nil {
		return nil, nil, err
	}
	area := make([]byte, headerArea)
	b := s.marshal()
	copy(area, b)
	copy(area[slotStride:], b)
	return dek, s, writeSynced(path, area)
}

func writeSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// protect fills s's key fields for k and wraps dek. For the keychain it stores a
// fresh random key-encryption key under a name that includes the slot's sequence
// number, so an interrupted keychain→keychain re-key never loses the old entry.
func protect(s *slot, dek []byte, k Key, o Options) error {
	s.Kind = k.Kind
	s.Salt = [saltLen]byte{}
	s.KDF = KDFParams{}
	var kek []byte
	switch k.Kind {
	case KeyPassphrase:
		if _, err := io.ReadFull(o.Rand, s.Salt[:]); err != nil {
			return err
		}
		if o.KDF != nil {
			s.KDF = *o.KDF
		} else {
			s.KDF = TuneKDF(500*time.Millisecond, time.Now, nil)
		}
		if err := s.KDF.validate(); err != nil {
			return err
		}
		kek = passKEK(k.Passphrase, s)
	case KeyFile:
		var err error
		if kek, err = readKeyFile(k.File); err != nil {
			return err
		}
	case KeyKeychain:
		kek = make([]byte, 32)
		if _, err := io.ReadFull(o.Rand, kek); err != nil {
			return err
		}
		if err := o.Keyring.Set(keychainService(), keychainUser(s), hexKey(kek)); err != nil {
			return fmt.Errorf("%w (%v)", ErrNoKeychain, err)
		}
	default:
		return fmt.Errorf("db: unknown key kind %d", k.Kind)
	}
	if _, err := io.ReadFull(o.Rand, s.Nonce[:]); err != nil {
		return err
	}
	return s.wrap(kek, dek)
}
