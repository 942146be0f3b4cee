package keys

import (
	"crypto/ed25519"
	"fmt"
	"io"
)

// Ed25519Public is a raw RFC 8032 Ed25519 public key (SMP/XFTP command
// authorisation, short-link signatures, XRCP).
type Ed25519Public [32]byte

// Ed25519Private is an Ed25519 signing key (seed and expanded form).
type Ed25519Private struct {
	k ed25519.PrivateKey
}

// GenerateEd25519 makes a key pair from a 32-byte seed read from rand.
func GenerateEd25519(rand io.Reader) (*Ed25519Private, error) {
	var seed [32]byte
	if err := readFull(rand, seed[:]); err != nil {
		return nil, err
	}
	return Ed25519PrivateFromBytes(seed[:])
}

// Ed25519PrivateFromBytes restores a key from its 32-byte seed.
func Ed25519PrivateFromBytes(seed []byte) (*Ed25519Private, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%w: Ed25519 seed is %d bytes, want 32", ErrBadEncoding, len(seed))
	}
	return &Ed25519Private{k: ed25519.NewKeyFromSeed(seed)}, nil
}

// Public returns the public key.
func (k *Ed25519Private) Public() Ed25519Public {
	var p Ed25519Public
	copy(p[:], k.k[32:])
	return p
}

// Bytes returns a copy of the 32-byte seed.
func (k *Ed25519Private) Bytes() []byte { return append([]byte(nil), k.k.Seed()...) }

// Sign returns the 64-byte pure Ed25519 signature of msg.
func (k *Ed25519Private) Sign(msg []byte) []byte { return ed25519.Sign(k.k, msg) }

// PKCS8 returns the PKCS#8 encoding of the seed.
func (k *Ed25519Private) PKCS8() []byte { return encodePKCS8(Ed25519, k.k.Seed()) }

// ParseEd25519PrivatePKCS8 parses the exact PKCS#8 form PKCS8 produces.
func ParseEd25519PrivatePKCS8(der []byte) (*Ed25519Private, error) {
	raw, err := parsePKCS8(Ed25519, der)
	if err != nil {
		return nil, err
	}
	return Ed25519PrivateFromBytes(raw)
}

// String never prints key material, so keys can be logged by mistake safely.
func (Ed25519Private) String() string { return "keys.Ed25519Private(redacted)" }

// GoString hides key material from %#v as well.
func (k Ed25519Private) GoString() string { return k.String() }

// Format hides key material from every fmt verb (%d, %x, …).
func (k Ed25519Private) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }

// Algorithm implements PublicKey.
func (Ed25519Public) Algorithm() Algorithm { return Ed25519 }

// Verify reports whether sig is a valid signature of msg.
func (p Ed25519Public) Verify(msg, sig []byte) bool {
	return len(sig) == ed25519.SignatureSize && ed25519.Verify(p[:], msg, sig)
}

// DER returns the SubjectPublicKeyInfo encoding.
func (p Ed25519Public) DER() []byte { return encodeSPKI(Ed25519, p[:]) }

// ParseEd25519PublicDER parses the exact SPKI form DER produces.
func ParseEd25519PublicDER(der []byte) (Ed25519Public, error) {
	var p Ed25519Public
	raw, err := parseSPKI(Ed25519, der)
	if err != nil {
		return p, err
	}
	copy(p[:], raw)
	return p, nil
}

// Ed25519PublicFromBytes checks the length of a raw 32-byte key.
func Ed25519PublicFromBytes(b []byte) (Ed25519Public, error) {
	var p Ed25519Public
	if len(b) != len(p) {
		return p, fmt.Errorf("%w: Ed25519 public key is %d bytes, want 32", ErrBadEncoding, len(b))
	}
	copy(p[:], b)
	return p, nil
}
