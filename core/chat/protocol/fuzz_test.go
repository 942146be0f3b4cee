package protocol

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzDecodeBody: the top-level decoder never panics, and every message it
// accepts re-encodes to JSON that decodes to the same value.
func FuzzDecodeBody(f *testing.F) {
	for _, s := range []string{
		`{"v":"1","event":"x.msg.new","params":{"content":{"text":"hello","type":"text"}}}`,
		`{"v":"1","msgId":"AQIDBA==","event":"x.msg.new","params":{"content":{"text":"hello to you too","type":"text"},"quote":{"content":{"text":"hello there!","type":"text"},"msgRef":{"msgId":"BQYHCA==","sent":true,"sentAt":"1970-01-01T00:00:01.000000001Z"}}}}`,
		`{"v":"1","event":"x.msg.new","params":{"content":{"text":"https://simplex.chat","type":"link","preview":{"description":"SimpleX Chat","image":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgA","title":"SimpleX Chat","uri":"https://simplex.chat"}}}}`,
		`{"v":"1","event":"x.info","params":{"profile":{"fullName":"","displayName":"alice","preferences":{"reactions":{"allow":"yes"},"voice":{"allow":"yes"}}}}}`,
		`{"v":"1","event":"x.msg.react","params":{"msgId":"AQIDBA==","reaction":{"type":"emoji","emoji":"👍"},"add":true}}`,
		`{"v":"1-18","event":"x.call.inv","params":{"callId":"abc","n":1e3}}`,
		`{"v":"1","event":"x.msg.new","params":{"content":{"type":"poll","text":"?"},"mentions":{"a":{"memberId":"AQ"}},"forward":{}}}`,
		`[{"v":"1","event":"x.ok","params":{}},{"v":"1","event":"x.grp.mem.del","params":{"memberId":"AQIDBA==","messages":true}}]`,
		strings.Replace(vecGrpInv, "<connReq above>", "simplex:/invitation#/?v=1", 1),
	} {
		f.Add([]byte(s))
		if c, err := Compress([]byte(s)); err == nil {
			f.Add(c)
		}
	}
	big := `{"v":"1","event":"x.msg.new","params":{"content":{"type":"text","text":"` + strings.Repeat("hello ", 60) + `"}}}`
	c, _ := Compress([]byte(big))
	f.Add(c)
	f.Add(handFrame([]byte(`{"event":"x.ok","params":{}}`)))
	f.Fuzz(func(t *testing.T, b []byte) {
		items, err := DecodeBody(b)
		if err != nil {
			return
		}
		for _, it := range items {
			if it.Err != nil {
				continue
			}
			enc, err := Encode(it.Msg)
			if err != nil {
				t.Fatalf("accepted message does not encode: %v\n%q", err, b)
			}
			again, err := Decode(enc)
			if err != nil {
				t.Fatalf("re-encoded message does not decode: %v\n%s", err, enc)
			}
			if !reflect.DeepEqual(again, it.Msg) {
				t.Fatalf("value changed\nin:  %q\nout: %s\n%#v\n%#v", b, enc, it.Msg, again)
			}
		}
	})
}
