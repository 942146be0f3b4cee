package keys

import (
	"fmt"
	"io"

	"golang.org/x/crypto/curve25519"
)

// X25519Public is a raw RFC 7748 X25519 public key (per-queue DH, server DH,
// cbAuthenticator, XRCP).
type X25519Public [32]byte

// X25519Private is an X25519 private scalar (unclamped, as generated; the
// clamping happens in the scalar multiplication) with its public key.
type X25519Private struct {
	sk  [32]byte
	pub X25519Public
}

// GenerateX25519 makes a key pair from 32 bytes of rand.
func GenerateX25519(rand io.Reader) (*X25519Private, error) {
	var sk [32]byte
	if err := readFull(rand, sk[:]); err != nil {
		return nil, err
	}
	return X25519PrivateFromBytes(sk[:])
}

// X25519PrivateFromBytes restores a private key from its 32 raw bytes.
func X25519PrivateFromBytes(b []byte) (*X25519Private, error) {
	if len(b) != 32 {
		return nil, fmt.Errorf("%w: X25519 private key is %d bytes, want 32", ErrBadEncoding, len(b))
	}
	k := &X25519Private{}
	copy(k.sk[:], b)
	pub, err := curve25519.X25519(k.sk[:], curve25519.Basepoint)
	if err != nil { // cannot happen for the base point
		return nil, err
	}
	copy(k.pub[:], pub)
	return k, nil
}

// Public returns the public key.
func (k *X25519Private) Public() X25519Public { return k.pub }

// Bytes returns a copy of the raw private scalar.
func (k *X25519Private) Bytes() []byte { return append([]byte(nil), k.sk[:]...) }

// DH returns the raw X25519(k, pub) (the reference's DhSecretX25519 — NaCl
// crypto_box applies HSalsa20 to it, see crypto/box). A small-order pub
// gives ErrLowOrder.
func (k *X25519Private) DH(pub X25519Public) ([32]byte, error) {
	var out [32]byte
	s, err := curve25519.X25519(k.sk[:], pub[:])
	if err != nil {
		return out, ErrLowOrder
	}
	copy(out[:], s)
	return out, nil
}

// PKCS8 returns the PKCS#8 encoding of the private key.
func (k *X25519Private) PKCS8() []byte { return encodePKCS8(X25519, k.sk[:]) }

// ParseX25519PrivatePKCS8 parses the exact PKCS#8 form PKCS8 produces.
func ParseX25519PrivatePKCS8(der []byte) (*X25519Private, error) {
	raw, err := parsePKCS8(X25519, der)
	if err != nil {
		return nil, err
	}
	return X25519PrivateFromBytes(raw)
}

// String never prints key material, so keys can be logged by mistake safely.
func (X25519Private) String() string { return "keys.X25519Private(redacted)" }

// GoString hides key material from %#v as well.
func (k X25519Private) GoString() string { return k.String() }

// Format hides key material from every fmt verb (%d, %x, …).
func (k X25519Private) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }

// Algorithm implements PublicKey.
func (X25519Public) Algorithm() Algorithm { return X25519 }

// DER returns the SubjectPublicKeyInfo encoding.
func (p X25519Public) DER() []byte { return encodeSPKI(X25519, p[:]) }

// ParseX25519PublicDER parses the exact SPKI form DER produces.
func ParseX25519PublicDER(der []byte) (X25519Public, error) {
	var p X25519Public
	raw, err := parseSPKI(X25519, der)
	if err != nil {
		return p, err
	}
	copy(p[:], raw)
	return p, nil
}

// X25519PublicFromBytes checks the length of a raw 32-byte key.
func X25519PublicFromBytes(b []byte) (X25519Public, error) {
	var p X25519Public
	if len(b) != len(p) {
		return p, fmt.Errorf("%w: X25519 public key is %d bytes, want 32", ErrBadEncoding, len(b))
	}
	copy(p[:], b)
	return p, nil
}
