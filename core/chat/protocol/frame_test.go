package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

func textMsg(s string) ChatMessage {
	return ChatMessage{Version: SupportedRange, Event: &MsgNew{Content: MsgContent{Type: ContentText, Text: s}}}
}

func decodeOne(t *testing.T, body []byte) ChatMessage {
	t.Helper()
	items, err := DecodeBody(body)
	if err != nil {
		t.Fatalf("DecodeBody: %v", err)
	}
	if len(items) != 1 || items[0].Err != nil {
		t.Fatalf("items %+v", items)
	}
	return items[0].Msg
}

func TestBodyPlainWhenSmall(t *testing.T) {
	m := textMsg("hello")
	b, err := EncodeBody([]ChatMessage{m}, BodyOptions{Compress: true})
	if err != nil {
		t.Fatal(err)
	}
	if b[0] != '{' {
		t.Fatalf("short body not plain JSON: %q", b)
	}
	if got := decodeOne(t, b); !reflect.DeepEqual(got, m) {
		t.Errorf("got %+v", got)
	}
}

func TestBodyCompressedRoundTrip(t *testing.T) {
	// An x.info with an avatar: the case the app compresses.
	img := "data:image/jpg;base64," + strings.Repeat("QUJDRA", 2600)
	m := ChatMessage{Version: SupportedRange, Event: &Info{Profile: Profile{DisplayName: "alice", Image: &img}}}
	plain, _ := Encode(m)
	if len(plain) <= CompressThreshold {
		t.Fatalf("test body too small: %d", len(plain))
	}
	b, err := EncodeBody([]ChatMessage{m}, BodyOptions{Compress: true})
	if err != nil {
		t.Fatal(err)
	}
	if b[0] != 'X' || b[1] != 1 || b[2] != '1' || int(b[3])<<8|int(b[4]) != len(b)-5 {
		t.Fatalf("frame header % x (len %d)", b[:5], len(b))
	}
	var h zstd.Header
	if err := h.Decode(b[5:]); err != nil || !h.HasFCS || h.FrameContentSize != uint64(len(plain)) {
		t.Fatalf("zstd header must declare the size (upstream requires it): %+v %v", h, err)
	}
	if got := decodeOne(t, b); !reflect.DeepEqual(got, m) {
		t.Error("compressed round trip differs")
	}
	// Without compression support the same message is too large.
	if _, err := EncodeBody([]ChatMessage{m}, BodyOptions{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("uncompressed oversize: %v", err)
	}
}

func TestCompressPassthrough(t *testing.T) {
	plain, _ := Encode(textMsg("hi"))
	b, err := Compress(plain)
	if err != nil {
		t.Fatal(err)
	}
	want := append([]byte{'X', 1, '0', byte(len(plain))}, plain...)
	if !bytes.Equal(b, want) {
		t.Fatalf("passthrough frame % x", b)
	}
	decodeOne(t, b)
}

// A zstd frame written by hand from RFC 8878: magic, descriptor 0x20
// (single segment, 1-byte content size), one raw last block.
func handFrame(payload []byte) []byte {
	f := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x20, byte(len(payload))}
	bh := 1 | 0<<1 | len(payload)<<3
	f = append(f, byte(bh), byte(bh>>8), byte(bh>>16))
	return append(f, payload...)
}

func TestHandMadeZstdFrame(t *testing.T) {
	js := []byte(`{"v":"1-16","event":"x.msg.new","params":{"content":{"type":"text","text":"by hand"}}}`)
	z := handFrame(js)
	body := append([]byte{'X', 1, '1', byte(len(z) >> 8), byte(len(z))}, z...)
	m := decodeOne(t, body)
	if e := ev[*MsgNew](t, m); e.Content.Text != "by hand" || m.Version != (VersionRange{1, 16}) {
		t.Errorf("%+v", e)
	}
	// Two parts: a passthrough and the zstd one, in one frame.
	two := append([]byte{'X', 2, '0', byte(len(js))}, js...)
	two = append(two, body[2:]...)
	items, err := DecodeBody(two)
	if err != nil || len(items) != 2 || items[0].Err != nil || items[1].Err != nil {
		t.Fatalf("two parts: %v %+v", err, items)
	}
}

func TestBombDeclaredSizeRefused(t *testing.T) {
	e, _ := zstd.NewWriter(nil)
	z := e.EncodeAll(make([]byte, MaxDecompressed+1), nil)
	body := append([]byte{'X', 1, '1', byte(len(z) >> 8), byte(len(z))}, z...)
	_, err := DecodeBody(body)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "decompression bomb") {
		t.Fatalf("bomb: %v", err)
	}
}

func TestBombUndeclaredSizeRefused(t *testing.T) {
	// No content size in the header; two RLE blocks of 64 KiB each.
	f := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3} // window 2^17
	for i, last := range []int{0, 1} {
		_ = i
		bh := last | 1<<1 | 65536<<3
		f = append(f, byte(bh), byte(bh>>8), byte(bh>>16), ' ')
	}
	body := append([]byte{'X', 1, '1', byte(len(f) >> 8), byte(len(f))}, f...)
	_, err := DecodeBody(body)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("undeclared bomb: %v", err)
	}
}

func TestCompressRefusesOversize(t *testing.T) {
	if _, err := Compress(make([]byte, MaxDecompressed+1)); !errors.Is(err, ErrTooLarge) {
		t.Fatal(err)
	}
}

func TestBatchArray(t *testing.T) {
	a, b := textMsg("one"), textMsg("two")
	body, err := EncodeBody([]ChatMessage{a, b}, BodyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if body[0] != '[' {
		t.Fatalf("batch not an array: %q", body)
	}
	items, err := DecodeBody(body)
	if err != nil || len(items) != 2 || !reflect.DeepEqual(items[0].Msg, a) || !reflect.DeepEqual(items[1].Msg, b) {
		t.Fatalf("%v %+v", err, items)
	}
	// One bad element does not spoil the others.
	items, err = DecodeBody([]byte(`[{"v":"1","event":"x.ok","params":{}},{"event":"x.msg.new","params":{}},3]`))
	if err != nil || len(items) != 3 || items[0].Err != nil || items[1].Err == nil || items[2].Err == nil {
		t.Fatalf("%v %+v", err, items)
	}
	if got := items[1].Err.Error(); got != `x.msg.new: params: missing "content"` {
		t.Errorf("error text %q", got)
	}
}

func TestBodyRejects(t *testing.T) {
	plain, _ := Encode(textMsg("hello"))
	z := handFrame(plain)
	good := append([]byte{'X', 1, '1', byte(len(z) >> 8), byte(len(z))}, z...)
	cases := map[string][]byte{
		"empty":          nil,
		"binary":         []byte("F\x00abc"),
		"signed":         []byte("/G\x01"),
		"zero parts":     {'X', 0},
		"bad tag":        {'X', 1, '2', 0},
		"trailing":       append(append([]byte{}, good...), 0),
		"nested":         append([]byte{'X', 1, '0', 4}, 'X', 1, '0', 0),
		"not zstd":       {'X', 1, '1', 0, 4, 1, 2, 3, 4},
		"empty array":    []byte("[]"),
		"json trailing":  append(append([]byte{}, plain...), 'x'),
		"array trailing": []byte(`[{"v":"1","event":"x.ok","params":{}}]]`),
	}
	for name, b := range cases {
		items, err := DecodeBody(b)
		if err == nil && (len(items) == 0 || items[0].Err == nil) {
			t.Errorf("%s: accepted", name)
		} else if err != nil && !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: error not ErrMalformed: %v", name, err)
		}
	}
	// Every strict prefix of a good compressed body is refused.
	for i := 0; i < len(good); i++ {
		items, err := DecodeBody(good[:i])
		if err == nil && len(items) > 0 && items[0].Err == nil {
			t.Fatalf("prefix %d accepted", i)
		}
	}
}

func TestBatchPrefixesRefused(t *testing.T) {
	body, err := EncodeBody([]ChatMessage{textMsg("one"), textMsg("two")}, BodyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(body); i++ {
		items, err := DecodeBody(body[:i])
		if err == nil {
			for _, it := range items {
				if it.Err == nil {
					t.Fatalf("prefix %d accepted: %s", i, body[:i])
				}
			}
		}
	}
}

func TestChatMessageEmbedsInJSON(t *testing.T) {
	type stored struct {
		ID  int         `json:"id"`
		Msg ChatMessage `json:"msg"`
	}
	in := stored{7, textMsg("<kept>")}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out stored
	if err := json.Unmarshal(b, &out); err != nil || !reflect.DeepEqual(in, out) {
		t.Fatalf("%v\n%+v\n%+v", err, in, out)
	}
}

// Frames from an encoder with default settings (not ours) decode too.
func TestForeignEncoderFrame(t *testing.T) {
	js, _ := Encode(textMsg(strings.Repeat("lorem ipsum ", 1500)))
	for _, lvl := range []zstd.EncoderLevel{zstd.SpeedFastest, zstd.SpeedDefault, zstd.SpeedBestCompression} {
		e, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(lvl))
		z := e.EncodeAll(js, nil)
		body := append([]byte{'X', 1, '1', byte(len(z) >> 8), byte(len(z))}, z...)
		if m := decodeOne(t, body); ev[*MsgNew](t, m).Content.Text != strings.Repeat("lorem ipsum ", 1500) {
			t.Errorf("level %v: text differs", lvl)
		}
	}
}
