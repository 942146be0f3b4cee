package keys

import (
	"fmt"
	"io"

	"github.com/cloudflare/circl/dh/x448"
)

// X448Public is a raw RFC 7748 X448 public key (double-ratchet keys).
type X448Public [56]byte

// X448Private is an X448 private scalar with its cached public key.
type X448Private struct {
	sk  x448.Key
	pub X448Public
}

// GenerateX448 makes a key pair from 56 bytes of rand.
func GenerateX448(rand io.Reader) (*X448Private, error) {
	var sk [56]byte
	if err := readFull(rand, sk[:]); err != nil {
		return nil, err
	}
	return X448PrivateFromBytes(sk[:])
}

// X448PrivateFromBytes restores a private key from its 56 raw bytes.
func X448PrivateFromBytes(b []byte) (*X448Private, error) {
	if len(b) != x448.Size {
		return nil, fmt.Errorf("%w: X448 private key is %d bytes, want 56", ErrBadEncoding, len(b))
	}
	k := &X448Private{}
	copy(k.sk[:], b)
	var pub x448.Key
	x448.KeyGen(&pub, &k.sk)
	k.pub = X448Public(pub)
	return k, nil
}

// Public returns the public key.
func (k *X448Private) Public() X448Public { return k.pub }

// Bytes returns a copy of the raw private scalar (for state serialisation).
func (k *X448Private) Bytes() []byte { return append([]byte(nil), k.sk[:]...) }

// DH returns X448(k, pub); a small-order pub gives ErrLowOrder.
func (k *X448Private) DH(pub X448Public) ([56]byte, error) {
	var out x448.Key
	p := x448.Key(pub)
	if !x448.Shared(&out, &k.sk, &p) {
		return [56]byte{}, ErrLowOrder
	}
	return out, nil
}

// PKCS8 returns the PKCS#8 encoding of the private key.
func (k *X448Private) PKCS8() []byte { return encodePKCS8(X448, k.sk[:]) }

// ParseX448PrivatePKCS8 parses the exact PKCS#8 form PKCS8 produces.
func ParseX448PrivatePKCS8(der []byte) (*X448Private, error) {
	raw, err := parsePKCS8(X448, der)
	if err != nil {
		return nil, err
	}
	return X448PrivateFromBytes(raw)
}

// String never prints key material, so keys can be logged by mistake safely.
func (X448Private) String() string { return "keys.X448Private(redacted)" }

// GoString hides key material from %#v as well.
func (k X448Private) GoString() string { return k.String() }

// Format hides key material from every fmt verb (%d, %x, …).
func (k X448Private) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }

// Algorithm implements PublicKey.
func (X448Public) Algorithm() Algorithm { return X448 }

// DER returns the SubjectPublicKeyInfo encoding.
func (p X448Public) DER() []byte { return encodeSPKI(X448, p[:]) }

// ParseX448PublicDER parses the exact SPKI form DER produces.
func ParseX448PublicDER(der []byte) (X448Public, error) {
	var p X448Public
	raw, err := parseSPKI(X448, der)
	if err != nil {
		return p, err
	}
	copy(p[:], raw)
	return p, nil
}

// X448PublicFromBytes checks the length of a raw 56-byte key.
func X448PublicFromBytes(b []byte) (X448Public, error) {
	var p X448Public
	if len(b) != len(p) {
		return p, fmt.Errorf("%w: X448 public key is %d bytes, want 56", ErrBadEncoding, len(b))
	}
	copy(p[:], b)
	return p, nil
}
