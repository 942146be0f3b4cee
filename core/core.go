// Package core assembles the Duplex service that every front end drives
// through api.Client.
//
// Today the in-process core knows its version, owns the data directory and
// lists profiles. Later issues add the agent (duplex SMP connections), chat,
// servers, files and remote control as subpackages; they import core/api, and
// only this package wires them together, so there are no import cycles.
//
// Ownership: a Local owns its data directory for its lifetime. It holds no
// goroutines yet; Close is idempotent.
package core

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"duplex/core/api"
)

// Version is the Duplex release version. FyneApp.toml carries the same
// number (a test keeps them equal).
const Version = "0.1.0"

// Options configure an in-process core.
type Options struct {
	// DataDir is where the core keeps its database and files; it is created
	// (mode 0700) when missing. Empty means DefaultDataDir().
	DataDir string
}

// Local is the in-process core.
type Local struct {
	dataDir string

	mu     sync.Mutex
	closed bool
}

var _ api.Client = (*Local)(nil)

// Open starts an in-process core over the data directory in opts.
func Open(opts Options) (*Local, error) {
	dir := opts.DataDir
	if dir == "" {
		d, err := DefaultDataDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("data directory %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create data directory %s: %w", abs, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("data directory %s: %w", abs, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("data directory %s exists and is not a directory", abs)
	}
	return &Local{dataDir: abs}, nil
}

func (l *Local) check() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return api.ErrClosed
	}
	return nil
}

// Info implements api.Client.
func (l *Local) Info(ctx context.Context) (api.Info, error) {
	if err := l.check(); err != nil {
		return api.Info{}, err
	}
	return api.Info{Version: Version, DataDir: l.dataDir}, ctx.Err()
}

// Profiles implements api.Client. Profiles arrive with the [core] issue; a
// fresh data directory has none.
func (l *Local) Profiles(ctx context.Context) ([]api.Profile, error) {
	if err := l.check(); err != nil {
		return nil, err
	}
	return []api.Profile{}, ctx.Err()
}

// Close implements api.Client.
func (l *Local) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	return nil
}
