package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"duplex/net/smp/server/store"
	"duplex/net/tls13"
	"duplex/net/tls13/certs"
)

// Server is an SMP relay. Create it with New, run it with Serve, stop it
// with Close.
type Server struct {
	cfg    Config
	log    *slog.Logger
	tlsCfg *tls13.Config
	fp     []byte

	queues *store.QueueStore
	msgs   *store.MsgStore

	subsMu sync.Mutex
	subs   map[string]*client // recipient id → the one subscribed client

	clientsMu sync.Mutex
	clients   map[*client]struct{}
	listeners map[net.Listener]struct{}
	closed    bool

	proxy *proxyAgent

	ctr  counters
	done chan struct{}
	wg   sync.WaitGroup // housekeeping and connections
}

// RestoreStats reports what New found on disk.
type RestoreStats struct {
	Queues, Messages, OrphanMessages int
	TornBytes                        int64
}

// New opens (or creates) the stores, restores queues and messages and logs
// the counts. The relay does not listen until Serve.
func New(cfg Config) (*Server, RestoreStats, error) {
	var rs RestoreStats
	if err := cfg.setDefaults(); err != nil {
		return nil, rs, err
	}
	s := &Server{
		cfg:       cfg,
		log:       cfg.Logger,
		fp:        certs.Fingerprint(cfg.Chain.Certs[1]),
		subs:      map[string]*client{},
		clients:   map[*client]struct{}{},
		listeners: map[net.Listener]struct{}{},
		done:      make(chan struct{}),
	}
	s.proxy = newProxyAgent(s)
	s.tlsCfg = &tls13.Config{
		Rand:             cfg.Rand,
		Certificate:      cfg.Chain,
		NextProtos:       []string{"smp/1"},
		Groups:           []tls13.Group{tls13.X25519, tls13.X448},
		HandshakeTimeout: cfg.HandshakeTimeout,
	}
	start := time.Now()
	if cfg.StorePath == "" {
		s.queues = store.NewQueueStore()
	} else {
		qs, st, err := store.OpenQueueStore(cfg.StorePath, cfg.NoFsync)
		if err != nil {
			return nil, rs, fmt.Errorf("store log: %w", err)
		}
		s.queues, rs.Queues, rs.TornBytes = qs, st.Queues, st.TornBytes
	}
	if cfg.MessagesPath == "" {
		s.msgs = store.NewMsgStore(cfg.Quota)
	} else {
		ms, st, err := store.OpenMsgStore(cfg.MessagesPath, cfg.Quota, cfg.NoFsync, s.queues.Has)
		if err != nil {
			s.queues.Close()
			return nil, rs, fmt.Errorf("message journal: %w", err)
		}
		s.msgs, rs.Messages, rs.OrphanMessages = ms, st.Messages, st.Orphans
		rs.TornBytes += st.TornBytes
	}
	s.log.Info("store restored", "queues", rs.Queues, "messages", rs.Messages,
		"orphan_messages", rs.OrphanMessages, "torn_bytes", rs.TornBytes,
		"persistent", cfg.StorePath != "", "duration", time.Since(start).Round(time.Millisecond))
	s.ExpireMessages()
	s.wg.Add(1)
	go s.housekeeping()
	return s, rs, nil
}

// Fingerprint is the key hash of the relay identity (SHA-256 of the CA cert).
func (s *Server) Fingerprint() []byte { return append([]byte{}, s.fp...) }

// ErrServerClosed is returned by Serve after Close.
var ErrServerClosed = errors.New("server: closed")

// Serve accepts connections on l until Close. Each connection gets its own
// goroutines (see doc.go).
func (s *Server) Serve(l net.Listener) error {
	s.clientsMu.Lock()
	if s.closed {
		s.clientsMu.Unlock()
		l.Close()
		return ErrServerClosed
	}
	s.listeners[l] = struct{}{}
	s.clientsMu.Unlock()
	s.log.Info("listening", "addr", l.Addr().String())
	var delay time.Duration
	for {
		nc, err := l.Accept()
		if err != nil {
			select {
			case <-s.done:
				return ErrServerClosed
			default:
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				time.Sleep(delay)
				continue
			}
			return err
		}
		delay = 0
		s.wg.Add(1)
		go s.serveConn(nc)
	}
}

// Close stops listening, disconnects every client, waits for their
// goroutines and closes the stores (their logs are synced).
func (s *Server) Close() error {
	s.clientsMu.Lock()
	if s.closed {
		s.clientsMu.Unlock()
		return nil
	}
	s.closed = true
	close(s.done)
	for l := range s.listeners {
		l.Close()
	}
	for c := range s.clients {
		c.close()
	}
	s.clientsMu.Unlock()
	s.proxy.close() // pending forwards fail now instead of timing out
	s.wg.Wait()
	s.logStats()
	err := s.msgs.Close()
	if qerr := s.queues.Close(); err == nil {
		err = qerr
	}
	s.log.Info("server stopped")
	return err
}

func (s *Server) serveConn(nc net.Conn) {
	defer s.wg.Done()
	tc := tls13.Server(nc, s.tlsCfg)
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.HandshakeTimeout)
	defer cancel()
	go func() { // Close must not wait for a slow handshake
		select {
		case <-s.done:
			nc.Close()
		case <-ctx.Done():
		}
	}()
	if err := tc.Handshake(ctx); err != nil {
		s.log.Debug("TLS handshake failed", "err", err)
		nc.Close()
		return
	}
	c, err := s.newClient(tc)
	if err != nil {
		s.log.Debug("SMP handshake failed", "err", err)
		tc.Close()
		return
	}
	cancel()
	if !s.addClient(c) {
		c.close()
		return
	}
	c.run()
	s.removeClient(c)
}

func (s *Server) addClient(c *client) bool {
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	if s.closed {
		return false
	}
	s.clients[c] = struct{}{}
	return true
}

// removeClient forgets a disconnected client and its subscriptions.
func (s *Server) removeClient(c *client) {
	s.clientsMu.Lock()
	delete(s.clients, c)
	s.clientsMu.Unlock()
	s.subsMu.Lock()
	c.mu.Lock()
	for rid := range c.subs {
		if s.subs[rid] == c {
			delete(s.subs, rid)
		}
	}
	c.subs = nil
	c.mu.Unlock()
	s.subsMu.Unlock()
}
