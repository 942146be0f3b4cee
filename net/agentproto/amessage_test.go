package agentproto

import (
	"bytes"
	"encoding/hex"
	"errors"
	"reflect"
	"testing"

	"duplex/net/links"
)

func reAMessage(b []byte) ([]byte, error) {
	m, err := ParseAMessage(b)
	if err != nil {
		return nil, err
	}
	return EncodeAMessage(m)
}

func reAgentMessage(b []byte) ([]byte, error) {
	m, err := ParseAgentMessage(b)
	if err != nil {
		return nil, err
	}
	return EncodeAgentMessage(m)
}

type aCase struct {
	name string
	m    AMessage
	tail bool
}

func aMessageCases(t testing.TB) []aCase {
	old := QueueAddr{Server: testServer("old.example.org"), SenderID: bytes.Repeat([]byte{7}, 24)}
	other := QueueAddr{Server: testServer("other.example.org"), SenderID: bytes.Repeat([]byte{8}, 24)}
	return []aCase{
		{"HELLO", Hello{}, false},
		{"A_MSG", &AMsg{Body: []byte(`{"v":"1","event":"x.msg.new"}`)}, true},
		{"A_MSG empty", &AMsg{Body: []byte{}}, true},
		{"A_RCVD", &Receipts{Receipts: []Receipt{
			{SndMsgID: 5, MsgHash: MessageHash([]byte("m5")), Info: []byte{}},
			{SndMsgID: 1 << 40, MsgHash: MessageHash([]byte("m6")), Info: []byte("info")},
		}}, false},
		{"A_QCONT", &QCont{Queue: old}, false},
		{"QADD", &QAdd{Queues: []QAddItem{
			{Queue: testQueueURI(t, 3, links.VersionRange{Min: 1, Max: 4}, links.QueueModeMessaging), Replaces: &old},
			{Queue: testQueueURI(t, 4, links.VersionRange{Min: 4, Max: 4}, links.QueueModeMessaging)},
		}}, false},
		{"QKEY", &QKey{Queues: []QKeyItem{
			{Queue: testQueueInfo(t, 5, 4, links.QueueModeMessaging), SenderKey: testEd25519(t, 5).Public()},
			{Queue: testQueueInfo(t, 6, 2, links.QueueModeUnset), SenderKey: testX25519(t, 6).Public()},
		}}, false},
		{"QUSE", &QUse{Queues: []QUseItem{{Queue: old, Primary: true}, {Queue: other}}}, false},
		{"QTEST", &QTest{Queues: []QueueAddr{old, other}}, false},
		{"EREADY", &EReady{LastDecryptedSndMsgID: 42}, false},
	}
}

func TestAMessageRoundTrip(t *testing.T) {
	for _, c := range aMessageCases(t) {
		b, err := EncodeAMessage(c.m)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := ParseAMessage(b)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !reflect.DeepEqual(got, c.m) {
			t.Errorf("%s: round trip\n got %#v\nwant %#v", c.name, got, c.m)
		}
		checkParser(t, c.name, b, c.tail, reAMessage)

		// The same inside a numbered Message, as the ratchet carries it.
		msg := &Message{SndMsgID: 9, PrevMsgHash: MessageHash([]byte("prev")), Body: c.m}
		mb, err := EncodeAgentMessage(msg)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(mb[1+8+1+32:], b) || mb[0] != 'M' {
			t.Errorf("%s: Message layout", c.name)
		}
		gm, err := ParseAgentMessage(mb)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !reflect.DeepEqual(gm, msg) {
			t.Errorf("%s: Message round trip", c.name)
		}
		checkParser(t, c.name+" in Message", mb, c.tail, reAgentMessage)
	}
}

// Known encodings, written out by hand from the reference's Encoding
// instances (Agent/Protocol.hs), so a change in field order is caught.
func TestAMessageBytes(t *testing.T) {
	h := bytes.Repeat([]byte{0xAB}, 32)
	cases := []struct {
		m    AgentMessage
		want string
	}{
		{&Message{SndMsgID: 2, PrevMsgHash: h, Body: Hello{}},
			"4d" + "0000000000000002" + "20" + hex.EncodeToString(h) + "48"},
		{&Message{SndMsgID: 3, PrevMsgHash: []byte{}, Body: &AMsg{Body: []byte("hi")}},
			"4d" + "0000000000000003" + "00" + "4d" + "6869"},
		{&Message{SndMsgID: 4, PrevMsgHash: []byte{}, Body: &EReady{LastDecryptedSndMsgID: 258}},
			"4d" + "0000000000000004" + "00" + "45" + "0000000000000102"},
		{&Message{SndMsgID: 5, PrevMsgHash: []byte{}, Body: &Receipts{Receipts: []Receipt{{SndMsgID: 1, MsgHash: []byte{1, 2}, Info: []byte{}}}}},
			"4d" + "0000000000000005" + "00" + "56" + "01" + "0000000000000001" + "020102" + "0000"},
		{&ConnInfo{Info: []byte("{}")}, "49" + "7b7d"},
		{&RatchetInfo{Info: []byte{}}, "52"},
	}
	for _, c := range cases {
		b, err := EncodeAgentMessage(c.m)
		if err != nil {
			t.Fatal(err)
		}
		if hex.EncodeToString(b) != c.want {
			t.Errorf("%T: got %x want %s", c.m, b, c.want)
		}
	}
	// QCONT: "QC" ‖ server ‖ sb(sndId); server = nonempty(sb host) sb(port) sb(keyHash).
	q := &QCont{Queue: QueueAddr{Server: smpServer1(), SenderID: []byte{9}}}
	b, err := EncodeAMessage(q)
	if err != nil {
		t.Fatal(err)
	}
	want := "5143" + "01" + "01" + hex.EncodeToString([]byte("h")) + "00" + "20" + hex.EncodeToString(bytes.Repeat([]byte{0xA5}, 32)) + "0109"
	if hex.EncodeToString(b) != want {
		t.Errorf("QC: got %x want %s", b, want)
	}
}

func TestAgentMessageConnInfo(t *testing.T) {
	cases := []struct {
		name string
		m    AgentMessage
		min  int // shortest prefix that may parse
	}{
		{"I", &ConnInfo{Info: []byte(`{"profile":{}}`)}, 1},
		{"R", &RatchetInfo{Info: []byte{}}, 1},
		{"D v4", &ConnInfoReply{Queues: []*links.QueueInfo{testQueueInfo(t, 1, 4, links.QueueModeMessaging)}, Info: []byte("X1compressed")}, 0},
		{"D v1 legacy + v3", &ConnInfoReply{Queues: []*links.QueueInfo{
			testQueueInfo(t, 1, 1, links.QueueModeUnset),
			testQueueInfo(t, 2, 3, links.QueueModeMessaging),
		}, Info: []byte("{}")}, 0},
	}
	for _, c := range cases {
		b, err := EncodeAgentMessage(c.m)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := ParseAgentMessage(b)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !reflect.DeepEqual(got, c.m) {
			t.Errorf("%s: round trip\n got %#v\nwant %#v", c.name, got, c.m)
		}
		checkParser(t, c.name, b, true, reAgentMessage)
	}
}

func TestAgentMessageRejects(t *testing.T) {
	bad := map[string][]byte{
		"empty":             {},
		"unknown tag":       []byte("Zabc"),
		"D empty list":      {'D', 0},
		"M no body":         append([]byte{'M', 0, 0, 0, 0, 0, 0, 0, 1}, 0),
		"M unknown type":    append([]byte{'M', 0, 0, 0, 0, 0, 0, 0, 1, 0}, 'Z'),
		"M unknown Q type":  append([]byte{'M', 0, 0, 0, 0, 0, 0, 0, 1, 0}, 'Q', 'Z'),
		"A_RCVD empty list": append([]byte{'M', 0, 0, 0, 0, 0, 0, 0, 1, 0}, 'V', 0),
		"QTEST empty list":  append([]byte{'M', 0, 0, 0, 0, 0, 0, 0, 1, 0}, 'Q', 'T', 0),
		"QUSE bad bool":     {'Q', 'U', 1, 1, 1, 'h', 0, 0, 0, 'x'},
	}
	for name, b := range bad {
		var err error
		if name == "QUSE bad bool" {
			_, err = ParseAMessage(b)
		} else {
			_, err = ParseAgentMessage(b)
		}
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if !errors.Is(err, ErrMessage) {
			t.Errorf("%s: %v is not A_MESSAGE", name, err)
		}
	}
	// A sender key of the wrong algorithm (X448) is refused both ways.
	x448 := testX448Public(t)
	if _, err := EncodeAMessage(&QKey{Queues: []QKeyItem{{Queue: testQueueInfo(t, 1, 4, links.QueueModeMessaging), SenderKey: x448}}}); err == nil {
		t.Error("QKEY with an X448 key encoded")
	}
}
