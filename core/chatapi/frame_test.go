package chatapi

import (
	"errors"
	"testing"
)

func TestRequestFraming(t *testing.T) {
	in := `{"corrId":"7","cmd":"/_send @2 json [{\"msgContent\":{\"type\":\"text\",\"text\":\"hi\"},\"mentions\":{}}]"}`
	r, err := DecodeRequest([]byte(in))
	if err != nil || r.CorrID != "7" {
		t.Fatalf("%+v %v", r, err)
	}
	cmd, err := Parse(r.Cmd)
	if err != nil || cmd.Name() != "APISendMessages" {
		t.Fatalf("%v %v", cmd, err)
	}
	out, err := EncodeRequest(r)
	if err != nil || !jsonEqual(t, []byte(in), out) {
		t.Fatalf("%s %v", out, err)
	}
	// Unknown members are ignored.
	if _, err := DecodeRequest([]byte(`{"corrId":"1","cmd":"/users","extra":true}`)); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{``, `[]`, `{}`, `{"corrId":"1"}`, `{"cmd":"/users"}`, `{"corrId":1,"cmd":"/users"}`,
		`{"corrId":"1","cmd":null}`, `{"corrId":"1","cmd":"/users"} x`, `{"corrId":"1","cmd":"/users"}{}`, `{"corrId":"1","cmd":"/users"`} {
		if _, err := DecodeRequest([]byte(bad)); !errors.Is(err, ErrBadFrame) {
			t.Errorf("DecodeRequest(%q) = %v", bad, err)
		}
	}
	// Every strict prefix of a valid request is refused.
	for i := 0; i < len(in); i++ {
		if _, err := DecodeRequest([]byte(in[:i])); err == nil {
			t.Errorf("prefix %q accepted", in[:i])
		}
	}
}

func TestReplyFraming(t *testing.T) {
	corr := "abc"
	reply := Reply{CorrID: &corr, Resp: &ChatStarted{}}
	b, err := EncodeReply(reply)
	if err != nil || string(b) != `{"corrId":"abc","resp":{"type":"chatStarted"}}` {
		t.Fatalf("%s %v", b, err)
	}
	back, err := DecodeReply(b)
	if err != nil || back.IsEvent() || *back.CorrID != "abc" || back.Resp.Type() != "chatStarted" {
		t.Fatalf("%+v %v", back, err)
	}
	ev := `{"resp":` + responseExamples["contactConnected"][0] + `}`
	r, err := DecodeReply([]byte(ev))
	if err != nil || !r.IsEvent() || r.Resp.Type() != "contactConnected" {
		t.Fatalf("%+v %v", r, err)
	}
	out, err := EncodeReply(r)
	if err != nil || !jsonEqual(t, []byte(ev), out) {
		t.Fatalf("%s %v", out, err)
	}
	for i := 0; i < len(ev); i++ {
		if _, err := DecodeReply([]byte(ev[:i])); err == nil {
			t.Errorf("prefix %q accepted", ev[:i])
		}
	}
	for _, bad := range []string{`{}`, `{"corrId":"1"}`, `{"resp":null}`, `{"resp":{}}`, `{"resp":{"type":"chatStarted"}} 1`, `{"corrId":2,"resp":{"type":"chatStarted"}}`} {
		if _, err := DecodeReply([]byte(bad)); !errors.Is(err, ErrBadFrame) {
			t.Errorf("DecodeReply(%q) = %v", bad, err)
		}
	}
	// A parse error answered through the framing.
	_, perr := Parse("/nope")
	var pe *ParseError
	if !errors.As(perr, &pe) {
		t.Fatal(perr)
	}
	b, _ = EncodeReply(Reply{CorrID: &corr, Resp: pe.Response()})
	want := `{"corrId":"abc","resp":{"type":"chatCmdError","chatError":{"type":"error","errorType":{"type":"commandError","message":"invalid chat command: unsupported command \"/nope\""}}}}`
	if !jsonEqual(t, b, []byte(want)) {
		t.Errorf("%s", b)
	}
}
