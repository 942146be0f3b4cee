// Package keys is a stand-in with the exact X448 API that duplex/crypto/keys
// will provide; it lets the ratchet compile before that package lands and is
// deleted when the ratchet switches to it.
package keys

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"io"

	"github.com/cloudflare/circl/dh/x448"
)

// X448Public is a raw X448 public key.
type X448Public [56]byte

// X448Private is an X448 private key.
type X448Private struct{ k x448.Key }

var derPrefix = []byte{0x30, 0x42, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6f, 0x03, 0x39, 0x00}

// GenerateX448 reads 56 bytes from rand.
func GenerateX448(rand io.Reader) (*X448Private, error) {
	var p X448Private
	if _, err := io.ReadFull(rand, p.k[:]); err != nil {
		return nil, err
	}
	return &p, nil
}

// Public returns the public key.
func (p *X448Private) Public() X448Public {
	var pub x448.Key
	x448.KeyGen(&pub, &p.k)
	return X448Public(pub)
}

// DH computes the shared secret.
func (p *X448Private) DH(pub X448Public) ([56]byte, error) {
	var out x448.Key
	k := x448.Key(pub)
	if !x448.Shared(&out, &p.k, &k) {
		return [56]byte{}, errors.New("keys: low-order X448 point")
	}
	var zero [56]byte
	if subtle.ConstantTimeCompare(out[:], zero[:]) == 1 {
		return [56]byte{}, errors.New("keys: zero X448 secret")
	}
	return [56]byte(out), nil
}

// Bytes returns the raw private key.
func (p *X448Private) Bytes() []byte { return append([]byte(nil), p.k[:]...) }

// String never prints the key.
func (p *X448Private) String() string { return "X448Private(redacted)" }

// X448PrivateFromBytes parses a raw private key.
func X448PrivateFromBytes(b []byte) (*X448Private, error) {
	if len(b) != 56 {
		return nil, errors.New("keys: bad X448 private key length")
	}
	var p X448Private
	copy(p.k[:], b)
	return &p, nil
}

// DER returns the SubjectPublicKeyInfo encoding.
func (k X448Public) DER() []byte { return append(append([]byte(nil), derPrefix...), k[:]...) }

// ParseX448PublicDER parses a SubjectPublicKeyInfo encoding.
func ParseX448PublicDER(b []byte) (X448Public, error) {
	if len(b) != len(derPrefix)+56 || !bytes.Equal(b[:len(derPrefix)], derPrefix) {
		return X448Public{}, errors.New("keys: bad X448 DER")
	}
	return X448Public(b[len(derPrefix):]), nil
}
