package smp

import (
	"bytes"
	"crypto/sha256"
	"io"
	"testing"

	"duplex/crypto/keys"
)

// detRand is a deterministic byte stream for reproducible tests.
type detRand struct {
	seed [32]byte
	ctr  uint64
	buf  []byte
}

func newDetRand(label string) *detRand { return &detRand{seed: sha256.Sum256([]byte(label))} }

func (d *detRand) Read(p []byte) (int, error) {
	for n := 0; n < len(p); {
		if len(d.buf) == 0 {
			h := sha256.New()
			h.Write(d.seed[:])
			h.Write([]byte{byte(d.ctr), byte(d.ctr >> 8), byte(d.ctr >> 16), byte(d.ctr >> 24)})
			d.ctr++
			d.buf = h.Sum(nil)
		}
		c := copy(p[n:], d.buf)
		d.buf = d.buf[c:]
		n += c
	}
	return len(p), nil
}

var _ io.Reader = (*detRand)(nil)

func mustEd25519(t testing.TB, label string) *keys.Ed25519Private {
	t.Helper()
	k, err := keys.GenerateEd25519(newDetRand(label))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func mustEd448(t testing.TB, label string) *keys.Ed448Private {
	t.Helper()
	k, err := keys.GenerateEd448(newDetRand(label))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func mustX25519(t testing.TB, label string) *keys.X25519Private {
	t.Helper()
	k, err := keys.GenerateX25519(newDetRand(label))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func fill(n int, b byte) []byte { return bytes.Repeat([]byte{b}, n) }
