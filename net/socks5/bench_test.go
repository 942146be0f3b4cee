package socks5

import (
	"context"
	"net"
	"testing"
	"time"
)

// BenchmarkDialViaProxy measures a SOCKS handshake through the in-test
// proxy against a direct loopback dial measured in the same run, and
// reports the ratio (proxy/direct) rather than asserting any time.
func BenchmarkDialViaProxy(b *testing.B) {
	p := startFakeProxy(b, true, true, 0)
	d, _ := Config{Proxy: p.l.Addr().String(), Username: "u", Password: "p"}.Session(nil)
	direct := func() time.Duration {
		start := time.Now()
		for i := 0; i < 200; i++ {
			c, err := net.Dial("tcp", p.l.Addr().String())
			if err != nil {
				b.Fatal(err)
			}
			c.Close()
		}
		return time.Since(start) / 200
	}()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		c, err := d.DialContext(context.Background(), "tcp", "relay.example:5223")
		if err != nil {
			b.Fatal(err)
		}
		c.Close()
	}
	per := time.Since(start) / time.Duration(b.N)
	b.ReportMetric(float64(per)/float64(direct), "ratio")
}
