package keys

import (
	"fmt"
	"io"

	"github.com/cloudflare/circl/sign/ed448"
)

// Ed448Public is a raw RFC 8032 Ed448 public key (relay certificates,
// signed server session keys).
type Ed448Public [57]byte

// Ed448Private is an Ed448 signing key (our relays' certificates).
type Ed448Private struct {
	k ed448.PrivateKey
}

// GenerateEd448 makes a key pair from a 57-byte seed read from rand.
func GenerateEd448(rand io.Reader) (*Ed448Private, error) {
	var seed [ed448.SeedSize]byte
	if err := readFull(rand, seed[:]); err != nil {
		return nil, err
	}
	return Ed448PrivateFromBytes(seed[:])
}

// Ed448PrivateFromBytes restores a key from its 57-byte seed.
func Ed448PrivateFromBytes(seed []byte) (*Ed448Private, error) {
	if len(seed) != ed448.SeedSize {
		return nil, fmt.Errorf("%w: Ed448 seed is %d bytes, want 57", ErrBadEncoding, len(seed))
	}
	return &Ed448Private{k: ed448.NewKeyFromSeed(seed)}, nil
}

// Public returns the public key.
func (k *Ed448Private) Public() Ed448Public {
	var p Ed448Public
	copy(p[:], k.k[ed448.SeedSize:])
	return p
}

// Bytes returns a copy of the 57-byte seed.
func (k *Ed448Private) Bytes() []byte { return append([]byte(nil), k.k.Seed()...) }

// Sign returns the 114-byte pure Ed448 signature (empty context) of msg.
func (k *Ed448Private) Sign(msg []byte) []byte { return ed448.Sign(k.k, msg, "") }

// PKCS8 returns the PKCS#8 encoding of the seed.
func (k *Ed448Private) PKCS8() []byte { return encodePKCS8(Ed448, k.k.Seed()) }

// ParseEd448PrivatePKCS8 parses the exact PKCS#8 form PKCS8 produces.
func ParseEd448PrivatePKCS8(der []byte) (*Ed448Private, error) {
	raw, err := parsePKCS8(Ed448, der)
	if err != nil {
		return nil, err
	}
	return Ed448PrivateFromBytes(raw)
}

// String never prints key material, so keys can be logged by mistake safely.
func (Ed448Private) String() string { return "keys.Ed448Private(redacted)" }

// GoString hides key material from %#v as well.
func (k Ed448Private) GoString() string { return k.String() }

// Format hides key material from every fmt verb (%d, %x, …).
func (k Ed448Private) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }

// Algorithm implements PublicKey.
func (Ed448Public) Algorithm() Algorithm { return Ed448 }

// Verify reports whether sig is a valid pure Ed448 signature (empty context).
func (p Ed448Public) Verify(msg, sig []byte) bool {
	return len(sig) == ed448.SignatureSize && ed448.Verify(ed448.PublicKey(p[:]), msg, sig, "")
}

// DER returns the SubjectPublicKeyInfo encoding.
func (p Ed448Public) DER() []byte { return encodeSPKI(Ed448, p[:]) }

// ParseEd448PublicDER parses the exact SPKI form DER produces.
func ParseEd448PublicDER(der []byte) (Ed448Public, error) {
	var p Ed448Public
	raw, err := parseSPKI(Ed448, der)
	if err != nil {
		return p, err
	}
	copy(p[:], raw)
	return p, nil
}

// Ed448PublicFromBytes checks the length of a raw 57-byte key.
func Ed448PublicFromBytes(b []byte) (Ed448Public, error) {
	var p Ed448Public
	if len(b) != len(p) {
		return p, fmt.Errorf("%w: Ed448 public key is %d bytes, want 57", ErrBadEncoding, len(b))
	}
	copy(p[:], b)
	return p, nil
}
