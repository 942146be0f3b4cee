package socks5

import (
	"errors"
	"fmt"
)

var (
	// ErrNoAcceptableMethod: the proxy accepts none of the offered
	// authentication methods (it answered 0xFF) — usually it wants a
	// username/password and none is configured.
	ErrNoAcceptableMethod = errors.New("socks5: proxy accepts none of the offered authentication methods")
	// ErrAuthFailed: the proxy rejected the username/password (RFC 1929 status ≠ 0).
	ErrAuthFailed = errors.New("socks5: proxy rejected the username/password")
)

// ReplyError is a CONNECT refused by the proxy with an RFC 1928 reply code.
// errors.Is(err, ErrTTLExpired) etc. match on the code.
type ReplyError struct {
	Code byte
	Dst  string // what was asked for
}

func (e *ReplyError) Error() string {
	return fmt.Sprintf("socks5: proxy could not connect to %s: %s (reply %d)", e.Dst, replyText(e.Code), e.Code)
}

// Is matches a ReplyError of the same code (the sentinels below).
func (e *ReplyError) Is(target error) bool {
	t, ok := target.(*ReplyError)
	return ok && t.Dst == "" && t.Code == e.Code
}

// Sentinels for errors.Is, one per RFC 1928 reply code.
var (
	ErrGeneralFailure      = &ReplyError{Code: 1}
	ErrNotAllowed          = &ReplyError{Code: 2}
	ErrNetworkUnreachable  = &ReplyError{Code: 3}
	ErrHostUnreachable     = &ReplyError{Code: 4}
	ErrConnectionRefused   = &ReplyError{Code: 5}
	ErrTTLExpired          = &ReplyError{Code: 6}
	ErrCommandNotSupported = &ReplyError{Code: 7}
	ErrAddressNotSupported = &ReplyError{Code: 8}
)

func replyText(code byte) string {
	switch code {
	case 1:
		return "general SOCKS server failure"
	case 2:
		return "connection not allowed by ruleset"
	case 3:
		return "network unreachable"
	case 4:
		return "host unreachable (for Tor: onion service not reachable or descriptor not found)"
	case 5:
		return "connection refused"
	case 6:
		return "TTL expired (for Tor: circuit or onion service timed out)"
	case 7:
		return "command not supported"
	case 8:
		return "address type not supported"
	}
	return "unassigned reply code"
}
