package ratchet

import (
	"errors"
	"fmt"
)

// Errors reported by the ratchet. Each maps to one upstream CryptoError so
// the agent can report the same AGENT error the reference would (comments
// name the upstream constructor → agent error). Every decryption error leaves
// the ratchet unchanged.
var (
	// ErrHeaderDecrypt: no header key (skipped chains, HKr, NHKr) opens the
	// header. CERatchetHeader → A_CRYPTO RATCHET_HEADER.
	ErrHeaderDecrypt = errors.New("ratchet: header decryption failed")
	// ErrMessageDecrypt: the header opened but the body did not.
	// AESDecryptError → A_CRYPTO DECRYPT_AES.
	ErrMessageDecrypt = errors.New("ratchet: message decryption failed")
	// ErrDuplicate: the message is the one decrypted last in its chain.
	// CERatchetDuplicateMessage → A_DUPLICATE.
	ErrDuplicate = errors.New("ratchet: duplicate message")
	// ErrEarlier is matched (errors.Is) by *EarlierError.
	// CERatchetEarlierMessage → A_CRYPTO RATCHET_EARLIER n.
	ErrEarlier = errors.New("ratchet: earlier message")
	// ErrTooManySkipped is matched by *TooManySkippedError.
	// CERatchetTooManySkipped → A_CRYPTO RATCHET_SKIPPED n.
	ErrTooManySkipped = errors.New("ratchet: too many skipped messages")
	// ErrFormat: the message, encrypted header or decrypted header does not
	// parse. CryptoHeaderError → A_MESSAGE.
	ErrFormat = errors.New("ratchet: malformed message")
	// ErrBadVersion: an e2e version outside the supported range 2–3, or a
	// field the version cannot carry.
	ErrBadVersion = errors.New("ratchet: unsupported e2e version")
	// ErrKEMState: KEM parameters out of sequence (a ciphertext for a key we
	// never proposed). CERatchetKEMState.
	ErrKEMState = errors.New("ratchet: unexpected KEM state")
	// ErrNoSendingRatchet: the initiator cannot send before it has received
	// the joiner's first message. CERatchetState.
	ErrNoSendingRatchet = errors.New("ratchet: no sending ratchet yet")
	// ErrLargeMessage: the plaintext does not fit the requested padding.
	// CryptoLargeMsgError → CMD LARGE.
	ErrLargeMessage = errors.New("ratchet: message too large for padding")
	// ErrBadState: serialised state or private parameters do not parse.
	ErrBadState = errors.New("ratchet: bad serialised state")
	// ErrBadKey: a DH with a peer key failed (low-order point).
	ErrBadKey = errors.New("ratchet: bad peer key")
)

// EarlierError says the message is N positions before the last one
// decrypted in its chain and its key is not among the skipped keys (it was
// already decrypted, or never will be).
type EarlierError struct{ N uint32 }

func (e *EarlierError) Error() string {
	return fmt.Sprintf("ratchet: message %d earlier than expected", e.N)
}

// Is makes errors.Is(err, ErrEarlier) true.
func (e *EarlierError) Is(target error) bool { return target == ErrEarlier }

// TooManySkippedError says accepting the message would skip N message keys
// in one chain, more than MaxSkip.
type TooManySkippedError struct{ N uint32 }

func (e *TooManySkippedError) Error() string {
	return fmt.Sprintf("ratchet: %d skipped messages (max %d)", e.N, MaxSkip)
}

// Is makes errors.Is(err, ErrTooManySkipped) true.
func (e *TooManySkippedError) Is(target error) bool { return target == ErrTooManySkipped }
