package box

import (
	"crypto/sha512"
	"crypto/subtle"

	"duplex/crypto/enc"
	"duplex/crypto/keys"

	"golang.org/x/crypto/nacl/secretbox"
	"golang.org/x/crypto/salsa20/salsa"
)

var zero16 [16]byte

// boxKey is the secretbox key for a SimpleX key: HSalsa20(key, 0^16).
func boxKey(key *[32]byte) *[32]byte {
	var k1 [32]byte
	salsa.HSalsa20(&k1, &zero16, key, &salsa.Sigma)
	return &k1
}

// seal returns tag ‖ ciphertext of msg.
func seal(key *[32]byte, nonce *Nonce, msg []byte) []byte {
	n := [24]byte(*nonce)
	return secretbox.Seal(make([]byte, 0, len(msg)+TagSize), msg, &n, boxKey(key))
}

// open authenticates and decrypts tag ‖ ciphertext.
func open(key *[32]byte, nonce *Nonce, packet []byte) ([]byte, error) {
	if len(packet) < TagSize {
		return nil, ErrAuth
	}
	n := [24]byte(*nonce)
	out, ok := secretbox.Open(make([]byte, 0, len(packet)-TagSize), packet, &n, boxKey(key))
	if !ok {
		return nil, ErrAuth
	}
	return out, nil
}

func sealPadded(key *[32]byte, nonce *Nonce, msg []byte, paddedLen int) ([]byte, error) {
	p, err := enc.Pad(msg, paddedLen)
	if err != nil {
		return nil, err
	}
	out := seal(key, nonce, p)
	clear(p)
	return out, nil
}

func openPadded(key *[32]byte, nonce *Nonce, packet []byte) ([]byte, error) {
	p, err := open(key, nonce, packet)
	if err != nil {
		return nil, err
	}
	return enc.UnPad(p)
}

// CbEncrypt is crypto_box of enc.Pad(msg, paddedLen): paddedLen+16 bytes.
func CbEncrypt(secret DHSecret, nonce Nonce, msg []byte, paddedLen int) ([]byte, error) {
	return sealPadded((*[32]byte)(&secret), &nonce, msg, paddedLen)
}

// CbEncryptNoPad is crypto_box of msg: len(msg)+16 bytes.
func CbEncryptNoPad(secret DHSecret, nonce Nonce, msg []byte) []byte {
	return seal((*[32]byte)(&secret), &nonce, msg)
}

// CbDecrypt opens a CbEncrypt box and removes the padding.
func CbDecrypt(secret DHSecret, nonce Nonce, packet []byte) ([]byte, error) {
	return openPadded((*[32]byte)(&secret), &nonce, packet)
}

// CbDecryptNoPad opens a CbEncryptNoPad box.
func CbDecryptNoPad(secret DHSecret, nonce Nonce, packet []byte) ([]byte, error) {
	return open((*[32]byte)(&secret), &nonce, packet)
}

// SbEncrypt is the SimpleX secret box of enc.Pad(msg, paddedLen).
func SbEncrypt(key SbKey, nonce Nonce, msg []byte, paddedLen int) ([]byte, error) {
	return sealPadded((*[32]byte)(&key), &nonce, msg, paddedLen)
}

// SbEncryptNoPad is the SimpleX secret box of msg.
func SbEncryptNoPad(key SbKey, nonce Nonce, msg []byte) []byte {
	return seal((*[32]byte)(&key), &nonce, msg)
}

// SbDecrypt opens an SbEncrypt box and removes the padding.
func SbDecrypt(key SbKey, nonce Nonce, packet []byte) ([]byte, error) {
	return openPadded((*[32]byte)(&key), &nonce, packet)
}

// SbDecryptNoPad opens an SbEncryptNoPad box.
func SbDecryptNoPad(key SbKey, nonce Nonce, packet []byte) ([]byte, error) {
	return open((*[32]byte)(&key), &nonce, packet)
}

// DH computes the crypto_box secret of our private key and their public key.
func DH(pub keys.X25519Public, priv *keys.X25519Private) (DHSecret, error) {
	s, err := priv.DH(pub)
	return DHSecret(s), err
}

// AuthenticatorSize is the length of a cbAuthenticator: 64 + 16.
const AuthenticatorSize = sha512.Size + TagSize

// Authenticate makes the reference's cbAuthenticator: crypto_box of
// SHA-512(msg) under DH(pub, priv) — SMP command authorisation with X25519
// keys, which proves the key without a signature.
func Authenticate(pub keys.X25519Public, priv *keys.X25519Private, nonce Nonce, msg []byte) ([]byte, error) {
	s, err := DH(pub, priv)
	if err != nil {
		return nil, err
	}
	h := sha512.Sum512(msg)
	return CbEncryptNoPad(s, nonce, h[:]), nil
}

// VerifyAuthenticator checks an Authenticate result for msg.
func VerifyAuthenticator(pub keys.X25519Public, priv *keys.X25519Private, nonce Nonce, auth, msg []byte) bool {
	if len(auth) != AuthenticatorSize {
		return false
	}
	s, err := DH(pub, priv)
	if err != nil {
		return false
	}
	h, err := CbDecryptNoPad(s, nonce, auth)
	want := sha512.Sum512(msg)
	return err == nil && subtle.ConstantTimeCompare(h, want[:]) == 1
}
