package ratchet

import (
	"fmt"

	"duplex/crypto/enc"
	"duplex/crypto/keys"
	"duplex/crypto/sntrup761"
)

// KEMParams are the public sntrup761 fields of ratchet parameters and
// message headers: 'P' lb(pk) ("proposed": only our key) or
// 'A' lb(ct) lb(pk) ("accepted": a ciphertext to the peer's key and our key).
type KEMParams struct {
	Ciphertext *sntrup761.Ciphertext // nil for 'P'
	PublicKey  *sntrup761.PublicKey
}

// Accepted reports whether the parameters carry a ciphertext ('A').
func (k *KEMParams) Accepted() bool { return k.Ciphertext != nil }

func (k *KEMParams) encode(w *enc.Writer) {
	if k.PublicKey == nil {
		w.Fail(fmt.Errorf("%w: KEM params without a public key", ErrKEMState))
		return
	}
	if k.Ciphertext != nil {
		w.Byte('A')
		w.LargeBytes(k.Ciphertext[:])
	} else {
		w.Byte('P')
	}
	w.LargeBytes(k.PublicKey[:])
}

func readKEMParams(r *enc.Reader) *KEMParams {
	var k KEMParams
	switch tag := r.Byte(); tag {
	case 'P':
	case 'A':
		ct, err := sntrup761.ParseCiphertext(r.LargeBytes())
		if r.Err() != nil {
			return nil
		}
		if err != nil {
			r.Fail(fmt.Errorf("%w: KEM ciphertext: %v", ErrFormat, err))
			return nil
		}
		k.Ciphertext = ct
	default:
		if r.Err() == nil {
			r.Fail(fmt.Errorf("%w: KEM params tag 0x%02x", ErrFormat, tag))
		}
		return nil
	}
	pk, err := sntrup761.ParsePublicKey(r.LargeBytes())
	if r.Err() != nil {
		return nil
	}
	if err != nil {
		r.Fail(fmt.Errorf("%w: KEM public key: %v", ErrFormat, err))
		return nil
	}
	k.PublicKey = pk
	return &k
}

// Params are E2E ratchet parameters with one version, as sent in
// AgentConfirmation and AgentRatchetKey (upstream E2ERatchetParams):
//
//	w16 version ‖ sb(DER key1) ‖ sb(DER key2) ‖ [version ≥ 3: maybe(KEMParams)]
//
// Keys are X448 only (the reference's parser also accepts X25519 pairs,
// which no current client sends for the ratchet).
type Params struct {
	Version    uint16
	Key1, Key2 keys.X448Public
	KEM        *KEMParams
}

// MarshalBinary encodes the parameters. A KEM field with version < 3 is an
// error (upstream would silently drop it; we refuse to lose it silently).
func (p *Params) MarshalBinary() ([]byte, error) {
	var w enc.Writer
	p.Encode(&w)
	return w.Bytes()
}

// Encode appends the parameters to w (for envelopes that embed them).
func (p *Params) Encode(w *enc.Writer) {
	w.W16(p.Version)
	w.ShortBytes(p.Key1.DER())
	w.ShortBytes(p.Key2.DER())
	if p.Version >= VersionPQ {
		w.MaybeTag(p.KEM != nil)
		if p.KEM != nil {
			p.KEM.encode(w)
		}
	} else if p.KEM != nil {
		w.Fail(fmt.Errorf("%w: KEM params need version %d, have %d", ErrBadVersion, VersionPQ, p.Version))
	}
}

// ParseParams decodes parameters that fill b exactly.
func ParseParams(b []byte) (*Params, error) {
	r := enc.NewReader(b)
	p := ReadParams(r)
	if err := r.Done(); err != nil {
		return nil, err
	}
	return p, nil
}

// ReadParams decodes parameters from r (errors are recorded in r). Any
// version parses; InitJoiner/InitInitiator check the range.
func ReadParams(r *enc.Reader) *Params {
	var p Params
	p.Version = r.W16()
	p.Key1 = readX448DER(r)
	p.Key2 = readX448DER(r)
	if p.Version >= VersionPQ && r.MaybeTag() {
		p.KEM = readKEMParams(r)
	}
	if r.Err() != nil {
		return nil
	}
	return &p
}

func readX448DER(r *enc.Reader) keys.X448Public {
	der := r.ShortBytes()
	if r.Err() != nil {
		return keys.X448Public{}
	}
	k, err := keys.ParseX448PublicDER(der)
	if err != nil {
		r.Fail(fmt.Errorf("%w: X448 key: %v", ErrFormat, err))
	}
	return k
}

func writeX448DER(w *enc.Writer, k keys.X448Public) { w.ShortBytes(k.DER()) }
