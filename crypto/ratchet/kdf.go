package ratchet

import (
	"crypto/sha512"
	"io"

	"golang.org/x/crypto/hkdf"
)

// HKDF info labels (upstream Ratchet.hs).
const (
	infoX3DH  = "SimpleXX3DH"
	infoRoot  = "SimpleXRootRatchet"
	infoChain = "SimpleXChainRatchet"
)

// hkdf3 is HKDF-SHA512 with a 96-byte output cut into three 32-byte keys.
// An empty salt equals the RFC 5869 default (HMAC pads both to zeros).
func hkdf3(salt, ikm []byte, info string) (a, b, c [32]byte) {
	var out [96]byte
	r := hkdf.New(sha512.New, ikm, salt, []byte(info))
	if _, err := io.ReadFull(r, out[:]); err != nil {
		panic("ratchet: hkdf: " + err.Error()) // 96 ≤ 255·64: cannot happen
	}
	copy(a[:], out[0:32])
	copy(b[:], out[32:64])
	copy(c[:], out[64:96])
	return
}

// rootKdf mixes a DH output (and, with PQ, a KEM secret appended to it) into
// the root key: → new root key, chain key, next header key.
func rootKdf(rk [32]byte, dh [dhSize]byte, kemSS []byte) (rk2, ck, nhk [32]byte) {
	ikm := make([]byte, 0, dhSize+len(kemSS))
	ikm = append(append(ikm, dh[:]...), kemSS...)
	return hkdf3(rk[:], ikm, infoRoot)
}

// msgKey is one message's AES key and IV.
type msgKey struct {
	key [keySize]byte
	iv  [ivSize]byte
}

// chainKdf advances a chain key: → next chain key, the message key and IV,
// and the header IV (the last 32 bytes split 16/16).
func chainKdf(ck [32]byte) (ck2 [32]byte, mk msgKey, hdrIV [ivSize]byte) {
	var ivs [32]byte
	ck2, mk.key, ivs = hkdf3(nil, ck[:], infoChain)
	copy(mk.iv[:], ivs[:16])
	copy(hdrIV[:], ivs[16:])
	return
}
