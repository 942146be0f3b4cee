package server

import (
	"sync"
	"time"

	"duplex/crypto/box"
	"duplex/crypto/keys"
	"duplex/net/smp"
)

// transport is the part of smp.Transport the relay uses (an interface so
// that the connection loop reads as what it needs).
type transport interface {
	ReadBlock() ([]byte, error)
	WriteBlock(content []byte) error
	Close() error
}

// deadliner is implemented by the TLS connection under the transport.
type deadliner interface {
	SetReadDeadline(time.Time) error
	SetWriteDeadline(time.Time) error
}

const (
	// maxPending bounds what a client that does not read may make us queue:
	// replies to its own commands plus one MSG per subscribed queue.
	maxPending   = 8192
	writeTimeout = 60 * time.Second
)

// sub is a client's hold on one queue: a subscription (SUB / NEW 'S') or,
// with getOnly, the marker left by GET that forbids SUB on this connection.
type sub struct {
	getOnly   bool
	delivered []byte // msgId sent and not yet ACKed; nothing more is sent until then
}

// client is one connection after the SMP handshake. Goroutines: run (the
// reader, which executes commands in order) and writer (which packs
// everything queued in c.out into as few blocks as possible).
type client struct {
	srv       *Server
	tr        transport
	dl        deadliner
	v         smp.Version
	sessionID []byte
	serverKey *keys.X25519Private // this session's X25519 key: cbAuth
	remote    string              // peer address (for Observe)
	fwdSecret *box.DHSecret       // X25519 of the hello keys: RFWD/RRES (nil = none sent)
	proxied   bool                // a forwarded command's view of its proxy's connection
	procSem   chan struct{}       // bounds concurrent PRXY/PFWD of this client

	mu      sync.Mutex
	subs    map[string]*sub // recipient id →
	out     [][]byte        // encoded transmissions waiting for the writer
	wake    chan struct{}
	closed  chan struct{}
	closeMu sync.Once
}

func (s *Server) attach(tr transport, dl deadliner, v smp.Version, sessionID []byte, key *keys.X25519Private) *client {
	return &client{
		srv: s, tr: tr, dl: dl, v: v, sessionID: sessionID, serverKey: key,
		subs:    map[string]*sub{},
		procSem: make(chan struct{}, proxyConcurrency),
		wake:    make(chan struct{}, 1),
		closed:  make(chan struct{}),
	}
}

func (c *client) close() {
	c.closeMu.Do(func() {
		close(c.closed)
		c.tr.Close()
	})
}

// run reads blocks until the connection fails, answering every
// transmission of a block with one batch of replies.
func (c *client) run() {
	wdone := make(chan struct{})
	go func() { c.writer(); close(wdone) }()
	defer func() { c.close(); <-wdone }()
	for {
		if c.srv.cfg.IdleTimeout > 0 && c.dl != nil {
			c.mu.Lock()
			idleOK := len(c.subs) == 0
			c.mu.Unlock()
			if idleOK {
				c.dl.SetReadDeadline(time.Now().Add(c.srv.cfg.IdleTimeout))
			} else {
				c.dl.SetReadDeadline(time.Time{})
			}
		}
		block, err := c.tr.ReadBlock()
		if err != nil {
			return
		}
		ts, err := smp.ParseBatch(block)
		if err != nil {
			c.push(c.encode(nil, nil, smp.ERR{Err: smp.ErrBlock}))
			continue
		}
		replies := make([][]byte, 0, len(ts))
		for _, raw := range ts {
			replies = append(replies, c.handle(raw)...)
		}
		if !c.push(replies...) {
			return
		}
	}
}

// push queues transmissions for the writer; false if the client is
// hopelessly behind (it is then disconnected).
func (c *client) push(ts ...[]byte) bool {
	c.mu.Lock()
	ok := c.pushLocked(ts...)
	c.mu.Unlock()
	return ok
}

// pushLocked is push for a caller holding c.mu.
func (c *client) pushLocked(ts ...[]byte) bool {
	if len(ts) == 0 {
		return true
	}
	if len(c.out)+len(ts) > maxPending {
		c.srv.log.Warn("client not reading, disconnecting")
		c.close()
		return false
	}
	c.out = append(c.out, ts...)
	select {
	case c.wake <- struct{}{}:
	default:
	}
	return true
}

func (c *client) writer() {
	for {
		select {
		case <-c.closed:
			return
		case <-c.wake:
		}
		c.mu.Lock()
		out := c.out
		c.out = nil
		c.mu.Unlock()
		batches, tooLarge := smp.Pack(out)
		if len(tooLarge) > 0 {
			c.srv.log.Error("reply too large for a block", "count", len(tooLarge))
		}
		for _, b := range batches {
			if c.dl != nil {
				c.dl.SetWriteDeadline(time.Now().Add(writeTimeout))
			}
			if err := c.tr.WriteBlock(b.Content); err != nil {
				c.close()
				return
			}
		}
	}
}

// encode builds a relay transmission (no authorization).
func (c *client) encode(corrID, entityID []byte, r smp.Response) []byte {
	cmd, err := smp.EncodeResponse(c.v, r)
	if err != nil {
		c.srv.log.Error("encoding response", "tag", r.Tag(), "err", err)
		cmd, _ = smp.EncodeResponse(c.v, smp.ERR{Err: smp.ErrInternal})
	}
	t := &smp.Transmission{CorrID: corrID, EntityID: entityID, Command: cmd}
	if c.v < smp.VersionAuthCmds {
		t.SessionID = c.sessionID
	}
	b, err := smp.EncodeTransmission(c.v, t)
	if err != nil {
		c.srv.log.Error("encoding transmission", "err", err)
		return nil
	}
	return b
}
