package sntrup761

import "math/bits"

// Parameters of sntrup761 (NTRU Prime round 3).
const (
	p   = 761
	q   = 4591
	w   = 286
	q12 = (q - 1) / 2 // elements of Z/q are kept in [-q12, q12]

	smallBytes   = (p + 3) / 4 // 191: four coefficients per byte
	rqBytes      = 1158        // Encode of p values below q
	roundedBytes = 1007        // Encode of p values below (q+2)/3
	hashBytes    = 32
)

// Every helper here is branch-free and uses no secret-dependent index: the
// callers feed secret polynomials through them.

// freezeQ returns the representative of x mod q in [-q12, q12], for
// |x| < 2^30. It is exact (unlike reduceQ).
func freezeQ(x int32) int16 {
	const v = (1 << 32) / q // floor: quotient estimate is at most one off
	t := x + q12
	quo := int32((int64(t) * v) >> 32)
	r := t - quo*q // in [-q, 2q)
	r += q & (r >> 31)
	r -= q
	r += q & (r >> 31)
	return int16(r - q12)
}

// reduceQ is a cheap Barrett reduction for |x| < 2^25: the result is
// congruent to x, has |r| <= q12+18, and is exactly 0 when q divides x (the
// rounding error of the quotient estimate is below 2^-8). The inversion loop
// relies on that last property to test coefficients for zero.
func reduceQ(x int32) int32 {
	const v = ((1 << 32) + q/2) / q // round(2^32/q)
	quo := int32((int64(x)*v + (1 << 31)) >> 32)
	return x - quo*q
}

// freeze3 returns the representative of x mod 3 in {-1, 0, 1}, for
// |x| < 2^30.
func freeze3(x int32) int8 {
	const v = (1 << 32) / 3
	t := x + 1
	quo := int32((int64(t) * v) >> 32)
	r := t - quo*3
	r += 3 & (r >> 31)
	r -= 3
	r += 3 & (r >> 31)
	return int8(r - 1)
}

// divmod14 divides x by a public modulus 0 < m < 16384 without a
// data-dependent division instruction: a 48-bit reciprocal gives a quotient
// that is exact or one too small, and one masked correction fixes it.
func divmod14(x, m uint32) (quo, rem uint32) {
	v := (uint64(1) << 48) / uint64(m) // m is public
	hi, lo := bits.Mul64(uint64(x), v)
	quo = uint32(hi<<16 | lo>>48)
	rem = x - quo*m // in [0, 2m)
	rem -= m
	mask := -(rem >> 31) // all ones if rem went negative
	rem += m & mask
	quo += 1 + mask
	return quo, rem
}

// invQ returns a^(q-2) = 1/a mod q (0 for a = 0) by a fixed square-and-multiply
// schedule, so its timing does not depend on a.
func invQ(a int16) int16 {
	r := int16(1)
	base := freezeQ(int32(a))
	for e := q - 2; e > 0; e >>= 1 {
		if e&1 == 1 { // e is a public constant
			r = freezeQ(int32(r) * int32(base))
		}
		base = freezeQ(int32(base) * int32(base))
	}
	return r
}

// nonzeroMask32 returns -1 if x != 0 and 0 otherwise.
func nonzeroMask32(x int32) int32 {
	u := uint64(uint32(x))
	return int32(-((-u) >> 63))
}

// positiveMask32 returns -1 if x > 0 and 0 otherwise.
func positiveMask32(x int32) int32 {
	return int32((-int64(x)) >> 63)
}
