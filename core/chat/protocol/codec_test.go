package protocol

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestUnknownEventRoundTrip(t *testing.T) {
	s := `{"v":"1-18","msgId":"AQIDBA==","event":"x.call.inv","params":{"callId":"abc","invitation":{"callType":{"media":"video","capabilities":{"encryption":true}}},"n":1.5e3,"s":"<b>&"}}`
	m := roundTrip(t, s)
	u := ev[*Unknown](t, m)
	if u.Event != "x.call.inv" || len(u.Params) != 4 || string(u.Params["callId"]) != `"abc"` {
		t.Errorf("%+v", u)
	}
	b, _ := Encode(m)
	if !bytes.Contains(b, []byte(`"<b>&"`)) || !bytes.Contains(b, []byte(`1.5e3`)) {
		t.Errorf("unknown params not kept verbatim: %s", b)
	}
	// A future event tag.
	ev[*Unknown](t, roundTrip(t, `{"v":"1","event":"x.future.thing","params":{}}`))
}

func TestUnknownContentRoundTrip(t *testing.T) {
	s := `{"v":"1","event":"x.msg.new","params":{"content":{"type":"poll","text":"lunch?","options":["a","b"]}}}`
	c := ev[*MsgNew](t, roundTrip(t, s)).Content
	if c.Known() || c.Type != "poll" || c.Text != "lunch?" {
		t.Errorf("%+v", c)
	}
	c = ev[*MsgNew](t, roundTrip(t, `{"v":"1","event":"x.msg.new","params":{"content":{"type":"sticker","id":7}}}`)).Content
	if c.Text != UnknownContentText {
		t.Errorf("text %q", c.Text)
	}
}

func TestKnownContentTypes(t *testing.T) {
	for _, s := range []string{
		`{"type":"image","text":"","image":"data:image/jpg;base64,AA=="}`,
		`{"type":"video","text":"v","image":"data:image/jpg;base64,AA==","duration":12}`,
		`{"type":"voice","text":"","duration":5}`,
		`{"type":"report","text":"bad","reason":"spam"}`,
		`{"type":"chat","text":"join","chatLink":{"type":"group","connLink":"https://x","groupProfile":{"displayName":"g","fullName":""}}}`,
		`{"type":"text","text":"hi","future":{"x":1}}`,
		`{"type":"link","text":"t","preview":{"uri":"u","title":"t","description":"d","image":"i","content":{"type":"video","duration":3}}}`,
	} {
		m := roundTrip(t, `{"v":"1","event":"x.msg.new","params":{"content":`+s+`}}`)
		if c := ev[*MsgNew](t, m).Content; !c.Known() {
			t.Errorf("%s decoded as unknown", s)
		}
	}
}

func TestMsgNewOptionalFields(t *testing.T) {
	s := `{"v":"1","event":"x.msg.new","params":{"content":{"type":"text","text":"hi @bob"},"mentions":{"bob":{"memberId":"BQYHCA=="}},"scope":{"type":"member","memberId":"AQIDBA=="},"parent":{"sentAt":"2026-01-02T03:04:05Z","sent":false}}}`
	e := ev[*MsgNew](t, roundTrip(t, s))
	if len(e.Mentions) != 1 || !bytes.Equal(e.Mentions["bob"].MemberID, id5678) || len(e.Extra) != 2 {
		t.Errorf("%+v", e)
	}
}

func TestReactions(t *testing.T) {
	r := ev[*MsgReact](t, roundTrip(t, `{"v":"1","event":"x.msg.react","params":{"msgId":"AQIDBA==","reaction":{"type":"emoji","emoji":"👍"},"add":true}}`))
	if r.Reaction.Emoji != "👍" || r.Reaction.Raw != nil || !r.Add || !bytes.Equal(r.MsgID, id1234) {
		t.Errorf("%+v", r)
	}
	for _, s := range []string{`{"type":"emoji","emoji":"🦄"}`, `{"type":"sticker","id":"x"}`, `{"type":"emoji","emoji":"👍👍"}`} {
		r := ev[*MsgReact](t, roundTrip(t, `{"v":"1","event":"x.msg.react","params":{"msgId":"AQIDBA==","memberId":"BQYHCA==","reaction":`+s+`,"add":false}}`))
		if r.Reaction.Raw == nil || r.Reaction.Emoji != "" || !bytes.Equal(r.MemberID, id5678) {
			t.Errorf("%s: %+v", s, r)
		}
	}
}

func TestOtherTypedEvents(t *testing.T) {
	for _, s := range []string{
		`{"v":"1","event":"x.direct.del","params":{}}`,
		`{"v":"1","event":"x.ok","params":{}}`,
		`{"v":"1","event":"x.file","params":{"file":{"fileName":"a","fileSize":1,"fileConnReq":"simplex:/x"}}}`,
		`{"v":"1","event":"x.file.acpt.inv","params":{"msgId":"AQIDBA==","fileName":"a"}}`,
		`{"v":"1","event":"x.contact","params":{"profile":{"displayName":"a","fullName":"","image":"data:x","contactLink":"https://l","shortDescr":"hi"},"contactReqId":"AQIDBA=="}}`,
		`{"v":"1","event":"x.grp.mem.info","params":{"memberId":"AQIDBA==","profile":{"displayName":"a","fullName":""}}}`,
		`{"v":"1","event":"x.grp.mem.role","params":{"memberId":"AQIDBA==","role":"observer"}}`,
		`{"v":"1","event":"x.grp.mem.con.all","params":{"memberId":"AQIDBA=="}}`,
		`{"v":"1","event":"x.grp.mem.del","params":{"memberId":"AQIDBA==","messages":true}}`,
		`{"v":"1","event":"x.grp.info","params":{"groupProfile":{"displayName":"g","fullName":"G","description":"d","groupPreferences":{"timedMessages":{"enable":"on","ttl":86400},"directMessages":{"enable":"on","role":"admin"}}}}}`,
		`{"v":"1","event":"x.grp.prefs","params":{"groupPreferences":{"voice":{"enable":"off"}}}}`,
		`{"v":"1","event":"x.info","params":{"profile":{"displayName":"a","fullName":"","preferences":{"timedMessages":{"allow":"yes","ttl":60}}}}}`,
	} {
		m := roundTrip(t, s)
		if _, ok := m.Event.(*Unknown); ok {
			t.Errorf("%s decoded as Unknown", s)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"v":"1","event":"x.msg.new","params":{"content":{"text":"hi"}}}`, `x.msg.new: params.content: missing "type"`},
		{`{"v":"1","event":"x.msg.new","params":{"content":{"type":"text"}}}`, `x.msg.new: params.content: missing "text"`},
		{`{"v":"1","event":"x.msg.new","params":{"content":{"type":"link","text":"t","preview":{"uri":"u"}}}}`, `x.msg.new: params.content.preview: missing "title"`},
		{`{"v":"1","event":"x.msg.new","params":{"content":{"type":"text","text":5}}}`, `x.msg.new: params.content.text: want a string, have a number`},
		{`{"v":"1","event":"x.msg.new","params":{"content":{"type":"text","text":""},"ttl":1.5}}`, `x.msg.new: params.ttl: want an integer, have 1.5`},
		{`{"v":"1","event":"x.msg.del","params":{"msgId":"!!"}}`, `x.msg.del: params.msgId: bad base64url`},
		{`{"v":"1","event":"x.msg.del","params":{"msgId":""}}`, `x.msg.del: params.msgId: bad base64url`},
		{`{"v":"2-1","event":"x.ok","params":{}}`, `x.ok: v: version range "2-1": min > max`},
		{`{"v":"1","event":"x.ok"}`, `x.ok: missing "params"`},
		{`{"v":"1","event":"x.ok","params":[]}`, `x.ok: params: want a JSON object, have an array`},
		{`{"v":"1","params":{}}`, `message: missing "event"`},
		{`{"v":"1","event":"F","params":{}}`, `event "F": tag must start with 'x'`},
		{`{"v":"1","event":"x.msg.react","params":{"msgId":"AQIDBA==","reaction":{"type":"emoji","emoji":"👍"}}}`, `x.msg.react: params: missing "add"`},
		{`[1]`, `message: want a JSON object, have an array`},
	}
	for _, c := range cases {
		_, err := Decode([]byte(c.in))
		if err == nil {
			t.Errorf("%s: accepted", c.in)
			continue
		}
		if !errors.Is(err, ErrMalformed) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.in, err, c.want)
		}
	}
}

func TestPrefixesAndTrailing(t *testing.T) {
	s := `{"v":"1-16","msgId":"AQIDBA==","event":"x.msg.new","params":{"content":{"text":"hello","type":"text"},"ttl":3600}}`
	for i := 0; i < len(s); i++ {
		if _, err := Decode([]byte(s[:i])); err == nil {
			t.Fatalf("prefix %d accepted: %s", i, s[:i])
		}
	}
	for _, tail := range []string{"x", "{}", ",", "]", "\x00"} {
		if _, err := Decode([]byte(s + tail)); err == nil {
			t.Errorf("trailing %q accepted", tail)
		}
	}
	if _, err := Decode([]byte(" " + s + "\n")); err != nil {
		t.Errorf("surrounding space refused: %v", err)
	}
}

func TestMissingVersionDefaultsToOne(t *testing.T) {
	m := mustDecode(t, `{"event":"x.ok","params":{}}`)
	if m.Version != (VersionRange{1, 1}) {
		t.Errorf("%v", m.Version)
	}
}

func TestEncodeRefusesUndecodable(t *testing.T) {
	for _, m := range []ChatMessage{
		{Version: SupportedRange},
		{Version: SupportedRange, Event: &MsgDel{}},
		{Version: SupportedRange, Event: &Unknown{Event: "bad tag"}},
		{Version: VersionRange{3, 2}, Event: &Ok{}},
	} {
		if _, err := Encode(m); err == nil {
			t.Errorf("encoded %+v", m)
		}
	}
}

func TestVersionRange(t *testing.T) {
	for s, want := range map[string]VersionRange{"1": {1, 1}, "1-16": {1, 16}, "0-65535": {0, 65535}} {
		v, err := ParseVersionRange(s)
		if err != nil || v != want || v.String() != s {
			t.Errorf("%q: %v %v", s, v, err)
		}
	}
	for _, s := range []string{"", "-", "1-", "-1", "a", "1-2-3", "65536", "+1", "1 ", "2-1", "1-x"} {
		if _, err := ParseVersionRange(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
	if v, ok := SupportedRange.Compatible(VersionRange{1, 18}); !ok || v != 16 {
		t.Errorf("compatible %d %v", v, ok)
	}
	if _, ok := SupportedRange.Compatible(VersionRange{17, 18}); ok {
		t.Error("disjoint ranges compatible")
	}
}
