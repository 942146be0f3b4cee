package smp_test

import (
	"context"
	"crypto/rand"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"duplex/crypto/box"
	"duplex/crypto/keys"
	"duplex/net/smp"
	"duplex/net/smp/server"
	"duplex/net/smp/server/smptest"
	"duplex/net/tls13/certs"
)

var (
	relayChainOnce sync.Once
	relayChain     *certs.Chain
)

func chain(t testing.TB) *certs.Chain {
	relayChainOnce.Do(func() {
		now := time.Now()
		c, _, err := certs.NewChain(rand.Reader, certs.Ed448, "SMP server CA", "localhost", now.Add(-time.Hour), now.Add(24*time.Hour))
		if err != nil {
			panic(err)
		}
		relayChain = c
	})
	return relayChain
}

// relay is our SMP relay (net/smp/server) in-process on 127.0.0.1, with its
// store in a directory so that it can be restarted on the same address.
type relay = smptest.Relay

func startRelay(t testing.TB) *relay {
	return smptest.StartRelay(t, smptest.WithChain(chain(t)), smptest.WithStore(t.TempDir()))
}

// recorder is a Handler that turns events into channels.
type recorder struct {
	msgs    chan msgEvent
	ends    chan []byte
	deleted chan []byte
	up      chan smp.Version
	down    chan error
	subErr  chan error
}

type msgEvent struct {
	rcvID []byte
	m     smp.MSG
}

func newRecorder() *recorder {
	return &recorder{msgs: make(chan msgEvent, 100), ends: make(chan []byte, 10), deleted: make(chan []byte, 10),
		up: make(chan smp.Version, 10), down: make(chan error, 10), subErr: make(chan error, 10)}
}

func (h *recorder) Message(id []byte, m smp.MSG)           { h.msgs <- msgEvent{id, m} }
func (h *recorder) End(id []byte)                          { h.ends <- id }
func (h *recorder) Deleted(id []byte)                      { h.deleted <- id }
func (h *recorder) Connected(v smp.Version)                { h.up <- v }
func (h *recorder) Disconnected(err error)                 { h.down <- err }
func (h *recorder) SubscriptionError(id []byte, err error) { h.subErr <- err }

func wait[T any](t testing.TB, ch chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

func none[T any](t testing.TB, ch chan T, what string) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("unexpected %s: %v", what, v)
	case <-time.After(50 * time.Millisecond):
	}
}

func connect(t testing.TB, r *relay, h smp.Handler, mod func(*smp.ClientConfig)) *smp.Client {
	t.Helper()
	cfg := smp.ClientConfig{Server: r.Address(), Handler: h, RequestTimeout: 5 * time.Second,
		ReconnectMin: 20 * time.Millisecond, ReconnectMax: 200 * time.Millisecond}
	if mod != nil {
		mod(&cfg)
	}
	c, err := smp.Connect(context.Background(), cfg)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

type queue struct {
	rcvKey smp.PrivateAuthKey
	dh     *keys.X25519Private
	ids    smp.IDS
}

func (q *queue) open(t testing.TB, m smp.MSG) smp.RcvMessage {
	t.Helper()
	secret, err := box.DH(q.ids.SrvDHKey, q.dh)
	if err != nil {
		t.Fatal(err)
	}
	rm, err := smp.DecryptRcvMessage(secret, m)
	if err != nil {
		t.Fatalf("decrypt: %v", err)
	}
	return rm
}

func newQueue(t testing.TB, c *smp.Client, mode smp.QueueMode) *queue {
	t.Helper()
	rk, _ := keys.GenerateEd25519(rand.Reader)
	dh, _ := keys.GenerateX25519(rand.Reader)
	req := smp.NEW{RcvAuthKey: rk.Public(), RcvDHKey: dh.Public(), SubMode: smp.SubModeSubscribe}
	if mode != smp.QueueModeNone {
		req.QueueReq = &smp.QueueReq{Mode: mode}
	}
	ids, err := c.CreateQueue(context.Background(), rk, req)
	if err != nil {
		t.Fatalf("NEW: %v", err)
	}
	return &queue{rcvKey: rk, dh: dh, ids: ids}
}

func TestClientQueueLifecycle(t *testing.T) {
	r := startRelay(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		mod    func(*smp.ClientConfig)
		v      smp.Version
		sender func() smp.PrivateAuthKey
	}{
		{"v18", nil, 18, func() smp.PrivateAuthKey { k, _ := keys.GenerateX25519(rand.Reader); return k }},
		{"v10 plain blocks", func(c *smp.ClientConfig) { c.Range = smp.VersionRange{Min: 6, Max: 10} }, 10,
			func() smp.PrivateAuthKey { k, _ := keys.GenerateEd448(rand.Reader); return k }},
		{"v6 without ALPN", func(c *smp.ClientConfig) { c.NoALPN = true }, 6,
			func() smp.PrivateAuthKey { k, _ := keys.GenerateEd25519(rand.Reader); return k }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ha, hs := newRecorder(), newRecorder()
			a := connect(t, r, ha, tc.mod)
			s := connect(t, r, hs, tc.mod)
			if v := wait(t, ha.up, "connected"); v != tc.v || a.Version() != tc.v {
				t.Fatalf("version %d, want %d", v, tc.v)
			}
			mode := smp.QueueModeMessaging
			if tc.v < smp.VersionSndAuthKey {
				mode = smp.QueueModeNone
			}
			q := newQueue(t, a, mode)
			sk := tc.sender()
			if tc.v >= smp.VersionSndAuthKey {
				if err := s.SecureBySender(ctx, q.ids.SndID, sk); err != nil {
					t.Fatalf("SKEY: %v", err)
				}
			} else if err := a.SecureQueue(ctx, q.ids.RcvID, q.rcvKey, sk); err != nil {
				t.Fatalf("KEY: %v", err)
			}
			// Unsigned SEND to a secured queue is refused.
			if err := s.Send(ctx, q.ids.SndID, nil, true, []byte("x")); !errors.Is(err, smp.ErrAuth) || smp.Retryable(err) {
				t.Fatalf("unsigned SEND: %v", err)
			}
			for i, body := range []string{"hello 1", "hello 2", "hello 3"} {
				if err := s.Send(ctx, q.ids.SndID, sk, i == 0, []byte(body)); err != nil {
					t.Fatalf("SEND: %v", err)
				}
			}
			// One message at a time: the next comes with (or after) the ACK.
			for i, body := range []string{"hello 1", "hello 2", "hello 3"} {
				ev := wait(t, ha.msgs, "MSG")
				rm := q.open(t, ev.m)
				if string(ev.rcvID) != string(q.ids.RcvID) || string(rm.Body) != body || rm.Notify != (i == 0) {
					t.Fatalf("message %d: %q notify=%v", i, rm.Body, rm.Notify)
				}
				none(t, ha.msgs, "MSG before ACK")
				if err := a.Ack(ctx, q.ids.RcvID, q.rcvKey, ev.m.MsgID); err != nil {
					t.Fatalf("ACK: %v", err)
				}
			}
			if err := a.Ack(ctx, q.ids.RcvID, q.rcvKey, fillID(7)); !errors.Is(err, smp.ErrNoMsg) {
				t.Fatalf("ACK of an unknown message: %v", err)
			}
			// A second subscriber takes the queue; the first gets END.
			hb := newRecorder()
			b := connect(t, r, hb, tc.mod)
			if err := b.Subscribe(ctx, q.ids.RcvID, q.rcvKey); err != nil {
				t.Fatalf("SUB: %v", err)
			}
			if id := wait(t, ha.ends, "END"); string(id) != string(q.ids.RcvID) || a.Subscribed(q.ids.RcvID) {
				t.Fatal("END for the wrong queue, or still subscribed")
			}
			if err := s.Send(ctx, q.ids.SndID, sk, false, []byte("to b")); err != nil {
				t.Fatal(err)
			}
			if ev := wait(t, hb.msgs, "MSG on the new subscriber"); string(q.open(t, ev.m).Body) != "to b" {
				t.Fatal("wrong message")
			} else if err := b.Ack(ctx, q.ids.RcvID, q.rcvKey, ev.m.MsgID); err != nil {
				t.Fatal(err)
			}
			none(t, ha.msgs, "MSG on the old subscriber")
			// Deleting from another connection: the subscriber gets DELD
			// (END before v10).
			if err := a.DeleteQueue(ctx, q.ids.RcvID, q.rcvKey); err != nil {
				t.Fatalf("DEL: %v", err)
			}
			if tc.v >= smp.VersionDeletedEvent {
				wait(t, hb.deleted, "DELD")
			} else {
				wait(t, hb.ends, "END for a deleted queue (v<10)")
			}
			if err := s.Send(ctx, q.ids.SndID, sk, false, []byte("gone")); !errors.Is(err, smp.ErrAuth) {
				t.Fatalf("SEND to a deleted queue: %v", err)
			}
		})
	}
}

func fillID(b byte) []byte {
	id := make([]byte, 24)
	for i := range id {
		id[i] = b
	}
	return id
}

func TestClientReconnectResubscribes(t *testing.T) {
	r := startRelay(t)
	ctx := context.Background()
	ha, hs := newRecorder(), newRecorder()
	a := connect(t, r, ha, nil)
	s := connect(t, r, hs, nil)
	wait(t, ha.up, "connected")
	wait(t, hs.up, "connected")
	q := newQueue(t, a, smp.QueueModeMessaging)
	sk, _ := keys.GenerateEd25519(rand.Reader)
	if err := s.SecureBySender(ctx, q.ids.SndID, sk); err != nil {
		t.Fatal(err)
	}
	oldSession := a.SessionID()

	r.Restart()
	if err := wait(t, ha.down, "disconnect"); !smp.Retryable(err) {
		t.Fatalf("disconnect reason not retryable: %v", err)
	}
	wait(t, ha.up, "reconnect")
	wait(t, hs.up, "sender reconnect")
	if string(a.SessionID()) == string(oldSession) || !a.Subscribed(q.ids.RcvID) {
		t.Fatal("no new session or subscription lost")
	}
	// The subscription was renewed on the new session: a message sent now
	// is pushed without any SUB from the test.
	if err := s.Send(ctx, q.ids.SndID, sk, false, []byte("after restart")); err != nil {
		t.Fatalf("SEND after restart: %v", err)
	}
	ev := wait(t, ha.msgs, "MSG after reconnect")
	if string(q.open(t, ev.m).Body) != "after restart" {
		t.Fatal("wrong message")
	}
	if err := a.Ack(ctx, q.ids.RcvID, q.rcvKey, ev.m.MsgID); err != nil {
		t.Fatal(err)
	}
	none(t, ha.subErr, "subscription error")
	none(t, ha.ends, "END")

	// A queue deleted while we were away is reported, not retried forever.
	q2 := newQueue(t, a, smp.QueueModeMessaging)
	other := connect(t, r, newRecorder(), nil)
	r.Restart()
	wait(t, ha.down, "disconnect")
	wait(t, ha.up, "reconnect")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if err := other.DeleteQueue(ctx, q2.ids.RcvID, q2.rcvKey); err == nil {
			break
		} else if !smp.Retryable(err) || time.Now().After(deadline) {
			t.Fatalf("DEL: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	wait(t, ha.deleted, "DELD")
	if a.Subscribed(q2.ids.RcvID) {
		t.Fatal("deleted queue still subscribed")
	}
}

// countingConn counts bytes written, to see batching on the wire.
type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c countingConn) Write(b []byte) (int, error) {
	c.n.Add(int64(len(b)))
	return c.Conn.Write(b)
}

func TestClientBatchesConcurrentCommands(t *testing.T) {
	r := startRelay(t)
	var written atomic.Int64
	c := connect(t, r, nil, func(cfg *smp.ClientConfig) {
		cfg.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return countingConn{conn, &written}, nil
		}
	})
	before := written.Load()
	const n = 400
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- c.Ping(context.Background())
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	blocks := (written.Load() - before) / smp.BlockSize
	if blocks >= n/2 {
		t.Fatalf("%d PINGs took %d blocks: not batched", n, blocks)
	}
	t.Logf("%d concurrent PINGs in %d blocks", n, blocks)
}

func TestClientPassword(t *testing.T) {
	r := smptest.StartRelay(t, smptest.WithChain(chain(t)), smptest.WithStore(t.TempDir()),
		func(c *server.Config) { c.Password = []byte("s3cret"); c.MessagesPath = "" })
	host, port, _ := net.SplitHostPort(r.Addr)
	addr, err := smp.ParseServerAddress("smp://" + certs.FingerprintString(chain(t).Certs[1]) + ":s3cret@" + host + ":" + port)
	if err != nil {
		t.Fatal(err)
	}
	c, err := smp.Connect(context.Background(), smp.ClientConfig{Server: addr})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rk, _ := keys.GenerateEd25519(rand.Reader)
	dh, _ := keys.GenerateX25519(rand.Reader)
	req := smp.NEW{RcvAuthKey: rk.Public(), RcvDHKey: dh.Public(), SubMode: smp.SubModeOnlyCreate, QueueReq: &smp.QueueReq{Mode: smp.QueueModeMessaging}}
	if _, err := c.CreateQueue(context.Background(), rk, req); !errors.Is(err, smp.ErrAuth) {
		t.Fatalf("NEW without password: %v", err)
	}
	req.BasicAuth = addr.BasicAuth
	if _, err := c.CreateQueue(context.Background(), rk, req); err != nil {
		t.Fatalf("NEW with password: %v", err)
	}
}

func TestClientLinksAndQueueCommands(t *testing.T) {
	r := startRelay(t)
	ctx := context.Background()
	h := newRecorder()
	a := connect(t, r, h, nil)
	s := connect(t, r, newRecorder(), nil)

	// Contact address with link data: anyone reads it with LGET.
	rk, _ := keys.GenerateEd25519(rand.Reader)
	dh, _ := keys.GenerateX25519(rand.Reader)
	linkID := fillID(0x61)
	data := smp.LinkData{Fixed: []byte("fixed part"), User: []byte("user part")}
	ids, err := a.CreateQueue(ctx, rk, smp.NEW{RcvAuthKey: rk.Public(), RcvDHKey: dh.Public(), SubMode: smp.SubModeOnlyCreate,
		QueueReq: &smp.QueueReq{Mode: smp.QueueModeContact, Link: &smp.QueueLink{LinkID: linkID, Data: data}}})
	if err != nil {
		t.Fatalf("NEW contact with link: %v", err)
	}
	if ids.QueueMode != smp.QueueModeContact || string(ids.LinkID) != string(linkID) {
		t.Fatalf("IDS: %+v", ids)
	}
	lnk, err := s.GetLinkData(ctx, linkID)
	if err != nil || string(lnk.SenderID) != string(ids.SndID) || string(lnk.Data.User) != "user part" {
		t.Fatalf("LGET: %+v %v", lnk, err)
	}
	newData := smp.LinkData{Fixed: data.Fixed, User: []byte("updated user data")}
	if err := a.SetLinkData(ctx, ids.RcvID, rk, linkID, newData); err != nil {
		t.Fatalf("LSET: %v", err)
	}
	if lnk, err = s.GetLinkData(ctx, linkID); err != nil || string(lnk.Data.User) != "updated user data" {
		t.Fatalf("LGET after LSET: %v", err)
	}
	// Contact queues take unsigned SENDs; GET fetches without subscribing.
	if err := s.Send(ctx, ids.SndID, nil, false, []byte("request")); err != nil {
		t.Fatalf("unsigned SEND to a contact queue: %v", err)
	}
	m, err := a.Get(ctx, ids.RcvID, rk)
	if err != nil || m == nil {
		t.Fatalf("GET: %v", err)
	}
	q := &queue{rcvKey: rk, dh: dh, ids: ids}
	if string(q.open(t, *m).Body) != "request" {
		t.Fatal("GET body")
	}
	if err := a.Ack(ctx, ids.RcvID, rk, m.MsgID); err != nil {
		t.Fatalf("ACK after GET: %v", err)
	}
	if m, err := a.Get(ctx, ids.RcvID, rk); err != nil || m != nil {
		t.Fatalf("GET of an empty queue: %v %v", m, err)
	}
	if info, err := a.QueueInfo(ctx, ids.RcvID, rk); err != nil || len(info) == 0 || info[0] != '{' {
		t.Fatalf("QUE: %s %v", info, err)
	}
	if err := a.DeleteLinkData(ctx, ids.RcvID, rk); err != nil {
		t.Fatalf("LDEL: %v", err)
	}
	if _, err := s.GetLinkData(ctx, linkID); !errors.Is(err, smp.ErrAuth) {
		t.Fatalf("LGET after LDEL: %v", err)
	}

	// One-time invitation with link data: the reader secures it with LKEY.
	rk2, _ := keys.GenerateEd25519(rand.Reader)
	ids2, err := a.CreateQueue(ctx, rk2, smp.NEW{RcvAuthKey: rk2.Public(), RcvDHKey: dh.Public(), SubMode: smp.SubModeSubscribe,
		QueueReq: &smp.QueueReq{Mode: smp.QueueModeMessaging, Link: &smp.QueueLink{Data: data}}})
	if err != nil || ids2.LinkID == nil {
		t.Fatalf("NEW invitation with link: %+v %v", ids2, err)
	}
	sk, _ := keys.GenerateEd25519(rand.Reader)
	lnk, err = s.SecureLink(ctx, ids2.LinkID, sk)
	if err != nil || string(lnk.SenderID) != string(ids2.SndID) {
		t.Fatalf("LKEY: %+v %v", lnk, err)
	}
	if err := s.Send(ctx, ids2.SndID, sk, true, []byte("joined")); err != nil {
		t.Fatalf("SEND after LKEY: %v", err)
	}
	wait(t, h.msgs, "MSG on the invitation queue")
	// OFF: the sender can no longer send.
	if err := a.SuspendQueue(ctx, ids2.RcvID, rk2); err != nil {
		t.Fatalf("OFF: %v", err)
	}
	if err := s.Send(ctx, ids2.SndID, sk, false, []byte("late")); err == nil {
		t.Fatal("SEND to a suspended queue succeeded")
	}
}
