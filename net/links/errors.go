package links

import (
	"errors"
	"fmt"
)

// ParseError says which kind of link failed to parse and exactly why,
// e.g. "queue URI: dh key: not an X25519 key".
type ParseError struct {
	What   string // "queue URI", "connection request", "short link", "e2e params", "link data", …
	Reason string
}

func (e *ParseError) Error() string { return e.What + ": " + e.Reason }

func perr(what, format string, args ...any) error {
	return &ParseError{What: what, Reason: fmt.Sprintf(format, args...)}
}

// wrapErr prefixes an inner parse error with the outer context, keeping the
// innermost reason: "connection request: smp queue 2: queue URI: …".
func wrapErr(what, where string, err error) error {
	return &ParseError{What: what, Reason: where + ": " + err.Error()}
}

// LinkError is a failed check on short-link data; Reason is the reference's
// A_LINK text so logs and UI match other SimpleX clients.
type LinkError struct{ Reason string }

func (e *LinkError) Error() string { return "link: " + e.Reason }

// Is makes errors.Is match on the reason, so sentinel values below work
// for errors built with a dynamic reason too.
func (e *LinkError) Is(target error) bool {
	t, ok := target.(*LinkError)
	return ok && t.Reason == e.Reason
}

// Reader-side failures of short-link data (upstream A_LINK texts).
var (
	ErrLinkDataHash      = &LinkError{"link data hash"}      // SHA3-256(fixed data) ≠ link key
	ErrLinkDataSignature = &LinkError{"link data signature"} // fixed data not signed by its root key
	ErrUserDataSignature = &LinkError{"user data signature"} // user data not signed by root or an owner
	ErrDifferentAddress  = &LinkError{"different address"}   // fixed data names another queue
)

// ErrDecrypt: link data did not authenticate under the link's key (wrong
// key or tampered ciphertext; upstream reports a crypto error).
var ErrDecrypt = errors.New("link: link data does not decrypt with the link key")
