package protocol

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// BodyOptions says what the peer's negotiated chat version allows.
type BodyOptions struct {
	// Compress: the peer speaks chat version >= VersionCompression (8) and
	// the connection has PQ on, which is when upstream compresses.
	Compress bool
	// Limit is the largest body allowed; 0 means MaxEncodedMsgLength.
	Limit int
}

// EncodeBody writes messages as an agent message body: one message as a
// JSON object, several as a JSON array (peers >= VersionBatchSend2). Like
// upstream, a body longer than CompressThreshold is wrapped in an 'X'
// frame when opts.Compress is set; short bodies stay plain JSON so every
// peer reads them.
func EncodeBody(msgs []ChatMessage, opts BodyOptions) ([]byte, error) {
	if len(msgs) == 0 {
		return nil, fmt.Errorf("chat protocol: no messages to encode")
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = MaxEncodedMsgLength
	}
	var body []byte
	if len(msgs) == 1 {
		b, err := Encode(msgs[0])
		if err != nil {
			return nil, err
		}
		body = b
	} else {
		var buf bytes.Buffer
		buf.WriteByte('[')
		for i, m := range msgs {
			b, err := Encode(m)
			if err != nil {
				return nil, fmt.Errorf("batch[%d]: %w", i, err)
			}
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(b)
		}
		buf.WriteByte(']')
		body = buf.Bytes()
	}
	if opts.Compress && len(body) > CompressThreshold {
		z, err := Compress(body)
		if err != nil {
			return nil, err
		}
		body = z
	}
	if len(body) > limit {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(body), limit)
	}
	return body, nil
}

var encoderPool = sync.Pool{New: func() any {
	// Level 3 is upstream's; a single segment with the content size in the
	// header is what upstream's decoder requires (it refuses frames that
	// do not declare their size).
	e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.EncoderLevelFromZstd(3)),
		zstd.WithEncoderConcurrency(1), zstd.WithSingleSegment(true), zstd.WithEncoderCRC(false))
	if err != nil {
		panic(err) // only on invalid options, which are constants here
	}
	return e
}}

// Compress wraps body in a one-part 'X' frame: 'X' 0x01 then
// '0' len:1 body when body <= PassthroughMax, else '1' len:2 zstd-frame.
// It fails when body exceeds MaxDecompressed (no peer would inflate it) or
// the compressed part does not fit the 2-byte length.
func Compress(body []byte) ([]byte, error) {
	if len(body) > MaxDecompressed {
		return nil, fmt.Errorf("%w: %d bytes before compression, peers inflate at most %d", ErrTooLarge, len(body), MaxDecompressed)
	}
	if len(body) <= PassthroughMax {
		out := append(make([]byte, 0, len(body)+4), 'X', 1, '0', byte(len(body)))
		return append(out, body...), nil
	}
	e := encoderPool.Get().(*zstd.Encoder)
	z := e.EncodeAll(body, make([]byte, 5, 5+len(body)/2))
	encoderPool.Put(e)
	n := len(z) - 5
	if n > 0xffff {
		return nil, fmt.Errorf("%w: compressed part is %d bytes, frame holds 65535", ErrTooLarge, n)
	}
	z[0], z[1], z[2], z[3], z[4] = 'X', 1, '1', byte(n>>8), byte(n)
	return z, nil
}
