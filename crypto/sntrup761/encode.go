package sntrup761

// Byte encodings, as in the NTRU Prime round-3 specification.
//
// Small (secret polynomials, the plaintext r): coefficient c in {-1,0,1}
// is stored as c+1 in two bits, four per byte, low bits first; the last
// byte holds coefficient 760 alone. Decoding maps 2-bit value v to v-1, so a
// crafted key byte can yield 2; like the reference we do not reject it.
//
// Rq and Rounded use the spec's mixed-radix Encode: pairs (r0, r1) with
// moduli (m0, m1) merge into r0 + m0·r1 below m0·m1; while that modulus is
// at least 2^14 its low byte is emitted and the modulus becomes ceil(m/256).
// The merged list (half as long, odd element carried) is encoded
// recursively, and a single value finally emits bytes until its modulus is
// 1. Decode reads the same bytes back; every value it returns is reduced
// below its modulus, so any byte string decodes to something (the
// reference's behaviour, which Decapsulate must reproduce for garbage).

func smallEncode(out []byte, f *small) {
	for i := 0; i < p/4; i++ {
		c := f[4*i : 4*i+4]
		out[i] = byte(c[0]+1) | byte(c[1]+1)<<2 | byte(c[2]+1)<<4 | byte(c[3]+1)<<6
	}
	out[p/4] = byte(f[p-1] + 1)
}

func smallDecode(f *small, in []byte) {
	for i := 0; i < p/4; i++ {
		b := in[i]
		for j := 0; j < 4; j++ {
			f[4*i+j] = int8(b>>(2*j)&3) - 1
		}
	}
	f[p-1] = int8(in[p/4]&3) - 1
}

// level describes one round of pair merging, which depends only on the
// moduli (public), so it is computed once per modulus list.
type level struct {
	m      []uint32 // moduli of this level's values
	nbytes []int    // bytes emitted for each pair
	offset int      // where this level's bytes start
}

// plan returns the merge levels for n values of modulus m0 and the total
// encoded length.
func plan(n int, m0 uint32) ([]level, int) {
	m := make([]uint32, n)
	for i := range m {
		m[i] = m0
	}
	var levels []level
	off := 0
	for len(m) > 1 {
		lv := level{m: m, offset: off}
		next := make([]uint32, (len(m)+1)/2)
		for i := 0; i+1 < len(m); i += 2 {
			mm := m[i] * m[i+1]
			nb := 0
			for mm >= 1<<14 {
				nb++
				mm = (mm + 255) >> 8
			}
			lv.nbytes = append(lv.nbytes, nb)
			off += nb
			next[i/2] = mm
		}
		if len(m)&1 == 1 {
			next[len(next)-1] = m[len(m)-1]
		}
		levels = append(levels, lv)
		m = next
	}
	for mm := m[0]; mm > 1; mm = (mm + 255) >> 8 {
		off++
	}
	levels = append(levels, level{m: m, offset: off - lastBytes(m[0])})
	return levels, off
}

func lastBytes(m uint32) int {
	n := 0
	for ; m > 1; m = (m + 255) >> 8 {
		n++
	}
	return n
}

var (
	rqPlan, rqLen           = plan(p, q)
	roundedPlan, roundedLen = plan(p, (q+2)/3)
)

// encode writes the values in r (r[i] below the level-0 modulus) per plan.
// It merges pairs in place, so r is overwritten.
func encode(out []byte, levels []level, r *[p]uint32) {
	cur := r[:]
	for _, lv := range levels[:len(levels)-1] {
		o := out[lv.offset:]
		n := len(cur)
		for i := 0; i+1 < n; i += 2 {
			x := cur[i] + cur[i+1]*lv.m[i]
			for k := 0; k < lv.nbytes[i/2]; k++ {
				o[0] = byte(x)
				o = o[1:]
				x >>= 8
			}
			cur[i/2] = x // i/2 <= i: already read
		}
		if n&1 == 1 {
			cur[n/2] = cur[n-1]
		}
		cur = cur[:(n+1)/2]
	}
	last := levels[len(levels)-1]
	x := cur[0]
	o := out[last.offset:]
	for k := 0; k < lastBytes(last.m[0]); k++ {
		o[k] = byte(x)
		x >>= 8
	}
}

// decode inverts encode into out; every value is reduced below its
// modulus. Levels are expanded in place from the top index down, so each
// merged value is read before its slot is reused.
func decode(out *[p]uint32, in []byte, levels []level) {
	last := levels[len(levels)-1]
	var x uint32
	nb := lastBytes(last.m[0])
	for k := nb - 1; k >= 0; k-- {
		x = x<<8 | uint32(in[last.offset+k])
	}
	out[0] = 0
	if last.m[0] > 1 {
		_, out[0] = divmod14(x, last.m[0])
	}
	for li := len(levels) - 2; li >= 0; li-- {
		lv := levels[li]
		n := len(lv.m)
		if n&1 == 1 {
			out[n-1] = out[n/2]
		}
		// Bytes of this level, pair by pair, start at lv.offset; walk the
		// pairs backwards from the end of the level's bytes.
		end := lv.offset
		for _, b := range lv.nbytes {
			end += b
		}
		for i := n&^1 - 2; i >= 0; i -= 2 {
			nb := lv.nbytes[i/2]
			end -= nb
			var low uint32
			for k := 0; k < nb; k++ {
				low |= uint32(in[end+k]) << (8 * k)
			}
			x := low + out[i/2]<<(8*nb)
			hi, lo := divmod14(x, lv.m[i])
			_, hi = divmod14(hi, lv.m[i+1]) // only garbage needs this reduction
			out[i], out[i+1] = lo, hi
		}
	}
}

func rqEncode(out []byte, h *rq) {
	var r [p]uint32
	for i, c := range h {
		r[i] = uint32(int32(c) + q12)
	}
	encode(out, rqPlan, &r)
}

func rqDecode(h *rq, in []byte) {
	var r [p]uint32
	decode(&r, in, rqPlan)
	for i, v := range r {
		h[i] = int16(int32(v) - q12)
	}
}

// roundedEncode stores c (all coefficients multiples of 3) as (c+q12)/3;
// 10923/2^15 is 1/3 rounded up, exact for these inputs.
func roundedEncode(out []byte, c *rq) {
	var r [p]uint32
	for i, x := range c {
		r[i] = uint32((int32(x) + q12) * 10923 >> 15)
	}
	encode(out, roundedPlan, &r)
}

func roundedDecode(c *rq, in []byte) {
	var r [p]uint32
	decode(&r, in, roundedPlan)
	for i, v := range r {
		c[i] = int16(int32(v)*3 - q12)
	}
}
