package tls13

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"duplex/net/tls13/certs"
)

func wantAlert(t *testing.T, err error, alert uint8, remote bool) {
	t.Helper()
	var ae *AlertError
	if !errors.As(err, &ae) || ae.Alert != alert || ae.Remote != remote {
		t.Fatalf("got %v, want %s alert (remote=%v)", err, AlertName(alert), remote)
	}
}

func TestRejectWrongFingerprint(t *testing.T) {
	srv, other := testChain(t, certs.Ed448, 1), testChain(t, certs.Ed448, 2)
	_, _, cerr, serr := handshakePair(t, &Config{VerifyPeer: pin(other)}, &Config{Certificate: srv})
	wantAlert(t, cerr, alertBadCertificate, false)
	if !errors.Is(cerr, certs.ErrFingerprint) {
		t.Fatalf("client: %v", cerr)
	}
	wantAlert(t, serr, alertBadCertificate, true)
}

func TestRejectExpiredCertificate(t *testing.T) {
	old, _, err := certs.NewChain(seeded(1), certs.Ed25519, "ca", "localhost", testStart.AddDate(-5, 0, 0), testStart.AddDate(-1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	_, _, cerr, serr := handshakePair(t, &Config{VerifyPeer: pin(old)}, &Config{Certificate: old})
	wantAlert(t, cerr, alertCertificateExpired, false)
	if !errors.Is(cerr, certs.ErrExpired) {
		t.Fatalf("client: %v", cerr)
	}
	wantAlert(t, serr, alertCertificateExpired, true)
}

func TestRejectChainOutOfOrder(t *testing.T) {
	srv := testChain(t, certs.Ed448, 1)
	swapped := &certs.Chain{Certs: [][]byte{srv.Certs[1], srv.Certs[0]}, Key: srv.Key}
	_, _, cerr, _ := handshakePair(t, &Config{VerifyPeer: PinnedChain(certs.Fingerprint(srv.Certs[0]), testNow)}, &Config{Certificate: swapped})
	if !errors.Is(cerr, certs.ErrChainOrder) {
		t.Fatalf("client: %v", cerr)
	}
}

func TestRejectRSAAndECDSACertificates(t *testing.T) {
	ek, _ := ecdsa.GenerateKey(elliptic.P256(), seeded(1))
	rk, _ := rsa.GenerateKey(seeded(2), 1024)
	for name, key := range map[string]crypto.Signer{"ecdsa": ek, "rsa": rk} {
		t.Run(name, func(t *testing.T) {
			tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "x"}, NotBefore: testStart, NotAfter: testEnd}
			der, err := x509.CreateCertificate(seeded(3), tmpl, tmpl, key.Public(), key)
			if err != nil {
				t.Fatal(err)
			}
			// The server signs with an Ed25519 key but presents the foreign chain.
			ours := testChain(t, certs.Ed25519, 4)
			bad := &certs.Chain{Certs: [][]byte{der, der}, Key: ours.Key}
			_, _, cerr, serr := handshakePair(t, &Config{VerifyPeer: func([][]byte) error { return nil }}, &Config{Certificate: bad})
			wantAlert(t, cerr, alertUnsupportedCertificate, false)
			if !errors.Is(cerr, certs.ErrUnsupportedKey) {
				t.Fatalf("client: %v", cerr)
			}
			wantAlert(t, serr, alertUnsupportedCertificate, true)
		})
	}
}

func TestNilVerifyPeerRejects(t *testing.T) {
	srv := testChain(t, certs.Ed25519, 1)
	_, _, cerr, _ := handshakePair(t, &Config{}, &Config{Certificate: srv})
	if cerr == nil || !strings.Contains(cerr.Error(), "VerifyPeer") {
		t.Fatalf("client: %v", cerr)
	}
	// A server requiring client certificates without VerifyPeer refuses to start.
	_, _, _, serr := handshakePair(t, &Config{VerifyPeer: pin(srv)}, &Config{Certificate: srv, RequireClientCert: true})
	if serr == nil {
		t.Fatal("server accepted RequireClientCert without VerifyPeer")
	}
}

func TestClientCertRequired(t *testing.T) {
	srv, cli := testChain(t, certs.Ed25519, 1), testChain(t, certs.Ed25519, 2)
	_, s, _, serr := handshakePair(t, &Config{VerifyPeer: pin(srv)}, &Config{Certificate: srv, RequireClientCert: true, VerifyPeer: pin(cli)})
	wantAlert(t, serr, alertCertificateRequired, false)
	_ = s
	// A client chain that does not match the pin.
	_, _, _, serr = handshakePair(t, &Config{VerifyPeer: pin(srv), Certificate: srv}, &Config{Certificate: srv, RequireClientCert: true, VerifyPeer: pin(cli)})
	if !errors.Is(serr, certs.ErrFingerprint) {
		t.Fatalf("server: %v", serr)
	}
}

// rawServer accepts one connection and runs f on it.
func rawServer(t *testing.T, f func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		f(c)
	}()
	return ln.Addr().String()
}

func clientTo(t *testing.T, addr string, cfg *Config) error {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c := Client(nc, cfg)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return c.Handshake(ctx)
}

func readRawRecord(t *testing.T, c net.Conn) (uint8, []byte) {
	t.Helper()
	hdr := make([]byte, 5)
	if _, err := io.ReadFull(c, hdr); err != nil {
		t.Fatal(err)
	}
	body := make([]byte, int(hdr[3])<<8|int(hdr[4]))
	if _, err := io.ReadFull(c, body); err != nil {
		t.Fatal(err)
	}
	return hdr[0], body
}

func TestTruncatedHandshake(t *testing.T) {
	srv := testChain(t, certs.Ed25519, 1)
	cfg := &Config{VerifyPeer: pin(srv)}
	// Server closes right after the ClientHello.
	addr := rawServer(t, func(c net.Conn) { readRawRecord(t, c) })
	if err := clientTo(t, addr, cfg); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("got %v", err)
	}
	// Server sends half of a real ServerHello record, then closes.
	addr = rawServer(t, func(c net.Conn) {
		readRawRecord(t, c)
		sh := &serverHello{random: make([]byte, 32), cipherSuite: suiteChaCha20Poly1305, version: versionTLS13, share: keyShare{X448, make([]byte, 56)}}
		m, _ := sh.marshal()
		rec := append([]byte{22, 3, 3, byte(len(m) >> 8), byte(len(m))}, m...)
		c.Write(rec[:len(rec)/2])
	})
	if err := clientTo(t, addr, cfg); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("got %v", err)
	}
	// Our server, fed a truncated ClientHello.
	cc, sc := tcpPair(t)
	go func() {
		hello := testClientHello(t)
		rec := append([]byte{22, 3, 1, byte(len(hello) >> 8), byte(len(hello))}, hello...)
		cc.Write(rec[:len(rec)-10])
		cc.Close()
	}()
	if err := Server(sc, &Config{Certificate: srv}).Handshake(context.Background()); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("server: %v", err)
	}
}

func TestHandshakeTimeout(t *testing.T) {
	srv := testChain(t, certs.Ed25519, 1)
	silent := rawServer(t, func(c net.Conn) { io.Copy(io.Discard, c) })
	start := time.Now()
	err := clientTo(t, silent, &Config{VerifyPeer: pin(srv), HandshakeTimeout: 150 * time.Millisecond})
	if !errors.Is(err, ErrHandshakeTimeout) {
		t.Fatalf("got %v", err)
	}
	if time.Since(start) > 8*time.Second {
		t.Fatal("timeout did not bound the handshake")
	}
	// Context cancellation works the same way, on the server side too.
	cc, sc := tcpPair(t)
	_ = cc
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if err := Server(sc, &Config{Certificate: srv}).Handshake(ctx); err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Fatalf("server: %v", err)
	}
}

// testClientHello is a well-formed ClientHello as our client builds it.
func testClientHello(t testing.TB) []byte {
	_, pub, err := newECDHE(seeded(1), X25519)
	if err != nil {
		t.Fatal(err)
	}
	ch := &clientHello{random: make([]byte, 32), cipherSuites: []uint16{suiteChaCha20Poly1305}, compression: []uint8{0},
		versions: []uint16{versionTLS13}, groups: []Group{X25519, X448}, sigAlgs: ourSigAlgs,
		keyShares: []keyShare{{X25519, pub}}, alpn: []string{"smp/1"}}
	m, err := ch.marshal()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// serverAnswer sends one raw ClientHello record to our server and returns
// the server's handshake error and its first record.
func serverAnswer(t *testing.T, hello []byte) (error, uint8, []byte) {
	t.Helper()
	srv := testChain(t, certs.Ed25519, 1)
	cc, sc := tcpPair(t)
	errc := make(chan error, 1)
	go func() { errc <- Server(sc, &Config{Certificate: srv}).Handshake(context.Background()) }()
	cc.Write(append([]byte{22, 3, 1, byte(len(hello) >> 8), byte(len(hello))}, hello...))
	cc.SetDeadline(time.Now().Add(10 * time.Second))
	typ, body := readRawRecord(t, cc)
	if typ != recordAlert {
		cc.Close()
	}
	return <-errc, typ, body
}

func TestServerRejectsProfileViolations(t *testing.T) {
	_, pub, _ := newECDHE(seeded(1), X25519)
	base := func() *clientHello {
		return &clientHello{random: make([]byte, 32), cipherSuites: []uint16{suiteChaCha20Poly1305}, compression: []uint8{0},
			versions: []uint16{versionTLS13}, groups: []Group{X25519}, sigAlgs: ourSigAlgs, keyShares: []keyShare{{X25519, pub}}}
	}
	p256 := make([]byte, 65)
	p256[0] = 4
	for _, tc := range []struct {
		name  string
		edit  func(*clientHello)
		alert uint8
	}{
		{"aes-gcm only", func(c *clientHello) { c.cipherSuites = []uint16{0x1301, 0x1302} }, alertHandshakeFailure},
		{"p256 only", func(c *clientHello) { c.groups = []Group{23}; c.keyShares = []keyShare{{23, p256}} }, alertHandshakeFailure},
		{"tls12 only", func(c *clientHello) { c.versions = []uint16{versionTLS12} }, alertProtocolVersion},
		{"ecdsa sigalgs only", func(c *clientHello) { c.sigAlgs = []uint16{0x0403} }, alertHandshakeFailure},
		{"compression", func(c *clientHello) { c.compression = []uint8{1, 0} }, alertIllegalParameter},
		{"bad x25519 share", func(c *clientHello) { c.keyShares = []keyShare{{X25519, []byte{1, 2, 3}}} }, alertIllegalParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := base()
			tc.edit(ch)
			m, err := ch.marshal()
			if err != nil {
				t.Fatal(err)
			}
			serr, typ, body := serverAnswer(t, m)
			wantAlert(t, serr, tc.alert, false)
			if typ != recordAlert || !bytes.Equal(body, []byte{2, tc.alert}) {
				t.Fatalf("peer saw record %d %x", typ, body)
			}
		})
	}
}

// TestServerIgnoresPSKAndEarlyData: a resumption/0-RTT offer gets a full
// handshake: the ServerHello selects no PSK.
func TestServerIgnoresPSKAndEarlyData(t *testing.T) {
	hello := testClientHello(t)
	// Append early_data and a (last) pre_shared_key extension by hand.
	psk := []byte{0, 42, 0, 0, 0, 41, 0, 11, 0, 5, 0, 1, 'x', 0, 0, 0, 0, 0, 0}
	psk = psk[:4+4+2+2+1+4] // early_data{} + pre_shared_key{identities: [{"x", age 0}]} (binders omitted: never read)
	psk[7] = byte(len(psk) - 8)
	hello = appendExtensions(t, hello, psk)
	serr, typ, body := serverAnswer(t, hello)
	if typ != recordHandshake {
		t.Fatalf("server answered record %d %x (err %v)", typ, body, serr)
	}
	sh, err := parseServerHello(body)
	if err != nil || sh.hasPSK || sh.isHRR() {
		t.Fatalf("ServerHello %+v %v", sh, err)
	}
}

// appendExtensions adds raw extension bytes to a marshalled ClientHello.
func appendExtensions(t *testing.T, hello, ext []byte) []byte {
	out := append(append([]byte{}, hello...), ext...)
	n := len(out) - 4
	out[1], out[2], out[3] = byte(n>>16), byte(n>>8), byte(n)
	// The extensions block is the tail of the message: patch its length.
	ch, err := parseClientHello(hello)
	if err != nil {
		t.Fatal(err)
	}
	extStart := 4 + 2 + 32 + 1 + len(ch.sessionID) + 2 + 2*len(ch.cipherSuites) + 1 + len(ch.compression)
	el := len(out) - extStart - 2
	out[extStart], out[extStart+1] = byte(el>>8), byte(el)
	return out
}

func TestClientSendsNoSNI(t *testing.T) {
	srv := testChain(t, certs.Ed25519, 1)
	got := make(chan []byte, 1)
	addr := rawServer(t, func(c net.Conn) {
		_, body := readRawRecord(t, c)
		got <- body
	})
	clientTo(t, addr, &Config{VerifyPeer: pin(srv), NextProtos: []string{"smp/1"}})
	ch, err := parseClientHello(<-got)
	if err != nil {
		t.Fatal(err)
	}
	if ch.serverName || ch.hasPSK || ch.earlyData || len(ch.keyShares) != 1 || ch.keyShares[0].group != X448 {
		t.Fatalf("ClientHello %+v", ch)
	}
	if !contains16(ch.sigAlgs, schemeEd25519) || !contains16(ch.sigAlgs, schemeEd448) || len(ch.cipherSuites) != 1 {
		t.Fatalf("ClientHello offers %v %v", ch.sigAlgs, ch.cipherSuites)
	}
}

// A client that rejects our ServerHello sends a plaintext alert while we
// already expect its encrypted flight: the server reports the peer's alert.
func TestPlaintextAlertDuringHandshake(t *testing.T) {
	srv := testChain(t, certs.Ed25519, 1)
	cc, sc := tcpPair(t)
	errc := make(chan error, 1)
	go func() { errc <- Server(sc, &Config{Certificate: srv}).Handshake(context.Background()) }()
	hello := testClientHello(t)
	cc.Write(append([]byte{22, 3, 1, byte(len(hello) >> 8), byte(len(hello))}, hello...))
	readRawRecord(t, cc) // ServerHello and the encrypted flight follow
	cc.Write([]byte{recordAlert, 3, 3, 0, 2, 2, alertIllegalParameter})
	wantAlert(t, <-errc, alertIllegalParameter, true)
}
