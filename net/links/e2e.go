package links

import (
	"fmt"
	"strings"

	"duplex/crypto/enc"
	"duplex/crypto/keys"
	"duplex/crypto/ratchet"
	"duplex/crypto/sntrup761"
)

// E2EParams are the ratchet parameters an invitation carries (upstream
// E2ERatchetParamsUri for the receiving side): a version range, the
// inviter's two X448 keys and, from version 3, an optional proposed
// sntrup761 key. crypto/ratchet.Params is the one-version form sent in
// confirmations; Params converts.
type E2EParams struct {
	Versions   VersionRange
	Key1, Key2 keys.X448Public
	KEMKey     *sntrup761.PublicKey // nil = no PQ proposal
}

const whatE2E = "e2e params"

// String writes the unescaped inner form
//
//	v=<range>&x3dh=<key1 DER b64url>,<key2 DER b64url>[&kem_key=<pk b64url>]
//
// (kem_key only when max ≥ 3); a connection request escapes it as a whole.
func (p *E2EParams) String() string {
	qs := query{
		{"v", p.Versions.String()},
		{"x3dh", enc.B64(p.Key1.DER()) + "," + enc.B64(p.Key2.DER())},
	}
	if p.KEMKey != nil && p.Versions.Max >= e2eVersionPQ {
		qs = append(qs, param{"kem_key", enc.B64(p.KEMKey[:])})
	}
	return qs.render(true)
}

// ParseE2EParams parses the inner form. A kem_ct (an accepted KEM) is an
// error here: an invitation can only propose. With max < 3 a kem_key is
// ignored, as the reference does.
func ParseE2EParams(s string) (*E2EParams, error) {
	if strings.ContainsAny(s, " \n") {
		return nil, perr(whatE2E, "space or newline in the query")
	}
	qs := parseQuery(s)
	v, ok := qs.get("v")
	if !ok {
		return nil, perr(whatE2E, "missing v= (version range)")
	}
	p := &E2EParams{}
	var err error
	if p.Versions, err = ParseVersionRange(v); err != nil {
		return nil, perr(whatE2E, "v: %v", err)
	}
	x, ok := qs.get("x3dh")
	if !ok {
		return nil, perr(whatE2E, "missing x3dh= (two X448 keys)")
	}
	ks := strings.Split(x, ",")
	if len(ks) != 2 {
		return nil, perr(whatE2E, "x3dh: want 2 keys, got %d", len(ks))
	}
	for i, k := range ks {
		der, err := parseB64(k)
		if err != nil {
			return nil, perr(whatE2E, "x3dh key %d: %v", i+1, err)
		}
		pub, err := keys.ParseX448PublicDER(der)
		if err != nil {
			return nil, perr(whatE2E, "x3dh key %d: not an X448 key", i+1)
		}
		if i == 0 {
			p.Key1 = pub
		} else {
			p.Key2 = pub
		}
	}
	if p.Versions.Max >= e2eVersionPQ {
		if k, ok := qs.get("kem_key"); ok {
			if _, ct := qs.get("kem_ct"); ct {
				return nil, perr(whatE2E, "kem_ct: an invitation may only propose a KEM key")
			}
			b, err := parseB64(k)
			if err != nil {
				return nil, perr(whatE2E, "kem_key: %v", err)
			}
			if p.KEMKey, err = parseKEMKey(b); err != nil {
				return nil, perr(whatE2E, "kem_key: %v", err)
			}
		}
	}
	return p, nil
}

func parseKEMKey(b []byte) (*sntrup761.PublicKey, error) {
	if len(b) != sntrup761.PublicKeySize {
		return nil, fmt.Errorf("sntrup761 public key must be %d bytes, got %d", sntrup761.PublicKeySize, len(b))
	}
	return sntrup761.ParsePublicKey(b)
}

// encode writes w16 min ‖ w16 max ‖ sb(key1 DER) ‖ sb(key2 DER) ‖
// maybe('P' lb(kem pk)) — the maybe is present at every version.
func (p *E2EParams) encode(w *enc.Writer) {
	p.Versions.encode(w)
	w.ShortBytes(p.Key1.DER())
	w.ShortBytes(p.Key2.DER())
	w.MaybeTag(p.KEMKey != nil)
	if p.KEMKey != nil {
		w.Byte('P')
		w.LargeBytes(p.KEMKey[:])
	}
}

func (r *binReader) e2eParams() *E2EParams {
	p := &E2EParams{Versions: readVersionRange(r.Reader)}
	for i, k := range []*keys.X448Public{&p.Key1, &p.Key2} {
		der := r.ShortBytes()
		if r.Err() != nil {
			return p
		}
		pub, err := keys.ParseX448PublicDER(der)
		if err != nil {
			r.Failf("x3dh key %d: not an X448 key", i+1)
			return p
		}
		*k = pub
	}
	if r.MaybeTag() {
		switch t := r.Byte(); {
		case r.Err() != nil:
		case t == 'A':
			r.Failf("e2e params: an invitation may only propose a KEM key")
		case t != 'P':
			r.Failf("e2e params: bad KEM tag %q", t)
		default:
			b := r.LargeBytes()
			if r.Err() == nil {
				k, err := parseKEMKey(b)
				if err != nil {
					r.Failf("kem key: %v", err)
				}
				p.KEMKey = k
			}
		}
	}
	return p
}

// AtVersion returns the one-version ratchet parameters for the agreed
// version v (what the joiner feeds to crypto/ratchet).
func (p *E2EParams) AtVersion(v uint16) *ratchet.Params {
	rp := &ratchet.Params{Version: v, Key1: p.Key1, Key2: p.Key2}
	if p.KEMKey != nil && v >= e2eVersionPQ {
		rp.KEM = &ratchet.KEMParams{PublicKey: p.KEMKey}
	}
	return rp
}

// NewE2EParams puts an initiator's ratchet parameters into an invitation
// with the version range vr. An accepted KEM (a ciphertext) cannot be in an
// invitation.
func NewE2EParams(vr VersionRange, p *ratchet.Params) (*E2EParams, error) {
	if vr.Min > vr.Max {
		return nil, perr(whatE2E, "invalid version range %s", vr)
	}
	e := &E2EParams{Versions: vr, Key1: p.Key1, Key2: p.Key2}
	if p.KEM != nil {
		if p.KEM.Accepted() {
			return nil, perr(whatE2E, "an invitation may only propose a KEM key")
		}
		e.KEMKey = p.KEM.PublicKey
	}
	return e, nil
}
