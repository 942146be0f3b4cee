package core

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"duplex/core/api"
	"duplex/core/chat"
	"duplex/core/servers"
	"duplex/db"
)

// Version is the Duplex release version. FyneApp.toml carries the same
// number (a test keeps them equal).
const Version = "0.1.0"

// Options configure an in-process core.
type Options struct {
	// DataDir is where the core keeps its database and files; it is created
	// (mode 0700) when missing. Empty means DefaultDataDir().
	DataDir string
	// KeyFile, if set, protects the database with a 0600 key file instead of
	// the keychain or a passphrase (headless hosts, tests).
	KeyFile string
	// KDF sets Argon2id costs for new passphrases; nil tunes them to about
	// 0.5 s on this machine. Tests pass a cheap one.
	KDF *KDFCost
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Servers (smp://… addresses), when set, are every profile's only
	// relays for new queues (duplex-host --server, tests); otherwise each
	// profile's servers come from core/servers (presets and the user's).
	Servers []string
	// SMP tunes relay clients and send retries (nil: defaults).
	SMP *SMPTuning
	// Logger receives the agent's and chat service's logs (nil: discarded).
	Logger *slog.Logger
}

// KDFCost is an Argon2id cost: passes, memory in KiB, lanes.
type KDFCost struct {
	Time      uint32
	MemoryKiB uint32
	Threads   uint8
}

// Local is the in-process core.
type Local struct {
	dataDir string
	opts    Options

	// mu serialises storage transitions and guards d and closed. Profile
	// calls hold it too: they are short, and a profile call racing a re-key
	// or Close must not see a half-closed database.
	mu     sync.Mutex
	closed bool
	d      *db.DB // nil until the database is created or unlocked

	// hub delivers events to watchers for the core's whole life; svc (the
	// chat service with its agent) runs while the database is open.
	hub *chat.Hub
	svc *chat.Service
	// srv is the profiles' server settings; srvMu serialises its use
	// (servers.Manager is not safe for concurrent use).
	srvMu sync.Mutex
	srv   *servers.Manager
	// network is the private-routing part of the network settings, set
	// where the agent starts (network.go).
	network AgentRouting
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
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if _, err := fixedServers(opts.Servers); err != nil {
		return nil, err
	}
	return &Local{dataDir: abs, opts: opts, hub: chat.NewHub()}, nil
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

// Close implements api.Client.
func (l *Local) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	l.hub.Close()
	if err := l.stopService(); err != nil && l.d != nil {
		l.d.Close()
		l.d = nil
		return err
	}
	if l.d != nil {
		err := l.d.Close()
		l.d = nil
		return err
	}
	return nil
}
