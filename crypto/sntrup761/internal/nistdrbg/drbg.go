// Package nistdrbg is the deterministic random source of the NIST PQC
// known-answer generators (PQCgenKAT_kem and its rng.c): CTR_DRBG from
// SP 800-90A with AES-256, no derivation function, no reseeding and no
// personalisation. It exists only so tests can reproduce published KAT files
// byte for byte; it is not a general-purpose generator.
//
// State is the 32-byte AES key K and the 16-byte counter V. Update(data)
// encrypts V+1, V+2, V+3 under K, XORs the 48 bytes with data (if any) and
// takes the first 32 bytes as the new K and the last 16 as the new V.
// Instantiate sets K = V = 0 and runs Update(seed). Each Read is one call of
// randombytes: it emits AES_K(++V) blocks, truncating the last one, and then
// runs Update(nil). Because of that final Update the output depends on how
// the caller splits its reads, which is why callers must read in exactly the
// chunks the reference implementation does (4 bytes per random word, etc.).
package nistdrbg

import (
	"crypto/aes"
	"crypto/cipher"
	"errors"
)

// SeedSize is the length of the entropy input the KAT generator uses.
const SeedSize = 48

// DRBG is an AES-256 CTR_DRBG. Its Read never fails.
type DRBG struct {
	key [32]byte
	v   [16]byte
	blk cipher.Block
}

// New instantiates a DRBG from a 48-byte seed (entropy input).
func New(seed []byte) (*DRBG, error) {
	if len(seed) != SeedSize {
		return nil, errors.New("nistdrbg: seed must be 48 bytes")
	}
	d := new(DRBG)
	d.rekey()
	d.update(seed)
	return d, nil
}

// rekey installs the current key into the block cipher.
func (d *DRBG) rekey() {
	b, err := aes.NewCipher(d.key[:])
	if err != nil {
		panic(err) // a 32-byte key is always valid
	}
	d.blk = b
}

// incV adds one to V as a 128-bit big-endian counter.
func (d *DRBG) incV() {
	for j := 15; j >= 0; j-- {
		d.v[j]++
		if d.v[j] != 0 {
			return
		}
	}
}

func (d *DRBG) update(data []byte) {
	var tmp [48]byte
	for i := 0; i < 3; i++ {
		d.incV()
		d.blk.Encrypt(tmp[16*i:], d.v[:])
	}
	for i := range data {
		tmp[i] ^= data[i]
	}
	copy(d.key[:], tmp[:32])
	copy(d.v[:], tmp[32:])
	d.rekey()
}

// Read fills p as one randombytes(p, len(p)) call and returns len(p), nil.
func (d *DRBG) Read(p []byte) (int, error) {
	var blk [16]byte
	for off := 0; off < len(p); off += 16 {
		d.incV()
		d.blk.Encrypt(blk[:], d.v[:])
		copy(p[off:], blk[:])
	}
	d.update(nil)
	return len(p), nil
}
