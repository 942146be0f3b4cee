package smptest

import (
	"crypto/rand"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"testing"
	"time"

	"duplex/net/smp"
	"duplex/net/smp/server"
	"duplex/net/tls13/certs"
)

// Option edits the relay's configuration before it starts; any
// func(*server.Config) is one.
type Option = func(*server.Config)

// WithChain makes the relay use chain (e.g. one shared by a test binary, or
// a given algorithm); without it each relay gets a fresh Ed25519 identity.
func WithChain(c *certs.Chain) Option { return func(cfg *server.Config) { cfg.Chain = c } }

// WithStore keeps queues and undelivered messages in dir (without fsync),
// so that Restart brings them back.
func WithStore(dir string) Option {
	return func(cfg *server.Config) {
		cfg.StorePath = filepath.Join(dir, "queues.log")
		cfg.MessagesPath = filepath.Join(dir, "msgs.log")
		cfg.NoFsync = true
	}
}

// Relay is a running in-process relay.
type Relay struct {
	t   testing.TB
	cfg server.Config

	Server      *server.Server // the current instance (replaced by Restart)
	Addr        string         // "127.0.0.1:port", the same after Restart
	Fingerprint []byte         // key hash of the identity certificate
	stopped     bool
}

// StartRelay starts a relay on 127.0.0.1:0 and stops it when t ends.
func StartRelay(t testing.TB, opts ...Option) *Relay {
	t.Helper()
	cfg := server.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), StatsInterval: -1}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.Chain == nil {
		now := time.Now()
		c, _, err := certs.NewChain(rand.Reader, certs.Ed25519, "smptest CA", "localhost", now.Add(-time.Hour), now.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		cfg.Chain = c
	}
	r := &Relay{t: t, cfg: cfg, Addr: "127.0.0.1:0"}
	r.start()
	t.Cleanup(r.Stop)
	return r
}

func (r *Relay) start() {
	r.t.Helper()
	srv, _, err := server.New(r.cfg)
	if err != nil {
		r.t.Fatal(err)
	}
	var l net.Listener
	for range 50 { // after Restart the old socket may linger briefly
		if l, err = net.Listen("tcp", r.Addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		srv.Close()
		r.t.Fatal(err)
	}
	r.Addr, r.Server, r.Fingerprint, r.stopped = l.Addr().String(), srv, srv.Fingerprint(), false
	go srv.Serve(l)
}

// Stop closes the relay (idempotent; also run at test cleanup).
func (r *Relay) Stop() {
	if !r.stopped {
		r.stopped = true
		r.Server.Close()
	}
}

// Restart stops the relay and starts a new instance with the same
// configuration on the same address (use WithStore to keep its queues).
func (r *Relay) Restart() {
	r.t.Helper()
	r.Stop()
	r.start()
}

// Address is the relay's smp:// address (no basic auth).
func (r *Relay) Address() smp.ServerAddress {
	host, port, _ := net.SplitHostPort(r.Addr)
	return smp.ServerAddress{Server: smp.Server{Hosts: []string{host}, Port: port, KeyHash: r.Fingerprint}}
}
