package sntrup761

import (
	"bytes"
	mrand "math/rand/v2"
	"testing"
)

func TestRqEncodeRoundTrip(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(21, 22))
	for trial := 0; trial < 20; trial++ {
		h := randRq(rng)
		if trial == 0 {
			for i := range h {
				h[i] = q12
			}
		}
		if trial == 1 {
			for i := range h {
				h[i] = -q12
			}
		}
		buf := make([]byte, rqBytes)
		rqEncode(buf, &h)
		var back rq
		rqDecode(&back, buf)
		if back != h {
			t.Fatalf("trial %d: Rq decode(encode(h)) != h", trial)
		}
	}
}

func TestRoundedEncodeRoundTrip(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(23, 24))
	for trial := 0; trial < 20; trial++ {
		var c rq
		for i := range c {
			c[i] = int16(3*rng.IntN((q+2)/3) - q12)
		}
		buf := make([]byte, roundedBytes)
		roundedEncode(buf, &c)
		var back rq
		roundedDecode(&back, buf)
		if back != c {
			t.Fatalf("trial %d: rounded decode(encode(c)) != c", trial)
		}
	}
}

func TestSmallEncodeRoundTrip(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(25, 26))
	f := randSmall(rng, -1)
	for i := range f {
		f[i] = freeze3(int32(f[i]))
	}
	buf := make([]byte, smallBytes)
	smallEncode(buf, &f)
	var back small
	smallDecode(&back, buf)
	if back != f {
		t.Fatal("small decode(encode(f)) != f")
	}
	if buf[smallBytes-1]>>2 != 0 {
		t.Fatal("last byte carries more than one coefficient")
	}
}

// The first bytes of an Rq encoding are the low bytes of the first merged
// pair (r0 + 4591·r1), little-endian: the layout the reference fixes.
func TestRqEncodeLayout(t *testing.T) {
	var h rq
	for i := range h {
		h[i] = -q12 // encodes as 0
	}
	h[0] = -q12 + 1
	h[1] = -q12 + 2 // pair value 1 + 4591·2 = 9183 = 0x23DF
	buf := make([]byte, rqBytes)
	rqEncode(buf, &h)
	if buf[0] != 0xDF || buf[1] != 0x23 || !bytes.Equal(buf[2:rqBytes-2], make([]byte, rqBytes-4)) {
		t.Fatalf("unexpected layout % x", buf[:4])
	}
}

func FuzzRqDecode(f *testing.F) {
	f.Add(make([]byte, rqBytes))
	f.Add(bytes.Repeat([]byte{0xff}, rqBytes))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, in []byte) {
		buf := make([]byte, rqBytes)
		copy(buf, in)
		var h rq
		rqDecode(&h, buf)
		for _, c := range h {
			if c < -q12 || c > q12 {
				t.Fatalf("decoded coefficient %d out of range", c)
			}
		}
		// Decoding is a projection: the canonical re-encoding decodes
		// to the same polynomial.
		again := make([]byte, rqBytes)
		rqEncode(again, &h)
		var h2 rq
		rqDecode(&h2, again)
		if h2 != h {
			t.Fatal("re-encoding changed the polynomial")
		}
		var c rq
		rbuf := make([]byte, roundedBytes)
		copy(rbuf, in)
		roundedDecode(&c, rbuf)
		for _, x := range c {
			if x < -q12 || x > q12 || (x+q12)%3 != 0 {
				t.Fatalf("rounded coefficient %d invalid", x)
			}
		}
	})
}
