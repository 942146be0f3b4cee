package box

import (
	"encoding/binary"

	"golang.org/x/crypto/poly1305"
	"golang.org/x/crypto/salsa20/salsa"
)

// cipherState is the reference's SbState: an XSalsa20 keystream positioned
// after the 32 bytes used as the Poly1305 key, and a running Poly1305 over
// the ciphertext. It is a state machine only; framing lives in the callers.
type cipherState struct {
	subkey  [32]byte // HSalsa20(HSalsa20(K, 0^16), N[0:16])
	counter [16]byte // N[16:24] ‖ little-endian block counter of the NEXT block
	ks      [64]byte // current keystream block
	ksOff   int      // bytes of ks already used (64 = none left)
	mac     *poly1305.MAC
}

func newCipherState(key *[32]byte, nonce *Nonce) *cipherState {
	s := &cipherState{}
	var in [16]byte
	copy(in[:], nonce[:16])
	salsa.HSalsa20(&s.subkey, &in, boxKey(key), &salsa.Sigma)
	copy(s.counter[:8], nonce[16:])
	s.nextBlock()
	var polyKey [32]byte
	copy(polyKey[:], s.ks[:32])
	s.mac = poly1305.New(&polyKey)
	clear(polyKey[:])
	s.ksOff = 32
	return s
}

// nextBlock fills ks with the keystream block at counter and advances it.
func (s *cipherState) nextBlock() {
	clear(s.ks[:])
	salsa.XORKeyStream(s.ks[:], s.ks[:], &s.counter, &s.subkey)
	s.addCounter(1)
	s.ksOff = 0
}

func (s *cipherState) addCounter(n uint64) {
	c := binary.LittleEndian.Uint64(s.counter[8:])
	binary.LittleEndian.PutUint64(s.counter[8:], c+n)
}

// xor XORs the keystream into dst from src (they may be the same slice).
func (s *cipherState) xor(dst, src []byte) {
	// Leftover of the current block first.
	if s.ksOff < 64 {
		n := min(64-s.ksOff, len(src))
		for i := range n {
			dst[i] = src[i] ^ s.ks[s.ksOff+i]
		}
		s.ksOff += n
		dst, src = dst[n:], src[n:]
	}
	// Whole blocks straight through the assembly implementation.
	if full := len(src) &^ 63; full > 0 {
		salsa.XORKeyStream(dst[:full], src[:full], &s.counter, &s.subkey)
		s.addCounter(uint64(full / 64))
		dst, src = dst[full:], src[full:]
	}
	if len(src) > 0 {
		s.nextBlock()
		for i := range src {
			dst[i] = src[i] ^ s.ks[i]
		}
		s.ksOff = len(src)
	}
}

// encrypt encrypts src into dst and authenticates the ciphertext.
func (s *cipherState) encrypt(dst, src []byte) {
	s.xor(dst, src)
	s.mac.Write(dst[:len(src)])
}

// decrypt authenticates src (ciphertext) and decrypts it into dst.
func (s *cipherState) decrypt(dst, src []byte) {
	s.mac.Write(src)
	s.xor(dst, src)
}

// tag returns the Poly1305 tag of everything processed so far.
func (s *cipherState) tag() [TagSize]byte {
	var t [TagSize]byte
	s.mac.Sum(t[:0])
	return t
}
