package sntrup761

// Inversion in R3 and Rq by Bernstein–Yang "divsteps" ("Fast constant-time
// gcd computation and modular inversion", 2019, the recip algorithm). The
// loop runs a fixed 2p-1 iterations; whether f and g are swapped in a step
// is a secret bit applied with masks, never a branch.
//
// State: f starts as the reversed modulus 1 - x^(p-1) - x^p and g as the
// reversed input; v and r track the Bézout coefficient of the input. Each
// step multiplies v by x, conditionally swaps (f, v) with (g, r) when
// delta > 0 and g(0) != 0, then eliminates g(0) and divides g by x. After
// the last step the input is invertible iff delta = 0, and its inverse is
// the reversal of v divided by f(0).

const divsteps = 2*p - 1

// --- R3, bitsliced -----------------------------------------------------
//
// A coefficient of F3 is two bits: m (nonzero) and s (negative, only set
// when m is). 64 coefficients share a word, so each divstep touches 12 words
// per polynomial instead of 762 bytes.

const r3Words = (p + 1 + 63) / 64 // 12 words hold coefficients 0..p

type r3bits struct{ m, s [r3Words]uint64 }

// topMask keeps coefficients 0..p of the last word; higher bits stay zero.
const topMask = uint64(1)<<((p+1)-64*(r3Words-1)) - 1

func (a *r3bits) set(i int, c int8) {
	c = freeze3(int32(c))
	word, bit := i/64, uint(i%64)
	m := uint64(c&1) << bit         // ±1 have the low bit set
	s := uint64(uint8(c)>>7) << bit // -1 has the sign bit set
	a.m[word] |= m
	a.s[word] |= s
}

func (a *r3bits) get(i int) int8 {
	word, bit := i/64, uint(i%64)
	m := int8(a.m[word] >> bit & 1)
	s := int8(a.s[word] >> bit & 1)
	return m - 2*(m&s)
}

// cswap swaps a and b when mask is all ones.
func cswapBits(a, b *r3bits, mask uint64) {
	for i := range a.m {
		t := mask & (a.m[i] ^ b.m[i])
		a.m[i] ^= t
		b.m[i] ^= t
		t = mask & (a.s[i] ^ b.s[i])
		a.s[i] ^= t
		b.s[i] ^= t
	}
}

// addScaled sets a += c·b where c is given by masks cm (c != 0) and cs (c = -1).
func addScaled(a, b *r3bits, cm, cs uint64) {
	for i := range a.m {
		bm := b.m[i] & cm
		bs := (b.s[i] ^ cs) & bm
		am, as := a.m[i], a.s[i]
		both := am & bm
		same := both &^ (as ^ bs) // both nonzero with equal signs: sum is -a
		onlyA := am &^ bm
		onlyB := bm &^ am
		a.m[i] = onlyA | onlyB | same
		a.s[i] = (onlyA & as) | (onlyB & bs) | (same &^ as)
	}
}

// shiftDown divides by x (drops coefficient 0).
func (a *r3bits) shiftDown() {
	for i := 0; i < r3Words-1; i++ {
		a.m[i] = a.m[i]>>1 | a.m[i+1]<<63
		a.s[i] = a.s[i]>>1 | a.s[i+1]<<63
	}
	a.m[r3Words-1] >>= 1
	a.s[r3Words-1] >>= 1
}

// shiftUp multiplies by x, dropping what would pass coefficient p.
func (a *r3bits) shiftUp() {
	for i := r3Words - 1; i > 0; i-- {
		a.m[i] = a.m[i]<<1 | a.m[i-1]>>63
		a.s[i] = a.s[i]<<1 | a.s[i-1]>>63
	}
	a.m[0] <<= 1
	a.s[0] <<= 1
	a.m[r3Words-1] &= topMask
	a.s[r3Words-1] &= topMask
}

// r3Inverse returns 1/in in R3 and ok = true, or ok = false when in is not
// invertible (the output is then meaningless).
func r3Inverse(in *small) (out small, ok bool) {
	var f, g, v, r r3bits
	f.set(0, 1)
	f.set(p-1, -1)
	f.set(p, -1)
	for i := 0; i < p; i++ {
		g.set(p-1-i, in[i])
	}
	r.set(0, 1)
	delta := int32(1)
	for loop := 0; loop < divsteps; loop++ {
		v.shiftUp()
		swap := uint64(int64(positiveMask32(delta))) & -(g.m[0] & 1)
		delta ^= int32(swap) & (delta ^ -delta)
		delta++
		cswapBits(&f, &g, swap)
		cswapBits(&v, &r, swap)
		// c = -g(0)/f(0) = -g(0)·f(0), since every nonzero element of F3 is its own inverse.
		cm := -(g.m[0] & f.m[0] & 1)
		cs := -((g.s[0] ^ f.s[0] ^ 1) & 1)
		addScaled(&g, &f, cm, cs)
		addScaled(&r, &v, cm, cs)
		g.shiftDown()
	}
	f0 := f.get(0)
	for i := 0; i < p; i++ {
		out[i] = f0 * v.get(p-1-i)
	}
	return out, delta == 0
}

// --- Rq ---------------------------------------------------------------------

// rqRecip3 returns 1/(3·in) in Rq. For a nonzero small input it always
// exists: x^p - x - 1 is irreducible mod q, so Rq is a field.
//
// Only the coefficients that can still matter are touched: v and r have
// degree at most loop, and the last divsteps-loop steps read f and g only up
// to index divsteps-loop. Both bounds depend on the loop counter alone.
func rqRecip3(in *small) rq {
	var f, g, v, r [p + 1]int32
	f[0], f[p-1], f[p] = 1, -1, -1
	for i := 0; i < p; i++ {
		g[p-1-i] = int32(in[i])
	}
	r[0] = int32(invQ(3))
	delta := int32(1)
	for loop := 0; loop < divsteps; loop++ {
		vTop := min(loop, p)

		swap := positiveMask32(delta) & nonzeroMask32(g[0])
		delta ^= swap & (delta ^ -delta)
		delta++
		t := swap & (f[0] ^ g[0])
		f0, g0 := f[0]^t, g[0]^t

		fgTop := min(p, divsteps-loop)
		fs := f[:fgTop+1]
		gs := g[:len(fs)]
		fs[0] ^= swap & (fs[0] ^ gs[0]) // g(0) is eliminated and shifted out
		for i := 1; i < len(fs); i++ {
			fi, gi := fs[i], gs[i]
			t := swap & (fi ^ gi)
			fi ^= t
			gi ^= t
			fs[i] = fi
			gs[i-1] = reduceQ(f0*gi - g0*fi) // divided by x on the fly
		}
		gs[len(fs)-1] = 0

		// v is multiplied by x on the fly: walking down, v[i-1] still
		// holds the previous step's value when v[i] is written.
		vs := v[:vTop+1]
		rs := r[:len(vs)]
		for i := len(vs) - 1; i > 0; i-- {
			vi, ri := vs[i-1], rs[i]
			t := swap & (vi ^ ri)
			vi ^= t
			ri ^= t
			vs[i] = vi
			rs[i] = reduceQ(f0*ri - g0*vi)
		}
		v0 := swap & rs[0] // the shifted-in v(0) is 0
		r0 := rs[0] ^ v0
		vs[0] = v0
		rs[0] = reduceQ(f0*r0 - g0*v0)
	}
	scale := int32(invQ(freezeQ(f[0])))
	var out rq
	for i := 0; i < p; i++ {
		out[i] = freezeQ(scale * int32(freezeQ(v[p-1-i])))
	}
	return out
}
