package server

import (
	"crypto/rand"
	"net"
	"runtime"
	"testing"
	"time"

	"duplex/net/smp"
	"duplex/net/tls13"
)

func TestWrongSignatures(t *testing.T) {
	s := startServer(t, Config{})
	c, snd := dial(t, s), dial(t, s)
	q := c.mustCreate(smp.SubModeOnlyCreate)
	wrong, _ := newKeys(t)
	// NEW signed by a key other than the one it registers
	rk, dh := newKeys(t)
	expectErr(t, c.call(wrong, nil, smp.NEW{RcvAuthKey: rk.Public(), RcvDHKey: dh.Public(), SubMode: smp.SubModeSubscribe}), smp.ErrAuth)
	// recipient commands signed by a wrong key, or unsigned
	expectErr(t, c.call(wrong, q.ids.RcvID, smp.SUB{}), smp.ErrAuth)
	expectErr(t, c.call(wrong, q.ids.RcvID, smp.DEL{}), smp.ErrAuth)
	expectErr(t, c.call(nil, q.ids.RcvID, smp.SUB{}), smp.ErrNoAuth)
	// a recipient id used as a sender id and vice versa
	expectErr(t, snd.call(nil, q.ids.RcvID, smp.SEND{Body: []byte("x")}), smp.ErrAuth)
	expectErr(t, c.call(q.rcvKey, q.ids.SndID, smp.SUB{}), smp.ErrAuth)
	// secured queue: SEND signed by a wrong key
	expect[smp.OK](t, snd.call(q.sndKey, q.ids.SndID, smp.SKEY{SenderKey: q.sndKey.Public()}))
	expectErr(t, snd.call(wrong, q.ids.SndID, smp.SEND{Body: []byte("x")}), smp.ErrAuth)
	// SKEY signed by a key other than the one it sets
	q2 := c.mustCreate(smp.SubModeOnlyCreate)
	expectErr(t, snd.call(wrong, q2.ids.SndID, smp.SKEY{SenderKey: q2.sndKey.Public()}), smp.ErrAuth)
	// a corrupted signature
	tr := c.transmission(q.rcvKey, randBytes(24), q.ids.RcvID, smp.SUB{})
	tr[5] ^= 1
	c.writeRaw(tr)
	c.read()
	expectErr(t, c.inbox[len(c.inbox)-1].resp, smp.ErrAuth)
	if s.Stats().AuthFailures < 8 {
		t.Fatalf("auth failures %d", s.Stats().AuthFailures)
	}
}

// A transmission signed in one TLS session does not authorise anything in
// another: the implied session id is part of the signed bytes.
func TestReplayFromAnotherSession(t *testing.T) {
	s := startServer(t, Config{})
	a, b := dial(t, s), dial(t, s)
	q := a.mustCreate(smp.SubModeOnlyCreate)
	corr := randBytes(24)
	del := a.transmission(q.rcvKey, corr, q.ids.RcvID, smp.DEL{})
	b.writeRaw(del)
	expectErr(t, b.reply(corr), smp.ErrAuth)
	if s.queues.ByRecipient(q.ids.RcvID) == nil {
		t.Fatal("replayed DEL deleted the queue")
	}
	// the same bytes work in their own session
	a.writeRaw(del)
	expect[smp.OK](t, a.reply(corr))
}

// At v6 (no ALPN) the session id travels in each transmission.
func TestV6WrongSessionID(t *testing.T) {
	s := startServer(t, Config{})
	c := dialCfg(t, s, smp.DialConfig{NoALPN: true})
	if c.tr.Version() != smp.VersionBatch {
		t.Fatalf("version %d without ALPN", c.tr.Version())
	}
	q := c.mustCreate(smp.SubModeOnlyCreate)
	cmd, _ := smp.EncodeCommand(c.tr.Version(), smp.SUB{})
	tr := &smp.Transmission{SessionID: randBytes(32), CorrID: randBytes(24), EntityID: q.ids.RcvID, Command: cmd}
	if err := smp.Authorize(tr, q.rcvKey, tr.SessionID, nil); err != nil {
		t.Fatal(err)
	}
	raw, _ := smp.EncodeTransmission(c.tr.Version(), tr)
	c.writeRaw(raw)
	expectErr(t, c.reply(tr.CorrID), smp.ErrSession)
	expect[smp.OK](t, c.call(q.rcvKey, q.ids.RcvID, smp.SUB{})) // the right session works (SOK is OK before v16)
}

func TestPasswordAndNewQueuesDisabled(t *testing.T) {
	s := startServer(t, Config{Password: []byte("pw")})
	c := dial(t, s)
	if _, r := c.create(smp.SubModeSubscribe, nil, nil); r.Tag() != "ERR" {
		t.Fatal("NEW without password accepted")
	}
	if _, r := c.create(smp.SubModeSubscribe, nil, []byte("nope")); r.Tag() != "ERR" {
		t.Fatal("NEW with wrong password accepted")
	}
	if q, r := c.create(smp.SubModeSubscribe, nil, []byte("pw")); q == nil {
		t.Fatalf("NEW with password: %v", r)
	}
	s2 := startServer(t, Config{NewQueuesDisabled: true})
	c2 := dial(t, s2)
	_, r := c2.create(smp.SubModeSubscribe, nil, nil)
	expectErr(t, r, smp.ErrAuth)
}

func TestExpiry(t *testing.T) {
	clock := newClock()
	s := startServer(t, Config{Now: clock.Now})
	rcv, snd := dial(t, s), dial(t, s)
	q := rcv.mustCreate(smp.SubModeOnlyCreate)
	expect[smp.OK](t, snd.call(nil, q.ids.SndID, smp.SEND{Body: []byte("old")}))
	clock.Advance(20 * 24 * time.Hour)
	expect[smp.OK](t, snd.call(nil, q.ids.SndID, smp.SEND{Body: []byte("new")}))
	if n := s.ExpireMessages(); n != 0 {
		t.Fatalf("expired %d at 20 days", n)
	}
	clock.Advance(2 * 24 * time.Hour) // "old" is 22 days old, "new" 2
	if n := s.ExpireMessages(); n != 1 {
		t.Fatalf("expired %d", n)
	}
	expect[smp.SOK](t, rcv.call(q.rcvKey, q.ids.RcvID, smp.SUB{}))
	m := expect[smp.MSG](t, rcv.event().resp)
	if pm := q.open(t, m); string(pm.body) != "new" || pm.ts != clock.Now().Add(-2*24*time.Hour).Unix() {
		t.Fatalf("got %q at %d", pm.body, pm.ts)
	}
	if s.Stats().MsgsExpired != 1 {
		t.Fatal("expiry not counted")
	}
}

// The relay survives clients that send garbage, stall in the middle of a
// block or never finish the handshake; others are unaffected and nothing
// is left running once they are gone.
func TestHostileClients(t *testing.T) {
	s := startServer(t, Config{HandshakeTimeout: 2 * time.Second})
	good := dial(t, s)
	q := good.mustCreate(smp.SubModeSubscribe)
	base := runtime.NumGoroutine()

	// a well-formed block whose content is garbage: ERR BLOCK, connection lives
	g1 := dial(t, s)
	if err := g1.tr.WriteBlock([]byte{0xff, 1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	g1.read()
	expectErr(t, g1.inbox[0].resp, smp.ErrBlock)
	expect[smp.PONG](t, g1.call(nil, nil, smp.PING{}))
	// a transmission that does not parse inside a valid batch
	g1.writeRaw([]byte{200, 1})
	g1.read()
	expectErr(t, g1.inbox[len(g1.inbox)-1].resp, smp.ErrBlock)

	// raw garbage under TLS: the block does not decrypt, the relay hangs up
	g2 := dial(t, s)
	garbage := make([]byte, smp.BlockSize)
	rand.Read(garbage)
	g2.tr.Conn().Write(garbage)
	g2.tr.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := g2.tr.ReadBlock(); err == nil {
		t.Fatal("relay answered an undecryptable block")
	}

	// half a block, then silence
	g3 := dial(t, s)
	g3.tr.Conn().Write(garbage[:smp.BlockSize/2])

	// TCP without TLS, and TLS without the SMP hello
	raw, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	raw.Write([]byte("GET / HTTP/1.1\r\n\r\n"))
	tcpOnly, _ := net.Dial("tcp", s.addr)
	tlsOnly, _ := net.Dial("tcp", s.addr)
	tc := tls13.Client(tlsOnly, &tls13.Config{VerifyPeer: tls13.PinnedChain(s.fp, time.Now), NextProtos: []string{"smp/1"}})
	go tc.Write(nil)

	// the good client is unaffected
	snd := dial(t, s)
	expect[smp.OK](t, snd.call(nil, q.ids.SndID, smp.SEND{Body: []byte("still here")}))
	if m := expect[smp.MSG](t, good.event().resp); string(q.open(t, m).body) != "still here" {
		t.Fatal("message lost")
	}

	for _, c := range []interface{ Close() error }{g1.tr, g2.tr, g3.tr, raw, tcpOnly, tc, snd.tr} {
		c.Close()
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > base+2 {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("goroutines: %d, was %d\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := s.Stats().Clients; n != 1 {
		t.Fatalf("%d clients left", n)
	}
}

// Close returns while a client stalls mid-block.
func TestCloseWithStalledClient(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s)
	c.tr.Conn().Write(make([]byte, 100))
	done := make(chan error, 1)
	go func() { done <- s.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close hangs on a stalled client")
	}
}
