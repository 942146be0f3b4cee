package smp

import (
	"bytes"
	"io"
	"testing"
	"time"

	"duplex/net/tls13"
	"duplex/net/tls13/certs"
)

// transportPair returns both ends of an SMP session over loopback TLS.
func transportPair(b *testing.B, rng VersionRange) (client, relay *Transport) {
	tc := newTestChain(b, certs.Ed25519)
	got := make(chan *Transport, 1)
	done := make(chan struct{})
	addr := relayListener(b, tc, true, func(conn *tls13.Conn) {
		st, err := ServerHandshake(conn, ServerHandshakeConfig{Chain: tc.chain})
		got <- st
		if err == nil {
			<-done
		}
	})
	b.Cleanup(func() { close(done) }) // runs before the listener's cleanup waits
	ct, err := DialTransport(b.Context(), addr, DialConfig{KeyHash: tc.fp, Range: rng, Now: func() time.Time { return testNow }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ct.Close() })
	return ct, <-got
}

// timeBlocks sends n blocks from w to r and returns the elapsed time.
func timeBlocks(n int, write func() error, read func() error) time.Duration {
	start := time.Now()
	errc := make(chan error, 1)
	go func() {
		for i := 0; i < n; i++ {
			if err := read(); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	for i := 0; i < n; i++ {
		if err := write(); err != nil {
			break
		}
	}
	<-errc
	return time.Since(start)
}

// BenchmarkTransportBlocks: one-way 16 KB blocks through the SMP transport,
// as a ratio to raw 16 KB writes on the same TLS connection (the floor,
// measured in the same run with the same b.N).
func BenchmarkTransportBlocks(b *testing.B) {
	for _, c := range []struct {
		name string
		rng  VersionRange
	}{{"plain-v10", VersionRange{6, 10}}, {"encrypted-v18", SupportedRange}} {
		b.Run(c.name, func(b *testing.B) {
			ct, st := transportPair(b, c.rng)
			raw := make([]byte, BlockSize)
			rbuf := make([]byte, BlockSize)
			floor := timeBlocks(b.N,
				func() error { _, err := ct.Conn().Write(raw); return err },
				func() error { _, err := io.ReadFull(st.Conn(), rbuf); return err })
			content := bytes.Repeat([]byte{'x'}, 16000)
			b.SetBytes(BlockSize)
			b.ResetTimer()
			d := timeBlocks(b.N,
				func() error { return ct.WriteBlock(content) },
				func() error { _, err := st.ReadBlock(); return err })
			b.StopTimer()
			b.ReportMetric(float64(d)/float64(floor), "ratio")
		})
	}
}

// BenchmarkPack: packing 300 signed SUBs into blocks, as a ratio to just
// concatenating the same bytes (the floor).
func BenchmarkPack(b *testing.B) {
	sess := fill(32, 1)
	var ts [][]byte
	for i := 0; i < 300; i++ {
		ts = append(ts, signedSUB(b, 18, sess, i))
	}
	start := time.Now()
	for i := 0; i < b.N; i++ {
		_ = bytes.Join(ts, nil)
	}
	floor := time.Since(start)
	b.ResetTimer()
	start = time.Now()
	for i := 0; i < b.N; i++ {
		Pack(ts)
	}
	b.ReportMetric(float64(time.Since(start))/float64(floor), "ratio")
}
