package tls13

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"duplex/net/tls13/certs"
)

// Go's crypto/tls is a peer we did not write: Ed25519 and X25519 only.

func goCert(ch *certs.Chain) tls.Certificate {
	return tls.Certificate{Certificate: ch.Certs, PrivateKey: ed25519.NewKeyFromSeed(ch.Key.Seed())}
}

func goPin(ch *certs.Chain) func([][]byte, [][]*x509.Certificate) error {
	fp := certs.Fingerprint(ch.Certs[1])
	return func(raw [][]byte, _ [][]*x509.Certificate) error {
		if len(raw) < 2 || !bytes.Equal(certs.Fingerprint(raw[1]), fp) {
			return errors.New("fingerprint mismatch")
		}
		return nil
	}
}

// goServer starts a crypto/tls echo server on loopback and returns its address.
func goServer(t *testing.T, cfg *tls.Config) (string, chan tls.ConnectionState) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	states := make(chan tls.ConnectionState, 4)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				tc := tls.Server(c, cfg)
				tc.SetDeadline(time.Now().Add(10 * time.Second))
				if err := tc.Handshake(); err != nil {
					return
				}
				states <- tc.ConnectionState()
				io.Copy(tc, tc)
				tc.CloseWrite()
			}()
		}
	}()
	return ln.Addr().String(), states
}

func dialOurs(t *testing.T, addr string, cfg *Config) *Conn {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c := Client(nc, cfg)
	t.Cleanup(func() { c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.Handshake(ctx); err != nil {
		t.Fatal(err)
	}
	return c
}

func roundTrip(t *testing.T, c io.ReadWriter, n int) {
	t.Helper()
	msg := bytes.Repeat([]byte{0x5a}, n)
	go c.Write(msg)
	got := make([]byte, n)
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, msg) {
		t.Fatal("echo mismatch")
	}
}

// TestGoTLSServer_OurClient_HRR: our client offers an X448 share first (like
// the reference); Go has no X448, so it answers with a HelloRetryRequest.
func TestGoTLSServer_OurClient_HRR(t *testing.T) {
	ch := testChain(t, certs.Ed25519, 1)
	addr, states := goServer(t, &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{goCert(ch)}, NextProtos: []string{"smp/1"}})
	c := dialOurs(t, addr, &Config{Rand: seeded(2), VerifyPeer: pin(ch), NextProtos: []string{"smp/1"}})
	st := c.State()
	if !st.DidHRR || st.Group != X25519 || st.ALPN != "smp/1" {
		t.Fatalf("state %+v", st)
	}
	gs := <-states
	if gs.CipherSuite != tls.TLS_CHACHA20_POLY1305_SHA256 || !gs.HelloRetryRequest || gs.CurveID != tls.X25519 {
		t.Fatalf("go state: suite %x hrr %v curve %v", gs.CipherSuite, gs.HelloRetryRequest, gs.CurveID)
	}
	roundTrip(t, c, 100000) // Go also sends NewSessionTicket, which we must drop
}

func TestGoTLSServer_OurClient_X25519(t *testing.T) {
	ch := testChain(t, certs.Ed25519, 1)
	addr, states := goServer(t, &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{goCert(ch)}})
	c := dialOurs(t, addr, &Config{Rand: seeded(2), VerifyPeer: pin(ch), Groups: []Group{X25519}})
	if st := c.State(); st.DidHRR || st.Group != X25519 || st.ALPN != "" {
		t.Fatalf("state %+v", st)
	}
	if gs := <-states; gs.HelloRetryRequest {
		t.Fatal("unexpected HRR")
	}
	roundTrip(t, c, 40000)
}

func TestGoTLSServer_OurClient_ClientCert(t *testing.T) {
	srv, cli := testChain(t, certs.Ed25519, 1), testChain(t, certs.Ed25519, 5)
	addr, states := goServer(t, &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{goCert(srv)},
		ClientAuth: tls.RequireAnyClientCert, VerifyPeerCertificate: goPin(cli)})
	c := dialOurs(t, addr, &Config{Rand: seeded(2), VerifyPeer: pin(srv), Certificate: cli})
	roundTrip(t, c, 1000)
	gs := <-states
	if len(gs.PeerCertificates) != 2 || !bytes.Equal(gs.PeerCertificates[0].Raw, cli.Certs[0]) {
		t.Fatal("Go server did not get our client chain")
	}
}

// TestGoTLSServer_OurClient_KeyUpdate: we rotate our keys and request the
// peer's rotation mid-stream, many times; Go answers each request.
func TestGoTLSServer_OurClient_KeyUpdate(t *testing.T) {
	ch := testChain(t, certs.Ed25519, 1)
	addr, _ := goServer(t, &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{goCert(ch)}})
	c := dialOurs(t, addr, &Config{Rand: seeded(2), VerifyPeer: pin(ch), KeyUpdateAfter: 3})
	for i := 0; i < 5; i++ {
		roundTrip(t, c, 50000)
		if err := c.UpdateKeys(true); err != nil {
			t.Fatal(err)
		}
	}
}

func ourServer(t *testing.T, cfg *Config) (string, chan *Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	conns := make(chan *Conn, 4)
	go func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				c := Server(nc, cfg)
				defer c.Close()
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				if err := c.Handshake(ctx); err != nil {
					t.Logf("server handshake: %v", err)
					conns <- nil
					return
				}
				conns <- c
				io.Copy(c, c)
				c.CloseWrite()
			}()
		}
	}()
	return ln.Addr().String(), conns
}

func dialGo(t *testing.T, addr string, cfg *tls.Config) *tls.Conn {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c := tls.Client(nc, cfg)
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if err := c.Handshake(); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGoTLSClient_OurServer_X25519(t *testing.T) {
	ch := testChain(t, certs.Ed25519, 1)
	addr, conns := ourServer(t, &Config{Rand: seeded(2), Certificate: ch, NextProtos: []string{"smp/1"}})
	gc := dialGo(t, addr, &tls.Config{MinVersion: tls.VersionTLS13, InsecureSkipVerify: true, VerifyPeerCertificate: goPin(ch),
		CurvePreferences: []tls.CurveID{tls.X25519}, NextProtos: []string{"smp/1"}})
	st := (<-conns).State()
	gs := gc.ConnectionState()
	if st.DidHRR || st.Group != X25519 || st.ALPN != "smp/1" || gs.NegotiatedProtocol != "smp/1" || gs.CipherSuite != tls.TLS_CHACHA20_POLY1305_SHA256 {
		t.Fatalf("ours %+v go %+v", st, gs)
	}
	roundTrip(t, gc, 100000)
}

// TestGoTLSClient_OurServer_HRR: Go sends only a SecP256r1MLKEM768 share
// (its fixed order puts hybrids first, and P-256 is not enabled for a
// fallback share); we answer with a HelloRetryRequest for X25519.
func TestGoTLSClient_OurServer_HRR(t *testing.T) {
	ch := testChain(t, certs.Ed25519, 1)
	addr, conns := ourServer(t, &Config{Rand: seeded(2), Certificate: ch})
	gc := dialGo(t, addr, &tls.Config{MinVersion: tls.VersionTLS13, InsecureSkipVerify: true, VerifyPeerCertificate: goPin(ch),
		CurvePreferences: []tls.CurveID{tls.SecP256r1MLKEM768, tls.X25519}})
	st := (<-conns).State()
	if !st.DidHRR || st.Group != X25519 || !gc.ConnectionState().HelloRetryRequest {
		t.Fatalf("ours %+v", st)
	}
	roundTrip(t, gc, 30000)
}

func TestGoTLSClient_OurServer_ClientCert(t *testing.T) {
	srv, cli := testChain(t, certs.Ed25519, 1), testChain(t, certs.Ed25519, 5)
	addr, conns := ourServer(t, &Config{Rand: seeded(2), Certificate: srv, RequireClientCert: true, VerifyPeer: pin(cli)})
	gc := dialGo(t, addr, &tls.Config{MinVersion: tls.VersionTLS13, InsecureSkipVerify: true, VerifyPeerCertificate: goPin(srv),
		Certificates: []tls.Certificate{goCert(cli)}})
	st := (<-conns).State()
	if len(st.PeerChain) != 2 || !bytes.Equal(st.PeerChain[1], cli.Certs[1]) {
		t.Fatal("client chain not received")
	}
	checkKey(t, st.PeerSigningKey, cli.Key)
	roundTrip(t, gc, 1000)
}

// TestGoTLSClient_OurServer_KeyUpdate: our server updates its keys (asking Go
// to update too) every few records while echoing.
func TestGoTLSClient_OurServer_KeyUpdate(t *testing.T) {
	ch := testChain(t, certs.Ed25519, 1)
	addr, _ := ourServer(t, &Config{Rand: seeded(2), Certificate: ch, KeyUpdateAfter: 2})
	gc := dialGo(t, addr, &tls.Config{MinVersion: tls.VersionTLS13, InsecureSkipVerify: true, VerifyPeerCertificate: goPin(ch)})
	for i := 0; i < 4; i++ {
		roundTrip(t, gc, 70000)
	}
}
