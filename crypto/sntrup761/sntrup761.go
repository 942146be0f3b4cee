package sntrup761

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
)

// Sizes of the encoded values, in bytes.
const (
	PublicKeySize  = 1158 // Rq encoding of h
	PrivateKeySize = 1763 // f, 1/g, public key, rho, Hash4(pk)
	CiphertextSize = 1039 // rounded encoding of c, confirmation hash
	SharedKeySize  = 32
)

// The sizes above must agree with the encoders: a nonzero constant index
// into a one-element array does not compile.
var (
	_ = [1]struct{}{}[PublicKeySize-rqBytes]
	_ = [1]struct{}{}[PrivateKeySize-(3*smallBytes+rqBytes+hashBytes)]
	_ = [1]struct{}{}[CiphertextSize-(roundedBytes+hashBytes)]
	_ = [1]struct{}{}[SharedKeySize-hashBytes]
)

// Offsets inside a private key.
const (
	skF     = 0
	skGinv  = skF + smallBytes
	skPK    = skGinv + smallBytes
	skRho   = skPK + rqBytes
	skCache = skRho + smallBytes
)

type (
	// PublicKey is an encoded sntrup761 public key.
	PublicKey [PublicKeySize]byte
	// PrivateKey is an encoded sntrup761 private key: f, 1/g, the public
	// key, the rejection secret rho and the public key's hash.
	PrivateKey [PrivateKeySize]byte
	// Ciphertext is an encapsulation: the rounded ciphertext and its
	// confirmation hash.
	Ciphertext [CiphertextSize]byte
	// SharedKey is the 32-byte session key a KEM run agrees on.
	SharedKey [SharedKeySize]byte
)

// The secret types redact themselves under every fmt verb (%x and %d
// included), through both values and pointers.
const (
	redactedPrivateKey = "sntrup761.PrivateKey(redacted)"
	redactedSharedKey  = "sntrup761.SharedKey(redacted)"
)

// String hides the key material.
func (PrivateKey) String() string { return redactedPrivateKey }

// GoString hides the key material.
func (PrivateKey) GoString() string { return redactedPrivateKey }

// Format hides the key material whatever the verb.
func (PrivateKey) Format(s fmt.State, _ rune) { io.WriteString(s, redactedPrivateKey) }

// String hides the key material.
func (SharedKey) String() string { return redactedSharedKey }

// GoString hides the key material.
func (SharedKey) GoString() string { return redactedSharedKey }

// Format hides the key material whatever the verb.
func (SharedKey) Format(s fmt.State, _ rune) { io.WriteString(s, redactedSharedKey) }

// Public returns the public key stored inside the private key.
func (sk *PrivateKey) Public() *PublicKey {
	var pk PublicKey
	copy(pk[:], sk[skPK:skRho])
	return &pk
}

// GenerateKey creates a key pair. It reads 3044 bytes from rand for g
// (again while g is not invertible mod 3), 3044 for f and 191 for rho, one
// Read per value, as supercop-20210604 and PQClean do.
func GenerateKey(rand io.Reader) (*PublicKey, *PrivateKey, error) {
	h, f, ginv, err := keyGen(rand)
	if err != nil {
		return nil, nil, err
	}
	pk := new(PublicKey)
	sk := new(PrivateKey)
	rqEncode(pk[:], &h)
	smallEncode(sk[skF:], &f)
	smallEncode(sk[skGinv:], &ginv)
	copy(sk[skPK:], pk[:])
	if _, err := io.ReadFull(rand, sk[skRho:skCache]); err != nil {
		return nil, nil, err
	}
	cache := hashPrefix(4, pk[:])
	copy(sk[skCache:], cache[:])
	return pk, sk, nil
}

// Encapsulate picks a random short r (one 3044-byte read from rand) and
// returns its encryption under pk with the session key Hash1(Hash3(r) ‖ ct).
// Any 1158 bytes are accepted as a public key, as in the reference.
func Encapsulate(rand io.Reader, pk *PublicKey) (*Ciphertext, *SharedKey, error) {
	cache := hashPrefix(4, pk[:])
	r, err := shortRandom(rand)
	if err != nil {
		return nil, nil, err
	}
	ct := new(Ciphertext)
	rEnc := hide(ct, &r, pk[:], &cache)
	hr := hashPrefix(3, rEnc[:])
	k := SharedKey(hashPrefix(1, hr[:], ct[:]))
	return ct, &k, nil
}

// Decapsulate returns the session key for ct. A ciphertext that does not
// re-encrypt to itself byte for byte yields Hash0(Hash3(rho) ‖ ct) instead
// (implicit rejection), chosen without branching on the outcome.
func Decapsulate(sk *PrivateKey, ct *Ciphertext) *SharedKey {
	var f, ginv small
	smallDecode(&f, sk[skF:])
	smallDecode(&ginv, sk[skGinv:])
	var c rq
	roundedDecode(&c, ct[:roundedBytes])
	r := decrypt(&c, &f, &ginv)

	var cache [hashBytes]byte
	copy(cache[:], sk[skCache:])
	var cnew Ciphertext
	rEnc := hide(&cnew, &r, sk[skPK:skRho], &cache)
	ok := subtle.ConstantTimeCompare(ct[:], cnew[:]) // 1 if equal
	subtle.ConstantTimeCopy(1-ok, rEnc[:], sk[skRho:skCache])
	hr := hashPrefix(3, rEnc[:])
	k := SharedKey(hashPrefix(byte(ok), hr[:], ct[:]))
	return &k
}

// ErrSize reports an input of the wrong length.
var ErrSize = errors.New("sntrup761: wrong length")

// ParsePublicKey copies an encoded public key, which must be exactly
// PublicKeySize bytes.
func ParsePublicKey(b []byte) (*PublicKey, error) {
	if len(b) != PublicKeySize {
		return nil, ErrSize
	}
	k := new(PublicKey)
	copy(k[:], b)
	return k, nil
}

// ParseCiphertext copies an encoded ciphertext of exactly CiphertextSize bytes.
func ParseCiphertext(b []byte) (*Ciphertext, error) {
	if len(b) != CiphertextSize {
		return nil, ErrSize
	}
	k := new(Ciphertext)
	copy(k[:], b)
	return k, nil
}

// ParsePrivateKey copies an encoded private key of exactly PrivateKeySize bytes.
func ParsePrivateKey(b []byte) (*PrivateKey, error) {
	if len(b) != PrivateKeySize {
		return nil, ErrSize
	}
	k := new(PrivateKey)
	copy(k[:], b)
	return k, nil
}
