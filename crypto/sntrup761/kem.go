package sntrup761

import (
	"crypto/sha512"
	"encoding/binary"
	"io"
)

// hashPrefix returns the first 32 bytes of SHA-512(b ‖ parts...). The
// prefix byte separates the scheme's hash roles: 0 rejected session key,
// 1 accepted session key, 2 confirmation, 3 plaintext, 4 public key cache.
func hashPrefix(b byte, parts ...[]byte) [hashBytes]byte {
	h := sha512.New()
	h.Write([]byte{b})
	for _, x := range parts {
		h.Write(x)
	}
	var sum [sha512.Size]byte
	var out [hashBytes]byte
	copy(out[:], h.Sum(sum[:0]))
	return out
}

// randomWords fills list with little-endian 32-bit words taken from a single
// read of 4·len(list) bytes. One read per polynomial is the convention of
// supercop-20210604 and PQClean, whose KAT we reproduce; a call-granular
// source such as the NIST DRBG gives different bytes if the read is split.
func randomWords(rand io.Reader, list *[p]uint32) error {
	var buf [4 * p]byte
	if _, err := io.ReadFull(rand, buf[:]); err != nil {
		return err
	}
	for i := range list {
		list[i] = binary.LittleEndian.Uint32(buf[4*i:])
	}
	return nil
}

// smallRandom draws p coefficients, each floor(3·(u mod 2^30)/2^30) - 1.
func smallRandom(rand io.Reader) (small, error) {
	var g small
	var list [p]uint32
	if err := randomWords(rand, &list); err != nil {
		return g, err
	}
	for i, u := range list {
		g[i] = int8(((u&0x3fffffff)*3)>>30) - 1
	}
	return g, nil
}

// shortRandom draws a polynomial with exactly w nonzero coefficients: p
// random words are tagged in their low two bits (first w as ±1, the rest as
// 0), sorted in constant time, and the tags read back in sorted order.
func shortRandom(rand io.Reader) (small, error) {
	var f small
	var list [p]uint32
	if err := randomWords(rand, &list); err != nil {
		return f, err
	}
	for i := range list {
		if i < w { // i is public
			list[i] &^= 1 // tag 0 or 2: coefficient -1 or +1
		} else {
			list[i] = list[i]&^3 | 1 // tag 1: coefficient 0
		}
	}
	sortUint32(list[:])
	for i, u := range list {
		f[i] = int8(u&3) - 1
	}
	return f, nil
}

// keyGen returns h = g/(3f) and the secret (f, 1/g in R3).
func keyGen(rand io.Reader) (h rq, f, ginv small, err error) {
	for {
		g, err := smallRandom(rand)
		if err != nil {
			return h, f, ginv, err
		}
		var ok bool
		if ginv, ok = r3Inverse(&g); ok {
			f, err = shortRandom(rand)
			if err != nil {
				return h, f, ginv, err
			}
			finv := rqRecip3(&f)
			return rqMulSmall(&finv, &g), f, ginv, nil
		}
	}
}

// encrypt returns Round(h·r): each coefficient moved to the nearest
// multiple of 3.
func encrypt(r *small, h *rq) rq {
	c := rqMulSmall(h, r)
	for i, x := range c {
		c[i] = x - int16(freeze3(int32(x)))
	}
	return c
}

// decrypt recovers r from c = Round(h·r): 3f·c = g·r + 3f·e in Rq has small
// coefficients, so reducing mod 3 and multiplying by 1/g gives r. If the
// result does not have weight w (a bad ciphertext), it is replaced by a
// fixed weight-w vector, selected with masks.
func decrypt(c *rq, f, ginv *small) small {
	cf := rqMulSmall(c, f)
	var e small
	for i, x := range cf {
		e[i] = freeze3(int32(freezeQ(3 * int32(x))))
	}
	ev := r3Mul(&e, ginv)
	var weight int32
	for _, x := range ev {
		weight += int32(x & 1)
	}
	keep := ^int8(nonzeroMask32(weight - w)) // -1 if weight is w
	var r small
	for i := 0; i < w; i++ {
		r[i] = ((ev[i] ^ 1) & keep) ^ 1
	}
	for i := w; i < p; i++ {
		r[i] = ev[i] & keep
	}
	return r
}

// hide encrypts r under pk and appends the confirmation hash; it also
// returns the encoding of r that the session hash uses.
func hide(ct *Ciphertext, r *small, pk []byte, cache *[hashBytes]byte) (rEnc [smallBytes]byte) {
	smallEncode(rEnc[:], r)
	var h rq
	rqDecode(&h, pk)
	c := encrypt(r, &h)
	roundedEncode(ct[:roundedBytes], &c)
	hr := hashPrefix(3, rEnc[:])
	confirm := hashPrefix(2, hr[:], cache[:])
	copy(ct[roundedBytes:], confirm[:])
	return rEnc
}
