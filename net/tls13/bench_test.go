package tls13

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"testing"

	"duplex/net/tls13/certs"
)

// Benchmarks report our figure and a "ratio" against Go's crypto/tls measured
// in the same run (ratio > 1 means we are faster). Go's TLS 1.3 picks
// AES-GCM on machines with AES-NI and cannot be told otherwise, so the Go
// bulk figure is measured in a child process started with GODEBUG=cpu.aes=off,
// which makes Go negotiate TLS_CHACHA20_POLY1305_SHA256 like us.

const benchChunk = 16 << 10

// drainPair returns a client-side writer whose peer discards everything.
func benchOursPair(b *testing.B, alg certs.Alg, groups []Group) (*Conn, func()) {
	srv := testChain(b, alg, 1)
	c, s, cerr, serr := handshakePair(b, &Config{VerifyPeer: pin(srv), Groups: groups}, &Config{Certificate: srv, Groups: groups})
	if cerr != nil || serr != nil {
		b.Fatal(cerr, serr)
	}
	done := make(chan struct{})
	go func() { io.Copy(io.Discard, s); close(done) }()
	return c, func() { c.Close(); <-done }
}

func benchGoPair(b *testing.B) (*tls.Conn, func()) {
	ch := testChain(b, certs.Ed25519, 1)
	cc, sc := tcpPair(b)
	s := tls.Server(sc, &tls.Config{Certificates: []tls.Certificate{goCert(ch)}, MinVersion: tls.VersionTLS13, SessionTicketsDisabled: true})
	c := tls.Client(cc, &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS13, CurvePreferences: []tls.CurveID{tls.X25519}})
	errc := make(chan error, 1)
	go func() { errc <- s.Handshake() }()
	if err := c.Handshake(); err != nil {
		b.Fatal(err)
	}
	if err := <-errc; err != nil {
		b.Fatal(err)
	}
	done := make(chan struct{})
	go func() { io.Copy(io.Discard, s); close(done) }()
	return c, func() { c.Close(); <-done }
}

func writeLoop(b *testing.B, w io.Writer) {
	buf := make([]byte, benchChunk)
	b.SetBytes(benchChunk)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := w.Write(buf); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
}

// TestGoTLSChaChaThroughputChild runs only as the child of
// BenchmarkThroughput16KB (under GODEBUG=cpu.aes=off). It measures ours and
// Go's 16 KB writes in alternating rounds, so machine noise hits both alike,
// and prints the median ns/op of each.
func TestGoTLSChaChaThroughputChild(t *testing.T) {
	if os.Getenv("DUPLEX_TLS13_BENCH_CHILD") != "1" {
		t.Skip("helper for BenchmarkThroughput16KB")
	}
	var ours, gos []float64
	for round := 0; round < 5; round++ {
		r := testing.Benchmark(func(b *testing.B) {
			c, stop := benchOursPair(b, certs.Ed25519, []Group{X25519})
			defer stop()
			writeLoop(b, c)
		})
		ours = append(ours, float64(r.T.Nanoseconds())/float64(r.N))
		r = testing.Benchmark(func(b *testing.B) {
			c, stop := benchGoPair(b)
			defer stop()
			if s := c.ConnectionState().CipherSuite; s != tls.TLS_CHACHA20_POLY1305_SHA256 {
				b.Fatalf("Go negotiated %s", tls.CipherSuiteName(s))
			}
			writeLoop(b, c)
		})
		gos = append(gos, float64(r.T.Nanoseconds())/float64(r.N))
	}
	fmt.Printf("OURS_NS_PER_OP=%.0f GOTLS_CHACHA_NS_PER_OP=%.0f\n", median(ours), median(gos))
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

var (
	pairOnce         sync.Once
	pairOurs, pairGo float64
	pairErr          error
)

// pairedBulk returns (ours, go) ns per 16 KB write from the child process.
func pairedBulk(b *testing.B) (float64, float64) {
	pairOnce.Do(func() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestGoTLSChaChaThroughputChild$", "-test.count=1", "-test.benchtime=300ms")
		cmd.Env = append(os.Environ(), "DUPLEX_TLS13_BENCH_CHILD=1", "GODEBUG=cpu.aes=off")
		out, err := cmd.CombinedOutput()
		m := regexp.MustCompile(`OURS_NS_PER_OP=(\d+) GOTLS_CHACHA_NS_PER_OP=(\d+)`).FindSubmatch(out)
		if err != nil || m == nil {
			pairErr = fmt.Errorf("child: %v\n%s", err, out)
			return
		}
		pairOurs, _ = strconv.ParseFloat(string(m[1]), 64)
		pairGo, _ = strconv.ParseFloat(string(m[2]), 64)
	})
	if pairErr != nil {
		b.Fatal(pairErr)
	}
	return pairOurs, pairGo
}

// BenchmarkThroughput16KB: 16 KB writes over loopback TCP with
// ChaCha20-Poly1305. ns/op is ours; "ratio" is Go's ns/op over ours from
// interleaved paired rounds (>= 0.8 is the target, > 1 means faster than Go).
func BenchmarkThroughput16KB(b *testing.B) {
	b.Run("ours-vs-go-chacha", func(b *testing.B) {
		oursNs, goNs := pairedBulk(b)
		c, stop := benchOursPair(b, certs.Ed25519, []Group{X25519})
		defer stop()
		writeLoop(b, c)
		b.ReportMetric(goNs/oursNs, "ratio")
		b.ReportMetric(float64(benchChunk)/goNs*1e3, "go-MB/s")
	})
	b.Run("go-aesgcm-reference", func(b *testing.B) {
		c, stop := benchGoPair(b)
		defer stop()
		writeLoop(b, c)
	})
}

func oursHandshake(b *testing.B, srv *certs.Chain, groups []Group) {
	cc, sc := tcpPair(b)
	client := Client(cc, &Config{VerifyPeer: pin(srv), Groups: groups})
	server := Server(sc, &Config{Certificate: srv, Groups: groups})
	errc := make(chan error, 1)
	go func() { errc <- server.Handshake(context.Background()) }()
	if err := client.Handshake(context.Background()); err != nil {
		b.Fatal(err)
	}
	if err := <-errc; err != nil {
		b.Fatal(err)
	}
	cc.Close()
	sc.Close()
}

func goHandshake(b *testing.B, ch *certs.Chain) {
	cc, sc := tcpPair(b)
	s := tls.Server(sc, &tls.Config{Certificates: []tls.Certificate{goCert(ch)}, MinVersion: tls.VersionTLS13, SessionTicketsDisabled: true})
	// Same chain check as ours (certs.VerifyChain), so both do equal work.
	verify := pin(ch)
	c := tls.Client(cc, &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS13, CurvePreferences: []tls.CurveID{tls.X25519},
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error { return verify(raw) }})
	errc := make(chan error, 1)
	go func() { errc <- s.Handshake() }()
	if err := c.Handshake(); err != nil {
		b.Fatal(err)
	}
	if err := <-errc; err != nil {
		b.Fatal(err)
	}
	cc.Close()
	sc.Close()
}

// BenchmarkHandshake: full handshakes (client+server, new loopback TCP
// connection each) per second, Ed25519/X25519, against Go's crypto/tls. The
// Go figure comes from the sibling sub-benchmark that runs first (a nested
// testing.Benchmark would deadlock on the benchmark lock).
func BenchmarkHandshake(b *testing.B) {
	ch := testChain(b, certs.Ed25519, 1)
	var goNs float64
	b.Run("go-ed25519-x25519", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			goHandshake(b, ch)
		}
		goNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		b.ReportMetric(1e9/goNs, "hs/s")
	})
	b.Run("ed25519-x25519", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			oursHandshake(b, ch, []Group{X25519})
		}
		ours := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		b.ReportMetric(1e9/ours, "hs/s")
		if goNs > 0 {
			b.ReportMetric(goNs/ours, "ratio")
		}
	})
	b.Run("ed448-x448", func(b *testing.B) {
		ch448 := testChain(b, certs.Ed448, 2)
		for i := 0; i < b.N; i++ {
			oursHandshake(b, ch448, []Group{X448})
		}
		b.ReportMetric(1e9/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "hs/s")
	})
	b.Run("ed448-hrr", func(b *testing.B) {
		ch448 := testChain(b, certs.Ed448, 2)
		for i := 0; i < b.N; i++ {
			cc, sc := tcpPair(b)
			client := Client(cc, &Config{VerifyPeer: pin(ch448)})
			server := Server(sc, &Config{Certificate: ch448, Groups: []Group{X25519}})
			go server.Handshake(context.Background())
			if err := client.Handshake(context.Background()); err != nil {
				b.Fatal(err)
			}
			cc.Close()
			sc.Close()
		}
		b.ReportMetric(1e9/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "hs/s")
	})
}

var _ net.Conn = (*Conn)(nil)
