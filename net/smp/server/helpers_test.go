package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"duplex/crypto/box"
	"duplex/crypto/kdf"
	"duplex/crypto/keys"
	"duplex/net/smp"
	"duplex/net/tls13/certs"
)

var (
	chainOnce sync.Once
	chains    map[certs.Alg]*certs.Chain
)

// testChain returns a relay chain per algorithm, made once per test binary.
func testChain(t testing.TB, alg certs.Alg) *certs.Chain {
	chainOnce.Do(func() {
		chains = map[certs.Alg]*certs.Chain{}
		for _, a := range []certs.Alg{certs.Ed25519, certs.Ed448} {
			now := time.Now()
			c, _, err := certs.NewChain(rand.Reader, a, "SMP server CA", "localhost", now.Add(-time.Hour), now.Add(24*time.Hour))
			if err != nil {
				panic(err)
			}
			chains[a] = c
		}
	})
	return chains[alg]
}

// testClock is an injectable clock for expiry.
type testClock struct{ ns atomic.Int64 }

func newClock() *testClock                   { c := &testClock{}; c.ns.Store(time.Now().UnixNano()); return c }
func (c *testClock) Now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *testClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

type testServer struct {
	*Server
	addr string
	fp   []byte
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// startServer runs a relay on 127.0.0.1:0 until the test ends.
func startServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	if cfg.Chain == nil {
		cfg.Chain = testChain(t, certs.Ed25519)
	}
	if cfg.Logger == nil {
		cfg.Logger = quietLogger()
	}
	srv, _, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return &testServer{Server: srv, addr: l.Addr().String(), fp: srv.Fingerprint()}
}

type event struct {
	corr, entity []byte
	resp         smp.Response
}

// tclient speaks SMP through net/smp's transport and codec, one command at
// a time, keeping server events (empty corrId) in an inbox.
type tclient struct {
	t     testing.TB
	tr    *smp.Transport
	inbox []event
	// lastBlock is how many transmissions the last block read carried.
	lastBlock int
}

func dial(t testing.TB, s *testServer) *tclient {
	return dialCfg(t, s, smp.DialConfig{})
}

func dialCfg(t testing.TB, s *testServer, cfg smp.DialConfig) *tclient {
	t.Helper()
	cfg.KeyHash = s.fp
	cfg.Timeout = 10 * time.Second
	tr, err := smp.DialTransport(context.Background(), s.addr, cfg)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { tr.Close() })
	return &tclient{t: t, tr: tr}
}

func randBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// transmission builds a signed (when key != nil) transmission.
func (c *tclient) transmission(key smp.PrivateAuthKey, corr, entity []byte, cmd smp.Command) []byte {
	c.t.Helper()
	v := c.tr.Version()
	b, err := smp.EncodeCommand(v, cmd)
	if err != nil {
		c.t.Fatalf("encode %s: %v", cmd.Tag(), err)
	}
	tr := &smp.Transmission{CorrID: corr, EntityID: entity, Command: b}
	if v < smp.VersionAuthCmds {
		tr.SessionID = c.tr.SessionID()
	}
	if key != nil {
		if err := smp.Authorize(tr, key, c.tr.SessionID(), c.tr.ServerKey()); err != nil {
			c.t.Fatal(err)
		}
	}
	raw, err := smp.EncodeTransmission(v, tr)
	if err != nil {
		c.t.Fatal(err)
	}
	return raw
}

func (c *tclient) writeRaw(ts ...[]byte) {
	c.t.Helper()
	block, err := smp.EncodeBatch(ts)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.tr.WriteBlock(block); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

func (c *tclient) send(key smp.PrivateAuthKey, entity []byte, cmd smp.Command) []byte {
	corr := randBytes(24)
	c.writeRaw(c.transmission(key, corr, entity, cmd))
	return corr
}

func (c *tclient) read() {
	c.t.Helper()
	c.tr.SetReadDeadline(time.Now().Add(10 * time.Second))
	block, err := c.tr.ReadBlock()
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	ts, err := smp.ParseBatch(block)
	if err != nil {
		c.t.Fatal(err)
	}
	c.lastBlock = len(ts)
	for _, raw := range ts {
		tr, err := smp.ParseTransmission(c.tr.Version(), raw)
		if err != nil {
			c.t.Fatal(err)
		}
		r, err := smp.ParseResponse(c.tr.Version(), tr.Command)
		if err != nil {
			c.t.Fatalf("parse response %q: %v", tr.Command, err)
		}
		c.inbox = append(c.inbox, event{bytes.Clone(tr.CorrID), bytes.Clone(tr.EntityID), r})
	}
}

// reply waits for the response to corr.
func (c *tclient) reply(corr []byte) smp.Response {
	c.t.Helper()
	for {
		for i, e := range c.inbox {
			if bytes.Equal(e.corr, corr) {
				c.inbox = append(c.inbox[:i], c.inbox[i+1:]...)
				return e.resp
			}
		}
		c.read()
	}
}

func (c *tclient) call(key smp.PrivateAuthKey, entity []byte, cmd smp.Command) smp.Response {
	c.t.Helper()
	return c.reply(c.send(key, entity, cmd))
}

// event returns the next server event (empty corrId).
func (c *tclient) event() event {
	c.t.Helper()
	for {
		for i, e := range c.inbox {
			if len(e.corr) == 0 {
				c.inbox = append(c.inbox[:i], c.inbox[i+1:]...)
				return e
			}
		}
		c.read()
	}
}

// noEvent checks that nothing arrives: a PING round trip flushes the
// connection (replies are ordered after events already queued).
func (c *tclient) noEvent() {
	c.t.Helper()
	if _, ok := c.call(nil, nil, smp.PING{}).(smp.PONG); !ok {
		c.t.Fatal("no PONG")
	}
	for _, e := range c.inbox {
		if len(e.corr) == 0 {
			c.t.Fatalf("unexpected event %s", e.resp.Tag())
		}
	}
}

// tqueue is the client-side state of a queue.
type tqueue struct {
	rcvKey *keys.Ed25519Private
	dh     *keys.X25519Private
	ids    smp.IDS
	secret box.DHSecret
	sndKey *keys.Ed25519Private
}

func newKeys(t testing.TB) (*keys.Ed25519Private, *keys.X25519Private) {
	k, err := keys.GenerateEd25519(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	dh, err := keys.GenerateX25519(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k, dh
}

// create makes a queue with NEW; req may be nil (messaging).
func (c *tclient) create(sub smp.SubMode, req *smp.QueueReq, auth []byte) (*tqueue, smp.Response) {
	c.t.Helper()
	q := &tqueue{}
	q.rcvKey, q.dh = newKeys(c.t)
	q.sndKey, _ = newKeys(c.t)
	if req == nil {
		req = &smp.QueueReq{Mode: smp.QueueModeMessaging}
	}
	cmd := smp.NEW{RcvAuthKey: q.rcvKey.Public(), RcvDHKey: q.dh.Public(), BasicAuth: auth, SubMode: sub, QueueReq: req}
	r := c.call(q.rcvKey, nil, cmd)
	ids, ok := r.(smp.IDS)
	if !ok {
		return nil, r
	}
	q.ids = ids
	var err error
	if q.secret, err = box.DH(ids.SrvDHKey, q.dh); err != nil {
		c.t.Fatal(err)
	}
	return q, r
}

func (c *tclient) mustCreate(sub smp.SubMode) *tqueue {
	c.t.Helper()
	q, r := c.create(sub, nil, nil)
	if q == nil {
		c.t.Fatalf("NEW: %v", r)
	}
	return q
}

type plainMsg struct {
	ts     int64
	notify bool
	body   []byte
	quota  bool
}

func (q *tqueue) open(t testing.TB, m smp.MSG) plainMsg {
	t.Helper()
	p, err := box.CbDecrypt(q.secret, box.NonceFrom(m.MsgID), m.Body)
	if err != nil {
		t.Fatalf("decrypt MSG: %v", err)
	}
	if bytes.HasPrefix(p, []byte("QUOTA ")) && len(p) == 14 {
		return plainMsg{ts: int64(binary.BigEndian.Uint64(p[6:])), quota: true}
	}
	if len(p) < 10 || p[9] != ' ' {
		t.Fatalf("bad plain message %q", p)
	}
	return plainMsg{ts: int64(binary.BigEndian.Uint64(p)), notify: p[8] == 'T', body: p[10:]}
}

func expect[T smp.Response](t testing.TB, r smp.Response) T {
	t.Helper()
	v, ok := r.(T)
	if !ok {
		var zero T
		t.Fatalf("got %s %v, want %s", r.Tag(), r, zero.Tag())
	}
	return v
}

func expectErr(t testing.TB, r smp.Response, want *smp.Error) {
	t.Helper()
	e, ok := r.(smp.ERR)
	if !ok || !e.Err.Is(want) {
		t.Fatalf("got %s %v, want ERR %v", r.Tag(), r, want)
	}
}

// linkSenderID is what a client must use as a chosen sender id.
func linkSenderID(corr []byte) []byte { h := kdf.SHA3_384(corr); return h[:24] }
