package sntrup761

// Polynomials: an element of Rq = (Z/q)[x]/(x^p - x - 1) is a [p]int16 of
// coefficients in [-q12, q12]; a small element of R3 is a [p]int8 with
// coefficients in {-1, 0, 1} (a decoded secret key may also carry 2, which
// the arithmetic below treats as an ordinary integer, like the reference).
type (
	rq    [p]int16
	small [p]int8
)

// mulN is p rounded up to a size that halves cleanly four times (768 = 48·16).
const (
	mulN       = 768
	karaCutoff = 48
)

// convolve computes the integer product of two polynomials of degree < p.
// Karatsuba recursion down to 48×48 schoolbook blocks does about a third of
// the 761² multiplications. Inputs are at most 2295 and 2 in absolute value,
// so four levels of Karatsuba sums stay far below 2^31.
func convolve(a *[mulN]int32, b *[mulN]int32) *[2 * mulN]int32 {
	var out [2 * mulN]int32
	var tmp [4 * mulN]int32
	karatsuba(out[:], a[:], b[:], tmp[:])
	return &out
}

// karatsuba writes a·b into out[:2n] (out[2n-1] is 0), n = len(a) = len(b),
// using tmp (at least 4n entries) as scratch.
func karatsuba(out, a, b, tmp []int32) {
	n := len(a)
	if n <= karaCutoff || n&1 == 1 {
		clear(out[:2*n])
		b = b[:n]
		for i, ai := range a {
			o := out[i : i+len(b)]
			for j := range o {
				o[j] += ai * b[j]
			}
		}
		return
	}
	h := n / 2
	karatsuba(out[:n], a[:h], b[:h], tmp)
	karatsuba(out[n:2*n], a[h:], b[h:], tmp)
	sa, sb, mid, rest := tmp[:h], tmp[h:n], tmp[n:2*n], tmp[2*n:]
	for i := 0; i < h; i++ {
		sa[i] = a[i] + a[i+h]
		sb[i] = b[i] + b[i+h]
	}
	karatsuba(mid, sa, sb, rest)
	for i := 0; i < n; i++ {
		mid[i] -= out[i] + out[n+i]
	}
	for i := 0; i < n; i++ {
		out[h+i] += mid[i]
	}
}

// foldModulus reduces a product of degree <= 2p-2 modulo x^p - x - 1 in
// place, using x^p = x + 1. Coefficients at p and above are folded from the
// top down; each lands on indices below p, so one pass suffices.
func foldModulus(c *[2 * mulN]int32) {
	for i := 2*p - 2; i >= p; i-- {
		c[i-p] += c[i]
		c[i-p+1] += c[i]
	}
}

// rqMulSmall returns f·g in Rq.
func rqMulSmall(f *rq, g *small) rq {
	var a, b [mulN]int32
	for i := 0; i < p; i++ {
		a[i] = int32(f[i])
		b[i] = int32(g[i])
	}
	c := convolve(&a, &b)
	foldModulus(c)
	var h rq
	for i := 0; i < p; i++ {
		h[i] = freezeQ(c[i])
	}
	return h
}

// r3Mul returns f·g in R3.
func r3Mul(f, g *small) small {
	var a, b [mulN]int32
	for i := 0; i < p; i++ {
		a[i] = int32(f[i])
		b[i] = int32(g[i])
	}
	c := convolve(&a, &b)
	foldModulus(c)
	var h small
	for i := 0; i < p; i++ {
		h[i] = freeze3(c[i])
	}
	return h
}
