package tls13

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"duplex/net/tls13/certs"
)

// Interop with Debian's openssl (3.0): a TLS 1.3 stack with Ed448 and X448
// that we did not write. Each test starts s_server or s_client with chains we
// generate, and checks that the client Finished printed by -msg equals our
// TLSUnique.

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// writePEM writes chain, key and CA files for openssl and returns their paths.
func writePEM(t *testing.T, dir, name string, ch *certs.Chain) (leaf, key, ca string) {
	t.Helper()
	w := func(suffix string, data []byte) string {
		p := filepath.Join(dir, name+suffix)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	return w("-leaf.pem", certs.EncodeCertsPEM(ch.Certs[0])), w("-leaf.key", certs.EncodeKeyPEM(ch.Key)),
		w("-ca.pem", certs.EncodeCertsPEM(ch.Certs[1:]...))
}

type opensslProc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *lockedBuffer
}

func startOpenSSL(t *testing.T, args ...string) *opensslProc {
	t.Helper()
	bin := opensslPath(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	cmd := exec.CommandContext(ctx, bin, args...)
	p := &opensslProc{cmd: cmd, out: &lockedBuffer{}}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	var err error
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.stdin.Close()
		cancel()
		cmd.Wait()
	})
	return p
}

// waitFor polls the process output for re (openssl prints progressively).
func (p *opensslProc) waitFor(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(p.out.String()); m != nil {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("openssl output never matched %v:\n%s", re, p.out.String())
	return nil
}

var finishedRE = regexp.MustCompile(`(>>>|<<<) TLS 1\.3, Handshake \[length 0024\], Finished\n((?:\s+[0-9a-f]{2}(?: [0-9a-f]{2})*\n){3})`)

// clientFinished extracts the client's Finished verify_data from -msg output;
// sentByUs is the arrow openssl uses for messages it sent.
func clientFinished(t *testing.T, out string, arrow string) []byte {
	t.Helper()
	for _, m := range finishedRE.FindAllStringSubmatch(out, -1) {
		if m[1] != arrow {
			continue
		}
		b, err := hex.DecodeString(strings.Join(strings.Fields(m[2]), ""))
		if err != nil || len(b) != 36 || !bytes.Equal(b[:4], []byte{0x14, 0, 0, 0x20}) {
			t.Fatalf("bad Finished dump %q", m[2])
		}
		return b[4:]
	}
	t.Fatalf("no client Finished in openssl output:\n%s", out)
	return nil
}

var acceptRE = regexp.MustCompile(`ACCEPT 127\.0\.0\.1:(\d+)`)

type sServerCase struct {
	alg        certs.Alg
	groups     string // -groups for s_server
	alpn       string
	clientCert bool
	ourGroups  []Group
	wantGroup  Group
	wantHRR    bool
}

func runSServer(t *testing.T, tc sServerCase) {
	dir := t.TempDir()
	srv := testChain(t, tc.alg, 11)
	leaf, key, ca := writePEM(t, dir, "srv", srv)
	args := []string{"s_server", "-accept", "127.0.0.1:0", "-cert", leaf, "-key", key, "-cert_chain", ca,
		"-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256", "-groups", tc.groups, "-msg", "-naccept", "1"}
	if tc.alpn != "" {
		args = append(args, "-alpn", tc.alpn)
	}
	cfg := &Config{Rand: seeded(12), VerifyPeer: PinnedChain(certs.Fingerprint(srv.Certs[1]), time.Now), Groups: tc.ourGroups}
	if tc.alpn != "" {
		cfg.NextProtos = []string{tc.alpn}
	}
	if tc.clientCert {
		cli := testChain(t, tc.alg, 13)
		_, _, cliCA := writePEM(t, dir, "cli", cli)
		args = append(args, "-Verify", "2", "-CAfile", cliCA, "-verify_return_error")
		cfg.Certificate = cli
	}
	p := startOpenSSL(t, args...)
	port := p.waitFor(t, acceptRE)[1]
	nc, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	c := Client(nc, cfg)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.Handshake(ctx); err != nil {
		t.Fatalf("handshake: %v\nopenssl:\n%s", err, p.out.String())
	}
	st := c.State()
	if st.Group != tc.wantGroup || st.DidHRR != tc.wantHRR || st.ALPN != tc.alpn {
		t.Fatalf("state: group %v hrr %v alpn %q", st.Group, st.DidHRR, st.ALPN)
	}
	line := fmt.Sprintf("duplex-%d\n", time.Now().UnixNano())
	if _, err := c.Write([]byte(line)); err != nil {
		t.Fatal(err)
	}
	p.waitFor(t, regexp.MustCompile(regexp.QuoteMeta(line)))
	if got := clientFinished(t, p.out.String(), "<<<"); !bytes.Equal(got, st.TLSUnique) {
		t.Fatalf("openssl saw client Finished %x, our TLSUnique %x", got, st.TLSUnique)
	}
	if tc.alpn != "" && !strings.Contains(p.out.String(), "ALPN protocols advertised by the client: "+tc.alpn) {
		t.Fatalf("openssl output lacks the ALPN line:\n%s", p.out.String())
	}
	if strings.Contains(p.out.String(), "Hostname in TLS extension") {
		t.Fatalf("openssl saw an SNI extension from our client:\n%s", p.out.String())
	}
}

func TestOpenSSLServer_OurClient_Ed448_X448_ALPN(t *testing.T) {
	runSServer(t, sServerCase{alg: certs.Ed448, groups: "X448", alpn: "smp/1", wantGroup: X448})
}

func TestOpenSSLServer_OurClient_Ed448_HRR(t *testing.T) {
	// openssl accepts only X25519; our X448 share forces a HelloRetryRequest.
	runSServer(t, sServerCase{alg: certs.Ed448, groups: "X25519", wantGroup: X25519, wantHRR: true})
}

func TestOpenSSLServer_OurClient_Ed25519_X25519(t *testing.T) {
	runSServer(t, sServerCase{alg: certs.Ed25519, groups: "X25519", ourGroups: []Group{X25519}, wantGroup: X25519})
}

func TestOpenSSLServer_OurClient_Ed448_ClientCert(t *testing.T) {
	runSServer(t, sServerCase{alg: certs.Ed448, groups: "X448:X25519", clientCert: true, wantGroup: X448})
}

type sClientCase struct {
	alg        certs.Alg
	groups     string // -groups for s_client (key share for the first one)
	sigalgs    string
	alpn       string
	clientCert bool
	ourGroups  []Group
	wantGroup  Group
	wantHRR    bool
}

func runSClient(t *testing.T, tc sClientCase) {
	dir := t.TempDir()
	srv := testChain(t, tc.alg, 21)
	_, _, ca := writePEM(t, dir, "srv", srv)
	cfg := &Config{Rand: seeded(22), Certificate: srv, Groups: tc.ourGroups, HandshakeTimeout: 10 * time.Second}
	if tc.alpn != "" {
		cfg.NextProtos = []string{"xftp/1", tc.alpn}
	}
	args := []string{"s_client", "-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256", "-groups", tc.groups,
		"-sigalgs", tc.sigalgs, "-msg", "-noservername", "-CAfile", ca, "-verify_return_error"}
	if tc.alpn != "" {
		args = append(args, "-alpn", tc.alpn)
	}
	var cli *certs.Chain
	if tc.clientCert {
		cli = testChain(t, tc.alg, 23)
		leaf, key, cliCA := writePEM(t, dir, "cli", cli)
		args = append(args, "-cert", leaf, "-key", key, "-cert_chain", cliCA)
		cfg.RequireClientCert = true
		cfg.VerifyPeer = PinnedChain(certs.Fingerprint(cli.Certs[1]), time.Now)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	args = append(args, "-connect", ln.Addr().String())
	p := startOpenSSL(t, args...)
	nc, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	c := Server(nc, cfg)
	defer c.Close()
	if err := c.Handshake(context.Background()); err != nil {
		t.Fatalf("handshake: %v\nopenssl:\n%s", err, p.out.String())
	}
	st := c.State()
	if st.Group != tc.wantGroup || st.DidHRR != tc.wantHRR || st.ALPN != tc.alpn {
		t.Fatalf("state: group %v hrr %v alpn %q", st.Group, st.DidHRR, st.ALPN)
	}
	if tc.clientCert {
		checkKey(t, st.PeerSigningKey, cli.Key)
	}
	line := fmt.Sprintf("duplex-%d\n", time.Now().UnixNano())
	if _, err := p.stdin.Write([]byte(line)); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(line))
	if _, err := io.ReadFull(c, got); err != nil || string(got) != line {
		t.Fatalf("read %q: %v\nopenssl:\n%s", got, err, p.out.String())
	}
	if _, err := c.Write([]byte("echo:" + line)); err != nil {
		t.Fatal(err)
	}
	out := p.waitFor(t, regexp.MustCompile(regexp.QuoteMeta("echo:"+line)))[0]
	_ = out
	text := p.out.String()
	if f := clientFinished(t, text, ">>>"); !bytes.Equal(f, st.TLSUnique) {
		t.Fatalf("openssl sent client Finished %x, our TLSUnique %x", f, st.TLSUnique)
	}
	for _, want := range []string{"Verify return code: 0 (ok)", "TLS_CHACHA20_POLY1305_SHA256"} {
		if !strings.Contains(text, want) {
			t.Fatalf("openssl output lacks %q:\n%s", want, text)
		}
	}
	if tc.alpn != "" && !strings.Contains(text, "ALPN protocol: "+tc.alpn) {
		t.Fatalf("openssl did not report ALPN %q:\n%s", tc.alpn, text)
	}
	// close_notify from our side ends s_client's session cleanly.
	c.CloseWrite()
}

func TestOpenSSLClient_OurServer_Ed448_X448_ALPN(t *testing.T) {
	runSClient(t, sClientCase{alg: certs.Ed448, groups: "X448", sigalgs: "ed448", alpn: "smp/1", wantGroup: X448})
}

func TestOpenSSLClient_OurServer_Ed448_X448_NoALPN(t *testing.T) {
	runSClient(t, sClientCase{alg: certs.Ed448, groups: "X448", sigalgs: "ed448", wantGroup: X448})
}

func TestOpenSSLClient_OurServer_Ed25519_X25519(t *testing.T) {
	runSClient(t, sClientCase{alg: certs.Ed25519, groups: "X25519", sigalgs: "ed25519", alpn: "xftp/1", wantGroup: X25519})
}

func TestOpenSSLClient_OurServer_Ed448_ClientCert(t *testing.T) {
	runSClient(t, sClientCase{alg: certs.Ed448, groups: "X448", sigalgs: "ed448", clientCert: true, wantGroup: X448})
}

func TestOpenSSLClient_OurServer_Ed25519_ClientCert(t *testing.T) {
	runSClient(t, sClientCase{alg: certs.Ed25519, groups: "X25519", sigalgs: "ed25519", clientCert: true, wantGroup: X25519})
}

func TestOpenSSLClient_OurServer_HRR(t *testing.T) {
	// openssl shares X25519 only; our server accepts X448 only => HRR.
	runSClient(t, sClientCase{alg: certs.Ed448, groups: "X25519:X448", sigalgs: "ed448:ed25519", ourGroups: []Group{X448}, wantGroup: X448, wantHRR: true})
}

// Our client against an openssl server that offers only what we refuse: the
// handshake fails cleanly with openssl's alert, without hanging.
func TestOpenSSLServer_OurClient_RefusesOutOfProfile(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"aes-gcm-only", []string{"-ciphersuites", "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384", "-groups", "X25519"}},
		{"p256-only", []string{"-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256", "-groups", "P-256"}},
		{"tls12-only", []string{"-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			srv := testChain(t, certs.Ed448, 31)
			leaf, key, ca := writePEM(t, dir, "srv", srv)
			args := append([]string{"s_server", "-accept", "127.0.0.1:0", "-cert", leaf, "-key", key, "-cert_chain", ca, "-naccept", "1"}, tc.args...)
			if tc.name != "tls12-only" {
				args = append(args, "-tls1_3")
			}
			p := startOpenSSL(t, args...)
			port := p.waitFor(t, acceptRE)[1]
			err := clientTo(t, "127.0.0.1:"+port, &Config{VerifyPeer: pin(srv), HandshakeTimeout: 10 * time.Second})
			var ae *AlertError
			if !errors.As(err, &ae) || !ae.Remote || (ae.Alert != alertHandshakeFailure && ae.Alert != alertProtocolVersion) {
				t.Fatalf("got %v\nopenssl:\n%s", err, p.out.String())
			}
		})
	}
}

// TestOpenSSLClient_OurServer_KeyUpdate: s_client's "K" command sends a
// KeyUpdate requesting ours; data then flows both ways under new keys.
func TestOpenSSLClient_OurServer_KeyUpdate(t *testing.T) {
	dir := t.TempDir()
	srv := testChain(t, certs.Ed448, 41)
	_, _, ca := writePEM(t, dir, "srv", srv)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	p := startOpenSSL(t, "s_client", "-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256", "-groups", "X448",
		"-sigalgs", "ed448", "-noservername", "-CAfile", ca, "-verify_return_error", "-msg", "-connect", ln.Addr().String())
	nc, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	c := Server(nc, &Config{Certificate: srv, HandshakeTimeout: 10 * time.Second})
	defer c.Close()
	if err := c.Handshake(context.Background()); err != nil {
		t.Fatalf("handshake: %v\n%s", err, p.out.String())
	}
	// Our reader processes the KeyUpdate (and answers it) while waiting for data.
	got := make([]byte, len("after-update\n"))
	readErr := make(chan error, 1)
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	go func() { _, err := io.ReadFull(c, got); readErr <- err }()
	p.stdin.Write([]byte("K\n"))
	// s_client treats a whole stdin read as one command: wait for our reply
	// KeyUpdate before sending data.
	p.waitFor(t, regexp.MustCompile(`<<< TLS 1\.3, Handshake \[length 0005\], KeyUpdate`))
	p.stdin.Write([]byte("after-update\n"))
	if err := <-readErr; err != nil || string(got) != "after-update\n" {
		t.Fatalf("read %q: %v\n%s", got, err, p.out.String())
	}
	c.Write([]byte("echo:after-update\n"))
	p.waitFor(t, regexp.MustCompile("echo:after-update"))
	text := p.out.String()
	// Both KeyUpdates appear in openssl's trace: the one it sent and our reply.
	if strings.Count(text, "KeyUpdate") < 2 {
		t.Fatalf("expected KeyUpdate in both directions:\n%s", text)
	}
}

// TestOpenSSLServer_OurClient_KeyUpdate: we send a KeyUpdate requesting
// openssl's, then data flows both ways under the new keys.
func TestOpenSSLServer_OurClient_KeyUpdate(t *testing.T) {
	dir := t.TempDir()
	srv := testChain(t, certs.Ed448, 42)
	leaf, key, ca := writePEM(t, dir, "srv", srv)
	p := startOpenSSL(t, "s_server", "-accept", "127.0.0.1:0", "-cert", leaf, "-key", key, "-cert_chain", ca,
		"-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256", "-groups", "X448", "-msg", "-naccept", "1")
	port := p.waitFor(t, acceptRE)[1]
	nc, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	c := Client(nc, &Config{VerifyPeer: pin(srv), HandshakeTimeout: 10 * time.Second})
	defer c.Close()
	if err := c.UpdateKeys(true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("after-update\n")); err != nil {
		t.Fatal(err)
	}
	p.waitFor(t, regexp.MustCompile(`(?s)<<< TLS 1\.3, Handshake \[length 0005\], KeyUpdate.*after-update`))
	// openssl sends its answering KeyUpdate with its next write (after the
	// two NewSessionTickets, which we drop).
	p.stdin.Write([]byte("from-openssl\n"))
	got := make([]byte, len("from-openssl\n"))
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.ReadFull(c, got); err != nil || string(got) != "from-openssl\n" {
		t.Fatalf("read %q: %v\n%s", got, err, p.out.String())
	}
	p.waitFor(t, regexp.MustCompile(`>>> TLS 1\.3, Handshake \[length 0005\], KeyUpdate`))
}
