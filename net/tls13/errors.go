package tls13

import (
	"errors"
	"fmt"
)

// Alert descriptions we send or recognise (RFC 8446 6).
const (
	alertCloseNotify            uint8 = 0
	alertUnexpectedMessage      uint8 = 10
	alertBadRecordMAC           uint8 = 20
	alertRecordOverflow         uint8 = 22
	alertHandshakeFailure       uint8 = 40
	alertBadCertificate         uint8 = 42
	alertUnsupportedCertificate uint8 = 43
	alertCertificateExpired     uint8 = 45
	alertIllegalParameter       uint8 = 47
	alertDecodeError            uint8 = 50
	alertDecryptError           uint8 = 51
	alertProtocolVersion        uint8 = 70
	alertInternalError          uint8 = 80
	alertUserCanceled           uint8 = 90
	alertMissingExtension       uint8 = 109
	alertUnsupportedExtension   uint8 = 110
	alertCertificateRequired    uint8 = 116
	alertNoApplicationProtocol  uint8 = 120
)

var alertNames = map[uint8]string{
	0: "close_notify", 10: "unexpected_message", 20: "bad_record_mac", 22: "record_overflow",
	40: "handshake_failure", 42: "bad_certificate", 43: "unsupported_certificate",
	44: "certificate_revoked", 45: "certificate_expired", 46: "certificate_unknown",
	47: "illegal_parameter", 48: "unknown_ca", 49: "access_denied", 50: "decode_error",
	51: "decrypt_error", 70: "protocol_version", 71: "insufficient_security",
	80: "internal_error", 86: "inappropriate_fallback", 90: "user_canceled",
	109: "missing_extension", 110: "unsupported_extension", 112: "unrecognized_name",
	113: "bad_certificate_status_response", 115: "unknown_psk_identity",
	116: "certificate_required", 120: "no_application_protocol",
}

// AlertName returns the RFC name of an alert description.
func AlertName(a uint8) string {
	if n, ok := alertNames[a]; ok {
		return n
	}
	return fmt.Sprintf("alert(%d)", a)
}

// AlertError is a fatal alert: sent by us (Remote=false, Err says why) or
// received from the peer (Remote=true). No TLS error is retryable on the
// same connection; a new connection may succeed only for timeouts and I/O.
type AlertError struct {
	Alert  uint8
	Remote bool
	Err    error
}

func (e *AlertError) Error() string {
	if e.Remote {
		return "tls13: peer sent alert " + AlertName(e.Alert)
	}
	if e.Err != nil {
		return "tls13: " + e.Err.Error() + " (sent alert " + AlertName(e.Alert) + ")"
	}
	return "tls13: sent alert " + AlertName(e.Alert)
}

func (e *AlertError) Unwrap() error { return e.Err }

// Errors not tied to a single alert.
var (
	ErrHandshakeTimeout = errors.New("tls13: handshake timed out")
	ErrClosed           = errors.New("tls13: use of closed connection")
	ErrWriteClosed      = errors.New("tls13: write after CloseWrite")
)

func alertf(alert uint8, format string, args ...any) *AlertError {
	return &AlertError{Alert: alert, Err: fmt.Errorf(format, args...)}
}

func alertErr(alert uint8, err error) *AlertError {
	return &AlertError{Alert: alert, Err: err}
}
