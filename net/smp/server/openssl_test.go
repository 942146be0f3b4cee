package server

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"duplex/net/tls13/certs"
)

// openssl s_client completes a TLS 1.3 handshake with the relay using the
// SimpleX profile (ChaCha20-Poly1305, X25519/X448, Ed25519/Ed448, smp/1)
// and receives the first block (the server hello).
func TestOpenSSLClientHandshake(t *testing.T) {
	bin, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("openssl is required in CI (scripts/apt-test.txt)")
		}
		t.Skip("openssl not installed")
	}
	cases := []struct {
		alg           certs.Alg
		group, sigalg string
		wantSig       string
	}{
		{certs.Ed448, "X448", "ed448", "ed448"},
		{certs.Ed25519, "X25519", "ed25519", "ed25519"},
	}
	for _, tc := range cases {
		t.Run(tc.alg.String(), func(t *testing.T) {
			s := startServer(t, Config{Chain: testChain(t, tc.alg)})
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "s_client", "-connect", s.addr, "-tls1_3",
				"-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256", "-groups", tc.group,
				"-sigalgs", tc.sigalg, "-alpn", "smp/1", "-noservername")
			// Keep stdin open until the hello block has arrived: s_client
			// exits when its stdin ends.
			stdin, _ := cmd.StdinPipe()
			out := &syncBuf{}
			cmd.Stdout, cmd.Stderr = out, out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(15 * time.Second)
			for !strings.Contains(out.String(), "#####") && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			stdin.Close()
			cmd.Wait()
			o := out.String()
			for _, want := range []string{
				"TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256", "ALPN protocol: smp/1",
				"Server Temp Key: " + tc.group, "Peer signature type: " + tc.wantSig,
				"#####", // the padded SMP server hello block
			} {
				if !strings.Contains(o, want) {
					t.Errorf("openssl output lacks %q:\n%s", want, o)
				}
			}
		})
	}
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }
