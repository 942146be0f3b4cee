package certs

import (
	"crypto/ed25519"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"

	"github.com/cloudflare/circl/sign/ed448"
)

// Alg is a signature algorithm of a certificate key.
type Alg uint8

// Values are explicit because they may be stored.
const (
	Ed25519 Alg = 1
	Ed448   Alg = 2
)

func (a Alg) String() string {
	switch a {
	case Ed25519:
		return "Ed25519"
	case Ed448:
		return "Ed448"
	}
	return fmt.Sprintf("Alg(%d)", uint8(a))
}

// ErrUnsupportedKey reports a certificate or key that is not Ed25519/Ed448
// (for example RSA or ECDSA).
var ErrUnsupportedKey = errors.New("certs: unsupported key algorithm (only Ed25519 and Ed448)")

// PublicKey is an Ed25519 or Ed448 public key.
type PublicKey struct {
	Alg Alg
	Key []byte // 32 bytes (Ed25519) or 57 bytes (Ed448)
}

// Verify reports whether sig is a valid pure-EdDSA signature of msg (empty context).
func (p PublicKey) Verify(msg, sig []byte) bool {
	switch p.Alg {
	case Ed25519:
		return len(p.Key) == ed25519.PublicKeySize && ed25519.Verify(ed25519.PublicKey(p.Key), msg, sig)
	case Ed448:
		return len(p.Key) == ed448.PublicKeySize && ed448.Verify(ed448.PublicKey(p.Key), msg, sig, "")
	}
	return false
}

// Crypto returns the key as ed25519.PublicKey or ed448.PublicKey.
func (p PublicKey) Crypto() any {
	if p.Alg == Ed448 {
		return ed448.PublicKey(p.Key)
	}
	return ed25519.PublicKey(p.Key)
}

// Equal compares algorithm and key bytes.
func (p PublicKey) Equal(q PublicKey) bool {
	return p.Alg == q.Alg && subtle.ConstantTimeCompare(p.Key, q.Key) == 1
}

func (p PublicKey) String() string {
	return fmt.Sprintf("%v:%s", p.Alg, base64.RawURLEncoding.EncodeToString(p.Key))
}

// PrivateKey is an Ed25519 or Ed448 signing key. String never prints the secret.
type PrivateKey struct {
	alg  Alg
	k255 ed25519.PrivateKey
	k448 ed448.PrivateKey
}

// GenerateKey makes a new key of the given algorithm from rand.
func GenerateKey(rand io.Reader, alg Alg) (*PrivateKey, error) {
	// Read the seed ourselves: recent Go releases ignore the rand argument of
	// ed25519.GenerateKey, and tests need reproducible keys.
	var n int
	switch alg {
	case Ed25519:
		n = ed25519.SeedSize
	case Ed448:
		n = ed448.SeedSize
	default:
		return nil, ErrUnsupportedKey
	}
	seed := make([]byte, n)
	if _, err := io.ReadFull(rand, seed); err != nil {
		return nil, err
	}
	return NewKeyFromSeed(alg, seed)
}

// NewKeyFromSeed rebuilds a key from its RFC 8410 seed (32 or 57 bytes).
func NewKeyFromSeed(alg Alg, seed []byte) (*PrivateKey, error) {
	switch {
	case alg == Ed25519 && len(seed) == ed25519.SeedSize:
		return &PrivateKey{alg: alg, k255: ed25519.NewKeyFromSeed(seed)}, nil
	case alg == Ed448 && len(seed) == ed448.SeedSize:
		return &PrivateKey{alg: alg, k448: ed448.NewKeyFromSeed(seed)}, nil
	}
	return nil, fmt.Errorf("certs: bad %v seed length %d", alg, len(seed))
}

// Alg returns the key's algorithm.
func (k *PrivateKey) Alg() Alg { return k.alg }

// Seed returns the secret seed (for PKCS#8 storage).
func (k *PrivateKey) Seed() []byte {
	if k.alg == Ed448 {
		return k.k448.Seed()
	}
	return k.k255.Seed()
}

// Public returns the public half.
func (k *PrivateKey) Public() PublicKey {
	if k.alg == Ed448 {
		return PublicKey{Alg: Ed448, Key: []byte(k.k448.Public().(ed448.PublicKey))}
	}
	return PublicKey{Alg: Ed25519, Key: []byte(k.k255.Public().(ed25519.PublicKey))}
}

// Sign returns the pure EdDSA signature of msg (empty context).
func (k *PrivateKey) Sign(msg []byte) []byte {
	if k.alg == Ed448 {
		return ed448.Sign(k.k448, msg, "")
	}
	return ed25519.Sign(k.k255, msg)
}

// String prints the algorithm and the public key only.
func (k *PrivateKey) String() string { return "PrivateKey(" + k.Public().String() + ")" }

// GoString keeps %#v from printing the secret too.
func (k *PrivateKey) GoString() string { return k.String() }
