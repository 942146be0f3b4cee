package links

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"duplex/crypto/box"
)

// Benchmarks report a ratio against a floor measured in the same run
// (never bare times): parsing against net/url's query parser on the same
// string, link-data reading against the two secret-box openings it needs.

// ratio runs the floor operation as many times as the benchmark ran (timer
// stopped) and reports benchmark time / floor time. (testing.Benchmark
// cannot be nested inside a running benchmark: it takes the same lock.)
func ratio(b *testing.B, floor func()) {
	b.StopTimer()
	n := b.N
	if n == 0 {
		return
	}
	start := time.Now()
	for range n {
		floor()
	}
	f := float64(time.Since(start).Nanoseconds()) / float64(n)
	per := float64(b.Elapsed().Nanoseconds()) / float64(n)
	b.ReportMetric(per/f, "ratio")
}

func BenchmarkParseConnRequest(b *testing.B) {
	s := connReqVectors(b)[0].s
	_, q, _ := strings.Cut(s, "?")
	floor := func() {
		if _, err := url.ParseQuery(q); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if _, err := ParseConnRequest(s); err != nil {
			b.Fatal(err)
		}
	}
	ratio(b, floor)
}

func BenchmarkParseShortLink(b *testing.B) {
	s := shortVectors()[8].s
	_, q, _ := strings.Cut(s, "?")
	floor := func() {
		if _, err := url.ParseQuery(q); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if _, err := ParseShortLink(s); err != nil {
			b.Fatal(err)
		}
	}
	ratio(b, floor)
}

func BenchmarkDecryptLinkData(b *testing.B) {
	r := testRand(7)
	c := createLink(b, r, contactConnReq(b), contactData(true, strings.Repeat("x", 1000), nil), nil)
	floor := func() {
		for _, p := range [][]byte{c.fixed, c.user} {
			if _, err := box.SbDecrypt(c.encryptionSK, box.NonceFrom(p[:24]), p[24:]); err != nil {
				b.Fatal(err)
			}
		}
	}
	for b.Loop() {
		if _, _, err := c.link.DecryptLinkData(c.fixed, c.user); err != nil {
			b.Fatal(err)
		}
	}
	ratio(b, floor)
}
