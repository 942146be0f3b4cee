package db

import (
	"errors"
	"fmt"
)

// Errors a caller can test with errors.Is. Their texts are what a user sees, so they say
// what to do, not what broke inside.
var (
	// ErrWrongPassphrase: the header is intact but the key does not unwrap it. Never
	// reported as "file is not a database".
	ErrWrongPassphrase = errors.New("wrong passphrase")
	// ErrAlreadyOpen: another process (or this one) holds the data folder.
	ErrAlreadyOpen = errors.New("database is already open by another Duplex process")
	// ErrNoKeychain: the OS keychain is not reachable. We never fall back to storing
	// the key in the clear.
	ErrNoKeychain = errors.New("no OS keychain is available: set a passphrase or use --key-file with a 0600 key file")
	// ErrKeyNotInKeychain: the keychain works but holds no key for this database.
	ErrKeyNotInKeychain = errors.New("the key of this database is not in the OS keychain: open it with its passphrase or key file")
	// ErrKeyKind: the key given is of another kind than the one the database uses.
	ErrKeyKind = errors.New("this database is protected by another kind of key")
	// ErrNotDuplexDB: the file has no Duplex header (for example a plain SQLite file).
	ErrNotDuplexDB = errors.New("not an encrypted Duplex database")
	// ErrSchemaTooNew: the database was written by a newer Duplex.
	ErrSchemaTooNew = errors.New("database was created by a newer version of Duplex: upgrade Duplex to open it")
	// ErrIntegrity is matched by every *IntegrityError.
	ErrIntegrity = errors.New("database integrity error")
	// ErrNotEmpty: import into a data folder that already holds something.
	ErrNotEmpty = errors.New("data folder is not empty: import refuses to overwrite it without force")
	// ErrKeyFilePerm: a key file readable by group or others.
	ErrKeyFilePerm = errors.New("key file must have 0600 permissions")
)

// IntegrityError reports a page whose authentication failed: edited, swapped, moved
// in from another database, or torn. Page counts from 1 as SQLite does; for the main
// file it is the SQLite page number, Page 0 means the file header.
type IntegrityError struct {
	File string // base name, e.g. "duplex.db" or "duplex.db-journal"
	Page int64
}

func (e *IntegrityError) Error() string {
	if e.Page == 0 {
		return fmt.Sprintf("database integrity error: header of %s", e.File)
	}
	return fmt.Sprintf("database integrity error: page %d of %s", e.Page, e.File)
}

// Is makes errors.Is(err, ErrIntegrity) true.
func (e *IntegrityError) Is(target error) bool { return target == ErrIntegrity }

// SchemaError carries the versions behind ErrSchemaTooNew.
type SchemaError struct{ DB, Binary int }

func (e *SchemaError) Error() string {
	return fmt.Sprintf("%s (database schema %d, this Duplex knows up to %d)", ErrSchemaTooNew, e.DB, e.Binary)
}

func (e *SchemaError) Unwrap() error { return ErrSchemaTooNew }
