package sntrup761

import (
	"crypto/rand"
	"testing"
	"time"

	"github.com/cloudflare/circl/dh/x448"
)

func BenchmarkGenerateKey(b *testing.B) {
	for b.Loop() {
		if _, _, err := GenerateKey(rand.Reader); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncapsulate(b *testing.B) {
	pk, _, _ := GenerateKey(rand.Reader)
	for b.Loop() {
		if _, _, err := Encapsulate(rand.Reader, pk); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecapsulate(b *testing.B) {
	pk, sk, _ := GenerateKey(rand.Reader)
	ct, _, _ := Encapsulate(rand.Reader, pk)
	for b.Loop() {
		Decapsulate(sk, ct)
	}
}

// BenchmarkDecapsulateVsX448 reports how many X448 shared-secret
// computations (the classical half of SimpleX's PQ ratchet step) one
// decapsulation costs; each iteration times one of each, in the same run.
func BenchmarkDecapsulateVsX448(b *testing.B) {
	pk, sk, _ := GenerateKey(rand.Reader)
	ct, _, _ := Encapsulate(rand.Reader, pk)
	var priv, pub, peer, shared x448.Key
	rand.Read(priv[:])
	rand.Read(peer[:])
	x448.KeyGen(&pub, &peer)
	var dec, dh time.Duration
	for b.Loop() {
		t0 := time.Now()
		Decapsulate(sk, ct)
		t1 := time.Now()
		x448.Shared(&shared, &priv, &pub)
		dec += t1.Sub(t0)
		dh += time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(dec.Nanoseconds())/n, "decap-ns/op")
	b.ReportMetric(float64(dh.Nanoseconds())/n, "x448-ns/op")
	b.ReportMetric(float64(dec)/float64(dh), "ratio")
}
