package sntrup761

import (
	mrand "math/rand/v2"
	"testing"
)

func randRq(rng *mrand.Rand) rq {
	var h rq
	for i := range h {
		h[i] = int16(rng.IntN(q) - q12)
	}
	return h
}

func randSmall(rng *mrand.Rand, lo int) small {
	var g small
	for i := range g {
		g[i] = int8(rng.IntN(2-lo+1) + lo) // lo..2; 2 only appears in decoded garbage
	}
	return g
}

// schoolbook is the specification's product in Z[x]/(x^p - x - 1), with
// reduction mod m and centering.
func schoolbook(f []int64, g []int64, m int64) []int64 {
	prod := make([]int64, 2*p-1)
	for i := range p {
		for j := range p {
			prod[i+j] += f[i] * g[j]
		}
	}
	for i := 2*p - 2; i >= p; i-- {
		prod[i-p] += prod[i]
		prod[i-p+1] += prod[i]
	}
	out := make([]int64, p)
	for i := range out {
		out[i] = centered(prod[i], m)
	}
	return out
}

func TestRqMulSmallMatchesSchoolbook(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(11, 12))
	for trial := 0; trial < 4; trial++ {
		f := randRq(rng)
		g := randSmall(rng, -1)
		if trial == 0 {
			for i := range f {
				f[i] = q12 // extremes stress the intermediate sums
				g[i] = 2
			}
		}
		var fi, gi []int64
		for i := range p {
			fi = append(fi, int64(f[i]))
			gi = append(gi, int64(g[i]))
		}
		want := schoolbook(fi, gi, q)
		got := rqMulSmall(&f, &g)
		for i := range p {
			if int64(got[i]) != want[i] {
				t.Fatalf("trial %d: coefficient %d = %d, want %d", trial, i, got[i], want[i])
			}
		}
	}
}

func TestR3MulMatchesSchoolbook(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(13, 14))
	for trial := 0; trial < 3; trial++ {
		f, g := randSmall(rng, -1), randSmall(rng, -1)
		var fi, gi []int64
		for i := range p {
			fi = append(fi, int64(f[i]))
			gi = append(gi, int64(g[i]))
		}
		want := schoolbook(fi, gi, 3)
		got := r3Mul(&f, &g)
		for i := range p {
			if int64(got[i]) != want[i] {
				t.Fatalf("coefficient %d = %d, want %d", i, got[i], want[i])
			}
		}
	}
}

func TestR3Inverse(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(15, 16))
	one := small{1}
	invertible := 0
	for trial := 0; trial < 20; trial++ {
		g := randSmall(rng, -1)
		for i := range g {
			g[i] = freeze3(int32(g[i]))
		}
		inv, ok := r3Inverse(&g)
		if !ok {
			continue
		}
		invertible++
		if r3Mul(&g, &inv) != one {
			t.Fatalf("trial %d: g·(1/g) != 1", trial)
		}
	}
	if invertible < 15 {
		t.Fatalf("only %d of 20 random elements invertible", invertible)
	}
	var zero small
	if _, ok := r3Inverse(&zero); ok {
		t.Fatal("zero reported invertible")
	}
	// ±1 are their own inverses; x·x^(p-1)... is covered by the random cases.
	minus := small{-1}
	if inv, ok := r3Inverse(&minus); !ok || inv != minus {
		t.Fatal("1/(-1) != -1")
	}
	if inv, ok := r3Inverse(&one); !ok || inv != one {
		t.Fatal("1/1 != 1")
	}
}

func TestRqRecip3(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(17, 18))
	for trial := 0; trial < 3; trial++ {
		f := randSmall(rng, -1)
		for i := range f {
			f[i] = freeze3(int32(f[i]))
		}
		inv := rqRecip3(&f)
		prod := rqMulSmall(&inv, &f)
		for i := range prod {
			want := int16(0)
			if i == 0 {
				want = 1
			}
			if freezeQ(3*int32(prod[i])) != want {
				t.Fatalf("trial %d: (3f)·(1/(3f)) differs at %d", trial, i)
			}
		}
	}
}

func TestShortRandomWeight(t *testing.T) {
	rng := testRNG(t, 9)
	for trial := 0; trial < 10; trial++ {
		f, err := shortRandom(rng)
		if err != nil {
			t.Fatal(err)
		}
		weight := 0
		for _, c := range f {
			if c < -1 || c > 1 {
				t.Fatalf("coefficient %d", c)
			}
			if c != 0 {
				weight++
			}
		}
		if weight != w {
			t.Fatalf("weight %d", weight)
		}
	}
}
