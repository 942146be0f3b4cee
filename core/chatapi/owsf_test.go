package chatapi

import (
	"strings"
	"testing"
)

func TestOWSFToTagged(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"_owsf":true,"chatStarted":{}}`, `{"type":"chatStarted"}`},
		{`{"_owsf":true,"activeUser":{"user":{"userId":1}}}`, `{"type":"activeUser","user":{"userId":1}}`},
		// Nested sum types inside a response, in arrays too.
		{`{"_owsf":true,"newChatItems":{"user":{"userId":1},"chatItems":[{"chatInfo":{"_owsf":true,"direct":{"contact":{"contactId":2}}},"chatItem":{"chatDir":{"_owsf":true,"directRcv":{}},"content":{"_owsf":true,"rcvMsgContent":{"msgContent":{"type":"text","text":"hi"}}}}}]}}`,
			`{"type":"newChatItems","user":{"userId":1},"chatItems":[{"chatInfo":{"type":"direct","contact":{"contactId":2}},"chatItem":{"chatDir":{"type":"directRcv"},"content":{"type":"rcvMsgContent","msgContent":{"type":"text","text":"hi"}}}}]}`},
		// Already tagged JSON passes through unchanged.
		{`{"type":"chatRunning"}`, `{"type":"chatRunning"}`},
		{`[1,"x",null,true,{"a":{"b":[]}}]`, `[1,"x",null,true,{"a":{"b":[]}}]`},
		// "_owsf":false, or with other members, is not a marker.
		{`{"_owsf":false,"x":{}}`, `{"_owsf":false,"x":{}}`},
		{`{"_owsf":true,"a":{},"b":{}}`, `{"_owsf":true,"a":{},"b":{}}`},
		// A tag around a non-object, or around another marked object, is
		// wrapped in "data" (upstream owsf2tagged).
		{`{"_owsf":true,"count":3}`, `{"type":"count","data":3}`},
		{`{"_owsf":true,"list":[{"_owsf":true,"a":{}}]}`, `{"type":"list","data":[{"type":"a"}]}`},
		{`{"_owsf":true,"outer":{"_owsf":true,"inner":{"x":1}}}`, `{"type":"outer","data":{"type":"inner","x":1}}`},
		// An inner "type" member is replaced by the tag, as upstream's insert does.
		{`{"_owsf":true,"x":{"type":"y","z":1}}`, `{"type":"x","z":1}`},
		// Large integers keep every digit.
		{`{"_owsf":true,"x":{"id":9007199254740993}}`, `{"type":"x","id":9007199254740993}`},
	}
	for _, tc := range cases {
		got, err := OWSFToTagged([]byte(tc.in))
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if !jsonEqual(t, got, []byte(tc.want)) || (strings.Contains(tc.want, "9007199254740993") && !strings.Contains(string(got), "9007199254740993")) {
			t.Errorf("%s\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
	// The converted JSON decodes as a typed response.
	got, _ := OWSFToTagged([]byte(`{"_owsf":true,"chatStarted":{}}`))
	if r, err := DecodeResponse(got); err != nil || r.Type() != "chatStarted" {
		t.Errorf("%v %v", r, err)
	}
}

func TestOWSFRejects(t *testing.T) {
	deep := strings.Repeat(`[`, 300) + strings.Repeat(`]`, 300)
	for _, in := range []string{``, `{`, `{} {}`, deep} {
		if out, err := OWSFToTagged([]byte(in)); err == nil {
			t.Errorf("OWSFToTagged(%q) = %s", in, out)
		}
	}
}
