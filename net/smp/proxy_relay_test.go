package smp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"duplex/crypto/keys"
	"duplex/net/smp"
	"duplex/net/smp/server"
	"duplex/net/smp/server/smptest"
	"duplex/net/tls13"
	"duplex/net/tls13/certs"
)

// seen records what one relay executed (server.Config.Observe).
type seen struct {
	mu  sync.Mutex
	obs []server.Observation
}

func (s *seen) add(o server.Observation) { s.mu.Lock(); s.obs = append(s.obs, o); s.mu.Unlock() }

func (s *seen) all() []server.Observation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]server.Observation(nil), s.obs...)
}

func newChain(t testing.TB, name string) *certs.Chain {
	t.Helper()
	now := time.Now()
	c, _, err := certs.NewChain(rand.Reader, certs.Ed25519, name+" CA", name, now.Add(-time.Hour), now.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// obsRelay is an in-memory relay with its own identity and an observer.
type obsRelay struct {
	*smptest.Relay
	seen *seen
}

func startObsRelay(t testing.TB, name string, mod func(*server.Config)) *obsRelay {
	t.Helper()
	r := &obsRelay{seen: &seen{}}
	r.Relay = smptest.StartRelay(t, smptest.WithChain(newChain(t, name)), func(cfg *server.Config) {
		cfg.Observe = r.seen.add
		cfg.ProxyConnectTimeout, cfg.ProxyRequestTimeout = 3*time.Second, 3*time.Second
		if mod != nil {
			mod(cfg)
		}
	})
	return r
}

func (r *obsRelay) server() smp.Server { return r.Address().Server }

func connectTo(t testing.TB, s smp.Server, h smp.Handler) *smp.Client {
	t.Helper()
	c, err := smp.Connect(context.Background(), smp.ClientConfig{Server: smp.ServerAddress{Server: s}, Handler: h,
		RequestTimeout: 5 * time.Second, ConnectTimeout: 5 * time.Second,
		ReconnectMin: 20 * time.Millisecond, ReconnectMax: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestProxySendReachesRecipient(t *testing.T) {
	ctx := context.Background()
	a := startObsRelay(t, "proxy-a", nil)
	b := startObsRelay(t, "dest-b", nil)

	hr := newRecorder()
	rcv := connectTo(t, b.server(), hr)
	q := newQueue(t, rcv, smp.QueueModeMessaging)

	snd := connectTo(t, a.server(), newRecorder())
	pr, err := snd.ProxySession(ctx, b.server())
	if err != nil {
		t.Fatalf("ProxySession: %v", err)
	}
	if pr.Version != smp.ProxiedMaxVersion || pr.Range != (smp.VersionRange{Min: 8, Max: 17}) {
		t.Fatalf("proxied version %d range %v, want 17 and 8-17", pr.Version, pr.Range)
	}
	sk, _ := keys.GenerateEd25519(rand.Reader)
	if err := snd.ProxySecureBySender(ctx, pr, q.ids.SndID, sk); err != nil {
		t.Fatalf("SKEY via proxy: %v", err)
	}
	body := []byte("hello through the proxy")
	if err := snd.ProxySend(ctx, pr, q.ids.SndID, sk, true, body); err != nil {
		t.Fatalf("SEND via proxy: %v", err)
	}
	ev := wait(t, hr.msgs, "MSG at the recipient")
	if got := q.open(t, ev.m); !bytes.Equal(got.Body, body) {
		t.Fatalf("recipient got %q", got.Body)
	}
	// The destination's verdicts come back as they are (not as proxy failures).
	other, _ := keys.GenerateEd25519(rand.Reader)
	err = snd.ProxySend(ctx, pr, q.ids.SndID, other, false, []byte("forged"))
	if !errors.Is(err, smp.ErrAuth) || errors.Is(err, smp.ErrProxyDown) || errors.Is(err, smp.ErrDestinationDown) {
		t.Fatalf("SEND with a wrong key: %v, want the destination's ERR AUTH", err)
	}
	// A secured queue refuses a second SKEY with another key: also a verdict.
	if err := snd.ProxySecureBySender(ctx, pr, q.ids.SndID, other); !errors.Is(err, smp.ErrAuth) {
		t.Fatalf("second SKEY: %v", err)
	}

	// What A saw: the sender's address, PRXY and PFWD, never the queue id.
	senderAddrs := map[string]bool{}
	for _, o := range a.seen.all() {
		switch o.Tag {
		case "PRXY", "PFWD", "PING":
		default:
			t.Errorf("proxy executed %s", o.Tag)
		}
		if bytes.Contains(o.Raw, q.ids.SndID) || bytes.Contains(o.Raw, body) {
			t.Errorf("proxy handled the queue id or the body in clear (%s)", o.Tag)
		}
		senderAddrs[o.Remote] = true
	}
	// What B saw: SKEY/SEND from the proxy's connection, never the sender's.
	var sends int
	for _, o := range b.seen.all() {
		if senderAddrs[o.Remote] {
			t.Errorf("destination saw the sender's address %s (%s)", o.Remote, o.Tag)
		}
		if o.Tag == "SEND" {
			sends++
			if !o.Proxied || !bytes.Equal(o.EntityID, q.ids.SndID) {
				t.Errorf("SEND at the destination: proxied=%v entity ok=%v", o.Proxied, bytes.Equal(o.EntityID, q.ids.SndID))
			}
		}
	}
	if sends != 2 || len(senderAddrs) == 0 {
		t.Fatalf("destination saw %d SENDs, proxy saw %d sender addresses", sends, len(senderAddrs))
	}
}

func TestProxySessionShared(t *testing.T) {
	ctx := context.Background()
	a := startObsRelay(t, "proxy-a", nil)
	b := startObsRelay(t, "dest-b", nil)
	rcv := connectTo(t, b.server(), newRecorder())
	q := newQueue(t, rcv, smp.QueueModeMessaging)
	var sessions [][]byte
	for i := 0; i < 2; i++ {
		c := connectTo(t, a.server(), newRecorder())
		pr, err := c.ProxySession(ctx, b.server())
		if err != nil {
			t.Fatal(err)
		}
		if err := c.ProxySend(ctx, pr, q.ids.SndID, nil, false, []byte{byte(i)}); err != nil {
			t.Fatalf("client %d: %v", i, err)
		}
		sessions = append(sessions, pr.SessionID)
	}
	if !bytes.Equal(sessions[0], sessions[1]) {
		t.Fatal("two clients got different proxy→destination sessions")
	}
	remotes := map[string]bool{}
	for _, o := range b.seen.all() {
		if o.Proxied || o.Tag == "RFWD" {
			remotes[o.Remote] = true
		}
	}
	if len(remotes) != 1 {
		t.Fatalf("destination saw forwarded commands from %d connections, want 1", len(remotes))
	}
}

func TestProxyFailures(t *testing.T) {
	ctx := context.Background()
	b := startObsRelay(t, "dest-b", nil)

	t.Run("proxy down", func(t *testing.T) {
		a := startObsRelay(t, "proxy-a", nil)
		c := connectTo(t, a.server(), newRecorder())
		a.Stop()
		_, err := c.ProxySession(ctx, b.server())
		if !errors.Is(err, smp.ErrProxyDown) {
			t.Fatalf("got %v, want ErrProxyDown", err)
		}
	})
	t.Run("destination down", func(t *testing.T) {
		a := startObsRelay(t, "proxy-a", nil)
		gone := startObsRelay(t, "gone", nil)
		dest := gone.server()
		gone.Stop()
		c := connectTo(t, a.server(), newRecorder())
		_, err := c.ProxySession(ctx, dest)
		var pe *smp.Error
		if !errors.Is(err, smp.ErrDestinationDown) || !errors.As(err, &pe) || pe.Proxy == nil || pe.Proxy.Kind != smp.ProxyBroker {
			t.Fatalf("got %v, want ErrDestinationDown with PROXY BROKER", err)
		}
		if !smp.Retryable(err) {
			t.Fatalf("%v should be retryable", err)
		}
	})
	t.Run("destination session lost", func(t *testing.T) {
		a := startObsRelay(t, "proxy-a", nil)
		c := connectTo(t, a.server(), newRecorder())
		pr, err := c.ProxySession(ctx, b.server())
		if err != nil {
			t.Fatal(err)
		}
		pr.SessionID = bytes.Repeat([]byte{1}, len(pr.SessionID))
		err = c.ProxySend(ctx, pr, make([]byte, 24), nil, false, []byte("x"))
		if !errors.Is(err, smp.ErrDestinationDown) {
			t.Fatalf("got %v, want ErrDestinationDown (NO_SESSION)", err)
		}
	})
	t.Run("proxying disabled", func(t *testing.T) {
		a := startObsRelay(t, "proxy-a", func(c *server.Config) { c.ProxyDisabled = true })
		c := connectTo(t, a.server(), newRecorder())
		_, err := c.ProxySession(ctx, b.server())
		if !errors.Is(err, smp.ErrProxyRefused) {
			t.Fatalf("got %v, want ErrProxyRefused", err)
		}
	})
	t.Run("destination too old", func(t *testing.T) {
		a := startObsRelay(t, "proxy-a", nil)
		old := startFakeRelay(t, smp.VersionRange{Min: 6, Max: 7}, nil)
		c := connectTo(t, a.server(), newRecorder())
		_, err := c.ProxySession(ctx, old.server())
		if !errors.Is(err, smp.ErrDestinationTooOld) {
			t.Fatalf("got %v, want ErrDestinationTooOld", err)
		}
	})
}

// fakeRelay speaks the SMP handshake with a chosen range; with pkey set it
// answers every PRXY with pkey (a proxy that lies).
type fakeRelay struct {
	addr  string
	chain *certs.Chain
}

func (f *fakeRelay) server() smp.Server {
	host, port, _ := net.SplitHostPort(f.addr)
	return smp.Server{Hosts: []string{host}, Port: port, KeyHash: certs.Fingerprint(f.chain.Certs[1])}
}

func startFakeRelay(t testing.TB, rng smp.VersionRange, pkey func() smp.PKEY) *fakeRelay {
	t.Helper()
	f := &fakeRelay{chain: newChain(t, "fake")}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = l.Addr().String()
	t.Cleanup(func() { l.Close() })
	tcfg := &tls13.Config{Certificate: f.chain, NextProtos: []string{smp.ALPN}, Groups: []tls13.Group{tls13.X25519, tls13.X448}}
	go func() {
		for {
			nc, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer nc.Close()
				tr, err := smp.ServerHandshake(tls13.Server(nc, tcfg), smp.ServerHandshakeConfig{Chain: f.chain, Range: rng, Timeout: 5 * time.Second})
				if err != nil {
					return
				}
				for {
					ts, err := tr.ReadTransmissions()
					if err != nil {
						return
					}
					for _, raw := range ts {
						tm, err := smp.ParseTransmission(tr.Version(), raw)
						if err != nil || pkey == nil {
							continue
						}
						resp, _ := smp.EncodeResponse(tr.Version(), pkey())
						out, _ := smp.EncodeTransmission(tr.Version(), &smp.Transmission{CorrID: tm.CorrID, EntityID: []byte{}, Command: resp})
						b, _ := smp.EncodeBatch([][]byte{out})
						if tr.WriteBlock(b) != nil {
							return
						}
					}
				}
			}()
		}
	}()
	return f
}

func TestProxyTamperedPKEYRejected(t *testing.T) {
	ctx := context.Background()
	b := startObsRelay(t, "dest-b", nil)
	// B's genuine chain and signed session key, as a proxy would see them.
	tr, err := smp.DialTransport(ctx, b.Addr, smp.DialConfig{KeyHash: b.Fingerprint, ProxyServer: true, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	genuine := *tr.ServerCert()
	tr.Close()
	other := newChain(t, "mitm")
	mitmKey, _ := keys.GenerateX25519(rand.Reader)
	rng := smp.VersionRange{Min: 8, Max: 17}
	for _, tc := range []struct {
		name string
		cert smp.CertChainPubKey
	}{
		{"another relay's chain", smp.CertChainPubKey{Chain: other.Certs, SignedKey: smp.SignSessionKey(other.Key, mitmKey.Public())}},
		{"key signed by another leaf", smp.CertChainPubKey{Chain: genuine.Chain, SignedKey: smp.SignSessionKey(other.Key, mitmKey.Public())}},
		{"leaf swapped", smp.CertChainPubKey{Chain: [][]byte{other.Certs[0], genuine.Chain[1]}, SignedKey: smp.SignSessionKey(other.Key, mitmKey.Public())}},
		{"one certificate", smp.CertChainPubKey{Chain: genuine.Chain[:1], SignedKey: genuine.SignedKey}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			liar := startFakeRelay(t, smp.SupportedRange, func() smp.PKEY {
				return smp.PKEY{SessionID: bytes.Repeat([]byte{7}, 32), Range: rng, Cert: tc.cert}
			})
			c := connectTo(t, liar.server(), newRecorder())
			_, err := c.ProxySession(ctx, b.server())
			if !errors.Is(err, smp.ErrProxyBadRelay) {
				t.Fatalf("got %v, want ErrProxyBadRelay", err)
			}
		})
	}
	// The same fake proxy passing B's genuine answer is accepted.
	honest := startFakeRelay(t, smp.SupportedRange, func() smp.PKEY {
		return smp.PKEY{SessionID: bytes.Repeat([]byte{7}, 32), Range: rng, Cert: genuine}
	})
	c := connectTo(t, honest.server(), newRecorder())
	if _, err := c.ProxySession(ctx, b.server()); err != nil {
		t.Fatalf("genuine PKEY rejected: %v", err)
	}
}
