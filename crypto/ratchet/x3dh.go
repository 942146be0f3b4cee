package ratchet

import (
	"fmt"
	"io"

	"duplex/crypto/keys"
	"duplex/crypto/sntrup761"
)

// PrivateKEM is our side of the sntrup761 exchange in ratchet parameters:
// our key pair and, when we accepted the peer's proposal, the ciphertext we
// sent and the secret it carries.
type PrivateKEM struct {
	Key        *sntrup761.PrivateKey // contains the public key
	Ciphertext *sntrup761.Ciphertext // nil unless accepted
	Shared     *sntrup761.SharedKey  // nil unless accepted
	peerKey    *sntrup761.PublicKey  // the proposed key we encapsulated to
}

// PrivateParams are the private halves of Params: what a party keeps (and
// the agent persists) between sending its parameters and receiving the
// peer's.
type PrivateParams struct {
	Version    uint16
	Key1, Key2 *keys.X448Private
	KEM        *PrivateKEM
}

// Public returns the parameters to send.
func (pp *PrivateParams) Public() *Params {
	p := &Params{Version: pp.Version, Key1: pp.Key1.Public(), Key2: pp.Key2.Public()}
	if pp.KEM != nil {
		p.KEM = &KEMParams{Ciphertext: pp.KEM.Ciphertext, PublicKey: pp.KEM.Key.Public()}
	}
	return p
}

// String never prints key material.
func (pp *PrivateParams) String() string {
	return fmt.Sprintf("ratchet.PrivateParams{v%d, kem=%v}", pp.Version, pp.KEM != nil)
}

func checkVersion(v uint16) error {
	if v < MinVersion || v > CurrentVersion {
		return fmt.Errorf("%w: %d (want %d–%d)", ErrBadVersion, v, MinVersion, CurrentVersion)
	}
	return nil
}

func generateParams(rand io.Reader, v uint16) (*PrivateParams, error) {
	if err := checkVersion(v); err != nil {
		return nil, err
	}
	k1, err := keys.GenerateX448(rand)
	if err != nil {
		return nil, err
	}
	k2, err := keys.GenerateX448(rand)
	if err != nil {
		return nil, err
	}
	return &PrivateParams{Version: v, Key1: k1, Key2: k2}, nil
}

// GenerateInitiatorParams makes the link creator's parameters ("Bob" in the
// double-ratchet papers, upstream generateRcvE2EParams). With pqSupport and
// version ≥ 3 they propose a KEM key.
func GenerateInitiatorParams(rand io.Reader, version uint16, pqSupport bool) (*PrivateParams, error) {
	pp, err := generateParams(rand, version)
	if err != nil {
		return nil, err
	}
	if pqSupport && version >= VersionPQ {
		_, sk, err := sntrup761.GenerateKey(rand)
		if err != nil {
			return nil, err
		}
		pp.KEM = &PrivateKEM{Key: sk}
	}
	return pp, nil
}

// GenerateJoinerParams makes the joiner's parameters in reply to peer
// (upstream generateSndE2EParams with replyKEM_): with pqSupport and version
// ≥ 3 it accepts a proposed KEM key (encapsulating to it) or, if none was
// proposed, proposes its own. peer may be nil (no KEM proposal known).
func GenerateJoinerParams(rand io.Reader, version uint16, peer *Params, pqSupport bool) (*PrivateParams, error) {
	if peer != nil {
		if err := checkProposal(peer); err != nil {
			return nil, err
		}
	}
	pp, err := generateParams(rand, version)
	if err != nil {
		return nil, err
	}
	if !pqSupport || version < VersionPQ {
		return pp, nil
	}
	_, sk, err := sntrup761.GenerateKey(rand)
	if err != nil {
		return nil, err
	}
	pp.KEM = &PrivateKEM{Key: sk}
	if peer != nil && peer.KEM != nil && !peer.KEM.Accepted() {
		ct, ss, err := sntrup761.Encapsulate(rand, peer.KEM.PublicKey)
		if err != nil {
			return nil, err
		}
		pp.KEM.Ciphertext, pp.KEM.Shared, pp.KEM.peerKey = ct, ss, peer.KEM.PublicKey
	}
	return pp, nil
}

// checkProposal: the initiator's parameters (invitation, re-sync key) can
// propose a KEM key but never carry a ciphertext — there was nothing to
// encapsulate to (upstream types them RKSProposed, so they do not parse).
func checkProposal(p *Params) error {
	if p.KEM != nil && p.KEM.Accepted() {
		return fmt.Errorf("%w: initiator parameters with a KEM ciphertext", ErrKEMState)
	}
	return nil
}

// kemAccepted is a completed KEM exchange: the peer's key we encapsulated
// to, the secret and the ciphertext we send for it.
type kemAccepted struct {
	peerKey sntrup761.PublicKey
	shared  sntrup761.SharedKey
	ct      sntrup761.Ciphertext
}

// InitParams is the X3DH result both parties agree on (upstream
// RatchetInitParams).
type InitParams struct {
	AD        []byte   // joiner key1 ‖ initiator key1, raw (112 bytes)
	RootKey   [32]byte // sk
	SndHK     [32]byte // hk: the joiner's first sending header key
	RcvNextHK [32]byte // nhk
	kem       *kemAccepted
	kemKey    *sntrup761.PrivateKey // our KEM pair, if we take part in PQ
}

// HasKEMSecret reports whether the KEM secret went into the X3DH output.
func (ip *InitParams) HasKEMSecret() bool { return ip.kem != nil }

// x3dh computes SimpleXX3DH. jk1 is the joiner's key1, ik1 the initiator's.
func x3dh(jk1, ik1 keys.X448Public, dh1, dh2, dh3 [dhSize]byte, kem *kemAccepted) *InitParams {
	ikm := make([]byte, 0, 3*dhSize+sntrup761.SharedKeySize)
	ikm = append(append(append(ikm, dh1[:]...), dh2[:]...), dh3[:]...)
	if kem != nil {
		ikm = append(ikm, kem.shared[:]...)
	}
	var salt [64]byte
	hk, nhk, sk := hkdf3(salt[:], ikm, infoX3DH)
	ad := make([]byte, 0, 2*dhSize)
	ad = append(append(ad, jk1[:]...), ik1[:]...)
	return &InitParams{AD: ad, RootKey: sk, SndHK: hk, RcvNextHK: nhk, kem: kem}
}

func dh3(a *keys.X448Private, ap keys.X448Public, b *keys.X448Private, bp keys.X448Public, c *keys.X448Private, cp keys.X448Public) (r1, r2, r3 [dhSize]byte, err error) {
	if r1, err = a.DH(ap); err != nil {
		return
	}
	if r2, err = b.DH(bp); err != nil {
		return
	}
	r3, err = c.DH(cp)
	return
}

// X3DHJoiner is the joiner's key agreement with the initiator's parameters
// (upstream pqX3dhSnd).
func (pp *PrivateParams) X3DHJoiner(peer *Params) (*InitParams, error) {
	if err := checkVersion(peer.Version); err != nil {
		return nil, err
	}
	if err := checkProposal(peer); err != nil {
		return nil, err
	}
	var kem *kemAccepted
	var kemKey *sntrup761.PrivateKey
	if pp.KEM != nil && peer.Version >= VersionPQ {
		switch {
		case pp.KEM.Ciphertext != nil && peer.KEM != nil && !peer.KEM.Accepted():
			if pp.KEM.peerKey != nil && *pp.KEM.peerKey != *peer.KEM.PublicKey {
				return nil, fmt.Errorf("%w: accepted a different KEM key", ErrKEMState)
			}
			kem = &kemAccepted{peerKey: *peer.KEM.PublicKey, shared: *pp.KEM.Shared, ct: *pp.KEM.Ciphertext}
			kemKey = pp.KEM.Key
		case pp.KEM.Ciphertext == nil:
			// Both sides may propose (ratchet re-sync): no secret yet.
			kemKey = pp.KEM.Key
		default:
			return nil, fmt.Errorf("%w: accepted a KEM the peer did not propose", ErrKEMState)
		}
	}
	// dh1 = DH(ik1, jk2), dh2 = DH(ik2, jk1), dh3 = DH(ik2, jk2)
	d1, d2, d3, err := dh3(pp.Key2, peer.Key1, pp.Key1, peer.Key2, pp.Key2, peer.Key2)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKey, err)
	}
	ip := x3dh(pp.Key1.Public(), peer.Key1, d1, d2, d3, kem)
	ip.kemKey = kemKey
	return ip, nil
}

// X3DHInitiator is the initiator's key agreement with the joiner's reply
// (upstream pqX3dhRcv).
func (pp *PrivateParams) X3DHInitiator(peer *Params) (*InitParams, error) {
	if err := checkVersion(peer.Version); err != nil {
		return nil, err
	}
	var kem *kemAccepted
	var kemKey *sntrup761.PrivateKey
	if peer.KEM != nil && peer.KEM.Accepted() && peer.Version >= VersionPQ {
		if pp.KEM == nil || pp.KEM.Ciphertext != nil {
			return nil, fmt.Errorf("%w: KEM ciphertext without our proposal", ErrKEMState)
		}
		ss := sntrup761.Decapsulate(pp.KEM.Key, peer.KEM.Ciphertext)
		kem = &kemAccepted{peerKey: *peer.KEM.PublicKey, shared: *ss, ct: *peer.KEM.Ciphertext}
		kemKey = pp.KEM.Key
	}
	d1, d2, d3, err := dh3(pp.Key1, peer.Key2, pp.Key2, peer.Key1, pp.Key2, peer.Key2)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKey, err)
	}
	ip := x3dh(peer.Key1, pp.Key1.Public(), d1, d2, d3, kem)
	ip.kemKey = kemKey
	return ip, nil
}
