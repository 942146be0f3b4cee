package db

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/zalando/go-keyring"
	"golang.org/x/crypto/argon2"
)

// Key says how to unlock (or, at creation, how to protect) a database.
type Key struct {
	Kind       KeyKind
	Passphrase string // KeyPassphrase
	File       string // KeyFile: path of a 0600 file holding 64 hex characters
}

// String never prints the passphrase.
func (k Key) String() string {
	if k.Kind == KeyFile {
		return "key file " + k.File
	}
	return k.Kind.String()
}

// Keychain, Passphrase and KeyFromFile build a Key.
func Keychain() Key               { return Key{Kind: KeyKeychain} }
func Passphrase(p string) Key     { return Key{Kind: KeyPassphrase, Passphrase: p} }
func KeyFromFile(path string) Key { return Key{Kind: KeyFile, File: path} }
func (k Key) GoString() string    { return k.String() }
func (k Key) isZero() bool        { return k.Kind == 0 }
func keychainUser(s *slot) string { return fmt.Sprintf("db-%x-%d", s.FileID, s.Seq) }
func keychainService() string     { return "duplex" }
func hexKey(b []byte) string      { return hex.EncodeToString(b) }
func defaultThreads() uint8       { return uint8(min(4, max(1, runtime.NumCPU()))) }
func passKEK(p string, s *slot) []byte {
	return argon2.IDKey([]byte(p), s.Salt[:], s.KDF.Time, s.KDF.Memory, s.KDF.Threads, 32)
}

// Keyring is the OS keychain seen through go-keyring: Secret Service on Linux, the
// macOS Keychain, Windows Credential Manager. Tests give it a real Secret Service.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

// OSKeyring is the default Keyring.
type OSKeyring struct{}

func (OSKeyring) Get(s, u string) (string, error) { return keyring.Get(s, u) }
func (OSKeyring) Set(s, u, v string) error        { return keyring.Set(s, u, v) }
func (OSKeyring) Delete(s, u string) error        { return keyring.Delete(s, u) }

// keychainErr tells "no keychain at all" from "no entry", so a headless machine gets
// the message that asks for a passphrase or key file.
func keychainErr(err error) error {
	if errors.Is(err, keyring.ErrNotFound) {
		return ErrKeyNotInKeychain
	}
	return fmt.Errorf("%w (%v)", ErrNoKeychain, err)
}

// readKeyFile enforces 0600 (no group/other bits) and a 256-bit hex key.
func readKeyFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	if err := checkKeyFileMode(path, st); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	k, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(k) != 32 {
		return nil, fmt.Errorf("key file %s: want 64 hex characters (a 256-bit key)", path)
	}
	return k, nil
}

// WriteKeyFile creates a new key file (0600) with a random 256-bit key from rnd.
// It refuses to replace an existing file.
func WriteKeyFile(path string, rnd interface{ Read([]byte) (int, error) }) error {
	k := make([]byte, 32)
	if _, err := rnd.Read(k); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(hexKey(k) + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// TuneKDF picks Argon2id costs that take about target on this machine: 64 MiB and
// as many passes as fit (at least 1, at most 64). now is the clock, so tests can
// drive it; run is the function measured (argon2.IDKey in production).
func TuneKDF(target time.Duration, now func() time.Time, run func(KDFParams)) KDFParams {
	p := KDFParams{Time: 1, Memory: 64 << 10, Threads: defaultThreads()}
	if run == nil {
		run = func(p KDFParams) {
			argon2.IDKey([]byte("tune"), make([]byte, saltLen), p.Time, p.Memory, p.Threads, 32)
		}
	}
	// The fastest of two runs: a busy machine makes one pass look slower than it is,
	// which would tune the cost down for good.
	one := time.Duration(1<<63 - 1)
	for i := 0; i < 2; i++ {
		t0 := now()
		run(p)
		one = min(one, now().Sub(t0))
	}
	if one <= 0 {
		one = time.Millisecond
	}
	n := int64((target + one/2) / one)
	p.Time = uint32(max(1, min(64, n)))
	return p
}
