package sntrup761

import (
	mrand "math/rand/v2"
	"slices"
	"testing"
)

func centered(x int64, m int64) int64 {
	r := ((x % m) + m) % m
	if r > m/2 {
		r -= m
	}
	return r
}

func TestFreezeQ(t *testing.T) {
	check := func(x int32) {
		if got, want := int64(freezeQ(x)), centered(int64(x), q); got != want {
			t.Fatalf("freezeQ(%d) = %d, want %d", x, got, want)
		}
	}
	for x := int32(-1 << 20); x <= 1<<20; x++ {
		check(x)
	}
	rng := mrand.New(mrand.NewPCG(1, 2))
	for i := 0; i < 1<<20; i++ {
		check(rng.Int32N(1<<31-1<<20) - (1<<30 - 1<<19))
	}
}

func TestFreeze3(t *testing.T) {
	for x := int32(-1 << 20); x <= 1<<20; x++ {
		if got, want := int64(freeze3(x)), centered(int64(x), 3); got != want {
			t.Fatalf("freeze3(%d) = %d, want %d", x, got, want)
		}
	}
}

func TestReduceQ(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(3, 4))
	check := func(x int32) {
		r := reduceQ(x)
		if (int64(x)-int64(r))%q != 0 || r > q12+18 || r < -q12-18 {
			t.Fatalf("reduceQ(%d) = %d", x, r)
		}
		if x%q == 0 && r != 0 {
			t.Fatalf("reduceQ(%d) = %d, want exact zero", x, r)
		}
	}
	for i := 0; i < 1<<20; i++ {
		check(rng.Int32N(1<<26) - 1<<25)
	}
	for k := int32(-(1 << 25) / q); k <= (1<<25)/q; k++ {
		check(k * q)
		check(k*q + q12)
		check(k*q - q12)
	}
}

func TestDivmod14(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(5, 6))
	moduli := []uint32{1, 2, 3, 255, 256, 257, q, (q + 2) / 3, 16383}
	for _, lv := range append(rqPlan, roundedPlan...) {
		moduli = append(moduli, lv.m...)
	}
	for _, m := range moduli {
		for i := 0; i < 2000; i++ {
			x := rng.Uint32()
			if i < 10 {
				x = ^uint32(0) - uint32(i)
			}
			if i%3 == 0 {
				x -= x % m // exact multiples are the corner case
			}
			quo, rem := divmod14(x, m)
			if quo != x/m || rem != x%m {
				t.Fatalf("divmod14(%d, %d) = %d, %d", x, m, quo, rem)
			}
		}
	}
}

func TestInvQ(t *testing.T) {
	for a := int32(-q12); a <= q12; a++ {
		inv := invQ(int16(a))
		if a == 0 {
			if inv != 0 {
				t.Fatal("invQ(0) != 0")
			}
			continue
		}
		if freezeQ(a*int32(inv)) != 1 {
			t.Fatalf("invQ(%d) = %d", a, inv)
		}
	}
}

func TestMasks(t *testing.T) {
	for _, x := range []int32{-1 << 31, -5, -1, 0, 1, 7, 1<<31 - 1} {
		nz, pos := nonzeroMask32(x), positiveMask32(x)
		if (nz == -1) != (x != 0) || (nz != 0 && nz != -1) {
			t.Fatalf("nonzeroMask32(%d) = %d", x, nz)
		}
		if (pos == -1) != (x > 0) || (pos != 0 && pos != -1) {
			t.Fatalf("positiveMask32(%d) = %d", x, pos)
		}
	}
}

func TestSortUint32(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 2, 3, 5, 64, 100, 761, 1024} {
		for trial := 0; trial < 5; trial++ {
			x := make([]uint32, n)
			for i := range x {
				x[i] = rng.Uint32()
				if trial == 1 {
					x[i] %= 4 // many duplicates
				}
				if trial == 2 {
					x[i] = ^uint32(0) - x[i]%2 // values equal to the padding
				}
			}
			want := slices.Clone(x)
			slices.Sort(want)
			sortUint32(x)
			if !slices.Equal(x, want) {
				t.Fatalf("n=%d trial %d: not sorted", n, trial)
			}
		}
	}
}
