package ratchet

import (
	"fmt"

	"duplex/crypto/enc"
)

// PQPreference is the user's PQ choice passed with a message (upstream
// Maybe PQEncryption). Explicit numbers: it may be persisted by callers.
type PQPreference uint8

const (
	PQKeep    PQPreference = 0 // no preference: keep the current setting
	PQEnable  PQPreference = 1 // use KEM from the next ratchet step on
	PQDisable PQPreference = 2 // stop sending KEM ciphertexts
)

// MessageKey is a message key with its encrypted header, produced by
// EncryptHeader and consumed by Seal (upstream MsgEncryptKey). The agent
// can persist it to encrypt the body later, after the ratchet state that
// produced it was saved.
type MessageKey struct {
	version   uint16
	key       msgKey
	ad        []byte
	encHeader []byte
}

// String never prints key material.
func (mk *MessageKey) String() string { return fmt.Sprintf("ratchet.MessageKey{v%d}", mk.version) }

// Encrypt encrypts plaintext padded to padTo bytes (the agent's sizes:
// MsgPadLen, MsgPadLenPQ, ConnInfoPadLen…) and advances the sending chain.
// It is deterministic: every IV comes from the chain KDF, so no randomness
// is needed. On error the state is unchanged.
func (r *Ratchet) Encrypt(plaintext []byte, padTo int) ([]byte, error) {
	return r.EncryptPQ(plaintext, padTo, PQKeep)
}

// EncryptPQ is Encrypt with a PQ preference for this and later messages.
func (r *Ratchet) EncryptPQ(plaintext []byte, padTo int, pq PQPreference) ([]byte, error) {
	if !canPad(len(plaintext), padTo) {
		return nil, ErrLargeMessage
	}
	mk, err := r.EncryptHeader(pq)
	if err != nil {
		return nil, err
	}
	return mk.Seal(plaintext, padTo)
}

// EncryptHeader advances the sending chain and encrypts the next header
// (upstream rcEncryptHeader).
func (r *Ratchet) EncryptHeader(pq PQPreference) (*MessageKey, error) {
	if r.snd == nil {
		return nil, ErrNoSendingRatchet
	}
	if pq > PQDisable {
		return nil, fmt.Errorf("ratchet: bad PQ preference %d", pq)
	}
	ck, mk, hdrIV := chainKdf(r.snd.cks)
	v := r.vs.Current
	enable := r.enable
	switch pq {
	case PQEnable:
		enable = true
	case PQDisable:
		enable = false
	}
	// Support (big headers) can be switched on, never off.
	support := r.support || (v >= VersionPQ && enable)
	// Announce PQ capability as soon as the user asks for it; Current is
	// upgraded only when the peer decrypts.
	maxV := v
	if pq == PQEnable {
		maxV = VersionPQ
	}
	maxV = max(maxV, r.cfgMax)

	h := msgHeader{maxVersion: maxV, dhrs: r.dhrs.Public(), pn: r.pn, ns: r.ns}
	if r.kem != nil {
		h.kem = &KEMParams{PublicKey: r.kem.key.Public()}
		if a := r.kem.accepted; a != nil {
			ct := a.ct
			h.kem.Ciphertext = &ct
		}
	}
	hb, err := h.encode(v)
	if err != nil {
		return nil, err
	}
	tag, ct, err := sealPadded(r.snd.hks, hdrIV, headerPadLen(v, support), r.ad, hb)
	if err != nil {
		return nil, err
	}
	eh, err := (&encHeader{version: v, iv: hdrIV[:], tag: tag[:], body: ct}).encode()
	if err != nil {
		return nil, err
	}

	r.snd.cks = ck
	r.ns++
	r.support = support
	r.enable = enable
	r.vs.MaxSupported = maxV
	if pq == PQDisable && r.kem != nil {
		r.kem = &ratchetKEM{key: r.kem.key}
	}
	return &MessageKey{version: v, key: mk, ad: r.ad, encHeader: eh}, nil
}

// Seal encrypts the body under the message key (upstream rcEncryptMsg):
//
//	(v ≥ 3: lb | sb)(encHeader) ‖ tag(16) ‖ AES-GCM(mk, iv, AD ‖ encHeader, pad(msg, padTo))
func (mk *MessageKey) Seal(plaintext []byte, padTo int) ([]byte, error) {
	if !canPad(len(plaintext), padTo) {
		return nil, ErrLargeMessage
	}
	ad := make([]byte, 0, len(mk.ad)+len(mk.encHeader))
	ad = append(append(ad, mk.ad...), mk.encHeader...)
	// Build the message in one buffer: prefix ‖ tag slot ‖ padded body; seal
	// the body in place (GCM appends the tag) and move the tag forward.
	w := enc.NewWriter(make([]byte, 0, 2+len(mk.encHeader)+tagSize+padTo+tagSize))
	writeLarge(w, mk.version, mk.encHeader)
	w.Raw(make([]byte, tagSize))
	out, err := w.Bytes()
	if err != nil {
		return nil, err
	}
	bodyAt := len(out)
	if out, err = enc.AppendPad(out, plaintext, padTo); err != nil {
		return nil, ErrLargeMessage
	}
	sealed := gcm16(mk.key.key).Seal(out[bodyAt:bodyAt], mk.key.iv[:], out[bodyAt:], ad)
	copy(out[bodyAt-tagSize:bodyAt], sealed[padTo:])
	return out[:bodyAt+padTo], nil
}
