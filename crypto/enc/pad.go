package enc

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// MaxPadMsgLen is the longest message pad accepts (2^16 − 3, as upstream).
const MaxPadMsgLen = 1<<16 - 3

var (
	// ErrLargeMsg: the message does not fit the padded size.
	ErrLargeMsg = errors.New("enc: message too large for padding")
	// ErrBadPadding: the padded block is malformed.
	ErrBadPadding = errors.New("enc: invalid padded message")
)

// Pad returns w16 len(msg) ‖ msg ‖ '#'×(n−2−len(msg)), exactly n bytes.
func Pad(msg []byte, n int) ([]byte, error) {
	return AppendPad(nil, msg, n)
}

// AppendPad appends the padded form of msg to dst, so hot paths can reuse a
// buffer (one allocation at most, none when dst has capacity).
func AppendPad(dst, msg []byte, n int) ([]byte, error) {
	if len(msg) > MaxPadMsgLen || n-2-len(msg) < 0 {
		return nil, fmt.Errorf("%w: %d bytes into %d", ErrLargeMsg, len(msg), n)
	}
	dst = growBy(dst, n)
	start := len(dst) - n
	binary.BigEndian.PutUint16(dst[start:], uint16(len(msg)))
	copy(dst[start+2:], msg)
	fill(dst[start+2+len(msg):])
	return dst, nil
}

// UnPad returns the message inside a padded block. Like the reference it
// requires only that the declared length fits; the fill is not checked.
// The result aliases b.
func UnPad(b []byte) ([]byte, error) {
	if len(b) < 2 {
		return nil, fmt.Errorf("%w: %d bytes, no length", ErrBadPadding, len(b))
	}
	l := int(binary.BigEndian.Uint16(b))
	if len(b)-2 < l {
		return nil, fmt.Errorf("%w: length %d, only %d bytes follow", ErrBadPadding, l, len(b)-2)
	}
	return b[2 : 2+l : 2+l], nil
}

// PadLazy returns i64 len(msg) ‖ msg ‖ '#'×(n−8−len(msg)) — the file variant
// (upstream Crypto/Lazy.hs pad with len = len(msg)).
func PadLazy(msg []byte, n int64) ([]byte, error) {
	pad := n - 8 - int64(len(msg))
	if pad < 0 {
		return nil, fmt.Errorf("%w: %d bytes into %d", ErrLargeMsg, len(msg), n)
	}
	out := make([]byte, n)
	binary.BigEndian.PutUint64(out, uint64(len(msg)))
	copy(out[8:], msg)
	fill(out[8+len(msg):])
	return out, nil
}

// LazyHeader returns the 8-byte length prefix of the file padding; streaming
// writers emit it, then the content, then PadFill bytes.
func LazyHeader(msgLen int64) [8]byte {
	var h [8]byte
	binary.BigEndian.PutUint64(h[:], uint64(msgLen))
	return h
}

// UnPadLazy returns the message inside a file-padded block. It is lenient as
// the reference: a declared length longer than the data yields the shorter
// data (the caller's tag and digest checks catch truncation); a negative
// length or fewer than 8 bytes is an error. The result aliases b.
func UnPadLazy(b []byte) ([]byte, error) {
	l, rest, err := SplitLazyLen(b)
	if err != nil {
		return nil, err
	}
	if int64(len(rest)) > l {
		rest = rest[:l:l]
	}
	return rest, nil
}

// SplitLazyLen returns the declared length and everything after the 8-byte
// prefix (not truncated).
func SplitLazyLen(b []byte) (int64, []byte, error) {
	if len(b) < 8 {
		return 0, nil, fmt.Errorf("%w: %d bytes, no 8-byte length", ErrBadPadding, len(b))
	}
	l := int64(binary.BigEndian.Uint64(b))
	if l < 0 {
		return 0, nil, fmt.Errorf("%w: negative length", ErrBadPadding)
	}
	return l, b[8:], nil
}

// PadByte is the fill byte of both padding schemes.
const PadByte = '#'

func fill(p []byte) {
	for i := range p {
		p[i] = PadByte
	}
}

// growBy extends dst by n bytes, reallocating at most once.
func growBy(dst []byte, n int) []byte {
	if cap(dst)-len(dst) < n {
		nd := make([]byte, len(dst), len(dst)+n)
		copy(nd, dst)
		dst = nd
	}
	return dst[:len(dst)+n]
}
