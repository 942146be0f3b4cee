package agentproto

import (
	"errors"
	"fmt"

	"duplex/crypto/box"
	"duplex/crypto/enc"
	"duplex/crypto/ratchet"
)

// Kind names an agent error the way the reference reports it to its
// clients (Agent/Protocol.hs AgentErrorType / SMPAgentError), so the agent
// and the UI can show the same words the official app shows.
type Kind string

// Agent error kinds produced by this package or mapped from crypto errors.
const (
	KindMessage    Kind = "A_MESSAGE"    // client or agent message that failed to parse
	KindProhibited Kind = "A_PROHIBITED" // a message not allowed here (wrong header, state)
	KindVersion    Kind = "A_VERSION"    // incompatible SMP client, agent or e2e version
	KindCrypto     Kind = "A_CRYPTO"     // cannot decrypt (Crypto says which layer)
	KindDuplicate  Kind = "A_DUPLICATE"  // the ratchet already decrypted this message
	KindQueue      Kind = "A_QUEUE"      // bad queue-rotation message
	KindLarge      Kind = "CMD LARGE"    // a message too large for its padding
	KindInternal   Kind = "INTERNAL"     // e.g. a box that opens but has bad padding
)

// CryptoKind is the upstream AgentCryptoError under A_CRYPTO.
type CryptoKind string

// Crypto kinds, with the ratchet-sync state the reference moves to.
const (
	CryptoDecryptAES     CryptoKind = "DECRYPT_AES"     // RSAllowed
	CryptoDecryptCB      CryptoKind = "DECRYPT_CB"      // RSAllowed
	CryptoRatchetHeader  CryptoKind = "RATCHET_HEADER"  // RSRequired
	CryptoRatchetEarlier CryptoKind = "RATCHET_EARLIER" // RSAllowed (N = how much earlier)
	CryptoRatchetSkipped CryptoKind = "RATCHET_SKIPPED" // RSRequired (N = how many skipped)
	CryptoRatchetSync    CryptoKind = "RATCHET_SYNC"    // RSRequired
)

// Error is an agent error. Detail explains what was wrong for logs; it is
// not part of the reference's error name.
type Error struct {
	Kind   Kind
	Crypto CryptoKind // with KindCrypto
	N      uint32     // with RATCHET_EARLIER / RATCHET_SKIPPED
	Detail string
	Err    error // underlying cause, if any
}

func (e *Error) Error() string {
	s := "agent: " + string(e.Kind)
	if e.Kind == KindCrypto {
		s += " " + string(e.Crypto)
		if e.Crypto == CryptoRatchetEarlier || e.Crypto == CryptoRatchetSkipped {
			s += fmt.Sprintf(" %d", e.N)
		}
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches another *Error of the same kind (and crypto kind, if the target
// names one), so errors.Is(err, ErrMessage) works for any A_MESSAGE.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Kind == e.Kind && (t.Crypto == "" || t.Crypto == e.Crypto)
}

// RequiresResync reports whether the reference would mark the connection
// RSRequired (ratchet re-sync needed) rather than RSAllowed after e.
func (e *Error) RequiresResync() bool {
	if e.Kind != KindCrypto {
		return false
	}
	switch e.Crypto {
	case CryptoRatchetHeader, CryptoRatchetSkipped, CryptoRatchetSync:
		return true
	}
	return false
}

// Targets for errors.Is.
var (
	ErrMessage    = &Error{Kind: KindMessage}
	ErrProhibited = &Error{Kind: KindProhibited}
	ErrVersion    = &Error{Kind: KindVersion}
	ErrCrypto     = &Error{Kind: KindCrypto}
	ErrDuplicate  = &Error{Kind: KindDuplicate}
	ErrQueue      = &Error{Kind: KindQueue}
	ErrLarge      = &Error{Kind: KindLarge}
)

func parseError(what string, err error) error {
	return &Error{Kind: KindMessage, Detail: what, Err: err}
}

func versionError(format string, args ...any) error {
	return &Error{Kind: KindVersion, Detail: fmt.Sprintf(format, args...)}
}

// CryptoError maps an error of crypto/box or crypto/ratchet to the agent
// error the reference reports for it (Agent/Client.hs cryptoError). Errors
// it does not know are returned unchanged; nil stays nil.
func CryptoError(err error) error {
	if err == nil {
		return nil
	}
	var ae *Error
	if errors.As(err, &ae) {
		return err
	}
	var earlier *ratchet.EarlierError
	var skipped *ratchet.TooManySkippedError
	switch {
	case errors.Is(err, box.ErrAuth), errors.Is(err, box.ErrShortInput):
		return &Error{Kind: KindCrypto, Crypto: CryptoDecryptCB, Err: err}
	case errors.Is(err, enc.ErrBadPadding):
		return &Error{Kind: KindInternal, Detail: "bad padding inside an authenticated box", Err: err}
	case errors.Is(err, ratchet.ErrMessageDecrypt):
		return &Error{Kind: KindCrypto, Crypto: CryptoDecryptAES, Err: err}
	case errors.Is(err, ratchet.ErrHeaderDecrypt):
		return &Error{Kind: KindCrypto, Crypto: CryptoRatchetHeader, Err: err}
	case errors.As(err, &earlier):
		return &Error{Kind: KindCrypto, Crypto: CryptoRatchetEarlier, N: earlier.N, Err: err}
	case errors.As(err, &skipped):
		return &Error{Kind: KindCrypto, Crypto: CryptoRatchetSkipped, N: skipped.N, Err: err}
	case errors.Is(err, ratchet.ErrDuplicate):
		return &Error{Kind: KindDuplicate, Err: err}
	case errors.Is(err, ratchet.ErrFormat):
		return &Error{Kind: KindMessage, Detail: "ratchet message", Err: err}
	case errors.Is(err, ratchet.ErrBadVersion):
		return &Error{Kind: KindVersion, Detail: "e2e version", Err: err}
	case errors.Is(err, ratchet.ErrLargeMessage), errors.Is(err, enc.ErrLargeMsg):
		return &Error{Kind: KindLarge, Err: err}
	}
	return err
}
