package db

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
)

// unlock tries the intact slots, newest first, with the key the caller gave. During
// an interrupted re-key the two slots hold the old and the new key; either opens.
func unlock(slots []*slot, k Key, kr Keyring) ([]byte, *slot, error) {
	var firstErr error
	matched := false
	var fileKey []byte
	for _, s := range slots {
		if s.Kind != k.Kind {
			continue
		}
		matched = true
		var kek []byte
		switch s.Kind {
		case KeyPassphrase:
			kek = passKEK(k.Passphrase, s)
		case KeyFile:
			if fileKey == nil {
				var err error
				if fileKey, err = readKeyFile(k.File); err != nil {
					return nil, nil, err
				}
			}
			kek = fileKey
		case KeyKeychain:
			v, err := kr.Get(keychainService(), keychainUser(s))
			if err != nil {
				if firstErr == nil {
					firstErr = keychainErr(err)
				}
				continue
			}
			if kek, err = hex.DecodeString(v); err != nil || len(kek) != 32 {
				if firstErr == nil {
					firstErr = ErrWrongPassphrase
				}
				continue
			}
		}
		dek, err := s.unwrap(kek)
		if err == nil {
			return dek, s, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if !matched {
		return nil, nil, fmt.Errorf("%w: it uses a %s, not a %s", ErrKeyKind, slots[0].Kind, k.Kind)
	}
	return nil, nil, firstErr
}

// repairSlots makes both slots equal to the one that opened: it finishes (or, when
// the old key was used, undoes) an interrupted re-key and rewrites a torn slot.
func repairSlots(path string, area []byte, slots []*slot, used *slot, kr Keyring) error {
	b := used.marshal()
	if bytes.Equal(area[:slotLen], b) && bytes.Equal(area[slotStride:slotStride+slotLen], b) {
		return nil
	}
	if err := writeSlots(path, b, used.Seq); err != nil {
		return err
	}
	for _, s := range slots {
		if s != used && s.Kind == KeyKeychain && keychainUser(s) != keychainUser(used) {
			kr.Delete(keychainService(), keychainUser(s)) // an orphan; failure is harmless
		}
	}
	return nil
}

// writeSlots writes b into the slot the sequence number selects, syncs, then into
// the other one, and syncs again: at every instant one slot is intact.
func writeSlots(path string, b []byte, seq uint64) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	first := int64(seq%2) * slotStride
	for _, off := range []int64{first, slotStride - first} {
		if _, err := f.WriteAt(b, off); err != nil {
			return err
		}
		if err := f.Sync(); err != nil {
			return err
		}
	}
	return nil
}

// Rekey protects the database with a new key. Only the header changes: the data
// key stays, so a re-key is two small synced writes whatever the database size.
// kdf sets Argon2id costs for a passphrase (nil: tuned to ~0.5 s).
func (d *DB) Rekey(k Key, kdf *KDFParams) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	cur := d.slot
	ns := &slot{Seq: cur.Seq + 1, FileID: cur.FileID, Block: cur.Block}
	o := d.opts
	o.KDF = kdf
	if err := protect(ns, d.st.dek, k, o); err != nil {
		return err
	}
	if err := writeSlots(d.path, ns.marshal(), ns.Seq); err != nil {
		return err
	}
	if cur.Kind == KeyKeychain {
		if err := d.opts.Keyring.Delete(keychainService(), keychainUser(cur)); err != nil {
			// The database no longer needs it; report but the re-key stands.
			d.slot = ns
			d.opts.Key = k
			return fmt.Errorf("db: re-keyed, but the old keychain entry stays: %w", err)
		}
	}
	d.slot = ns
	d.opts.Key = k
	return nil
}

var _ = errors.New
