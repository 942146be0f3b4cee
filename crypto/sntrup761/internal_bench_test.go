package sntrup761

import (
	"crypto/rand"
	"testing"
)

func BenchmarkRqMulSmall(b *testing.B) {
	g, _ := smallRandom(rand.Reader)
	f, _ := shortRandom(rand.Reader)
	h := rqRecip3(&f)
	for b.Loop() {
		rqMulSmall(&h, &g)
	}
}

func BenchmarkRqRecip3(b *testing.B) {
	f, _ := shortRandom(rand.Reader)
	for b.Loop() {
		rqRecip3(&f)
	}
}

func BenchmarkR3Inverse(b *testing.B) {
	g, _ := smallRandom(rand.Reader)
	for b.Loop() {
		r3Inverse(&g)
	}
}

func BenchmarkShortRandom(b *testing.B) {
	for b.Loop() {
		shortRandom(rand.Reader)
	}
}
