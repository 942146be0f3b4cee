package smp

import (
	"errors"

	"duplex/crypto/enc"
)

// Transmission is one unit inside a block:
//
//	sb(authorization) [v≥16, authorization ≠ "": maybe(sb serviceSig)]
//	[v6 only: sb(sessionId)] sb(corrId) sb(entityId) command
//
// From v7 the session id is implied: it is not sent, but it is part of the
// signed bytes (SignedBytes), which binds every transmission to one TLS session.
type Transmission struct {
	Auth       []byte // empty | 64 Ed25519 sig | 114 Ed448 sig | 80 cbAuthenticator
	ServiceSig []byte // v≥16 only; nil = absent
	SessionID  []byte // v6 only: sent explicitly (must equal the transport's)
	CorrID     []byte // 24 random bytes from clients; empty in relay events
	EntityID   []byte // queue/link/notifier id, proxy session id, or empty
	Command    []byte // encoded command or response
}

// ErrBadTransmission is wrapped by ParseTransmission errors.
var ErrBadTransmission = errors.New("smp: bad transmission")

// EncodeTransmission returns the wire form for version v.
func EncodeTransmission(v Version, t *Transmission) ([]byte, error) {
	w := enc.NewWriter(make([]byte, 0, 1+len(t.Auth)+3+len(t.CorrID)+len(t.EntityID)+len(t.Command)+72))
	w.ShortBytes(t.Auth)
	if v >= VersionServiceCerts && len(t.Auth) > 0 {
		w.MaybeShortBytes(t.ServiceSig)
	} else if t.ServiceSig != nil {
		w.Fail(errors.New("smp: service signature needs v16 and an authorization"))
	}
	if v < VersionAuthCmds {
		w.ShortBytes(t.SessionID)
	}
	w.ShortBytes(t.CorrID)
	w.ShortBytes(t.EntityID)
	w.Raw(t.Command)
	return w.Bytes()
}

// ParseTransmission parses one transmission for version v. The command is
// not parsed (ParseCommand / ParseResponse do that), so a relay can still
// answer with the corrId of a transmission whose command is bad.
func ParseTransmission(v Version, b []byte) (*Transmission, error) {
	r := enc.NewReader(b)
	t := &Transmission{Auth: clone(r.ShortBytes())}
	if v >= VersionServiceCerts && len(t.Auth) > 0 {
		t.ServiceSig = clone(r.MaybeShortBytes())
	}
	if v < VersionAuthCmds {
		t.SessionID = clone(r.ShortBytes())
	}
	t.CorrID = clone(r.ShortBytes())
	t.EntityID = clone(r.ShortBytes())
	t.Command = clone(r.Tail())
	if err := r.Done(); err != nil {
		return nil, errors.Join(ErrBadTransmission, err)
	}
	return t, nil
}

// SignedBytes returns what the authorization covers:
// sb(sessionId) ‖ sb(corrId) ‖ sb(entityId) ‖ command. At v6 these are the
// bytes as sent; from v7 the session id is implied.
func (t *Transmission) SignedBytes(sessionID []byte) []byte {
	w := enc.NewWriter(make([]byte, 0, 3+len(sessionID)+len(t.CorrID)+len(t.EntityID)+len(t.Command)))
	w.ShortBytes(sessionID)
	w.ShortBytes(t.CorrID)
	w.ShortBytes(t.EntityID)
	w.Raw(t.Command)
	b, err := w.Bytes()
	if err != nil {
		return nil // an id over 255 bytes cannot have been parsed or signed
	}
	return b
}
