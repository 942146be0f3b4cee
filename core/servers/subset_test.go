package servers

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"
)

func TestRandIndex(t *testing.T) {
	r := seeded(9)
	counts := make([]int, 7)
	for i := 0; i < 7000; i++ {
		counts[mustIdx(t, r, 7)]++
	}
	// Deterministic (seeded): a loose sanity band, not a statistical test.
	for v, n := range counts {
		if n < 800 || n > 1200 {
			t.Fatalf("value %d drawn %d times of 7000: %v", v, n, counts)
		}
	}
	if _, err := randIndex(r, 0); err == nil {
		t.Fatal("empty range accepted")
	}
	if i, err := randIndex(bytes.NewReader(nil), 1); err != nil || i != 0 {
		t.Fatal("n=1 must not need randomness")
	}
	if _, err := randIndex(bytes.NewReader([]byte{1, 2, 3}), 5); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("short randomness: %v", err)
	}
}

func TestChooseSubset(t *testing.T) {
	p, err := DefaultPresets()
	if err != nil {
		t.Fatal(err)
	}
	c, err := ChooseSubset(p, seeded(10))
	if err != nil {
		t.Fatal(err)
	}
	for key, n := range map[string]int{"simplex.smp": 4, "simplex.xftp": 3, "flux.smp": 3, "flux.xftp": 3} {
		if len(c[key]) != n {
			t.Errorf("%s: %d chosen, want %d", key, len(c[key]), n)
		}
	}
	for _, a := range c["simplex.smp"] {
		for _, off := range []string{"smp4.", "smp5.", "smp6.", "smp7."} {
			if bytes.Contains([]byte(a), []byte(off)) {
				t.Errorf("disabled preset %s chosen", a)
			}
		}
	}
	again, _ := ChooseSubset(p, seeded(10))
	if !reflect.DeepEqual(c, again) {
		t.Error("same seed, different subset")
	}
	// Different installs spread: over 40 seeds every enabled SimpleX SMP server is chosen.
	seen := map[string]bool{}
	for s := uint64(0); s < 40; s++ {
		cs, _ := ChooseSubset(p, seeded(100+s))
		for _, a := range cs["simplex.smp"] {
			seen[a] = true
		}
	}
	if len(seen) != 11 {
		t.Errorf("40 installs used %d of the 11 servers", len(seen))
	}
	// An update keeps the choice; nothing random is needed.
	kept, err := UpdateSubset(p, c, bytes.NewReader(nil))
	if err != nil || !reflect.DeepEqual(kept, c) {
		t.Fatalf("update changed a complete choice: %v", err)
	}
	// A chosen server that disappears is replaced by one other server.
	partial := Choice{}
	for k, v := range c {
		partial[k] = v
	}
	gone := c["simplex.smp"][0]
	partial["simplex.smp"] = append([]string{"smp://gone@gone.simplex.im"}, c["simplex.smp"][1:]...)
	up, err := UpdateSubset(p, partial, seeded(11))
	if err != nil || len(up["simplex.smp"]) != 4 {
		t.Fatal(err, up["simplex.smp"])
	}
	for _, a := range c["simplex.smp"][1:] {
		if !up.Has("simplex", SMP, a) {
			t.Errorf("kept server %s lost", a)
		}
	}
	_ = gone
}

func TestChoiceEncoding(t *testing.T) {
	p, _ := DefaultPresets()
	c, _ := ChooseSubset(p, seeded(12))
	enc := c.Encode()
	got, err := DecodeChoice(enc)
	if err != nil || !reflect.DeepEqual(got, normalise(c)) {
		t.Fatalf("round trip: %v", err)
	}
	if !bytes.Equal(got.Encode(), enc) {
		t.Fatal("encoding not canonical")
	}
	for _, bad := range []string{"nospace", "simplex.smp ", " addr", "a.b.c addr", "simplex.smp a\n\nflux.smp b"} {
		if _, err := DecodeChoice([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if c, err := DecodeChoice(nil); err != nil || len(c) != 0 {
		t.Fatal("empty")
	}
}

func normalise(c Choice) Choice {
	out, _ := DecodeChoice(c.Encode())
	return out
}

func FuzzDecodeChoice(f *testing.F) {
	p, _ := DefaultPresets()
	c, _ := ChooseSubset(p, seeded(13))
	f.Add(c.Encode())
	f.Add([]byte("a.b x\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := DecodeChoice(b)
		if err != nil {
			return
		}
		again, err := DecodeChoice(c.Encode())
		if err != nil || !reflect.DeepEqual(again, normalise(c)) {
			t.Fatalf("re-decode: %v", err)
		}
	})
}
