package enc

import (
	"bytes"
	"errors"
	"testing"
)

// Vectors from simplexmq tests/CoreTests/CryptoTests.hs (vectors.md §1).
func TestPadVectors(t *testing.T) {
	got, err := Pad([]byte("abc"), 5)
	if err != nil || !bytes.Equal(got, []byte("\x00\x03abc")) {
		t.Fatalf("pad(abc,5) = %q, %v", got, err)
	}
	if _, err := Pad([]byte("abc"), 4); !errors.Is(err, ErrLargeMsg) {
		t.Fatalf("pad(abc,4) err = %v", err)
	}
	got, _ = Pad([]byte("hi"), 8)
	if string(got) != "\x00\x02hi####" {
		t.Fatalf("fill = %q", got)
	}
	if _, err := Pad(make([]byte, MaxPadMsgLen+1), 1<<17); !errors.Is(err, ErrLargeMsg) {
		t.Fatal("65534-byte message padded")
	}
	if got, err := Pad(make([]byte, MaxPadMsgLen), MaxPadMsgLen+2); err != nil || len(got) != 1<<16-1 {
		t.Fatalf("max message: %d %v", len(got), err)
	}
}

func TestUnPadVectors(t *testing.T) {
	ok := map[string]string{
		"\x00\x00":            "",
		"\x00\x03abc":         "abc",
		"\x00\x03abc##":       "abc",
		"\x00\x01a?unchecked": "a", // the reference does not check the fill
	}
	for in, want := range ok {
		got, err := UnPad([]byte(in))
		if err != nil || string(got) != want {
			t.Errorf("unPad(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "\x00", "\x00\x03ab", "\xff\xff"} {
		if _, err := UnPad([]byte(in)); !errors.Is(err, ErrBadPadding) {
			t.Errorf("unPad(%q) err = %v", in, err)
		}
	}
}

func TestPadRoundTripAndPrefixes(t *testing.T) {
	msg := []byte("hello padding")
	p, _ := Pad(msg, 64)
	for i := 0; i < 2+len(msg); i++ {
		if _, err := UnPad(p[:i]); err == nil {
			t.Fatalf("prefix %d accepted", i)
		}
	}
	got, err := UnPad(p)
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatal("round trip")
	}
	// AppendPad reuses capacity and keeps the prefix.
	buf := make([]byte, 3, 100)
	copy(buf, "pre")
	out, _ := AppendPad(buf, msg, 32)
	if &out[0] != &buf[0] || string(out[:3]) != "pre" || len(out) != 35 {
		t.Fatal("AppendPad did not append in place")
	}
}

func TestLazyPadVectors(t *testing.T) {
	got, err := PadLazy([]byte("abc"), 11)
	if err != nil || !bytes.Equal(got, []byte("\x00\x00\x00\x00\x00\x00\x00\x03abc")) {
		t.Fatalf("pad(abc,3,11) = %q, %v", got, err)
	}
	if _, err := PadLazy([]byte("abc"), 10); !errors.Is(err, ErrLargeMsg) {
		t.Fatalf("pad(abc,3,10) err = %v", err)
	}
	got, _ = PadLazy([]byte("abc"), 14)
	if string(got[8:]) != "abc###" {
		t.Fatalf("fill = %q", got)
	}
	h := LazyHeader(3)
	if !bytes.Equal(h[:], got[:8]) {
		t.Fatal("LazyHeader")
	}
	if got, err := UnPadLazy(make([]byte, 8)); err != nil || len(got) != 0 {
		t.Fatalf("unPad(8 zeros) = %q, %v", got, err)
	}
	// Lenient: declared 3, only 2 follow → the 2 bytes.
	if got, err := UnPadLazy([]byte("\x00\x00\x00\x00\x00\x00\x00\x03ab")); err != nil || string(got) != "ab" {
		t.Fatalf("lenient unPad = %q, %v", got, err)
	}
	if got, err := UnPadLazy([]byte("\x00\x00\x00\x00\x00\x00\x00\x03abc###")); err != nil || string(got) != "abc" {
		t.Fatalf("unPad = %q, %v", got, err)
	}
	for _, in := range []string{"", "\x00\x00\x00\x00\x00\x00\x00", "\x80\x00\x00\x00\x00\x00\x00\x00abc"} {
		if _, err := UnPadLazy([]byte(in)); !errors.Is(err, ErrBadPadding) {
			t.Errorf("unPadLazy(%q) err = %v", in, err)
		}
	}
}

func FuzzUnPad(f *testing.F) {
	f.Add([]byte("\x00\x03abc"))
	f.Add([]byte("\x00"))
	f.Add([]byte("\xff\xff#"))
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := UnPad(in)
		if err != nil {
			return
		}
		if len(m) > len(in)-2 {
			t.Fatal("message longer than input")
		}
		// Re-padding to the input size reproduces the length and message.
		p, err := Pad(m, len(in))
		if err != nil || !bytes.Equal(p[:2+len(m)], in[:2+len(m)]) {
			t.Fatalf("re-pad mismatch: %x vs %x (%v)", p, in, err)
		}
	})
}

func FuzzUnPadLazy(f *testing.F) {
	f.Add([]byte("\x00\x00\x00\x00\x00\x00\x00\x03abc"))
	f.Add([]byte("\x00\x00\x00\x00\x00\x00\x00\x03ab"))
	f.Add([]byte("\xff\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := UnPadLazy(in)
		if err != nil {
			return
		}
		if len(in) < 8 || !bytes.Equal(m, in[8:8+len(m)]) {
			t.Fatal("message not a slice of the input")
		}
	})
}

func BenchmarkPad16K(b *testing.B) {
	msg := make([]byte, 15000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Pad(msg, 16000); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendPad16KReuse(b *testing.B) {
	msg := make([]byte, 15000)
	buf := make([]byte, 0, 16000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := AppendPad(buf[:0], msg, 16000); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnPad16K(b *testing.B) {
	p, _ := Pad(make([]byte, 15000), 16000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := UnPad(p); err != nil {
			b.Fatal(err)
		}
	}
}
