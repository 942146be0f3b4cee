package sntrup761

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// TestMalformedInputsMatchReference pins what simplexmq's cbits/sntrup761.c
// (compiled with a C NIST DRBG, seed 42×48, word-by-word reads) returns for
// inputs no honest party produces: a garbage ciphertext, a garbage private
// key (its Small fields decode to coefficients of 2), and garbage public
// keys (values above q, reduced by Decode). Matching these shows the
// decoders treat invalid encodings exactly like the reference.
func TestMalformedInputsMatchReference(t *testing.T) {
	rng := wordwise{testRNG(t, 0x42)}
	_, sk := mustKeyPair(t, rng)

	var ct Ciphertext
	for i := range ct {
		ct[i] = byte(i*37 + 11)
	}
	check := func(name string, got []byte, want string) {
		t.Helper()
		if h := hex.EncodeToString(got); h != want {
			t.Errorf("%s = %s, want %s", name, h, want)
		}
	}
	check("garbage ciphertext key", Decapsulate(sk, &ct)[:],
		"f4cfb07473560f70645aaa8c7e9919d8e4d28e8f9dcdcb1b1262693a310970ef")

	var badSK PrivateKey
	for i := range badSK {
		badSK[i] = byte(i*13 + 7)
	}
	check("garbage private key", Decapsulate(&badSK, &ct)[:],
		"73df105bcdae3caec42875628c4ff84578ff603aa260c313c051e5d17c1fe730")

	encap := func(pk *PublicKey) []byte {
		c, k, err := Encapsulate(rng, pk)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(append(c[:], k[:]...))
		return sum[:]
	}
	var pk PublicKey
	for i := range pk {
		pk[i] = 0xff
	}
	check("SHA-256(ct‖key), public key ff…", encap(&pk),
		"fca20a8cb8a323677020b1841ff61f40f407e149a781ab46a7204ce7fa06b5fe")
	for i := range pk {
		pk[i] = byte(i*101 + 3)
	}
	check("SHA-256(ct‖key), patterned public key", encap(&pk),
		"4450f2163d096b4309e2ccd1fc1cbe71993c90d693c5d33b5f70fe1ccdd64b07")
}
