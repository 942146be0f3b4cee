package enc

import (
	"encoding/binary"
	"fmt"
)

// Writer appends SimpleX-encoded fields to a buffer. The zero value is ready
// to use. After the first error every method is a no-op; Bytes reports it.
type Writer struct {
	buf []byte
	err error
}

// NewWriter returns a Writer that appends to buf (which may be nil), so a
// caller can reuse a buffer with enough capacity.
func NewWriter(buf []byte) *Writer { return &Writer{buf: buf[:0]} }

// Fail records err as the writer's error unless one is already recorded.
func (w *Writer) Fail(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

// Err returns the first error, if any.
func (w *Writer) Err() error { return w.err }

// Len returns the number of bytes written so far.
func (w *Writer) Len() int { return len(w.buf) }

// Byte appends one byte.
func (w *Writer) Byte(b byte) {
	if w.err == nil {
		w.buf = append(w.buf, b)
	}
}

// Raw appends p without a length (fixed-size fields, tuples, tail).
func (w *Writer) Raw(p []byte) {
	if w.err == nil {
		w.buf = append(w.buf, p...)
	}
}

// Tail is Raw under its protocol name: the last field of a structure.
func (w *Writer) Tail(p []byte) { w.Raw(p) }

// String appends s without a length (ASCII command tags such as "SEND ").
func (w *Writer) String(s string) {
	if w.err == nil {
		w.buf = append(w.buf, s...)
	}
}

// ShortBytes appends sb(p): a 1-byte length and p. Longer than 255 bytes is
// an error (the reference would silently truncate the length byte).
func (w *Writer) ShortBytes(p []byte) {
	if w.err != nil {
		return
	}
	if len(p) > 255 {
		w.err = fmt.Errorf("enc: short bytes of length %d > 255", len(p))
		return
	}
	w.buf = append(w.buf, byte(len(p)))
	w.buf = append(w.buf, p...)
}

// LargeBytes appends lb(p): a big-endian 16-bit length and p.
func (w *Writer) LargeBytes(p []byte) {
	if w.err != nil {
		return
	}
	if len(p) > 0xffff {
		w.err = fmt.Errorf("enc: large bytes of length %d > 65535", len(p))
		return
	}
	w.buf = binary.BigEndian.AppendUint16(w.buf, uint16(len(p)))
	w.buf = append(w.buf, p...)
}

// W16 appends a big-endian uint16.
func (w *Writer) W16(v uint16) {
	if w.err == nil {
		w.buf = binary.BigEndian.AppendUint16(w.buf, v)
	}
}

// W32 appends a big-endian uint32.
func (w *Writer) W32(v uint32) {
	if w.err == nil {
		w.buf = binary.BigEndian.AppendUint32(w.buf, v)
	}
}

// I64 appends a big-endian two's-complement int64.
func (w *Writer) I64(v int64) {
	if w.err == nil {
		w.buf = binary.BigEndian.AppendUint64(w.buf, uint64(v))
	}
}

// Bool appends 'T' or 'F'.
func (w *Writer) Bool(v bool) {
	if v {
		w.Byte('T')
	} else {
		w.Byte('F')
	}
}

// MaybeTag appends '1' (a value follows) or '0' (absent).
func (w *Writer) MaybeTag(present bool) {
	if present {
		w.Byte('1')
	} else {
		w.Byte('0')
	}
}

// MaybeShortBytes appends maybe(sb(p)) with nil meaning absent.
func (w *Writer) MaybeShortBytes(p []byte) {
	w.MaybeTag(p != nil)
	if p != nil {
		w.ShortBytes(p)
	}
}

// Count appends a list length byte. More than 255 items is an error.
func (w *Writer) Count(n int) {
	if w.err != nil {
		return
	}
	if n < 0 || n > 255 {
		w.err = fmt.Errorf("enc: list count %d out of range 0..255", n)
		return
	}
	w.buf = append(w.buf, byte(n))
}

// NonEmptyCount appends the count of a non-empty list; 0 is an error.
func (w *Writer) NonEmptyCount(n int) {
	if n == 0 && w.err == nil {
		w.err = fmt.Errorf("enc: empty non-empty list")
		return
	}
	w.Count(n)
}

// Bytes returns the encoded bytes, or nil and the first error.
func (w *Writer) Bytes() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	return w.buf, nil
}
