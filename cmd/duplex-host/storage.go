package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"

	"duplex/core"
	"duplex/core/api"
	"duplex/db"
)

// passEnv is the environment variable holding the database passphrase.
const passEnv = "DUPLEX_PASSPHRASE"

var errNoKeySource = errors.New("no database passphrase given: set " + passEnv +
	", run duplex-host on a terminal to type one, or use --key-file FILE (no system keychain is available here)")

// openCore opens the core on the data directory and gets its database
// open: created on first run, else unlocked (see doc.go for the order of
// key sources).
func openCore(ctx context.Context, o options, stdin *os.File, stderr io.Writer) (*core.Local, error) {
	if o.keyFile != "" {
		if _, err := os.Stat(o.keyFile); errors.Is(err, os.ErrNotExist) {
			if err := db.WriteKeyFile(o.keyFile, rand.Reader); err != nil {
				return nil, fmt.Errorf("cannot create key file: %w", err)
			}
		}
	}
	c, err := core.Open(core.Options{DataDir: o.dataDir, KeyFile: o.keyFile, KDF: o.kdf, Servers: o.servers, Logger: o.logger(stderr)})
	if err != nil {
		return nil, err
	}
	if err := unlock(ctx, c, o, stdin, stderr); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func unlock(ctx context.Context, c *core.Local, o options, stdin *os.File, stderr io.Writer) error {
	st, err := c.Storage(ctx)
	if err != nil {
		return err
	}
	pass, havePass := os.LookupEnv(passEnv)
	tty := stdin != nil && isTerminal(stdin)
	switch st.Status {
	case api.StorageOpen:
		return nil
	case api.StorageNotCreated:
		switch {
		case o.keyFile != "":
			return c.CreateStorage(ctx, api.ProtectionKeyFile, "")
		case havePass:
			return c.CreateStorage(ctx, api.ProtectionPassphrase, pass)
		case tty:
			p, err := promptPassphrase(stdin, stderr, "New database passphrase (empty: use the system keychain): ")
			if err != nil {
				return err
			}
			if p != "" {
				again, err := promptPassphrase(stdin, stderr, "Repeat the passphrase: ")
				if err != nil {
					return err
				}
				if again != p {
					return errors.New("the passphrases differ; nothing was created")
				}
				return c.CreateStorage(ctx, api.ProtectionPassphrase, p)
			}
		}
		err := c.CreateStorage(ctx, api.ProtectionKeychain, "")
		if errors.Is(err, api.ErrNoKeychain) {
			return errNoKeySource
		}
		return err
	}
	// Locked.
	if st.Problem != "" && st.Protection == api.ProtectionKeychain {
		return errors.New(st.Problem)
	}
	if st.Protection == api.ProtectionKeyFile {
		return errors.New("this database is protected by a key file: pass --key-file")
	}
	if !havePass {
		if !tty {
			return errors.New("the database is protected by a passphrase: set " + passEnv + " or run on a terminal")
		}
		if pass, err = promptPassphrase(stdin, stderr, "Database passphrase: "); err != nil {
			return err
		}
	}
	if err := c.Unlock(ctx, pass); err != nil {
		if errors.Is(err, api.ErrWrongPassphrase) {
			return errors.New("wrong passphrase for the database in " + dataDirOf(ctx, c) + " (nothing was changed)")
		}
		return err
	}
	return nil
}

func dataDirOf(ctx context.Context, c api.Client) string {
	i, err := c.Info(ctx)
	if err != nil {
		return "the data directory"
	}
	return i.DataDir
}
