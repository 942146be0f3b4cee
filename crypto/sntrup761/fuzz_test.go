package sntrup761

import (
	"bytes"
	"sync"
	"testing"
)

var fuzzKeys = sync.OnceValues(func() (*PrivateKey, *[2]any) {
	rng := testRNG(nil, 10)
	pk, sk, err := GenerateKey(rng)
	if err != nil {
		panic(err)
	}
	ct, ss, err := Encapsulate(rng, pk)
	if err != nil {
		panic(err)
	}
	return sk, &[2]any{ct, ss}
})

// FuzzDecapsulate feeds arbitrary bytes as a ciphertext (zero-padded or
// truncated to CiphertextSize, the only shape the API admits). It must never
// panic, must be deterministic, and must return the real key exactly for
// the real ciphertext and the rejection key for everything else.
func FuzzDecapsulate(f *testing.F) {
	sk, pair := fuzzKeys()
	good := pair[0].(*Ciphertext)
	f.Add(good[:])
	f.Add(make([]byte, CiphertextSize))
	f.Add(bytes.Repeat([]byte{0xff}, CiphertextSize))
	f.Add(append(bytes.Clone(good[:roundedBytes]), make([]byte, hashBytes)...))
	f.Add([]byte("short"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var ct Ciphertext
		copy(ct[:], in)
		got := Decapsulate(sk, &ct)
		if again := Decapsulate(sk, &ct); *again != *got {
			t.Fatal("non-deterministic")
		}
		if ct == *good {
			if *got != *pair[1].(*SharedKey) {
				t.Fatal("real ciphertext rejected")
			}
		} else if *got != rejectionKey(sk, &ct) {
			t.Fatal("altered ciphertext not rejected by the rule")
		}
	})
}

// FuzzEncapsulate treats arbitrary bytes as a public key: never panics.
func FuzzEncapsulate(f *testing.F) {
	sk, _ := fuzzKeys()
	f.Add(sk[skPK:skRho])
	f.Add(bytes.Repeat([]byte{0xff}, PublicKeySize))
	f.Fuzz(func(t *testing.T, in []byte) {
		var pk PublicKey
		copy(pk[:], in)
		if _, _, err := Encapsulate(testRNG(t, 11), &pk); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzParse: the parsers accept exactly the right lengths and copy.
func FuzzParse(f *testing.F) {
	f.Add(make([]byte, PublicKeySize))
	f.Add(make([]byte, CiphertextSize))
	f.Add(make([]byte, PrivateKeySize))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		pk, err := ParsePublicKey(in)
		if (err == nil) != (len(in) == PublicKeySize) || (err == nil && !bytes.Equal(pk[:], in)) {
			t.Fatal("ParsePublicKey")
		}
		ct, err := ParseCiphertext(in)
		if (err == nil) != (len(in) == CiphertextSize) || (err == nil && !bytes.Equal(ct[:], in)) {
			t.Fatal("ParseCiphertext")
		}
		sk, err := ParsePrivateKey(in)
		if (err == nil) != (len(in) == PrivateKeySize) || (err == nil && !bytes.Equal(sk[:], in)) {
			t.Fatal("ParsePrivateKey")
		}
	})
}
