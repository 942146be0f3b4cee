package ratchet

import (
	"fmt"

	"duplex/crypto/enc"
	"duplex/crypto/keys"
)

// msgHeader is the plaintext ratchet header (upstream MsgHeader):
//
//	w16 maxVersion ‖ sb(DER DHRs) ‖ [v ≥ 3: maybe(KEMParams)] ‖ w32 PN ‖ w32 Ns
//
// v is the sender's current version (from the EncMessageHeader), which can
// differ from maxVersion.
type msgHeader struct {
	maxVersion uint16
	dhrs       keys.X448Public
	kem        *KEMParams
	pn, ns     uint32
}

func (h *msgHeader) encode(v uint16) ([]byte, error) {
	var w enc.Writer
	w.W16(h.maxVersion)
	writeX448DER(&w, h.dhrs)
	if v >= VersionPQ {
		w.MaybeTag(h.kem != nil)
		if h.kem != nil {
			h.kem.encode(&w)
		}
	}
	w.W32(h.pn)
	w.W32(h.ns)
	return w.Bytes()
}

// parseMsgHeader decodes a decrypted header. Bytes after Ns are ignored, as
// upstream does (it parses without requiring end of input): the header is
// authenticated and padded precisely so it can grow fields later.
func parseMsgHeader(v uint16, b []byte) (*msgHeader, error) {
	r := enc.NewReader(b)
	var h msgHeader
	h.maxVersion = r.W16()
	h.dhrs = readX448DER(r)
	if v >= VersionPQ && r.MaybeTag() {
		h.kem = readKEMParams(r)
	}
	h.pn = r.W32()
	h.ns = r.W32()
	if err := r.Err(); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrFormat, err)
	}
	return &h, nil
}

// encHeader is the encrypted header (upstream EncMessageHeader):
//
//	w16 version ‖ iv(16) ‖ tag(16) ‖ v ≥ 3: lb(ct) | v 2: sb(ct)
type encHeader struct {
	version uint16
	iv      []byte
	tag     []byte
	body    []byte
}

func (e *encHeader) encode() ([]byte, error) {
	var w enc.Writer
	w.W16(e.version)
	w.Raw(e.iv)
	w.Raw(e.tag)
	writeLarge(&w, e.version, e.body)
	return w.Bytes()
}

func parseEncHeader(b []byte) (*encHeader, error) {
	r := enc.NewReader(b)
	var e encHeader
	e.version = r.W16()
	e.iv = r.Fixed(ivSize)
	e.tag = r.Fixed(tagSize)
	e.body = readLarge(r, b)
	if err := r.Done(); err != nil {
		return nil, fmt.Errorf("%w: encrypted header: %v", ErrFormat, err)
	}
	return &e, nil
}

// writeLarge uses lb from version 3 on, sb before (upstream encodeLarge).
func writeLarge(w *enc.Writer, v uint16, p []byte) {
	if v >= VersionPQ {
		w.LargeBytes(p)
	} else {
		w.ShortBytes(p)
	}
}

// readLarge reads either form without knowing the version (upstream
// largeP): encrypted headers are never shorter than 32 bytes, so a first
// byte below 32 can only be the high byte of an lb length (< 8192).
func readLarge(r *enc.Reader, b []byte) []byte {
	if off := r.Offset(); r.Err() == nil && off < len(b) && b[off] < 32 {
		return r.LargeBytes()
	}
	return r.ShortBytes()
}

// encMessage is a whole ratchet message (upstream EncRatchetMessage):
//
//	(v ≥ 3: lb | sb)(encoded encHeader) ‖ tag(16) ‖ tail(body)
type encMessage struct {
	header []byte // encoded encHeader, also part of the body's AAD
	tag    []byte
	body   []byte
}

func parseEncMessage(b []byte) (*encMessage, error) {
	r := enc.NewReader(b)
	var m encMessage
	m.header = readLarge(r, b)
	m.tag = r.Fixed(tagSize)
	m.body = r.Tail()
	if err := r.Done(); err != nil {
		return nil, fmt.Errorf("%w: message: %v", ErrFormat, err)
	}
	return &m, nil
}
