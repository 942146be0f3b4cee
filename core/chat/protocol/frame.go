package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"

	"duplex/crypto/enc"

	"github.com/klauspost/compress/zstd"
)

// Size limits from upstream Protocol.hs / Compression.hs.
const (
	// MaxEncodedMsgLength is the largest chat message body an agent
	// message can carry (room is left for group forwarding overhead).
	MaxEncodedMsgLength = 15602
	// CompressThreshold: bodies longer than this are sent compressed to
	// peers that support it (upstream maxCompressedMsgLength).
	CompressThreshold = 13380
	// MaxDecompressed caps what one compressed part may expand to
	// (upstream maxDecompressedMsgLength). Anything larger is refused as a
	// decompression bomb before or while inflating.
	MaxDecompressed = 65536
	// PassthroughMax: parts up to this length go into an 'X' frame
	// uncompressed ('0' tag), as zstd would only grow them.
	PassthroughMax = 180
	// maxParts bounds parts and batch items: the count is one byte.
	maxParts = 255
)

// ErrTooLarge is returned when a body exceeds a size limit.
var ErrTooLarge = errors.New("chat message too large")

// Item is one message of a decoded body. A batch can mix good and bad
// messages; upstream processes the good ones, so each carries its own error.
type Item struct {
	Msg ChatMessage
	Err error
}

// DecodeBody parses an agent message body (A_MSG) into chat messages:
//
//	'{' …            one JSON message
//	'[' …            a JSON array of messages (batch, chat version >= 5)
//	'X' n part*n     compressed (version >= 8); part = '0' len:1 bytes
//	                 | '1' len:2 zstd-frame; each part is itself a body
//
// The returned error is for a body that cannot be split at all; per-message
// errors are in the items.
func DecodeBody(b []byte) ([]Item, error) {
	return decodeBody(b, 0)
}

func decodeBody(b []byte, depth int) ([]Item, error) {
	if len(b) == 0 {
		return nil, malformed("", "empty body")
	}
	switch b[0] {
	case '{':
		m, err := Decode(b)
		return []Item{{m, err}}, nil
	case '[':
		return decodeArray(b)
	case 'X':
		if depth > 0 {
			return nil, malformed("", "nested compressed frame")
		}
		return decodeCompressed(b[1:], depth)
	default:
		return nil, malformed("", "unsupported body prefix %q (binary and signed elements are not supported)", b[0])
	}
}

func decodeArray(b []byte) ([]Item, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(b, &raws); err != nil {
		return nil, malformed("", "batch: %v", err)
	}
	if len(raws) == 0 {
		return nil, malformed("", "batch: empty")
	}
	items := make([]Item, len(raws))
	for i, r := range raws {
		o, err := parseObj(fmt.Sprintf("batch[%d]", i), r)
		if err != nil {
			items[i].Err = malformed("", "%v", err)
			continue
		}
		items[i].Msg, items[i].Err = decodeEnvelope(o)
	}
	return items, nil
}

func decodeCompressed(b []byte, depth int) ([]Item, error) {
	r := enc.NewReader(b)
	n := r.NonEmptyCount()
	if err := r.Err(); err != nil {
		return nil, malformed("", "compressed frame: part count: %v", err)
	}
	var items []Item
	for i := 0; i < n; i++ {
		var part []byte
		switch tag := r.Byte(); {
		case r.Err() != nil:
		case tag == '0':
			part = r.ShortBytes()
		case tag == '1':
			z := r.LargeBytes()
			if r.Err() != nil {
				break
			}
			var err error
			if part, err = Decompress(z); err != nil {
				d := malformed("", "compressed frame part %d: %v", i, err).(*DecodeError)
				if errors.Is(err, ErrTooLarge) {
					d.Cause = ErrTooLarge
				}
				return nil, d
			}
		default:
			return nil, malformed("", "compressed frame part %d: unknown tag %q", i, tag)
		}
		if err := r.Err(); err != nil {
			return nil, malformed("", "compressed frame part %d: %v", i, err)
		}
		sub, err := decodeBody(part, depth+1)
		if err != nil {
			return nil, malformed("", "compressed frame part %d: %v", i, err)
		}
		items = append(items, sub...)
	}
	if err := r.Done(); err != nil {
		return nil, malformed("", "compressed frame: %v", err)
	}
	return items, nil
}

var decoderPool = sync.Pool{New: func() any {
	// The output cap is enforced by Decompress; these options bound the
	// decoder's own buffers (a window above 1 MiB is refused) so a legal
	// frame with a window wider than its content still decodes.
	d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1),
		zstd.WithDecoderMaxMemory(1<<20), zstd.WithDecoderMaxWindow(1<<20))
	if err != nil {
		panic(err) // only on invalid options, which are constants here
	}
	return d
}}

// Decompress inflates one zstd frame of at most MaxDecompressed bytes. A
// frame that declares a larger size is refused before inflating; one that
// declares none is inflated only up to the cap (upstream refuses frames
// without a declared size; we accept them, bounded, to stay robust).
func Decompress(z []byte) ([]byte, error) {
	var h zstd.Header
	if err := h.Decode(z); err != nil {
		return nil, fmt.Errorf("zstd header: %v", err)
	}
	if h.Skippable {
		return nil, errors.New("zstd: skippable frame carries no message")
	}
	if h.HasFCS && h.FrameContentSize > MaxDecompressed {
		return nil, fmt.Errorf("%w: zstd frame declares %d bytes, cap is %d (decompression bomb?)",
			ErrTooLarge, h.FrameContentSize, MaxDecompressed)
	}
	d := decoderPool.Get().(*zstd.Decoder)
	defer func() { _ = d.Reset(nil); decoderPool.Put(d) }()
	if err := d.Reset(bytes.NewReader(z)); err != nil {
		return nil, fmt.Errorf("zstd: %v", err)
	}
	out, err := io.ReadAll(io.LimitReader(d, MaxDecompressed+1))
	if err != nil {
		if errors.Is(err, zstd.ErrDecoderSizeExceeded) || errors.Is(err, zstd.ErrWindowSizeExceeded) {
			return nil, fmt.Errorf("%w: zstd frame inflates past %d bytes (decompression bomb?)", ErrTooLarge, MaxDecompressed)
		}
		return nil, fmt.Errorf("zstd: %v", err)
	}
	if len(out) > MaxDecompressed {
		return nil, fmt.Errorf("%w: zstd frame inflates past %d bytes (decompression bomb?)", ErrTooLarge, MaxDecompressed)
	}
	return out, nil
}
