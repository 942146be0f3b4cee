package core

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"duplex/core/api"
	"duplex/db"
)

// dbFile is the database file duplex/db keeps in a data folder (db/doc.go).
const dbFile = "duplex.db"

func (l *Local) dbExists() bool {
	st, err := os.Stat(filepath.Join(l.dataDir, dbFile))
	return err == nil && st.Size() > 0
}

func protectionOf(k db.KeyKind) api.Protection {
	switch k {
	case db.KeyKeychain:
		return api.ProtectionKeychain
	case db.KeyPassphrase:
		return api.ProtectionPassphrase
	case db.KeyFile:
		return api.ProtectionKeyFile
	}
	return api.ProtectionNone
}

func (l *Local) dbOptions(k db.Key) db.Options {
	o := db.Options{Key: k}
	if c := l.opts.KDF; c != nil {
		o.KDF = &db.KDFParams{Time: c.Time, Memory: c.MemoryKiB, Threads: c.Threads}
	}
	return o
}

func (l *Local) kdf() *db.KDFParams { return l.dbOptions(db.Key{}).KDF }

// mapErr turns duplex/db errors into api errors with texts for people.
func mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, db.ErrWrongPassphrase):
		return api.ErrWrongPassphrase
	case errors.Is(err, db.ErrNoKeychain):
		return fmt.Errorf("%w (%v)", api.ErrNoKeychain, errors.Unwrap(err))
	case errors.Is(err, db.ErrKeyNotInKeychain):
		return api.ErrKeyNotInKeychain
	case errors.Is(err, db.ErrAlreadyOpen):
		return api.ErrInUse
	case errors.Is(err, db.ErrNotFound):
		return api.ErrNoSuchProfile
	}
	return err
}

// Storage implements api.Client.
func (l *Local) Storage(ctx context.Context) (api.StorageState, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return api.StorageState{}, api.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return api.StorageState{}, err
	}
	if l.d != nil {
		// The service is running unless starting it failed before: retry.
		if err := l.startService(); err != nil {
			return api.StorageState{}, err
		}
		return api.StorageState{Status: api.StorageOpen, Protection: protectionOf(l.d.KeyKind())}, nil
	}
	if !l.dbExists() {
		return api.StorageState{Status: api.StorageNotCreated}, nil
	}
	k := db.Keychain()
	if l.opts.KeyFile != "" {
		k = db.KeyFromFile(l.opts.KeyFile)
	}
	d, err := db.Open(l.dataDir, l.dbOptions(k))
	switch {
	case err == nil:
		l.d = d
		if err := l.startService(); err != nil {
			return api.StorageState{}, err
		}
		return api.StorageState{Status: api.StorageOpen, Protection: protectionOf(d.KeyKind())}, nil
	case errors.Is(err, db.ErrKeyKind):
		// The text names the kind in use ("it uses a key file, not …").
		p := api.ProtectionPassphrase
		if strings.Contains(err.Error(), "uses a "+db.KeyFile.String()) {
			p = api.ProtectionKeyFile
		}
		return api.StorageState{Status: api.StorageLocked, Protection: p}, nil
	case errors.Is(err, db.ErrNoKeychain), errors.Is(err, db.ErrKeyNotInKeychain):
		return api.StorageState{Status: api.StorageLocked, Protection: api.ProtectionKeychain,
			Problem: mapErr(err).Error()}, nil
	}
	return api.StorageState{}, mapErr(err)
}

// CreateStorage implements api.Client.
func (l *Local) CreateStorage(ctx context.Context, p api.Protection, passphrase string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return api.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if l.d != nil || l.dbExists() {
		return api.ErrExists
	}
	k, err := l.key(p, passphrase)
	if err != nil {
		return err
	}
	d, err := db.Open(l.dataDir, l.dbOptions(k))
	if err != nil {
		return mapErr(err)
	}
	l.d = d
	return l.startService()
}

func (l *Local) key(p api.Protection, passphrase string) (db.Key, error) {
	switch p {
	case api.ProtectionKeychain:
		return db.Keychain(), nil
	case api.ProtectionPassphrase:
		if passphrase == "" {
			return db.Key{}, api.ErrEmptyPassphrase
		}
		return db.Passphrase(passphrase), nil
	case api.ProtectionKeyFile:
		if l.opts.KeyFile == "" {
			return db.Key{}, errors.New("no key file was configured for this core")
		}
		return db.KeyFromFile(l.opts.KeyFile), nil
	}
	return db.Key{}, fmt.Errorf("unknown database protection %d", p)
}

// Unlock implements api.Client.
func (l *Local) Unlock(ctx context.Context, passphrase string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return api.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if l.d != nil {
		return l.startService()
	}
	if !l.dbExists() {
		return errors.New("there is no database to unlock yet")
	}
	if passphrase == "" {
		return api.ErrWrongPassphrase
	}
	d, err := db.Open(l.dataDir, l.dbOptions(db.Passphrase(passphrase)))
	if errors.Is(err, db.ErrKeyKind) {
		return errors.New("this database is not protected by a passphrase")
	}
	if err != nil {
		return mapErr(err)
	}
	l.d = d
	return l.startService()
}

// ChangeProtection implements api.Client.
func (l *Local) ChangeProtection(ctx context.Context, p api.Protection, passphrase string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	d, err := l.openDB(ctx)
	if err != nil {
		return err
	}
	k, err := l.key(p, passphrase)
	if err != nil {
		return err
	}
	// The agent and chat service stop while the key changes and start again.
	if err := l.stopService(); err != nil {
		return err
	}
	rerr := mapErr(d.Rekey(k, l.kdf()))
	if err := l.startService(); err != nil && rerr == nil {
		rerr = err
	}
	return rerr
}

// openDB returns the open database or why there is none. Callers hold l.mu.
func (l *Local) openDB(ctx context.Context) (*db.DB, error) {
	if l.closed {
		return nil, api.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if l.d == nil {
		return nil, api.ErrLocked
	}
	return l.d, nil
}
