package ratchet

import (
	"errors"
	"fmt"
	"io"

	"duplex/crypto/keys"
	"duplex/crypto/sntrup761"
)

// errHeaderAuth: this header key does not open the header (try the next).
var errHeaderAuth = errors.New("ratchet: header key mismatch")

type step uint8

const (
	sameRatchet step = iota + 1
	advanceRatchet
)

// skipDiff is what a successful Decrypt changes in the skipped-key store;
// it is applied only on commit.
type skipDiff struct {
	removeChain int // index into skipped, or -1
	removeN     uint32
	add         []skippedChain
}

// Decrypt decrypts one ratchet message (upstream rcDecrypt). rand feeds the
// new ratchet key (and KEM operations) of a DH ratchet step. On any error
// the ratchet is unchanged, so the agent can persist only successes.
func (r *Ratchet) Decrypt(rand io.Reader, msg []byte) ([]byte, error) {
	m, err := parseEncMessage(msg)
	if err != nil {
		return nil, err
	}
	eh, err := parseEncHeader(m.header)
	if err != nil {
		return nil, err
	}
	var (
		st  step
		hdr *msgHeader
	)
	// Keys skipped earlier: the header key names the chain, Ns the key.
	for i, ch := range r.skipped {
		h, err := r.openHeader(ch.hk, eh)
		if err == errHeaderAuth {
			continue
		}
		if err != nil {
			return nil, err
		}
		if k, ok := ch.keys[h.ns]; ok {
			pt, ok := r.openBody(k, m)
			if !ok {
				return nil, ErrMessageDecrypt
			}
			r.applySkipDiff(skipDiff{removeChain: i, removeN: h.ns})
			return pt, nil
		}
		switch {
		case r.rcv != nil && ch.hk == r.rcv.hkr:
			st = sameRatchet
		case ch.hk == r.nhkr:
			st = advanceRatchet
		default:
			// An older chain: its message was decrypted already or is
			// earlier than anything kept. Upstream reports RATCHET_HEADER.
			return nil, fmt.Errorf("%w: message %d of an earlier chain has no key (duplicate?)", ErrHeaderDecrypt, h.ns)
		}
		hdr = h
		break
	}
	if hdr == nil {
		if st, hdr, err = r.openCurrentHeader(eh); err != nil {
			return nil, err
		}
	}

	c := r.clone()
	diff := skipDiff{removeChain: -1}
	if hdr.maxVersion > c.vs.Current {
		c.vs.Current = max(c.vs.Current, min(hdr.maxVersion, c.vs.MaxSupported))
	}
	if st == advanceRatchet {
		if c.rcv != nil {
			ks, err := c.skip(hdr.pn)
			if err != nil {
				return nil, err
			}
			diff.add = appendSkipped(diff.add, c.rcv.hkr, ks)
		}
		if err := c.ratchetStep(rand, hdr); err != nil {
			return nil, err
		}
	}
	if c.rcv == nil {
		return nil, ErrHeaderDecrypt // unreachable: same-ratchet implies rcv
	}
	ks, err := c.skip(hdr.ns)
	if err != nil {
		return nil, err
	}
	diff.add = appendSkipped(diff.add, c.rcv.hkr, ks)
	ck, mk, _ := chainKdf(c.rcv.ckr)
	pt, ok := c.openBody(mk, m)
	if !ok {
		return nil, ErrMessageDecrypt
	}
	c.rcv.ckr = ck
	c.nr++
	*r = *c
	r.applySkipDiff(diff)
	return pt, nil
}

func appendSkipped(add []skippedChain, hk [32]byte, ks map[uint32]msgKey) []skippedChain {
	if len(ks) == 0 {
		return add
	}
	return append(add, skippedChain{hk: hk, keys: ks})
}

// openCurrentHeader tries HKr (same chain), then NHKr (the peer turned the
// DH ratchet).
func (r *Ratchet) openCurrentHeader(eh *encHeader) (step, *msgHeader, error) {
	if r.rcv != nil {
		h, err := r.openHeader(r.rcv.hkr, eh)
		if err == nil {
			return sameRatchet, h, nil
		}
		if err != errHeaderAuth {
			return 0, nil, err
		}
	}
	h, err := r.openHeader(r.nhkr, eh)
	if err == errHeaderAuth {
		return 0, nil, ErrHeaderDecrypt
	}
	if err != nil {
		return 0, nil, err
	}
	return advanceRatchet, h, nil
}

func (r *Ratchet) openHeader(hk [32]byte, eh *encHeader) (*msgHeader, error) {
	pt, ok := openPadded(hk, eh.iv, r.ad, eh.body, eh.tag)
	if !ok {
		return nil, errHeaderAuth
	}
	return parseMsgHeader(eh.version, pt)
}

func (r *Ratchet) openBody(k msgKey, m *encMessage) ([]byte, bool) {
	ad := make([]byte, 0, len(r.ad)+len(m.header))
	ad = append(append(ad, r.ad...), m.header...)
	return openPadded(k.key, k.iv[:], ad, m.body, m.tag)
}

// skip derives and returns the keys of messages nr..untilN−1 of the
// receiving chain (upstream skipMessageKeys), refusing duplicates, earlier
// messages and gaps above MaxSkip.
func (c *Ratchet) skip(untilN uint32) (map[uint32]msgKey, error) {
	nr, until := uint64(c.nr), uint64(untilN)
	switch {
	case nr > until+1:
		return nil, &EarlierError{N: uint32(nr - until - 1)}
	case nr == until+1:
		return nil, ErrDuplicate
	case nr+MaxSkip < until:
		return nil, &TooManySkippedError{N: uint32(until + 1 - nr)}
	case nr == until:
		return nil, nil
	}
	ks := make(map[uint32]msgKey, until-nr)
	ck := c.rcv.ckr
	for n := c.nr; n < untilN; n++ {
		var mk msgKey
		ck, mk, _ = chainKdf(ck)
		ks[n] = mk
	}
	c.rcv.ckr = ck
	c.nr = untilN
	return ks, nil
}

// ratchetStep turns the DH ratchet on a header with a new peer key
// (upstream ratchetStep, "DHRatchetPQ2HE"): receive chain from the old key,
// then a fresh key and the send chain, each root step mixing its KEM secret.
func (c *Ratchet) ratchetStep(rand io.Reader, h *msgHeader) error {
	ssRcv, ssSnd, kem, err := c.pqStep(rand, h.kem)
	if err != nil {
		return err
	}
	dhrs, err := keys.GenerateX448(rand)
	if err != nil {
		return err
	}
	dh1, err := c.dhrs.DH(h.dhrs)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadKey, err)
	}
	dh2, err := dhrs.DH(h.dhrs)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadKey, err)
	}
	rk1, ckr, nhkr := rootKdf(c.rk, dh1, ssRcv)
	rk2, cks, nhks := rootKdf(rk1, dh2, ssSnd)
	c.sndKEM, c.rcvKEM = ssSnd != nil, ssRcv != nil
	c.enable = c.sndKEM || c.rcvKEM || kem != nil
	c.support = c.support || (c.vs.Current >= VersionPQ && c.enable)
	c.dhrs, c.kem, c.rk = dhrs, kem, rk2
	c.snd = &sndChain{dhrr: h.dhrs, cks: cks, hks: c.nhks}
	c.rcv = &rcvChain{ckr: ckr, hkr: c.nhkr}
	c.pn, c.ns, c.nr = c.ns, 0, 0
	c.nhks, c.nhkr = nhks, nhkr
	return nil
}

// pqStep is the KEM half of a ratchet step (upstream pqRatchetStep). With
// PQ enabled: decapsulate the peer's ciphertext (receiving secret),
// encapsulate to its new key (sending secret) and make a new key pair —
// "two balls in play". Without a KEM in the header, PQ starts by proposing
// a key; with PQ disabled, our KEM state is dropped.
func (c *Ratchet) pqStep(rand io.Reader, hk *KEMParams) (ssRcv, ssSnd []byte, kem *ratchetKEM, err error) {
	pqOn := c.enable && c.vs.Current >= VersionPQ
	if hk == nil {
		if c.kem == nil && pqOn {
			_, sk, err := sntrup761.GenerateKey(rand)
			if err != nil {
				return nil, nil, nil, err
			}
			return nil, nil, &ratchetKEM{key: sk}, nil
		}
		return nil, nil, nil, nil
	}
	if hk.Accepted() {
		if c.kem == nil {
			return nil, nil, nil, ErrKEMState
		}
		ss := sntrup761.Decapsulate(c.kem.key, hk.Ciphertext)
		ssRcv = ss[:]
	}
	if !pqOn {
		return ssRcv, nil, nil, nil
	}
	ct, ss, err := sntrup761.Encapsulate(rand, hk.PublicKey)
	if err != nil {
		return nil, nil, nil, err
	}
	_, sk, err := sntrup761.GenerateKey(rand)
	if err != nil {
		return nil, nil, nil, err
	}
	kem = &ratchetKEM{key: sk, accepted: &kemAccepted{peerKey: *hk.PublicKey, shared: *ss, ct: *ct}}
	return ssRcv, ss[:], kem, nil
}

// applySkipDiff commits a Decrypt's changes to the skipped-key store and
// enforces MaxStoredSkipped by dropping the oldest keys.
func (r *Ratchet) applySkipDiff(d skipDiff) {
	if d.removeChain >= 0 {
		ch := r.skipped[d.removeChain]
		delete(ch.keys, d.removeN)
		if len(ch.keys) == 0 {
			r.skipped = append(r.skipped[:d.removeChain:d.removeChain], r.skipped[d.removeChain+1:]...)
		}
	}
	for _, a := range d.add {
		merged := false
		for _, ch := range r.skipped {
			if ch.hk == a.hk {
				for n, k := range a.keys {
					ch.keys[n] = k
				}
				merged = true
				break
			}
		}
		if !merged {
			r.skipped = append(r.skipped, a)
		}
	}
	for total := r.SkippedCount(); total > MaxStoredSkipped; {
		ch := r.skipped[0]
		if excess := total - MaxStoredSkipped; excess < len(ch.keys) {
			for _, n := range lowestKeys(ch.keys, excess) {
				delete(ch.keys, n)
			}
			break
		}
		total -= len(ch.keys)
		r.skipped = r.skipped[1:]
	}
}
