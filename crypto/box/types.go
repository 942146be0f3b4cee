package box

import (
	"errors"
	"fmt"
	"io"
)

// TagSize is the Poly1305 tag length.
const TagSize = 16

// ErrAuth is returned when a box or stream fails authentication (wrong key,
// tampered or truncated ciphertext).
var ErrAuth = errors.New("box: authentication failed")

// SbKey is a symmetric secret-box key (the reference's SbKey).
type SbKey [32]byte

// DHSecret is a raw X25519 shared secret (keys.X25519Private.DH); boxing with
// it is NaCl crypto_box.
type DHSecret [32]byte

// Nonce is a 24-byte XSalsa20 nonce (the reference's CbNonce).
type Nonce [24]byte

// Key is either key kind; the construction is the same for both.
type Key interface{ ~[32]byte }

// RandomSbKey reads a fresh key from rand.
func RandomSbKey(rand io.Reader) (SbKey, error) {
	var k SbKey
	_, err := io.ReadFull(rand, k[:])
	return k, err
}

// RandomNonce reads a fresh nonce from rand.
func RandomNonce(rand io.Reader) (Nonce, error) {
	var n Nonce
	_, err := io.ReadFull(rand, n[:])
	return n, err
}

// SbKeyFromBytes checks the length of a 32-byte key.
func SbKeyFromBytes(b []byte) (SbKey, error) {
	var k SbKey
	if len(b) != len(k) {
		return k, fmt.Errorf("box: SbKey is %d bytes, want 32", len(b))
	}
	copy(k[:], b)
	return k, nil
}

// NonceFromBytes checks the length of a 24-byte nonce.
func NonceFromBytes(b []byte) (Nonce, error) {
	var n Nonce
	if len(b) != len(n) {
		return n, fmt.Errorf("box: nonce is %d bytes, want 24", len(b))
	}
	copy(n[:], b)
	return n, nil
}

// NonceFrom builds a nonce from any bytes as the reference's cbNonce does:
// longer input is truncated, shorter is zero-padded on the right (SMP uses
// the message id as the server→recipient nonce).
func NonceFrom(b []byte) Nonce {
	var n Nonce
	copy(n[:], b)
	return n
}

// Reverse returns the nonce with its bytes in reverse order (reverseNonce).
func (n Nonce) Reverse() Nonce {
	var r Nonce
	for i := range n {
		r[len(n)-1-i] = n[i]
	}
	return r
}

func (SbKey) String() string                  { return "box.SbKey(redacted)" }
func (k SbKey) GoString() string              { return k.String() }
func (k SbKey) Format(f fmt.State, _ rune)    { io.WriteString(f, k.String()) }
func (DHSecret) String() string               { return "box.DHSecret(redacted)" }
func (k DHSecret) GoString() string           { return k.String() }
func (k DHSecret) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }
