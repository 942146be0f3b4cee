package ratchet

import (
	"crypto/aes"
	"crypto/cipher"

	"duplex/crypto/enc"
)

// gcm16 is AES-256-GCM with 16-byte IVs, as cryptonite does it: the IV goes
// through GHASH to form J0 (standard GCM for non-96-bit IVs).
func gcm16(key [keySize]byte) cipher.AEAD {
	block, err := aes.NewCipher(key[:])
	if err != nil {
		panic("ratchet: aes: " + err.Error()) // 32-byte key: cannot happen
	}
	g, err := cipher.NewGCMWithNonceSize(block, ivSize)
	if err != nil {
		panic("ratchet: gcm: " + err.Error())
	}
	return g
}

// sealPadded pads msg to padTo (pad: w16 length ‖ msg ‖ '#'…) and encrypts
// it; the tag is returned apart because the wire format puts it first.
func sealPadded(key [keySize]byte, iv [ivSize]byte, padTo int, ad, msg []byte) (tag [tagSize]byte, ct []byte, err error) {
	buf := make([]byte, 0, padTo+tagSize)
	buf, err = enc.AppendPad(buf, msg, padTo)
	if err != nil {
		return tag, nil, ErrLargeMessage
	}
	out := gcm16(key).Seal(buf[:0], iv[:], buf, ad)
	n := len(out) - tagSize
	copy(tag[:], out[n:])
	return tag, out[:n], nil
}

// openPadded authenticates and decrypts, then removes the padding (as
// leniently as upstream unPad: the fill is not checked, it is authenticated).
func openPadded(key [keySize]byte, iv []byte, ad, ct, tag []byte) ([]byte, bool) {
	buf := make([]byte, 0, len(ct)+tagSize)
	buf = append(append(buf, ct...), tag...)
	pt, err := gcm16(key).Open(buf[:0], iv, buf, ad)
	if err != nil {
		return nil, false
	}
	msg, err := enc.UnPad(pt)
	if err != nil {
		return nil, false
	}
	return msg, true
}

func canPad(msgLen, padTo int) bool { return msgLen <= 65533 && padTo-msgLen-2 >= 0 }
