package kdf

import (
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"fmt"
	"io"

	"golang.org/x/crypto/hkdf"
)

// HKDF info labels used by the reference implementation.
const (
	InfoSbChainInit  = "SimpleXSbChainInit"
	InfoSbChain      = "SimpleXSbChain"
	InfoX3DH         = "SimpleXX3DH"
	InfoRootRatchet  = "SimpleXRootRatchet"
	InfoChainRatchet = "SimpleXChainRatchet"
	InfoContactLink  = "SimpleXContactLink"
	InfoInvLink      = "SimpleXInvLink"
)

// MaxHKDF is the longest HKDF-SHA512 output (255 blocks of 64 bytes).
const MaxHKDF = 255 * sha512.Size

// HKDF returns n bytes of HKDF-SHA512(salt, ikm, info). n must be in
// 0..MaxHKDF; every caller uses a constant, so a bad n is a programming
// error and panics.
func HKDF(salt, ikm []byte, info string, n int) []byte {
	if n < 0 || n > MaxHKDF {
		panic(fmt.Sprintf("kdf: HKDF output length %d out of range", n))
	}
	out := make([]byte, n)
	r := hkdf.New(sha512.New, ikm, salt, []byte(info))
	if _, err := io.ReadFull(r, out); err != nil {
		panic("kdf: hkdf: " + err.Error()) // unreachable for n ≤ MaxHKDF
	}
	return out
}

// HKDF3 returns HKDF-SHA512(salt, ikm, info) of 96 bytes split into three
// 32-byte keys, the shape of every ratchet derivation (reference hkdf3).
func HKDF3(salt, ikm []byte, info string) (a, b, c [32]byte) {
	out := HKDF(salt, ikm, info, 96)
	copy(a[:], out[0:32])
	copy(b[:], out[32:64])
	copy(c[:], out[64:96])
	return
}

// SHA256 is the SHA-256 digest (chunk digests, key hashes, server fingerprints).
func SHA256(b []byte) [32]byte { return sha256.Sum256(b) }

// SHA512 is the SHA-512 digest (file digests, cbAuthenticator).
func SHA512(b []byte) [64]byte { return sha512.Sum512(b) }

// SHA3_256 is the SHA3-256 digest (short-link hashes).
func SHA3_256(b []byte) [32]byte { return sha3.Sum256(b) }

// SHA3_384 is the SHA3-384 digest (hybrid KEM secret in XRCP).
func SHA3_384(b []byte) [48]byte { return sha3.Sum384(b) }
