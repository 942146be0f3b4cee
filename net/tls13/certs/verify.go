package certs

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// Errors returned by VerifyChain; wrap-checked with errors.Is.
var (
	ErrChainLength      = errors.New("certs: chain must have 2 to 4 certificates")
	ErrFingerprint      = errors.New("certs: identity certificate fingerprint does not match")
	ErrChainOrder       = errors.New("certs: certificate is not issued by the next one in the chain")
	ErrBadSignature     = errors.New("certs: certificate signature does not verify")
	ErrNotSelfSigned    = errors.New("certs: last certificate is not self-signed")
	ErrExpired          = errors.New("certs: certificate is expired or not yet valid")
	ErrIssuerNotCA      = errors.New("certs: issuer certificate is marked CA:FALSE")
	ErrFingerprintValue = errors.New("certs: fingerprint must be base64url of 32 bytes")
)

// Fingerprint returns SHA-256 of a certificate DER (32 bytes).
func Fingerprint(der []byte) []byte {
	h := sha256.Sum256(der)
	return h[:]
}

// FingerprintString is the address form: base64url with '=' padding.
func FingerprintString(der []byte) string {
	return base64.URLEncoding.EncodeToString(Fingerprint(der))
}

// ParseFingerprint decodes the address form (padding optional on input).
func ParseFingerprint(s string) ([]byte, error) {
	b, err := base64.URLEncoding.DecodeString(s)
	if err != nil {
		b, err = base64.RawURLEncoding.DecodeString(s)
	}
	if err != nil || len(b) != sha256.Size {
		return nil, ErrFingerprintValue
	}
	return b, nil
}

// VerifyChain checks a peer chain (DER, leaf first) against the pinned
// fingerprint of chain[1] at time now, and returns the parsed certificates.
// A nil pin skips only the fingerprint check (callers that learn the identity
// from the chain, e.g. XRCP's first pairing, compare it themselves).
func VerifyChain(chain [][]byte, pinnedFP []byte, now time.Time) ([]*Certificate, error) {
	if len(chain) < 2 || len(chain) > 4 {
		return nil, fmt.Errorf("%w (got %d)", ErrChainLength, len(chain))
	}
	parsed := make([]*Certificate, len(chain))
	for i, der := range chain {
		c, err := Parse(der)
		if err != nil {
			return nil, fmt.Errorf("certs: chain[%d]: %w", i, err)
		}
		parsed[i] = c
	}
	if pinnedFP != nil && subtle.ConstantTimeCompare(Fingerprint(chain[1]), pinnedFP) != 1 {
		return nil, ErrFingerprint
	}
	for i, c := range parsed {
		issuer := c
		if i+1 < len(parsed) {
			issuer = parsed[i+1]
		}
		if err := CheckSignature(c, issuer); err != nil {
			if i+1 == len(parsed) {
				return nil, fmt.Errorf("%w: %v", ErrNotSelfSigned, err)
			}
			return nil, fmt.Errorf("chain[%d]: %w", i, err)
		}
		if i+1 < len(parsed) && issuer.HasBasicConstraints && !issuer.IsCA {
			return nil, fmt.Errorf("%w: chain[%d]", ErrIssuerNotCA, i+1)
		}
		if now.Before(c.NotBefore) || now.After(c.NotAfter) {
			return nil, fmt.Errorf("%w: chain[%d] valid %s..%s, now %s", ErrExpired, i,
				c.NotBefore.Format(time.RFC3339), c.NotAfter.Format(time.RFC3339), now.UTC().Format(time.RFC3339))
		}
	}
	return parsed, nil
}

// CheckSignature verifies that c names issuer as its issuer and is signed by
// issuer's key.
func CheckSignature(c, issuer *Certificate) error {
	if !bytes.Equal(c.RawIssuer, issuer.RawSubject) {
		return ErrChainOrder
	}
	if c.SigAlg != issuer.PublicKey.Alg || !issuer.PublicKey.Verify(c.RawTBS, c.Signature) {
		return ErrBadSignature
	}
	return nil
}
