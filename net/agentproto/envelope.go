package agentproto

import (
	"fmt"

	"duplex/crypto/enc"
	"duplex/crypto/ratchet"
	"duplex/net/links"
)

// Envelope is an agent envelope, the body of a ClientMessage (upstream
// AgentMsgEnvelope). Every envelope starts with w16 agentVersion and a tag:
//
//	Confirmation  'C' maybe(E2E ratchet params) tail(ratchet ciphertext of ConnInfo / ConnInfoReply)
//	MsgEnvelope   'M' tail(ratchet ciphertext of an AgentMessage)
//	Invitation    'I' lb(invitation URI) tail(connInfo)            per-queue e2e only
//	RatchetKey    'R' E2E ratchet params tail(encoded RatchetInfo)  per-queue e2e only
//
// The encoding is the same at every agent version; what the version decides
// is which envelopes and fields a peer understands (CheckVersion) and the
// ratchet paddings (ConnInfoPadLen, MessagePadLen).
type Envelope interface {
	AgentVersion() uint16
	// CheckVersion reports A_VERSION if the envelope cannot be sent to a
	// connection at agent version v.
	CheckVersion(v uint16) error
	encode(w *enc.Writer)
}

// Confirmation carries the joiner's ratchet parameters (nil when the
// ratchet was agreed earlier, e.g. the initiator's reply) and the first
// ratchet-encrypted message.
type Confirmation struct {
	Version     uint16
	E2E         *ratchet.Params
	EncConnInfo []byte
}

// MsgEnvelope carries one ratchet-encrypted AgentMessage.
type MsgEnvelope struct {
	Version         uint16
	EncAgentMessage []byte
}

// Invitation is a contact request: the requester's own one-time invitation
// and its profile, protected only by the per-queue e2e layer.
type Invitation struct {
	Version  uint16
	ConnReq  *links.ConnRequest // mode invitation
	ConnInfo []byte
}

// RatchetKey starts a ratchet re-synchronisation with fresh parameters.
// Info is an encoded RatchetInfo (the reference sends 'R' with no info).
type RatchetKey struct {
	Version uint16
	E2E     *ratchet.Params
	Info    []byte
}

func (e *Confirmation) AgentVersion() uint16 { return e.Version }
func (e *MsgEnvelope) AgentVersion() uint16  { return e.Version }
func (e *Invitation) AgentVersion() uint16   { return e.Version }
func (e *RatchetKey) AgentVersion() uint16   { return e.Version }

// CheckVersion: KEM fields need agent v5 (PQ) and e2e v3.
func (e *Confirmation) CheckVersion(v uint16) error {
	if err := CheckAgentVersion(v); err != nil {
		return err
	}
	if e.E2E != nil && e.E2E.KEM != nil && v < AgentVersionPQ {
		return versionError("PQ ratchet parameters need agent version %d, have %d", AgentVersionPQ, v)
	}
	return nil
}

func (e *MsgEnvelope) CheckVersion(v uint16) error { return CheckAgentVersion(v) }
func (e *Invitation) CheckVersion(v uint16) error  { return CheckAgentVersion(v) }

// CheckVersion: re-sync exists from agent v3.
func (e *RatchetKey) CheckVersion(v uint16) error {
	if err := CheckAgentVersion(v); err != nil {
		return err
	}
	if v < AgentVersionRatchetSync {
		return versionError("ratchet re-sync needs agent version %d, have %d", AgentVersionRatchetSync, v)
	}
	if e.E2E != nil && e.E2E.KEM != nil && v < AgentVersionPQ {
		return versionError("PQ ratchet parameters need agent version %d, have %d", AgentVersionPQ, v)
	}
	return nil
}

func (e *Confirmation) encode(w *enc.Writer) {
	w.W16(e.Version)
	w.Byte('C')
	w.MaybeTag(e.E2E != nil)
	if e.E2E != nil {
		e.E2E.Encode(w)
	}
	w.Tail(e.EncConnInfo)
}

func (e *MsgEnvelope) encode(w *enc.Writer) {
	w.W16(e.Version)
	w.Byte('M')
	w.Tail(e.EncAgentMessage)
}

func (e *Invitation) encode(w *enc.Writer) {
	w.W16(e.Version)
	w.Byte('I')
	if e.ConnReq == nil || e.ConnReq.Mode != links.ModeInvitation {
		w.Fail(fmt.Errorf("invitation envelope needs an invitation link"))
		return
	}
	w.LargeBytes([]byte(e.ConnReq.String()))
	w.Tail(e.ConnInfo)
}

func (e *RatchetKey) encode(w *enc.Writer) {
	w.W16(e.Version)
	w.Byte('R')
	if e.E2E == nil {
		w.Fail(fmt.Errorf("ratchet key envelope needs parameters"))
		return
	}
	e.E2E.Encode(w)
	w.Tail(e.Info)
}

// EncodeEnvelope returns the binary form of e.
func EncodeEnvelope(e Envelope) ([]byte, error) {
	w := enc.NewWriter(nil)
	e.encode(w)
	return w.Bytes()
}

// ParseEnvelope decodes an agent envelope (any version number: the agent
// checks compatibility, as the reference does after parsing). Byte fields
// alias b.
func ParseEnvelope(b []byte) (Envelope, error) {
	r := enc.NewReader(b)
	v := r.W16()
	var e Envelope
	switch tag := r.Byte(); tag {
	case 'C':
		c := &Confirmation{Version: v}
		if r.MaybeTag() {
			c.E2E = ratchet.ReadParams(r)
		}
		c.EncConnInfo = r.Tail()
		e = c
	case 'M':
		e = &MsgEnvelope{Version: v, EncAgentMessage: r.Tail()}
	case 'I':
		inv := &Invitation{Version: v}
		uri := r.LargeBytes()
		if r.Err() == nil {
			cr, err := links.ParseConnRequest(string(uri))
			switch {
			case err != nil:
				r.Fail(fmt.Errorf("invitation link: %w", err))
			case cr.Mode != links.ModeInvitation:
				r.Failf("invitation link is a contact address")
			}
			inv.ConnReq = cr
		}
		inv.ConnInfo = r.Tail()
		e = inv
	case 'R':
		rk := &RatchetKey{Version: v, E2E: ratchet.ReadParams(r)}
		rk.Info = r.Tail()
		e = rk
	default:
		if r.Err() == nil {
			r.Failf("agent envelope tag 0x%02x", tag)
		}
	}
	if err := r.Done(); err != nil {
		return nil, parseError("agent envelope", err)
	}
	return e, nil
}
