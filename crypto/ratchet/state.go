package ratchet

import (
	"fmt"
	"slices"

	"duplex/crypto/enc"
	"duplex/crypto/keys"
	"duplex/crypto/sntrup761"
)

// stateFormat is the first byte of every serialised ratchet, private
// parameters or message key. A new layout gets a new number; old numbers
// stay readable.
const stateFormat byte = 1

// Persisted layout of a Ratchet (format 1; raw fixed-size fields, w32 counts):
//
//	'1'=0x01 ‖ 'R' ‖ w16 current ‖ w16 maxSupported ‖ w16 cfgMax ‖ sb(AD)
//	‖ DHRs(56) ‖ flags(1: support|enable<<1|sndKEM<<2|rcvKEM<<3)
//	‖ maybe(kem: sk(1763) ‖ maybe(peerPK(1158) ‖ ss(32) ‖ ct(1039)))
//	‖ RK(32) ‖ maybe(snd: DHRr(56) ‖ CKs(32) ‖ HKs(32)) ‖ maybe(rcv: CKr(32) ‖ HKr(32))
//	‖ w32 Ns ‖ w32 Nr ‖ w32 PN ‖ NHKs(32) ‖ NHKr(32)
//	‖ w16 chains ‖ chains × (HK(32) ‖ w16 n ‖ n × (w32 Ns ‖ MK(32) ‖ IV(16)))
const (
	tagRatchet = 'R'
	tagPrivate = 'P'
	tagMsgKey  = 'K'
)

func writeKEMAccepted(w *enc.Writer, a *kemAccepted) {
	w.MaybeTag(a != nil)
	if a != nil {
		w.Raw(a.peerKey[:])
		w.Raw(a.shared[:])
		w.Raw(a.ct[:])
	}
}

func readKEMAccepted(r *enc.Reader) *kemAccepted {
	if !r.MaybeTag() {
		return nil
	}
	var a kemAccepted
	copy(a.peerKey[:], r.Fixed(sntrup761.PublicKeySize))
	copy(a.shared[:], r.Fixed(sntrup761.SharedKeySize))
	copy(a.ct[:], r.Fixed(sntrup761.CiphertextSize))
	return &a
}

// privX448 builds a private key from raw bytes read earlier. Keys are
// built only after the whole record parsed: deriving the public key costs a
// scalar multiplication, which a garbage record should not buy.
func privX448(b []byte) (*keys.X448Private, error) {
	k, err := keys.X448PrivateFromBytes(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadState, err)
	}
	return k, nil
}

func readSNTRUPriv(r *enc.Reader) *sntrup761.PrivateKey {
	var sk sntrup761.PrivateKey
	copy(sk[:], r.Fixed(sntrup761.PrivateKeySize))
	return &sk
}

func read32(r *enc.Reader) (k [32]byte) {
	copy(k[:], r.Fixed(32))
	return
}

func readHeader(r *enc.Reader, tag byte) {
	if f := r.Byte(); r.Err() == nil && f != stateFormat {
		r.Fail(fmt.Errorf("%w: format %d (want %d)", ErrBadState, f, stateFormat))
	}
	if t := r.Byte(); r.Err() == nil && t != tag {
		r.Fail(fmt.Errorf("%w: record %q (want %q)", ErrBadState, t, tag))
	}
}

// MarshalBinary serialises the whole ratchet, skipped keys included. The
// output holds secrets: store it encrypted.
func (r *Ratchet) MarshalBinary() ([]byte, error) {
	if r.dhrs == nil {
		return nil, fmt.Errorf("%w: uninitialised ratchet", ErrBadState)
	}
	w := enc.NewWriter(make([]byte, 0, 512+r.SkippedCount()*52))
	w.Byte(stateFormat)
	w.Byte(tagRatchet)
	w.W16(r.vs.Current)
	w.W16(r.vs.MaxSupported)
	w.W16(r.cfgMax)
	w.ShortBytes(r.ad)
	w.Raw(r.dhrs.Bytes())
	var flags byte
	for i, b := range []bool{r.support, r.enable, r.sndKEM, r.rcvKEM} {
		if b {
			flags |= 1 << i
		}
	}
	w.Byte(flags)
	w.MaybeTag(r.kem != nil)
	if r.kem != nil {
		w.Raw(r.kem.key[:])
		writeKEMAccepted(w, r.kem.accepted)
	}
	w.Raw(r.rk[:])
	w.MaybeTag(r.snd != nil)
	if r.snd != nil {
		w.Raw(r.snd.dhrr[:])
		w.Raw(r.snd.cks[:])
		w.Raw(r.snd.hks[:])
	}
	w.MaybeTag(r.rcv != nil)
	if r.rcv != nil {
		w.Raw(r.rcv.ckr[:])
		w.Raw(r.rcv.hkr[:])
	}
	w.W32(r.ns)
	w.W32(r.nr)
	w.W32(r.pn)
	w.Raw(r.nhks[:])
	w.Raw(r.nhkr[:])
	w.W16(uint16(len(r.skipped)))
	for _, ch := range r.skipped {
		w.Raw(ch.hk[:])
		w.W16(uint16(len(ch.keys)))
		ns := make([]uint32, 0, len(ch.keys))
		for n := range ch.keys {
			ns = append(ns, n)
		}
		slices.Sort(ns) // deterministic output
		for _, n := range ns {
			k := ch.keys[n]
			w.W32(n)
			w.Raw(k.key[:])
			w.Raw(k.iv[:])
		}
	}
	return w.Bytes()
}

// UnmarshalBinary restores a ratchet saved by MarshalBinary. Input that
// does not parse exactly (including trailing bytes) is ErrBadState.
func (r *Ratchet) UnmarshalBinary(b []byte) error {
	rd := enc.NewReader(b)
	readHeader(rd, tagRatchet)
	var x Ratchet
	x.vs.Current = rd.W16()
	x.vs.MaxSupported = rd.W16()
	x.cfgMax = rd.W16()
	x.ad = append([]byte(nil), rd.ShortBytes()...)
	dhrs := rd.Fixed(dhSize)
	flags := rd.Byte()
	if flags > 0x0f {
		rd.Fail(fmt.Errorf("%w: flags 0x%02x", ErrBadState, flags))
	}
	x.support, x.enable, x.sndKEM, x.rcvKEM = flags&1 != 0, flags&2 != 0, flags&4 != 0, flags&8 != 0
	if rd.MaybeTag() {
		x.kem = &ratchetKEM{key: readSNTRUPriv(rd), accepted: readKEMAccepted(rd)}
	}
	x.rk = read32(rd)
	if rd.MaybeTag() {
		x.snd = &sndChain{}
		copy(x.snd.dhrr[:], rd.Fixed(dhSize))
		x.snd.cks = read32(rd)
		x.snd.hks = read32(rd)
	}
	if rd.MaybeTag() {
		x.rcv = &rcvChain{ckr: read32(rd), hkr: read32(rd)}
	}
	x.ns = rd.W32()
	x.nr = rd.W32()
	x.pn = rd.W32()
	x.nhks = read32(rd)
	x.nhkr = read32(rd)
	nch := int(rd.W16())
	total := 0
	for i := 0; i < nch && rd.Err() == nil; i++ {
		ch := skippedChain{hk: read32(rd)}
		n := int(rd.W16())
		if n == 0 || n*52 > rd.Len() {
			rd.Fail(fmt.Errorf("%w: chain %d with %d keys", ErrBadState, i, n))
			break
		}
		total += n
		ch.keys = make(map[uint32]msgKey, n)
		var prevNum uint32
		for j := 0; j < n && rd.Err() == nil; j++ {
			num := rd.W32()
			var k msgKey
			copy(k.key[:], rd.Fixed(keySize))
			copy(k.iv[:], rd.Fixed(ivSize))
			if j > 0 && num <= prevNum {
				// Written in ascending order: anything else is not ours.
				rd.Fail(fmt.Errorf("%w: key %d after %d", ErrBadState, num, prevNum))
			}
			prevNum = num
			ch.keys[num] = k
		}
		for _, prev := range x.skipped {
			if prev.hk == ch.hk {
				rd.Fail(fmt.Errorf("%w: chain twice", ErrBadState))
			}
		}
		x.skipped = append(x.skipped, ch)
	}
	if err := rd.Done(); err != nil {
		return fmt.Errorf("%w: %v", ErrBadState, err)
	}
	var err error
	if x.dhrs, err = privX448(dhrs); err != nil {
		return err
	}
	if err := x.vs.check(); err != nil || x.cfgMax < MinVersion || x.cfgMax > CurrentVersion {
		return fmt.Errorf("%w: versions %d/%d/%d", ErrBadState, x.vs.Current, x.vs.MaxSupported, x.cfgMax)
	}
	if len(x.ad) != 2*dhSize || total > MaxStoredSkipped {
		return fmt.Errorf("%w: AD %d bytes, %d skipped keys", ErrBadState, len(x.ad), total)
	}
	*r = x
	return nil
}

// MarshalBinary serialises private parameters (they hold secrets).
//
//	0x01 ‖ 'P' ‖ w16 version ‖ key1(56) ‖ key2(56)
//	‖ maybe(sk(1763) ‖ maybe(ct(1039) ‖ ss(32) ‖ maybe(peerPK(1158))))
func (pp *PrivateParams) MarshalBinary() ([]byte, error) {
	var w enc.Writer
	w.Byte(stateFormat)
	w.Byte(tagPrivate)
	w.W16(pp.Version)
	w.Raw(pp.Key1.Bytes())
	w.Raw(pp.Key2.Bytes())
	w.MaybeTag(pp.KEM != nil)
	if k := pp.KEM; k != nil {
		w.Raw(k.Key[:])
		if (k.Ciphertext == nil) != (k.Shared == nil) {
			w.Fail(fmt.Errorf("%w: KEM ciphertext without secret", ErrKEMState))
		}
		w.MaybeTag(k.Ciphertext != nil)
		if k.Ciphertext != nil {
			w.Raw(k.Ciphertext[:])
			w.Raw(k.Shared[:])
			w.MaybeTag(k.peerKey != nil)
			if k.peerKey != nil {
				w.Raw(k.peerKey[:])
			}
		}
	}
	return w.Bytes()
}

// UnmarshalBinary restores private parameters.
func (pp *PrivateParams) UnmarshalBinary(b []byte) error {
	r := enc.NewReader(b)
	readHeader(r, tagPrivate)
	var x PrivateParams
	x.Version = r.W16()
	k1, k2 := r.Fixed(dhSize), r.Fixed(dhSize)
	if r.MaybeTag() {
		x.KEM = &PrivateKEM{Key: readSNTRUPriv(r)}
		if r.MaybeTag() {
			var ct sntrup761.Ciphertext
			var ss sntrup761.SharedKey
			copy(ct[:], r.Fixed(sntrup761.CiphertextSize))
			copy(ss[:], r.Fixed(sntrup761.SharedKeySize))
			x.KEM.Ciphertext, x.KEM.Shared = &ct, &ss
			if r.MaybeTag() {
				var pk sntrup761.PublicKey
				copy(pk[:], r.Fixed(sntrup761.PublicKeySize))
				x.KEM.peerKey = &pk
			}
		}
	}
	if err := r.Done(); err != nil {
		return fmt.Errorf("%w: %v", ErrBadState, err)
	}
	if err := checkVersion(x.Version); err != nil {
		return fmt.Errorf("%w: %v", ErrBadState, err)
	}
	var err error
	if x.Key1, err = privX448(k1); err != nil {
		return err
	}
	if x.Key2, err = privX448(k2); err != nil {
		return err
	}
	*pp = x
	return nil
}

// MarshalBinary serialises a message key (it holds secrets).
//
//	0x01 ‖ 'K' ‖ w16 version ‖ MK(32) ‖ IV(16) ‖ sb(AD) ‖ lb(encHeader)
func (mk *MessageKey) MarshalBinary() ([]byte, error) {
	var w enc.Writer
	w.Byte(stateFormat)
	w.Byte(tagMsgKey)
	w.W16(mk.version)
	w.Raw(mk.key.key[:])
	w.Raw(mk.key.iv[:])
	w.ShortBytes(mk.ad)
	w.LargeBytes(mk.encHeader)
	return w.Bytes()
}

// UnmarshalBinary restores a message key.
func (mk *MessageKey) UnmarshalBinary(b []byte) error {
	r := enc.NewReader(b)
	readHeader(r, tagMsgKey)
	var x MessageKey
	x.version = r.W16()
	copy(x.key.key[:], r.Fixed(keySize))
	copy(x.key.iv[:], r.Fixed(ivSize))
	x.ad = append([]byte(nil), r.ShortBytes()...)
	x.encHeader = append([]byte(nil), r.LargeBytes()...)
	if err := r.Done(); err != nil {
		return fmt.Errorf("%w: %v", ErrBadState, err)
	}
	*mk = x
	return nil
}

// lowestKeys returns the n smallest message numbers in ks.
func lowestKeys(ks map[uint32]msgKey, n int) []uint32 {
	all := make([]uint32, 0, len(ks))
	for k := range ks {
		all = append(all, k)
	}
	slices.Sort(all)
	return all[:n]
}
