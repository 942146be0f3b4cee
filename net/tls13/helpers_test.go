package tls13

import (
	"context"
	"encoding/hex"
	mrand "math/rand"
	"net"
	"os"
	"os/exec"
	"testing"
	"time"

	"duplex/net/tls13/certs"
)

var (
	testStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	testEnd   = time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC)
	testNow   = func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }
)

func seeded(seed int64) *mrand.Rand { return mrand.New(mrand.NewSource(seed)) }

// testChain returns a [leaf, ca] chain of alg, deterministic per seed.
func testChain(t testing.TB, alg certs.Alg, seed int64) *certs.Chain {
	t.Helper()
	ch, _, err := certs.NewChain(seeded(seed), alg, "ca", "localhost", testStart, testEnd)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

func pin(ch *certs.Chain) func([][]byte) error {
	return PinnedChain(certs.Fingerprint(ch.Certs[1]), testNow)
}

// tcpPair returns both ends of a loopback TCP connection.
func tcpPair(t testing.TB) (client, server net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			done <- nil
			return
		}
		done <- c
	}()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server = <-done
	if server == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { client.Close(); server.Close() })
	return client, server
}

// handshakePair runs both handshakes concurrently and returns both errors.
func handshakePair(t testing.TB, ccfg, scfg *Config) (*Conn, *Conn, error, error) {
	t.Helper()
	cc, sc := tcpPair(t)
	client, server := Client(cc, ccfg), Server(sc, scfg)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- server.Handshake(ctx) }()
	cerr := client.Handshake(ctx)
	if cerr != nil {
		cc.Close() // unblock a server waiting for our next flight
	}
	serr := <-errc
	return client, server, cerr, serr
}

func opensslPath(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("openssl is required when CI is set (scripts/apt-test.txt installs it)")
		}
		t.Skip("openssl not installed")
	}
	return bin
}

func hexs(b []byte) string { return hex.EncodeToString(b) }

func unhex(t testing.TB, s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
