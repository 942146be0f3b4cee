package box

import (
	"fmt"
	"io"

	"duplex/crypto/kdf"
)

// ChainKey is a secret-box chain key (the reference's SbChainKey).
type ChainKey [32]byte

// SbcInit derives the two chain keys from a shared secret:
// HKDF-SHA512(salt, secret, "SimpleXSbChainInit", 64) split in halves. SMP
// uses salt = session id; XRCP uses an empty salt. Which half sends and
// which receives is the protocol's choice (the two sides swap them).
func SbcInit(salt, secret []byte) (ChainKey, ChainKey) {
	out := kdf.HKDF(salt, secret, kdf.InfoSbChainInit, 64)
	var a, b ChainKey
	copy(a[:], out[:32])
	copy(b[:], out[32:])
	clear(out)
	return a, b
}

// SbcHkdf advances a chain: HKDF-SHA512("", ck, "SimpleXSbChain", 88) →
// next chain key ‖ SbKey ‖ nonce.
func SbcHkdf(ck ChainKey) (SbKey, Nonce, ChainKey) {
	out := kdf.HKDF(nil, ck[:], kdf.InfoSbChain, 88)
	var next ChainKey
	var key SbKey
	var nonce Nonce
	copy(next[:], out[0:32])
	copy(key[:], out[32:64])
	copy(nonce[:], out[64:88])
	clear(out)
	return key, nonce, next
}

// Next advances the chain in place and returns the key and nonce for one
// message.
func (ck *ChainKey) Next() (SbKey, Nonce) {
	key, nonce, next := SbcHkdf(*ck)
	*ck = next
	return key, nonce
}

func (ChainKey) String() string               { return "box.ChainKey(redacted)" }
func (k ChainKey) GoString() string           { return k.String() }
func (k ChainKey) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }
