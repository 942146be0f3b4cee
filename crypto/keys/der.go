package keys

import (
	"errors"
	"fmt"
	"io"
)

// Algorithm names a key algorithm. Values are explicit: they may be stored.
type Algorithm uint8

const (
	Ed25519 Algorithm = 1
	X25519  Algorithm = 2
	Ed448   Algorithm = 3
	X448    Algorithm = 4
)

func (a Algorithm) String() string {
	switch a {
	case Ed25519:
		return "Ed25519"
	case X25519:
		return "X25519"
	case Ed448:
		return "Ed448"
	case X448:
		return "X448"
	}
	return fmt.Sprintf("Algorithm(%d)", uint8(a))
}

// oid is the last byte of the RFC 8410 OID 1.3.101.x.
func (a Algorithm) oid() byte {
	switch a {
	case Ed25519:
		return 0x70
	case X25519:
		return 0x6e
	case Ed448:
		return 0x71
	case X448:
		return 0x6f
	}
	return 0
}

// KeySize is the raw key length (public key; private seed/scalar are equal).
func (a Algorithm) KeySize() int {
	switch a {
	case Ed25519, X25519:
		return 32
	case Ed448:
		return 57
	case X448:
		return 56
	}
	return 0
}

var (
	// ErrBadEncoding: the DER/PKCS#8/raw bytes are not a key of the expected kind.
	ErrBadEncoding = errors.New("keys: invalid key encoding")
	// ErrLowOrder: DH with a small-order public key (all-zero shared secret).
	ErrLowOrder = errors.New("keys: low-order public key")
)

// SPKIPrefix returns the fixed DER SubjectPublicKeyInfo prefix for a.
func SPKIPrefix(a Algorithm) []byte {
	n := a.KeySize()
	return []byte{0x30, byte(n + 10), 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, a.oid(), 0x03, byte(n + 1), 0x00}
}

// PKCS8Prefix returns the fixed PKCS#8 v1 prefix for a.
func PKCS8Prefix(a Algorithm) []byte {
	n := a.KeySize()
	return []byte{0x30, byte(n + 14), 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, a.oid(), 0x04, byte(n + 2), 0x04, byte(n)}
}

func encodeSPKI(a Algorithm, key []byte) []byte { return append(SPKIPrefix(a), key...) }

func encodePKCS8(a Algorithm, key []byte) []byte { return append(PKCS8Prefix(a), key...) }

// parsePrefixed returns the raw key after prefix, requiring the exact length.
func parsePrefixed(a Algorithm, kind string, prefix, der []byte) ([]byte, error) {
	if len(der) != len(prefix)+a.KeySize() {
		return nil, fmt.Errorf("%w: %s %s is %d bytes, want %d", ErrBadEncoding, a, kind, len(der), len(prefix)+a.KeySize())
	}
	for i, b := range prefix {
		if der[i] != b {
			return nil, fmt.Errorf("%w: %s %s: unexpected byte 0x%02x at offset %d", ErrBadEncoding, a, kind, der[i], i)
		}
	}
	return der[len(prefix):], nil
}

func parseSPKI(a Algorithm, der []byte) ([]byte, error) {
	return parsePrefixed(a, "public key DER", SPKIPrefix(a), der)
}

func parsePKCS8(a Algorithm, der []byte) ([]byte, error) {
	return parsePrefixed(a, "private key PKCS#8", PKCS8Prefix(a), der)
}

// PublicKey is any public key with its algorithm and wire form.
type PublicKey interface {
	Algorithm() Algorithm
	DER() []byte
}

// ParsePublicDER parses an SPKI of any of the four algorithms (the
// reference's APublicKey: SMP auth keys may be Ed25519, Ed448 or X25519).
func ParsePublicDER(der []byte) (PublicKey, error) {
	for _, a := range []Algorithm{Ed25519, X25519, Ed448, X448} {
		p := SPKIPrefix(a)
		if len(der) < len(p) || string(der[:len(p)]) != string(p) {
			continue
		}
		switch a {
		case Ed25519:
			return ParseEd25519PublicDER(der)
		case X25519:
			return ParseX25519PublicDER(der)
		case Ed448:
			return ParseEd448PublicDER(der)
		case X448:
			return ParseX448PublicDER(der)
		}
	}
	return nil, fmt.Errorf("%w: unknown public key algorithm", ErrBadEncoding)
}

// readFull fills p from rand.
func readFull(rand io.Reader, p []byte) error {
	if _, err := io.ReadFull(rand, p); err != nil {
		return fmt.Errorf("keys: reading randomness: %w", err)
	}
	return nil
}

func allZero(p []byte) bool {
	var acc byte
	for _, b := range p {
		acc |= b
	}
	return acc == 0
}
