package tls13

import (
	"bytes"
	"crypto/ed25519"
	"io"
	"testing"

	"github.com/cloudflare/circl/sign/ed448"

	"duplex/net/tls13/certs"
)

func TestHandshakeProfiles(t *testing.T) {
	for _, tc := range []struct {
		name          string
		alg           certs.Alg
		clientGroups  []Group
		serverGroups  []Group
		wantGroup     Group
		wantHRR       bool
		clientProtos  []string
		serverProtos  []string
		wantALPN      string
		requireClient bool
	}{
		{name: "ed448-x448", alg: certs.Ed448, wantGroup: X448, clientProtos: []string{"smp/1"}, serverProtos: []string{"smp/1"}, wantALPN: "smp/1"},
		{name: "ed25519-x25519", alg: certs.Ed25519, clientGroups: []Group{X25519}, wantGroup: X25519},
		{name: "hrr-to-x25519", alg: certs.Ed25519, serverGroups: []Group{X25519}, wantGroup: X25519, wantHRR: true},
		{name: "server-prefers-x25519-but-share-x448", alg: certs.Ed448, serverGroups: []Group{X25519, X448}, wantGroup: X448},
		{name: "alpn-server-preference", alg: certs.Ed25519, clientProtos: []string{"http/1.1", "xftp/1"}, serverProtos: []string{"xftp/1", "http/1.1"}, wantALPN: "xftp/1"},
		{name: "alpn-server-none", alg: certs.Ed25519, clientProtos: []string{"smp/1"}},
		{name: "client-cert", alg: certs.Ed25519, requireClient: true, wantGroup: X448},
		{name: "client-cert-ed448-hrr", alg: certs.Ed448, requireClient: true, serverGroups: []Group{X25519}, wantGroup: X25519, wantHRR: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := testChain(t, tc.alg, 1)
			cli := testChain(t, tc.alg, 2)
			ccfg := &Config{Rand: seeded(3), Groups: tc.clientGroups, NextProtos: tc.clientProtos, VerifyPeer: pin(srv)}
			scfg := &Config{Rand: seeded(4), Groups: tc.serverGroups, NextProtos: tc.serverProtos, Certificate: srv}
			if tc.requireClient {
				ccfg.Certificate = cli
				scfg.RequireClientCert = true
				scfg.VerifyPeer = pin(cli)
			}
			c, s, cerr, serr := handshakePair(t, ccfg, scfg)
			if cerr != nil || serr != nil {
				t.Fatalf("client: %v, server: %v", cerr, serr)
			}
			cs, ss := c.State(), s.State()
			want := tc.wantGroup
			if want == 0 {
				want = X448
				if tc.clientGroups != nil {
					want = tc.clientGroups[0]
				}
			}
			if cs.Group != want || ss.Group != want || cs.DidHRR != tc.wantHRR || ss.DidHRR != tc.wantHRR {
				t.Fatalf("group %v/%v hrr %v/%v", cs.Group, ss.Group, cs.DidHRR, ss.DidHRR)
			}
			if cs.ALPN != tc.wantALPN || ss.ALPN != tc.wantALPN {
				t.Fatalf("alpn %q/%q", cs.ALPN, ss.ALPN)
			}
			if len(cs.TLSUnique) != 32 || !bytes.Equal(cs.TLSUnique, ss.TLSUnique) {
				t.Fatalf("tls-unique %x / %x", cs.TLSUnique, ss.TLSUnique)
			}
			if len(cs.PeerChain) != 2 || !bytes.Equal(cs.PeerChain[1], srv.Certs[1]) {
				t.Fatal("client peer chain")
			}
			checkKey(t, cs.PeerSigningKey, srv.Key)
			if tc.requireClient {
				checkKey(t, ss.PeerSigningKey, cli.Key)
				if len(ss.PeerChain) != 2 {
					t.Fatal("server peer chain")
				}
			} else if ss.PeerChain != nil || ss.PeerSigningKey != nil {
				t.Fatal("server got a client chain it did not ask for")
			}
			echo(t, c, s)
		})
	}
}

func checkKey(t *testing.T, got any, want *certs.PrivateKey) {
	t.Helper()
	var b []byte
	switch k := got.(type) {
	case ed25519.PublicKey:
		b = k
	case ed448.PublicKey:
		b = k
	default:
		t.Fatalf("peer key type %T", got)
	}
	if !bytes.Equal(b, want.Public().Key) {
		t.Fatal("peer signing key mismatch")
	}
}

// echo sends data both ways and closes with close_notify.
func echo(t *testing.T, c, s *Conn) {
	t.Helper()
	msg := bytes.Repeat([]byte("duplex "), 5000) // spans several records
	go func() {
		buf := make([]byte, len(msg))
		if _, err := io.ReadFull(s, buf); err != nil {
			return
		}
		s.Write(buf)
		s.CloseWrite()
	}()
	if _, err := c.Write(msg); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, msg) {
		t.Fatalf("echo mismatch: %d bytes", len(got))
	}
}

// A relay chain [leaf, identity, root]: the pin is the identity (chain[1]).
func TestThreeCertificateChain(t *testing.T) {
	root, rootKey, err := certs.NewCA(seeded(1), certs.Ed448, "root", testStart, testEnd)
	if err != nil {
		t.Fatal(err)
	}
	rootCert, _ := certs.Parse(root)
	idKey, _ := certs.GenerateKey(seeded(2), certs.Ed448)
	id, err := certs.Create(seeded(2), certs.Template{Subject: "SMP server CA", Organization: "SimpleX", NotBefore: testStart, NotAfter: testEnd, IsCA: true}, idKey.Public(), rootCert, rootKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, leafKey, err := certs.NewLeaf(seeded(3), certs.Ed25519, "localhost", testStart, testEnd, id, idKey)
	if err != nil {
		t.Fatal(err)
	}
	chain := &certs.Chain{Certs: [][]byte{leaf, id, root}, Key: leafKey}
	c, s, cerr, serr := handshakePair(t, &Config{VerifyPeer: PinnedChain(certs.Fingerprint(id), testNow)}, &Config{Certificate: chain})
	if cerr != nil || serr != nil {
		t.Fatal(cerr, serr)
	}
	if len(c.State().PeerChain) != 3 {
		t.Fatal("chain length")
	}
	echo(t, c, s)
}

// XRCP: the desktop (TLS server) learns the host CA from the client chain on
// first pairing: nil pin, then the caller compares the fingerprint itself.
func TestXRCPStyleClientAuth(t *testing.T) {
	desktop, host := testChain(t, certs.Ed25519, 1), testChain(t, certs.Ed25519, 2)
	c, s, cerr, serr := handshakePair(t,
		&Config{VerifyPeer: pin(desktop), Certificate: host},
		&Config{Certificate: desktop, RequireClientCert: true, VerifyPeer: PinnedChain(nil, testNow)})
	if cerr != nil || serr != nil {
		t.Fatal(cerr, serr)
	}
	st := s.State()
	if !bytes.Equal(certs.Fingerprint(st.PeerChain[1]), certs.Fingerprint(host.Certs[1])) {
		t.Fatal("host CA fingerprint")
	}
	if !bytes.Equal(st.TLSUnique, c.State().TLSUnique) {
		t.Fatal("session code material differs")
	}
}
