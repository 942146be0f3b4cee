package chatapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("bad JSON %s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("bad JSON %s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

func TestResponseRoundTrip(t *testing.T) {
	for tag, exs := range responseExamples {
		for _, ex := range exs {
			for _, in := range []string{ex, withFuture(ex)} {
				r, err := DecodeResponse([]byte(in))
				if err != nil {
					t.Fatalf("%s: decode: %v\n%s", tag, err, in)
				}
				if _, unknown := r.(*UnknownResponse); unknown || r.Type() != tag {
					t.Fatalf("%s: decoded as %T (%s)", tag, r, r.Type())
				}
				out, err := EncodeResponse(r)
				if err != nil {
					t.Fatalf("%s: encode: %v", tag, err)
				}
				if !jsonEqual(t, []byte(in), out) {
					t.Errorf("%s: round trip changed the JSON\n in: %s\nout: %s", tag, in, out)
				}
			}
		}
	}
}

func TestEveryResponseTypeHasExample(t *testing.T) {
	for tag := range responseTypes {
		if len(responseExamples[tag]) == 0 {
			t.Errorf("no example for %s", tag)
		}
	}
}

// Typed access to what bots read: the text of a received message.
func TestNewChatItemsTypedFields(t *testing.T) {
	r, err := DecodeResponse([]byte(responseExamples["newChatItems"][0]))
	if err != nil {
		t.Fatal(err)
	}
	n := r.(*NewChatItems)
	if n.User.UserID != 1 || len(n.ChatItems) != 2 {
		t.Fatalf("%+v", n)
	}
	ci := n.ChatItems[0]
	if ci.ChatInfo.Type != "direct" || ci.ChatInfo.Contact.ContactID != 2 || ci.ChatItem.ChatDir.Type != "directRcv" {
		t.Fatalf("%+v", ci.ChatInfo)
	}
	mc, err := ci.ChatItem.Content.Msg()
	if err != nil || mc.Type != "text" || mc.Text != "hello" {
		t.Fatalf("msg content %+v %v", mc, err)
	}
	if ci.ChatItem.Meta.ItemStatus.Type != "rcvNew" || ci.ChatItem.Meta.ItemID != 17 {
		t.Fatalf("meta %+v", ci.ChatItem.Meta)
	}
	link, err := n.ChatItems[1].ChatItem.Content.Msg()
	if err != nil || link.Type != "link" || link.Preview == nil || link.Preview.URI != "https://x.org" {
		t.Fatalf("link content %+v %v", link, err)
	}
	// HTML-significant characters are written as is, like upstream.
	out, _ := EncodeResponse(r)
	if !bytes.Contains(out, []byte(`hi <b> & more`)) {
		t.Errorf("text escaped: %s", out)
	}
}

func TestUnknownResponseKept(t *testing.T) {
	in := `{"type":"groupCreated","user":{"userId":1},"groupInfo":{"groupId":5}}`
	r, err := DecodeResponse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	u, ok := r.(*UnknownResponse)
	if !ok || u.Type() != "groupCreated" {
		t.Fatalf("%T", r)
	}
	out, _ := EncodeResponse(r)
	if !jsonEqual(t, []byte(in), out) {
		t.Errorf("%s", out)
	}
}

func TestDecodeResponseRejects(t *testing.T) {
	for _, in := range []string{``, `null`, `[]`, `{}`, `{"type":""}`, `{"type":1}`, `{"type":"activeUser","user":[]}`,
		`{"type":"newChatItems","chatItems":{}}`, `{"type":"chatItemReaction","added":"yes"}`, `{"type":"x"} {}`, `{"type":"activeUser"`} {
		if r, err := DecodeResponse([]byte(in)); err == nil {
			t.Errorf("DecodeResponse(%q) = %#v", in, r)
		}
	}
}

func TestMsgContentReuse(t *testing.T) {
	j, err := TextMessage("hi <there>")
	if err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(t, j, []byte(`[{"msgContent":{"type":"text","text":"hi <there>"},"mentions":{}}]`)) {
		t.Fatalf("%s", j)
	}
	cmd := APISendMessages{Send: ChatRef{Type: ChatDirect, ID: 4}, Mode: SendJSON, Messages: j}
	back, err := Parse(cmd.Encode())
	if err != nil || !reflect.DeepEqual(back, cmd) {
		t.Fatalf("%v %#v", err, back)
	}
	if _, err := DecodeMsgContent(json.RawMessage(`{"text":"no type"}`)); err == nil {
		t.Error("content without type accepted")
	}
	if _, err := DecodeMsgContent(json.RawMessage(`{"type":"text"`)); err == nil {
		t.Error("broken JSON accepted")
	}
}
