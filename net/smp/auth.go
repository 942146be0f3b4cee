package smp

import (
	"errors"

	"duplex/crypto/box"
	"duplex/crypto/keys"
)

// Authorization sizes by key kind.
const (
	Ed25519AuthSize = 64
	Ed448AuthSize   = 114
	CbAuthSize      = box.AuthenticatorSize // 80
)

// PrivateAuthKey is a queue authorization key: *keys.Ed25519Private,
// *keys.Ed448Private or *keys.X25519Private (cbAuthenticator, v≥7).
type PrivateAuthKey interface {
	String() string
}

// PublicAuthKey returns the public half of a private authorization key.
func PublicAuthKey(k PrivateAuthKey) (keys.PublicKey, error) {
	switch k := k.(type) {
	case *keys.Ed25519Private:
		return k.Public(), nil
	case *keys.Ed448Private:
		return k.Public(), nil
	case *keys.X25519Private:
		return k.Public(), nil
	}
	return nil, errBadKey
}

var (
	// ErrNoServerKey: cbAuth needs the relay's session key, absent at v6.
	ErrNoServerKey = errors.New("smp: no server session key for X25519 authorization")
	// ErrCorrIDNonce: cbAuth uses the corrId as its nonce, so it must be 24 bytes.
	ErrCorrIDNonce = errors.New("smp: corrId must be 24 bytes to authorize with X25519")
)

// Authorize sets t.Auth for the transmission signed in session sessionID.
// serverKey is the relay's X25519 session key from its hello (needed for
// X25519 keys only).
func Authorize(t *Transmission, k PrivateAuthKey, sessionID []byte, serverKey *keys.X25519Public) error {
	signed := t.SignedBytes(sessionID)
	switch k := k.(type) {
	case *keys.Ed25519Private:
		t.Auth = k.Sign(signed)
	case *keys.Ed448Private:
		t.Auth = k.Sign(signed)
	case *keys.X25519Private:
		if serverKey == nil {
			return ErrNoServerKey
		}
		if len(t.CorrID) != 24 {
			return ErrCorrIDNonce
		}
		a, err := box.Authenticate(*serverKey, k, box.NonceFrom(t.CorrID), signed)
		if err != nil {
			return err
		}
		t.Auth = a
	default:
		return errBadKey
	}
	return nil
}

// VerifyAuth checks t.Auth against a queue's stored key, for a transmission
// received in session sessionID. serverKey is the relay's session private
// key of that connection (needed for X25519 queue keys; nil at v6). It never
// panics and reports false for any mismatch of sizes or kinds.
func VerifyAuth(t *Transmission, pub keys.PublicKey, sessionID []byte, serverKey *keys.X25519Private) bool {
	switch pub := pub.(type) {
	case keys.Ed25519Public:
		return len(t.Auth) == Ed25519AuthSize && pub.Verify(t.SignedBytes(sessionID), t.Auth)
	case keys.Ed448Public:
		return len(t.Auth) == Ed448AuthSize && pub.Verify(t.SignedBytes(sessionID), t.Auth)
	case keys.X25519Public:
		if serverKey == nil || len(t.Auth) != CbAuthSize || len(t.CorrID) != 24 {
			return false
		}
		return box.VerifyAuthenticator(pub, serverKey, box.NonceFrom(t.CorrID), t.Auth, t.SignedBytes(sessionID))
	}
	return false
}

// ValidAuthSize reports whether an authorization has one of the sizes the
// reference decodes (empty, 64, 80, 114); anything else is ERR BLOCK upstream.
func ValidAuthSize(a []byte) bool {
	switch len(a) {
	case 0, Ed25519AuthSize, Ed448AuthSize, CbAuthSize:
		return true
	}
	return false
}
