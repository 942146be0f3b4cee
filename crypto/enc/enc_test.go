package enc

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// From simplexmq tests/CoreTests/EncodingTests.hs (vectors.md §1).
func TestI64Vector(t *testing.T) {
	want := []byte{0x11, 0x22, 0x10, 0xf4, 0x7d, 0xe9, 0x81, 0x15}
	var w Writer
	w.I64(1234567890123456789)
	got, err := w.Bytes()
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("I64 = %x, %v; want %x", got, err, want)
	}
	r := NewReader(want)
	if v := r.I64(); v != 1234567890123456789 || r.Done() != nil {
		t.Fatalf("read back %d, %v", v, r.Done())
	}
	// SystemTime 2022-01-01T10:24:05Z is encoded as i64 seconds.
	w = Writer{}
	w.I64(1641032645)
	got, _ = w.Bytes()
	if !bytes.Equal(got, []byte{0, 0, 0, 0, 0x61, 0xd0, 0x2b, 0xc5}) {
		t.Fatalf("time = %x", got)
	}
	// Negative values are two's complement.
	w = Writer{}
	w.I64(-2)
	got, _ = w.Bytes()
	if !bytes.Equal(got, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe}) || NewReader(got).I64() != -2 {
		t.Fatalf("-2 = %x", got)
	}
}

// sample is a structure with every field kind, used for round trips.
type sample struct {
	b     byte
	fixed []byte
	sb    []byte
	lb    []byte
	w16   uint16
	w32   uint32
	i64   int64
	flag  bool
	opt   []byte // maybe(sb), nil = absent
	list  [][]byte
	tail  []byte
}

func (s *sample) encode() ([]byte, error) {
	var w Writer
	w.Byte(s.b)
	w.Raw(s.fixed)
	w.ShortBytes(s.sb)
	w.LargeBytes(s.lb)
	w.W16(s.w16)
	w.W32(s.w32)
	w.I64(s.i64)
	w.Bool(s.flag)
	w.MaybeShortBytes(s.opt)
	w.NonEmptyCount(len(s.list))
	for _, x := range s.list {
		w.ShortBytes(x)
	}
	w.Tail(s.tail)
	return w.Bytes()
}

// decodeSample reads everything except the tail, which would swallow
// trailing garbage; strict-prefix tests use withTail=false.
func decodeSample(b []byte, withTail bool) (*sample, error) {
	r := NewReader(b)
	s := &sample{}
	s.b = r.Byte()
	s.fixed = r.Fixed(3)
	s.sb = r.ShortBytes()
	s.lb = r.LargeBytes()
	s.w16 = r.W16()
	s.w32 = r.W32()
	s.i64 = r.I64()
	s.flag = r.Bool()
	s.opt = r.MaybeShortBytes()
	n := r.NonEmptyCount()
	for range n {
		s.list = append(s.list, r.ShortBytes())
	}
	if withTail {
		s.tail = r.Tail()
	}
	return s, r.Done()
}

func TestRoundTripAndStrictness(t *testing.T) {
	s := &sample{
		b: 'K', fixed: []byte("abc"), sb: bytes.Repeat([]byte{7}, 255),
		lb: bytes.Repeat([]byte{9}, 300), w16: 0xbeef, w32: 0xdeadbeef, i64: -42,
		flag: true, opt: []byte{}, list: [][]byte{[]byte("x"), {}}, tail: nil,
	}
	b, err := s.encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeSample(b, false)
	if err != nil {
		t.Fatal(err)
	}
	if got.b != s.b || !bytes.Equal(got.fixed, s.fixed) || !bytes.Equal(got.sb, s.sb) ||
		!bytes.Equal(got.lb, s.lb) || got.w16 != s.w16 || got.w32 != s.w32 || got.i64 != s.i64 ||
		got.flag != s.flag || got.opt == nil || len(got.opt) != 0 || len(got.list) != 2 ||
		string(got.list[0]) != "x" || len(got.list[1]) != 0 {
		t.Fatalf("round trip mismatch: %+v", got)
	}
	// Re-encoding the decoded value gives the same bytes.
	if b2, _ := got.encode(); !bytes.Equal(b, b2) {
		t.Fatal("re-encoding differs")
	}
	// Every strict prefix is rejected, and the error carries an offset.
	for i := 0; i < len(b); i++ {
		_, err := decodeSample(b[:i], false)
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("prefix %d: err = %v, want DecodeError", i, err)
		}
		if de.Offset > i {
			t.Fatalf("prefix %d: offset %d beyond input", i, de.Offset)
		}
	}
	// Trailing garbage is rejected by Done.
	if _, err := decodeSample(append(append([]byte{}, b...), 0), false); !errors.Is(err, ErrTrailing) {
		t.Fatalf("trailing byte: err = %v", err)
	}
	// With a tail, trailing bytes are the tail.
	got, err = decodeSample(append(append([]byte{}, b...), "rest"...), true)
	if err != nil || string(got.tail) != "rest" {
		t.Fatalf("tail = %q, %v", got.tail, err)
	}
	// Absent maybe decodes to nil.
	s.opt = nil
	b, _ = s.encode()
	if got, err := decodeSample(b, false); err != nil || got.opt != nil {
		t.Fatalf("absent maybe: %v %v", got.opt, err)
	}
}

func TestWriterErrors(t *testing.T) {
	cases := map[string]func(w *Writer){
		"sb 256":        func(w *Writer) { w.ShortBytes(make([]byte, 256)) },
		"lb 65536":      func(w *Writer) { w.LargeBytes(make([]byte, 65536)) },
		"count 256":     func(w *Writer) { w.Count(256) },
		"count -1":      func(w *Writer) { w.Count(-1) },
		"nonempty 0":    func(w *Writer) { w.NonEmptyCount(0) },
		"explicit Fail": func(w *Writer) { w.Fail(errors.New("boom")) },
	}
	for name, f := range cases {
		var w Writer
		w.Byte(1)
		f(&w)
		n := w.Len()
		// Sticky: nothing is appended after the error.
		w.Raw([]byte("more"))
		w.ShortBytes([]byte("x"))
		w.I64(1)
		if w.Len() != n {
			t.Errorf("%s: writer appended after error", name)
		}
		if b, err := w.Bytes(); err == nil || b != nil {
			t.Errorf("%s: Bytes() = %x, %v; want error", name, b, err)
		}
	}
	var w Writer
	w.ShortBytes(make([]byte, 255))
	w.LargeBytes(make([]byte, 65535))
	w.Count(255)
	if b, err := w.Bytes(); err != nil || len(b) != 256+65537+1 {
		t.Fatalf("limits: %d, %v", len(b), err)
	}
}

func TestReaderErrors(t *testing.T) {
	r := NewReader([]byte("X"))
	if r.Bool() || r.Err() == nil || !strings.Contains(r.Err().Error(), "offset 0") {
		t.Fatalf("bad bool: %v", r.Err())
	}
	r = NewReader([]byte("ab2"))
	r.Fixed(2)
	if r.MaybeTag() || r.Err() == nil || !strings.Contains(r.Err().Error(), "offset 2") {
		t.Fatalf("bad maybe: %v", r.Err())
	}
	r = NewReader([]byte{0})
	if r.NonEmptyCount() != 0 || r.Err() == nil {
		t.Fatal("empty nonempty list accepted")
	}
	// After an error every read is a zero value, Len is 0, no panic.
	r = NewReader([]byte{5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	r.Fixed(20)
	if r.Byte() != 0 || r.ShortBytes() != nil || r.LargeBytes() != nil || r.W16() != 0 ||
		r.W32() != 0 || r.I64() != 0 || r.Bool() || r.MaybeTag() || r.Count() != 0 ||
		r.Tail() != nil || r.Len() != 0 || r.Fixed(1) != nil {
		t.Fatal("reads after error returned data")
	}
	// The first error wins; Fail records a caller's semantic error.
	first := r.Err()
	r.Fail(errors.New("later"))
	if r.Err() != first || r.Done() != first {
		t.Fatal("error not sticky")
	}
	r = NewReader([]byte("ok"))
	sem := errors.New("unknown tag")
	r.Byte()
	r.Fail(sem)
	if r.Byte() != 0 || !errors.Is(r.Done(), sem) {
		t.Fatal("Fail not recorded")
	}
	r = NewReader([]byte{3, 'a'})
	r.ShortBytes()
	if !strings.Contains(r.Err().Error(), "field at offset 0") {
		t.Fatalf("sb error lacks field offset: %v", r.Err())
	}
	r = NewReader(nil)
	if r.Fixed(-1) != nil || r.Err() == nil {
		t.Fatal("negative Fixed accepted")
	}
	r = NewReader(nil)
	if tail := r.Tail(); tail == nil && r.Err() != nil || r.Done() != nil {
		t.Fatal("empty tail")
	}
}

// A Fixed/ShortBytes result must not let appends scribble over later input.
func TestResultCapacityIsClipped(t *testing.T) {
	in := []byte{1, 'a', 'b'}
	r := NewReader(in)
	p := r.ShortBytes()
	_ = append(p, 'Z')
	if in[2] != 'b' {
		t.Fatal("append through result overwrote input")
	}
}

func FuzzReader(f *testing.F) {
	s := &sample{b: 1, fixed: []byte("abc"), sb: []byte("s"), lb: []byte("l"), list: [][]byte{{1}}}
	b, _ := s.encode()
	f.Add(b)
	f.Add([]byte{})
	f.Add([]byte{0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := decodeSample(in, true)
		if err != nil {
			return
		}
		// Whatever decodes re-encodes to the same bytes (one encoding per value).
		out, err := got.encode()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("re-encode %x != %x (%v)", out, in, err)
		}
	})
}
