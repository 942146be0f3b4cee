package smp

import (
	"bytes"
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"duplex/crypto/box"
	"duplex/net/tls13"
	"duplex/net/tls13/certs"
)

var testNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

type testChain struct {
	chain *certs.Chain
	fp    []byte
}

var chainCache sync.Map

func newTestChain(t testing.TB, alg certs.Alg) testChain {
	if c, ok := chainCache.Load(alg); ok {
		return c.(testChain)
	}
	ch, _, err := certs.NewChain(newDetRand("chain"+alg.String()), alg, "SMP server CA", "localhost",
		testNow.Add(-72*time.Hour), testNow.Add(72*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	c := testChain{ch, certs.Fingerprint(ch.Certs[1])}
	chainCache.Store(alg, c)
	return c
}

// relayListener accepts TLS connections and runs fn on each in a goroutine.
func relayListener(t testing.TB, tc testChain, alpn bool, fn func(conn *tls13.Conn)) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &tls13.Config{Certificate: tc.chain, Time: func() time.Time { return testNow }}
	if alpn {
		cfg.NextProtos = []string{ALPN}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				conn := tls13.Server(c, cfg)
				defer conn.Close()
				fn(conn)
			}()
		}
	}()
	return ln.Addr().String()
}

type handshakeResult struct {
	t   *Transport
	err error
}

func dialTest(addr string, fp []byte, rng VersionRange, noALPN bool) (*Transport, error) {
	return DialTransport(context.Background(), addr, DialConfig{KeyHash: fp, Range: rng, NoALPN: noALPN,
		Now: func() time.Time { return testNow }, Timeout: 10 * time.Second, Rand: newDetRand("client")})
}

func TestTransportHandshakeVersions(t *testing.T) {
	for _, alg := range []certs.Alg{certs.Ed25519, certs.Ed448} {
		tc := newTestChain(t, alg)
		for _, c := range []struct {
			name      string
			rng       VersionRange
			noALPN    bool
			want      Version
			encrypted bool
			key       bool
		}{
			{"v6 without ALPN", SupportedRange, true, 6, false, false},
			{"v6 only", VersionRange{6, 6}, false, 6, false, false},
			{"v7-10", VersionRange{7, 10}, false, 10, false, true},
			{"v7", VersionRange{6, 7}, false, 7, false, true},
			{"v11", VersionRange{6, 11}, false, 11, true, true},
			{"v11-18", VersionRange{11, 18}, false, 18, true, true},
		} {
			srvCh := make(chan handshakeResult, 1)
			addr := relayListener(t, tc, true, func(conn *tls13.Conn) {
				st, err := ServerHandshake(conn, ServerHandshakeConfig{Chain: tc.chain, Rand: newDetRand("srv"), Timeout: 10 * time.Second})
				srvCh <- handshakeResult{st, err}
				if err != nil {
					return
				}
				// Echo blocks until the client closes.
				for {
					b, err := st.ReadBlock()
					if err != nil {
						return
					}
					if err := st.WriteBlock(append([]byte("echo:"), b...)); err != nil {
						return
					}
				}
			})
			ct, err := dialTest(addr, tc.fp, c.rng, c.noALPN)
			if err != nil {
				t.Fatalf("%v %s: dial: %v", alg, c.name, err)
			}
			sr := <-srvCh
			if sr.err != nil {
				t.Fatalf("%v %s: server: %v", alg, c.name, sr.err)
			}
			st := sr.t
			if ct.Version() != c.want || st.Version() != c.want {
				t.Fatalf("%v %s: versions client %d server %d, want %d", alg, c.name, ct.Version(), st.Version(), c.want)
			}
			if ct.Encrypted() != c.encrypted || st.Encrypted() != c.encrypted {
				t.Fatalf("%v %s: encrypted client %v server %v", alg, c.name, ct.Encrypted(), st.Encrypted())
			}
			if (ct.ServerKey() != nil) != c.key {
				t.Fatalf("%v %s: server key present = %v", alg, c.name, ct.ServerKey() != nil)
			}
			if c.key && *ct.ServerKey() != st.ServerPrivateKey().Public() {
				t.Fatalf("%v %s: session key mismatch", alg, c.name)
			}
			if !bytes.Equal(ct.SessionID(), st.SessionID()) || len(ct.SessionID()) != 32 {
				t.Fatalf("%v %s: session ids differ", alg, c.name)
			}
			for i, msg := range [][]byte{[]byte("one"), bytes.Repeat([]byte("x"), BlockSize-18-5), {}} {
				if err := ct.WriteBlock(msg); err != nil {
					t.Fatalf("%v %s: write %d: %v", alg, c.name, i, err)
				}
				got, err := ct.ReadBlock()
				if err != nil || !bytes.Equal(got, append([]byte("echo:"), msg...)) {
					t.Fatalf("%v %s: echo %d: %v", alg, c.name, i, err)
				}
			}
			if c.key {
				// cbAuth across the real session keys.
				x := mustX25519(t, "q")
				tr := &Transmission{CorrID: fill(24, 1), EntityID: fill(24, 2), Command: []byte("SUB")}
				if err := Authorize(tr, x, ct.SessionID(), ct.ServerKey()); err != nil {
					t.Fatal(err)
				}
				if !VerifyAuth(tr, x.Public(), st.SessionID(), st.ServerPrivateKey()) {
					t.Fatalf("%v %s: cbAuth does not verify on the relay", alg, c.name)
				}
			}
			if err := ct.WriteBlock(make([]byte, BlockSize)); !errors.Is(err, ErrTransportLargeMsg) {
				t.Fatalf("%v %s: oversize block: %v", alg, c.name, err)
			}
			ct.Close()
		}
	}
}

func TestTransportWrongFingerprint(t *testing.T) {
	tc := newTestChain(t, certs.Ed25519)
	addr := relayListener(t, tc, true, func(conn *tls13.Conn) {
		ServerHandshake(conn, ServerHandshakeConfig{Chain: tc.chain, Timeout: 5 * time.Second})
	})
	other := newTestChain(t, certs.Ed448)
	_, err := dialTest(addr, other.fp, SupportedRange, false)
	var ae *tls13.AlertError
	if !errors.As(err, &ae) || !errors.Is(err, certs.ErrFingerprint) {
		t.Fatalf("wrong fingerprint: %v", err)
	}
}

// rawRelay completes TLS and lets the test write its own hello.
func rawRelay(t *testing.T, tc testChain, hello func(conn *tls13.Conn) []byte) string {
	return relayListener(t, tc, true, func(conn *tls13.Conn) {
		if err := conn.Handshake(context.Background()); err != nil {
			return
		}
		writeHandshakeBlock(conn, hello(conn))
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		readHandshakeBlock(conn)
	})
}

func TestTransportWrongSessionID(t *testing.T) {
	tc := newTestChain(t, certs.Ed25519)
	addr := rawRelay(t, tc, func(conn *tls13.Conn) []byte {
		priv := mustX25519(t, "k")
		h := serverHello{Range: SupportedRange, SessionID: fill(32, 0x55),
			Key: &CertChainPubKey{Chain: tc.chain.Certs, SignedKey: SignSessionKey(tc.chain.Key, priv.Public())}}
		b, _ := h.encode()
		return b
	})
	_, err := dialTest(addr, tc.fp, SupportedRange, false)
	if !errors.Is(err, ErrTransportSession) {
		t.Fatalf("wrong session id: %v", err)
	}
}

func TestTransportBadSessionKey(t *testing.T) {
	tc := newTestChain(t, certs.Ed25519)
	other := newTestChain(t, certs.Ed448)
	cases := map[string]func(conn *tls13.Conn) *CertChainPubKey{
		"signed by another key": func(*tls13.Conn) *CertChainPubKey {
			return &CertChainPubKey{Chain: tc.chain.Certs, SignedKey: SignSessionKey(other.chain.Key, mustX25519(t, "k").Public())}
		},
		"another identity in the hello": func(*tls13.Conn) *CertChainPubKey {
			return &CertChainPubKey{Chain: other.chain.Certs, SignedKey: SignSessionKey(tc.chain.Key, mustX25519(t, "k").Public())}
		},
		"tampered signature": func(*tls13.Conn) *CertChainPubKey {
			s := SignSessionKey(tc.chain.Key, mustX25519(t, "k").Public())
			s[len(s)-1] ^= 1
			return &CertChainPubKey{Chain: tc.chain.Certs, SignedKey: s}
		},
	}
	for name, mk := range cases {
		addr := rawRelay(t, tc, func(conn *tls13.Conn) []byte {
			h := serverHello{Range: SupportedRange, SessionID: conn.State().TLSUnique, Key: mk(conn)}
			b, _ := h.encode()
			return b
		})
		_, err := dialTest(addr, tc.fp, SupportedRange, false)
		if !errors.Is(err, ErrHandshakeBadAuth) {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

func TestTransportServerRejects(t *testing.T) {
	tc := newTestChain(t, certs.Ed25519)
	for name, c := range map[string]struct {
		hello func(sid []byte) clientHello
		want  error
	}{
		"wrong key hash":       {func([]byte) clientHello { return clientHello{Version: 18, KeyHash: fill(32, 1)} }, ErrHandshakeIdentity},
		"version out of range": {func([]byte) clientHello { return clientHello{Version: 19, KeyHash: tc.fp} }, ErrTransportVersion},
		"version too old":      {func([]byte) clientHello { return clientHello{Version: 5, KeyHash: tc.fp} }, ErrTransportVersion},
	} {
		srvCh := make(chan error, 1)
		addr := relayListener(t, tc, true, func(conn *tls13.Conn) {
			_, err := ServerHandshake(conn, ServerHandshakeConfig{Chain: tc.chain, Timeout: 5 * time.Second})
			srvCh <- err
		})
		conn := dialRaw(t, addr, tc.fp)
		if _, err := readHandshakeBlock(conn); err != nil {
			t.Fatal(err)
		}
		b, _ := c.hello(nil).encode()
		writeHandshakeBlock(conn, b)
		if err := <-srvCh; !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
		conn.Close()
	}
}

func TestTransportTamperedBlock(t *testing.T) {
	tc := newTestChain(t, certs.Ed448)
	ready := make(chan *Transport, 1)
	release := make(chan struct{})
	addr := relayListener(t, tc, true, func(conn *tls13.Conn) {
		st, err := ServerHandshake(conn, ServerHandshakeConfig{Chain: tc.chain, Timeout: 5 * time.Second})
		if err != nil {
			ready <- nil
			return
		}
		ready <- st
		<-release
	})
	defer close(release)
	ct, err := dialTest(addr, tc.fp, SupportedRange, false)
	if err != nil {
		t.Fatal(err)
	}
	defer ct.Close()
	st := <-ready
	if st == nil || !st.Encrypted() {
		t.Fatal("no encrypted session")
	}
	// One good block, then one with a flipped bit (made with the relay's
	// own next chain key, so only the tampering is wrong).
	if err := st.WriteBlock([]byte("good")); err != nil {
		t.Fatal(err)
	}
	if b, err := ct.ReadBlock(); err != nil || string(b) != "good" {
		t.Fatalf("good block: %q %v", b, err)
	}
	k, n, _ := box.SbcHkdf(*st.snd)
	blk, _ := box.SbEncrypt(k, n, []byte("evil"), BlockSize-box.TagSize)
	blk[100] ^= 0x01
	st.Conn().Write(blk)
	if _, err := ct.ReadBlock(); !errors.Is(err, ErrTransportBlock) || !errors.Is(err, box.ErrAuth) {
		t.Fatalf("tampered block: %v", err)
	}
}

func TestHelloCodecs(t *testing.T) {
	k := mustX25519(t, "k").Public()
	for _, v := range allVersions {
		h := clientHello{Version: v, KeyHash: fill(32, 1), Key: &k, Proxy: v >= VersionProxyHandshake}
		if v < VersionAuthCmds {
			h.Key = nil
		}
		b, err := h.encode()
		if err != nil {
			t.Fatal(err)
		}
		got, err := parseClientHello(b)
		if err != nil || got.Version != v || !bytes.Equal(got.KeyHash, h.KeyHash) || (got.Key == nil) != (h.Key == nil) || got.Proxy != h.Proxy {
			t.Fatalf("v%d client hello: %+v %v", v, got, err)
		}
		for i := 0; i < 3+32; i++ {
			if _, err := parseClientHello(b[:i]); err == nil {
				t.Fatalf("v%d: client hello prefix %d parsed", v, i)
			}
		}
	}
	tc := newTestChain(t, certs.Ed25519)
	sh := serverHello{Range: SupportedRange, SessionID: fill(32, 2), Key: &CertChainPubKey{Chain: tc.chain.Certs, SignedKey: SignSessionKey(tc.chain.Key, k)}}
	b, _ := sh.encode()
	got, err := parseServerHello(append(b, "future extension"...))
	if err != nil || got.Key == nil || !bytes.Equal(got.Key.SignedKey, sh.Key.SignedKey) || got.Range != sh.Range {
		t.Fatalf("server hello: %+v %v", got, err)
	}
	for i := 0; i < 5+32; i++ {
		if _, err := parseServerHello(b[:i]); err == nil {
			t.Fatalf("server hello prefix %d parsed", i)
		}
	}
	// A v6-only relay sends no key.
	b, _ = serverHello{Range: LegacyRange, SessionID: fill(32, 2), Key: sh.Key}.encode()
	if len(b) != 4+33 {
		t.Fatalf("v6 hello has %d bytes", len(b))
	}
}

// dialRaw opens a pinned TLS connection with ALPN smp/1 and no SMP handshake.
func dialRaw(t *testing.T, addr string, fp []byte) *tls13.Conn {
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	conn := tls13.Client(raw, &tls13.Config{VerifyPeer: tls13.PinnedChain(fp, func() time.Time { return testNow }), NextProtos: []string{ALPN}})
	t.Cleanup(func() { conn.Close() })
	return conn
}
