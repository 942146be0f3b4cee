package box

import (
	"bytes"
	"testing"

	"duplex/crypto/kdf"
)

func TestSbcChains(t *testing.T) {
	salt, secret := []byte("session id"), bytes.Repeat([]byte{3}, 32)
	a1, b1 := SbcInit(salt, secret)
	a2, b2 := SbcInit(salt, secret)
	if a1 != a2 || b1 != b2 {
		t.Fatal("SbcInit not deterministic")
	}
	if a1 == b1 {
		t.Fatal("the two chains start equal")
	}
	// Layout per reference §0: halves of HKDF(salt, secret, SbChainInit, 64).
	out := kdf.HKDF(salt, secret, kdf.InfoSbChainInit, 64)
	if !bytes.Equal(a1[:], out[:32]) || !bytes.Equal(b1[:], out[32:]) {
		t.Fatal("SbcInit split")
	}
	if a3, _ := SbcInit([]byte("other"), secret); a3 == a1 {
		t.Fatal("salt ignored")
	}
	key, nonce, next := SbcHkdf(a1)
	step := kdf.HKDF(nil, a1[:], kdf.InfoSbChain, 88)
	if !bytes.Equal(next[:], step[:32]) || !bytes.Equal(key[:], step[32:64]) || !bytes.Equal(nonce[:], step[64:]) {
		t.Fatal("SbcHkdf split")
	}
	// Walk both chains: every (key, nonce) is distinct within and across them,
	// and a sender/receiver pair that share a chain agree step by step.
	seen := map[SbKey]bool{}
	snd, rcv := a1, a1
	other := b1
	for i := range 100 {
		k1, n1 := snd.Next()
		k2, n2 := rcv.Next()
		ko, _ := other.Next()
		if k1 != k2 || n1 != n2 {
			t.Fatalf("step %d: chains diverged", i)
		}
		if seen[k1] || seen[ko] || k1 == ko {
			t.Fatalf("step %d: key repeated", i)
		}
		seen[k1], seen[ko] = true, true
		c, _ := SbEncrypt(k1, n1, []byte("block"), 64)
		if _, err := SbDecrypt(ko, n1, c); err == nil {
			t.Fatal("other chain's key opened the box")
		}
		if m, err := SbDecrypt(k2, n2, c); err != nil || string(m) != "block" {
			t.Fatal("same chain could not open")
		}
	}
}
