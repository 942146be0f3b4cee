package ratchet

import (
	"fmt"
	"io"

	"duplex/crypto/keys"
	"duplex/crypto/sntrup761"
)

// Versions are the ratchet's e2e versions: Current fixes the wire format of
// what we send; MaxSupported is announced in every header so the peer can
// upgrade Current (upstream RatchetVersions).
type Versions struct {
	Current, MaxSupported uint16
}

func (vs Versions) check() error {
	if err := checkVersion(vs.Current); err != nil {
		return err
	}
	if vs.MaxSupported < vs.Current || vs.MaxSupported > CurrentVersion {
		return fmt.Errorf("%w: max supported %d with current %d", ErrBadVersion, vs.MaxSupported, vs.Current)
	}
	return nil
}

// ratchetKEM is our KEM state: our current key pair and, once we have seen
// a peer key, the ciphertext we send and the secret for our next sending
// root step (upstream RatchetKEM).
type ratchetKEM struct {
	key      *sntrup761.PrivateKey
	accepted *kemAccepted
}

type sndChain struct {
	dhrr keys.X448Public
	cks  [32]byte
	hks  [32]byte
}

type rcvChain struct {
	ckr [32]byte
	hkr [32]byte
}

// skippedChain holds the keys skipped in one receiving chain, found by the
// chain's header key.
type skippedChain struct {
	hk   [32]byte
	keys map[uint32]msgKey
}

// Ratchet is one side of a header-encrypted double ratchet with optional
// sntrup761 mixing. It is not safe for concurrent use; the agent serialises
// access per connection and persists MarshalBinary output before acting on
// a result.
type Ratchet struct {
	vs      Versions
	cfgMax  uint16 // our configured max version, announced in headers
	ad      []byte
	dhrs    *keys.X448Private
	kem     *ratchetKEM
	support bool // PQ supported: big headers; once on, stays on
	enable  bool // use KEM on the next ratchet step
	sndKEM  bool // the current sending chain mixed a KEM secret
	rcvKEM  bool // the current receiving chain mixed a KEM secret
	rk      [32]byte
	snd     *sndChain
	rcv     *rcvChain
	ns, nr  uint32
	pn      uint32
	nhks    [32]byte
	nhkr    [32]byte
	skipped []skippedChain // oldest chain first
}

// String never prints key material.
func (r *Ratchet) String() string {
	return fmt.Sprintf("ratchet.Ratchet{v%d/%d ns=%d nr=%d pn=%d pq=%v/%v/%v skipped=%d}",
		r.vs.Current, r.vs.MaxSupported, r.ns, r.nr, r.pn, r.support, r.sndKEM, r.rcvKEM, r.SkippedCount())
}

// InitJoiner starts the joiner's ratchet (it can send at once) after it
// generated own in reply to the initiator's peer parameters, with a fresh
// first ratchet key from rand (upstream initSndRatchet).
func InitJoiner(rand io.Reader, vs Versions, own *PrivateParams, peer *Params) (*Ratchet, error) {
	dhrs, err := keys.GenerateX448(rand)
	if err != nil {
		return nil, err
	}
	return InitJoinerWithKey(vs, own, peer, dhrs)
}

// InitJoinerWithKey is InitJoiner with a given first ratchet key. Some
// clients reuse their second X3DH key here; peers must accept that, and our
// receive side never assumes a fresh key.
func InitJoinerWithKey(vs Versions, own *PrivateParams, peer *Params, dhrs *keys.X448Private) (*Ratchet, error) {
	if err := vs.check(); err != nil {
		return nil, err
	}
	ip, err := own.X3DHJoiner(peer)
	if err != nil {
		return nil, err
	}
	return initSending(vs, peer.Key2, dhrs, ip)
}

func initSending(vs Versions, dhrr keys.X448Public, dhrs *keys.X448Private, ip *InitParams) (*Ratchet, error) {
	dh, err := dhrs.DH(dhrr)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKey, err)
	}
	var ss []byte
	if ip.kem != nil {
		ss = ip.kem.shared[:]
	}
	rk, cks, nhks := rootKdf(ip.RootKey, dh, ss)
	pq := ip.kemKey != nil
	r := &Ratchet{
		vs: vs, cfgMax: vs.MaxSupported, ad: append([]byte(nil), ip.AD...), dhrs: dhrs,
		support: pq, enable: pq, sndKEM: ip.kem != nil,
		rk:   rk,
		snd:  &sndChain{dhrr: dhrr, cks: cks, hks: ip.SndHK},
		nhks: nhks, nhkr: ip.RcvNextHK,
	}
	if pq {
		r.kem = &ratchetKEM{key: ip.kemKey, accepted: ip.kem}
	}
	return r, nil
}

// InitInitiator starts the initiator's ratchet from its own parameters and
// the joiner's reply; it can send only after decrypting the joiner's first
// message (upstream initRcvRatchet). pqSupport is the connection's PQ
// support (it sizes headers and allows KEM on the first ratchet step).
func InitInitiator(vs Versions, own *PrivateParams, peer *Params, pqSupport bool) (*Ratchet, error) {
	if err := vs.check(); err != nil {
		return nil, err
	}
	ip, err := own.X3DHInitiator(peer)
	if err != nil {
		return nil, err
	}
	return initReceiving(vs, own.Key2, ip, pqSupport), nil
}

func initReceiving(vs Versions, dhrs *keys.X448Private, ip *InitParams, pqSupport bool) *Ratchet {
	r := &Ratchet{
		vs: vs, cfgMax: vs.MaxSupported, ad: append([]byte(nil), ip.AD...), dhrs: dhrs,
		support: pqSupport, enable: pqSupport,
		rk:   ip.RootKey,
		nhks: ip.RcvNextHK, nhkr: ip.SndHK,
	}
	if ip.kemKey != nil {
		r.kem = &ratchetKEM{key: ip.kemKey, accepted: ip.kem}
	}
	return r
}

// AD returns the associated data (joiner key1 ‖ initiator key1).
func (r *Ratchet) AD() []byte { return append([]byte(nil), r.ad...) }

// Versions returns the current and max supported e2e versions.
func (r *Ratchet) Versions() Versions { return r.vs }

// PQSupport reports whether PQ is supported (headers are 2310 bytes and
// the agent pads bodies to the PQ sizes). Once on, it stays on.
func (r *Ratchet) PQSupport() bool { return r.support }

// PQEncryption reports whether KEM will be used on the next ratchet step.
func (r *Ratchet) PQEncryption() bool { return r.enable }

// SndKEM and RcvKEM report whether the current sending / receiving chain
// mixed a KEM secret ("quantum resistant" in the app).
func (r *Ratchet) SndKEM() bool { return r.sndKEM }

// RcvKEM: see SndKEM.
func (r *Ratchet) RcvKEM() bool { return r.rcvKEM }

// CanSend reports whether a sending chain exists.
func (r *Ratchet) CanSend() bool { return r.snd != nil }

// SkippedCount is the number of stored skipped message keys.
func (r *Ratchet) SkippedCount() int {
	n := 0
	for _, c := range r.skipped {
		n += len(c.keys)
	}
	return n
}

// clone returns a copy Decrypt can change and commit only on success.
// Immutable parts (keys, AD) are shared; the skipped-key store is shared
// too and never changed in place: Decrypt records a diff and applies it on
// commit.
func (r *Ratchet) clone() *Ratchet {
	c := *r
	if r.kem != nil {
		k := *r.kem
		c.kem = &k
	}
	if r.snd != nil {
		s := *r.snd
		c.snd = &s
	}
	if r.rcv != nil {
		v := *r.rcv
		c.rcv = &v
	}
	return &c
}
