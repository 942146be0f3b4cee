package chatapi

import (
	"testing"
)

// FuzzParse: Parse never panics; whatever it accepts encodes to a line
// that parses back to a command with the same encoding.
func FuzzParse(f *testing.F) {
	for _, tc := range commandCases {
		f.Add(tc.line)
	}
	f.Add("/_send @1(_support:2) json []")
	f.Add("/_get chats 1 pcc=on after=2024-01-01T00:00:00Z count=5")
	f.Fuzz(func(t *testing.T, line string) {
		cmd, err := Parse(line)
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error type %T", err)
			}
			return
		}
		enc := cmd.Encode()
		again, err := Parse(enc)
		if err != nil {
			t.Fatalf("Parse(%q) ok, re-parse of %q: %v", line, enc, err)
		}
		if again.Encode() != enc {
			t.Fatalf("unstable encoding %q → %q", enc, again.Encode())
		}
	})
}

// FuzzFraming: the framing decoders never panic, and what they accept
// re-encodes to JSON they accept again.
func FuzzFraming(f *testing.F) {
	f.Add([]byte(`{"corrId":"1","cmd":"/users"}`))
	f.Add([]byte(`{"resp":{"type":"chatStarted"}}`))
	for _, exs := range responseExamples {
		f.Add([]byte(`{"corrId":"9","resp":` + exs[0] + `}`))
	}
	f.Add([]byte(`{"_owsf":true,"chatStarted":{}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if r, err := DecodeRequest(b); err == nil {
			out, err := EncodeRequest(r)
			if err != nil {
				t.Fatal(err)
			}
			if r2, err := DecodeRequest(out); err != nil || r2 != r {
				t.Fatalf("request %q → %s", b, out)
			}
		}
		if r, err := DecodeReply(b); err == nil {
			out, err := EncodeReply(r)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := DecodeReply(out); err != nil {
				t.Fatalf("reply %q → %s: %v", b, out, err)
			}
		}
		if out, err := OWSFToTagged(b); err == nil {
			if _, err := OWSFToTagged(out); err != nil {
				t.Fatalf("owsf output %s refused: %v", out, err)
			}
		}
	})
}
