package enc

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrTrailing is wrapped by Done when bytes remain after the last field.
var ErrTrailing = errors.New("enc: trailing bytes")

// DecodeError says what a Reader expected and at which input offset.
//
// The message is composed only when Error is called: decoding is on every
// hot path (each SMP block, each ratchet message) and most reads succeed, so
// no description is formatted up front.
type DecodeError struct {
	Offset  int    // where the failing read starts
	Want    string // what was expected, e.g. "sb body"
	WantLen int    // expected length in bytes, or -1 when Want says it all
	Field   int    // start of the enclosing length-prefixed field, or -1
	Have    int    // bytes that were left at Offset
}

func (e *DecodeError) Error() string {
	want := e.Want
	if e.WantLen >= 0 {
		want = fmt.Sprintf("%s of %d bytes", want, e.WantLen)
	}
	if e.Field >= 0 {
		want = fmt.Sprintf("%s (field at offset %d)", want, e.Field)
	}
	return fmt.Sprintf("enc: at offset %d: want %s, have %d bytes", e.Offset, want, e.Have)
}

// Reader decodes SimpleX-encoded fields from a byte slice. It never panics:
// after the first error every method returns zero values and Err reports the
// error. Returned slices alias the input.
type Reader struct {
	b   []byte
	off int
	err error
}

// NewReader returns a Reader over b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// Err returns the first error, if any.
func (r *Reader) Err() error { return r.err }

// Fail records err (a semantic error found by the caller) unless an error is
// already recorded. Later reads return zero values.
func (r *Reader) Fail(err error) {
	if r.err == nil && err != nil {
		r.err = err
	}
}

// Failf records a semantic error at the current offset.
func (r *Reader) Failf(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("enc: at offset %d: %s", r.off, fmt.Sprintf(format, args...))
	}
}

// Offset returns the number of bytes consumed so far.
func (r *Reader) Offset() int { return r.off }

// Len returns the number of unread bytes (0 after an error).
func (r *Reader) Len() int {
	if r.err != nil {
		return 0
	}
	return len(r.b) - r.off
}

// Done returns the first error, or an error wrapping ErrTrailing if input
// remains: a structure must be consumed exactly.
func (r *Reader) Done() error {
	if r.err != nil {
		return r.err
	}
	if n := len(r.b) - r.off; n > 0 {
		return fmt.Errorf("%w: %d after offset %d", ErrTrailing, n, r.off)
	}
	return nil
}

// take consumes n bytes or records an error naming want (and n when
// sized is set).
func (r *Reader) take(n int, want string, sized bool) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || len(r.b)-r.off < n {
		e := &DecodeError{Offset: r.off, Want: want, WantLen: -1, Field: -1, Have: len(r.b) - r.off}
		if sized {
			e.WantLen = n
		}
		r.err = e
		return nil
	}
	p := r.b[r.off : r.off+n : r.off+n]
	r.off += n
	return p
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	p := r.take(1, "1 byte", false)
	if p == nil {
		return 0
	}
	return p[0]
}

// Fixed reads exactly n bytes (nonces, raw keys).
func (r *Reader) Fixed(n int) []byte { return r.take(n, "fixed field", true) }

// ShortBytes reads sb(x).
func (r *Reader) ShortBytes() []byte {
	start := r.off
	n := r.take(1, "sb length", false)
	if n == nil {
		return nil
	}
	p := r.take(int(n[0]), "sb body", true)
	if p == nil {
		r.setOffset(start)
	}
	return p
}

// LargeBytes reads lb(x).
func (r *Reader) LargeBytes() []byte {
	start := r.off
	n := r.take(2, "lb length", false)
	if n == nil {
		return nil
	}
	p := r.take(int(binary.BigEndian.Uint16(n)), "lb body", true)
	if p == nil {
		r.setOffset(start)
	}
	return p
}

// setOffset rewrites the failing offset of a length-prefixed field so the
// error points at the field, not at its body.
func (r *Reader) setOffset(start int) {
	if e, ok := r.err.(*DecodeError); ok {
		e.Field = start
	}
}

// W16 reads a big-endian uint16.
func (r *Reader) W16() uint16 {
	p := r.take(2, "w16", false)
	if p == nil {
		return 0
	}
	return binary.BigEndian.Uint16(p)
}

// W32 reads a big-endian uint32.
func (r *Reader) W32() uint32 {
	p := r.take(4, "w32", false)
	if p == nil {
		return 0
	}
	return binary.BigEndian.Uint32(p)
}

// I64 reads a big-endian int64.
func (r *Reader) I64() int64 {
	p := r.take(8, "i64", false)
	if p == nil {
		return 0
	}
	return int64(binary.BigEndian.Uint64(p))
}

// Bool reads 'T' or 'F'; any other byte is an error.
func (r *Reader) Bool() bool {
	start := r.off
	p := r.take(1, "bool 'T'/'F'", false)
	if p == nil {
		return false
	}
	switch p[0] {
	case 'T':
		return true
	case 'F':
		return false
	}
	r.err = &DecodeError{Offset: start, Want: fmt.Sprintf("bool 'T'/'F', not 0x%02x", p[0]), WantLen: -1, Field: -1, Have: len(r.b) - start}
	return false
}

// MaybeTag reads '1' (present) or '0' (absent); any other byte is an error.
func (r *Reader) MaybeTag() bool {
	start := r.off
	p := r.take(1, "maybe tag '0'/'1'", false)
	if p == nil {
		return false
	}
	switch p[0] {
	case '1':
		return true
	case '0':
		return false
	}
	r.err = &DecodeError{Offset: start, Want: fmt.Sprintf("maybe tag '0'/'1', not 0x%02x", p[0]), WantLen: -1, Field: -1, Have: len(r.b) - start}
	return false
}

// MaybeShortBytes reads maybe(sb(x)); absent is nil, present-but-empty is
// a non-nil empty slice.
func (r *Reader) MaybeShortBytes() []byte {
	if !r.MaybeTag() {
		return nil
	}
	p := r.ShortBytes()
	if p == nil && r.err == nil {
		p = []byte{}
	}
	return p
}

// Count reads a list length byte.
func (r *Reader) Count() int {
	p := r.take(1, "list count", false)
	if p == nil {
		return 0
	}
	return int(p[0])
}

// NonEmptyCount reads the length byte of a non-empty list; 0 is an error.
func (r *Reader) NonEmptyCount() int {
	start := r.off
	n := r.Count()
	if n == 0 && r.err == nil {
		r.err = &DecodeError{Offset: start, Want: "non-empty list count", WantLen: -1, Field: -1, Have: len(r.b) - start}
	}
	return n
}

// Tail returns all remaining bytes (possibly empty, never nil unless an
// error is recorded).
func (r *Reader) Tail() []byte {
	if r.err != nil {
		return nil
	}
	p := r.b[r.off:len(r.b):len(r.b)]
	r.off = len(r.b)
	return p
}
