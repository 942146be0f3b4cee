package sntrup761

// sortUint32 sorts x in place in ascending order with a bitonic sorting
// network over the next power of two. The network's comparisons depend only
// on len(x), and each compare-exchange is branch-free, so the sort leaks
// nothing about the values (which encode the positions of a secret short
// polynomial's nonzero coefficients). Any correct sorting network yields the
// same output, so the result equals the reference djbsort's.
func sortUint32(x []uint32) {
	n := 1
	for n < len(x) {
		n <<= 1
	}
	buf := make([]uint32, n)
	copy(buf, x)
	for i := len(x); i < n; i++ {
		buf[i] = ^uint32(0) // padding sorts to the end
	}
	for k := 2; k <= n; k <<= 1 {
		for j := k >> 1; j > 0; j >>= 1 {
			for lo := 0; lo < n; lo += 2 * j {
				// Blocks of k elements alternate direction; a block of
				// 2j ≤ k lies inside one of them.
				up := lo&k == 0
				a, b := buf[lo:lo+j], buf[lo+j:lo+2*j]
				if !up {
					a, b = b, a
				}
				for i := range a {
					a[i], b[i] = minmax(a[i], b[i])
				}
			}
		}
	}
	copy(x, buf[:len(x)])
}

// minmax returns (min(x, y), max(x, y)) without branching.
func minmax(x, y uint32) (uint32, uint32) {
	d := uint64(y) - uint64(x)
	m := uint32(0 - (d >> 63)) // all ones if y < x
	t := (x ^ y) & m
	return x ^ t, y ^ t
}
