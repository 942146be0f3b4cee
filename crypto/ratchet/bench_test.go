package ratchet

import (
	"crypto/aes"
	"crypto/cipher"
	"testing"
	"time"

	"duplex/crypto/keys"
)

// Benchmarks report a "ratio" against a floor measured in the same run, so
// the numbers compare across machines; absolute times are only context.

// floor runs f b.N times outside the benchmark timer and returns ns/op.
func floor(b *testing.B, f func()) float64 {
	b.StopTimer()
	defer b.StartTimer()
	start := time.Now()
	for range b.N {
		f()
	}
	return float64(time.Since(start).Nanoseconds()) / float64(b.N)
}

func report(b *testing.B, floorNs float64, unit string) {
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(floorNs, unit+"-ns/op")
	b.ReportMetric(ns/floorNs, "ratio")
}

// Ratchet encrypt+decrypt of a 16000-byte message padded to 16 KiB, against
// AES-256-GCM seal+open of 16 KiB (the AEAD the ratchet uses for the body).
func BenchmarkEncryptDecrypt16K(b *testing.B) {
	const padTo = 16384
	c := newPair(b, pqNone, 70)
	j, i := c.p["J"], c.p["I"]
	msg := make([]byte, 16000)
	block, _ := aes.NewCipher(make([]byte, 32))
	gcm, _ := cipher.NewGCM(block)
	nonce := make([]byte, 12)
	buf := make([]byte, 0, padTo+16)
	raw := make([]byte, padTo)
	floorNs := floor(b, func() {
		ct := gcm.Seal(buf[:0], nonce, raw, nil)
		if _, err := gcm.Open(raw[:0], nonce, ct, nil); err != nil {
			b.Fatal(err)
		}
	})
	b.SetBytes(padTo)
	b.ResetTimer()
	for range b.N {
		w, err := j.r.Encrypt(msg, padTo)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := i.r.Decrypt(i.rnd, w); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	report(b, floorNs, "aesgcm16k")
}

// A DH ratchet step (receiving a message from the peer's new chain: two
// X448 DHs, a key generation, two root KDFs, and with PQ one sntrup761
// decapsulation, encapsulation and key generation), against one X448 DH.
func BenchmarkDHStep(b *testing.B) {
	for _, tc := range []struct {
		name string
		mode pqMode
	}{{"noPQ", pqNone}, {"PQ", pqAccepted}} {
		b.Run(tc.name, func(b *testing.B) {
			c := newPair(b, tc.mode, 71)
			k, _ := keys.GenerateX448(seeded(72))
			pub := k.Public()
			floorNs := floor(b, func() {
				if _, err := k.DH(pub); err != nil {
					b.Fatal(err)
				}
			})
			msg := []byte("ping")
			from := "J"
			b.ResetTimer()
			for range b.N {
				s, r := c.p[from], c.p[other(from)]
				w, err := s.r.Encrypt(msg, 64)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := r.r.Decrypt(r.rnd, w); err != nil {
					b.Fatal(err)
				}
				from = other(from) // every delivery turns the ratchet
			}
			b.StopTimer()
			report(b, floorNs, "x448dh")
		})
	}
}
