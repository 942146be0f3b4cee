package tls13

import (
	"crypto/ecdh"
	"crypto/subtle"
	"errors"
	"io"

	"github.com/cloudflare/circl/dh/x448"
)

// ecdhePriv is an ephemeral key for one handshake.
type ecdhePriv struct {
	group Group
	k255  *ecdh.PrivateKey
	k448  x448.Key
}

func (g Group) keyLen() int {
	switch g {
	case X25519:
		return 32
	case X448:
		return x448.Size
	}
	return 0
}

// newECDHE reads the scalar from rand itself so handshakes are reproducible
// with a seeded reader.
func newECDHE(rand io.Reader, g Group) (*ecdhePriv, []byte, error) {
	k := &ecdhePriv{group: g}
	switch g {
	case X25519:
		var s [32]byte
		if _, err := io.ReadFull(rand, s[:]); err != nil {
			return nil, nil, err
		}
		priv, err := ecdh.X25519().NewPrivateKey(s[:])
		if err != nil {
			return nil, nil, err
		}
		k.k255 = priv
		return k, priv.PublicKey().Bytes(), nil
	case X448:
		if _, err := io.ReadFull(rand, k.k448[:]); err != nil {
			return nil, nil, err
		}
		var pub x448.Key
		x448.KeyGen(&pub, &k.k448)
		return k, pub[:], nil
	}
	return nil, nil, errors.New("tls13: unsupported group")
}

var errBadShare = errors.New("invalid key share")

func (k *ecdhePriv) shared(peer []byte) ([]byte, error) {
	if len(peer) != k.group.keyLen() {
		return nil, errBadShare
	}
	switch k.group {
	case X25519:
		pub, err := ecdh.X25519().NewPublicKey(peer)
		if err != nil {
			return nil, errBadShare
		}
		s, err := k.k255.ECDH(pub)
		if err != nil {
			return nil, errBadShare
		}
		return s, nil
	case X448:
		var pub, out x448.Key
		copy(pub[:], peer)
		if !x448.Shared(&out, &k.k448, &pub) {
			return nil, errBadShare
		}
		var zero x448.Key
		if subtle.ConstantTimeCompare(out[:], zero[:]) == 1 {
			return nil, errBadShare
		}
		return out[:], nil
	}
	return nil, errBadShare
}

func supportedGroup(g Group) bool { return g == X25519 || g == X448 }
