package api

import (
	"context"
	"errors"
	"io"
)

// Protection is how the database key is kept. The numbers cross the wire
// (remote control, the chat API) and never change.
type Protection int

const (
	// ProtectionNone: no database yet, or the protection is not known.
	ProtectionNone Protection = 0
	// ProtectionKeychain: a random key in the OS keychain (Secret Service,
	// macOS Keychain, Windows Credential Manager). Nothing to type at start.
	ProtectionKeychain Protection = 1
	// ProtectionPassphrase: the key is derived from a passphrase typed at
	// every start (Argon2id, about half a second).
	ProtectionPassphrase Protection = 2
	// ProtectionKeyFile: a 0600 key file given on the command line (headless
	// hosts). The desktop never offers it.
	ProtectionKeyFile Protection = 3
)

func (p Protection) String() string {
	switch p {
	case ProtectionKeychain:
		return "keychain"
	case ProtectionPassphrase:
		return "passphrase"
	case ProtectionKeyFile:
		return "key file"
	}
	return "none"
}

// StorageStatus is where the core's database stands. Wire numbers.
type StorageStatus int

const (
	// StorageNotCreated: the data directory holds no database (first run).
	StorageNotCreated StorageStatus = 0
	// StorageLocked: a database exists and needs Unlock (a passphrase) or a
	// keychain that is not reachable now (see StorageState.Problem).
	StorageLocked StorageStatus = 1
	// StorageOpen: the database is open; profile calls work.
	StorageOpen StorageStatus = 2
)

func (s StorageStatus) String() string {
	switch s {
	case StorageNotCreated:
		return "not created"
	case StorageLocked:
		return "locked"
	case StorageOpen:
		return "open"
	}
	return "unknown"
}

// StorageState answers Storage.
type StorageState struct {
	Status     StorageStatus `json:"status"`
	Protection Protection    `json:"protection"`
	// Problem explains why a keychain-protected database stays locked (no
	// keychain on this machine, key missing from it). Empty otherwise.
	Problem string `json:"problem,omitempty"`
}

// Storage errors. Their texts are shown to the user as they are.
var (
	// ErrWrongPassphrase: Unlock was given a passphrase that does not open
	// the database. Nothing was changed.
	ErrWrongPassphrase = errors.New("Wrong passphrase")
	// ErrLocked: a profile call before the database was created or unlocked.
	ErrLocked = errors.New("the database is locked: unlock it first")
	// ErrExists: CreateStorage on a data directory that already has a database.
	ErrExists = errors.New("a database already exists in this data folder")
	// ErrNoKeychain: the OS keychain is not reachable; a passphrase works instead.
	ErrNoKeychain = errors.New("no system keychain is available on this machine: choose a passphrase instead")
	// ErrKeyNotInKeychain: the keychain works but lost this database's key.
	ErrKeyNotInKeychain = errors.New("the key of this database is not in the system keychain")
	// ErrInUse: another Duplex process has the data folder open.
	ErrInUse = errors.New("this data folder is already open in another Duplex window or process")
	// ErrEmptyPassphrase: a passphrase must not be empty.
	ErrEmptyPassphrase = errors.New("the passphrase cannot be empty")
	// ErrArchivePassphrase: ImportArchive was given a passphrase that does
	// not open the archive. Nothing was changed.
	ErrArchivePassphrase = errors.New("wrong archive passphrase: nothing was imported")
	// ErrBadArchive: the file is not a Duplex archive, or it was damaged or
	// cut short. Nothing was changed.
	ErrBadArchive = errors.New("not a valid Duplex archive (damaged, truncated or not an archive): nothing was imported")
)

// Progress receives how many bytes of an archive were written or read so
// far and the expected total (-1 when unknown). Calls come from the
// goroutine doing the work, in order; done never decreases, and the last
// call has done == total.
type Progress func(done, total int64)

// StorageClient is the database half of Client.
type StorageClient interface {
	// Storage reports whether the database exists, is locked or open, and
	// how it is protected. With a keychain-protected database it opens it
	// (the first call may take the keychain's time).
	Storage(ctx context.Context) (StorageState, error)
	// CreateStorage creates the database on first run with the chosen
	// protection; passphrase is used only for ProtectionPassphrase.
	CreateStorage(ctx context.Context, p Protection, passphrase string) error
	// Unlock opens a passphrase-protected database. A wrong passphrase
	// returns ErrWrongPassphrase and changes nothing.
	Unlock(ctx context.Context, passphrase string) error
	// ChangeProtection re-protects the open database: keychain ↔
	// passphrase, or a new passphrase (only the key header is rewritten, so
	// it takes the Argon2id time, not time proportional to the data).
	ChangeProtection(ctx context.Context, p Protection, passphrase string) error

	// ExportArchive writes an encrypted archive of the open database and
	// its files folder to w, under a key derived from passphrase (Argon2id).
	// It works while the core runs: the database is read inside one
	// transaction, so the archive is a consistent snapshot; other calls
	// wait until it is written. progress may be nil.
	ExportArchive(ctx context.Context, w io.Writer, passphrase string, progress Progress) error
	// ImportArchive restores an archive written by ExportArchive. It is
	// allowed on a data directory with no database (first run) and
	// replaces the current database otherwise: the archive is first
	// decrypted and re-encrypted beside the current database, which keeps
	// running meanwhile, so a wrong passphrase (ErrArchivePassphrase) or a
	// damaged archive (ErrBadArchive) loses nothing. Only then is the
	// service stopped and the old database set aside as a backup file, kept
	// until the imported one opened. The imported database is protected
	// as p and dbPassphrase ask, exactly as for CreateStorage, and is open
	// when ImportArchive returns. progress may be nil.
	ImportArchive(ctx context.Context, r io.Reader, passphrase string, p Protection, dbPassphrase string, progress Progress) error
}
