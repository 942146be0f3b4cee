package store

import (
	"bytes"
	"reflect"
	"testing"
)

func id(b byte) []byte { return bytes.Repeat([]byte{b}, 24) }

func sampleQueue() *Queue {
	q := &Queue{
		RecipientID:   id(1),
		SenderID:      id(2),
		RecipientKeys: [][]byte{bytes.Repeat([]byte{3}, 44), bytes.Repeat([]byte{4}, 44)},
		SenderKey:     bytes.Repeat([]byte{5}, 44),
		Mode:          ModeMessaging,
		Status:        StatusActive,
		Link:          &Link{ID: id(6), Fixed: []byte("fixed"), User: []byte("user")},
		Notifier:      &Notifier{ID: id(7), Key: bytes.Repeat([]byte{8}, 44)},
	}
	q.RcvDHSecret[0] = 9
	q.Notifier.DHSecret[31] = 10
	return q
}

func sampleRecords() []*Record {
	return []*Record{
		{Op: OpCreate, RID: id(1), Queue: sampleQueue()},
		{Op: OpCreate, RID: id(1), Queue: &Queue{RecipientID: id(1), SenderID: id(2), RecipientKeys: [][]byte{{1}}, Mode: ModeNone, Status: StatusOff}},
		{Op: OpSecure, RID: id(1), Key: []byte("key")},
		{Op: OpSetLink, RID: id(1), Link: &Link{ID: id(3), Fixed: []byte{}, User: []byte("u")}},
		{Op: OpDeleteLink, RID: id(1)},
		{Op: OpUpdateKeys, RID: id(1), Keys: [][]byte{[]byte("a"), []byte("b")}},
		{Op: OpSetNotifier, RID: id(1), Notifier: &Notifier{ID: id(4), Key: []byte("k")}},
		{Op: OpDeleteNotifier, RID: id(1)},
		{Op: OpSuspend, RID: id(1)},
		{Op: OpDelete, RID: id(1)},
		{Op: OpMessage, RID: id(1), Msg: &Message{ID: id(9), Ts: 1700000000, Notify: true, Body: []byte("hello")}},
		{Op: OpMessage, RID: id(1), Msg: &Message{ID: id(9), Ts: -1, Body: []byte{}}},
		{Op: OpQuota, RID: id(1), Msg: &Message{ID: id(9), Ts: 5, Quota: true}},
		{Op: OpRemove, RID: id(1), MsgID: id(9)},
		{Op: OpRemoveQueue, RID: id(1)},
	}
}

func TestRecordRoundTrip(t *testing.T) {
	for _, rec := range sampleRecords() {
		p, err := rec.Encode()
		if err != nil {
			t.Fatalf("%c: %v", rec.Op, err)
		}
		got, err := ParseRecord(p)
		if err != nil {
			t.Fatalf("%c: parse: %v", rec.Op, err)
		}
		if !reflect.DeepEqual(got, rec) {
			t.Errorf("%c: round trip\n got %+v\nwant %+v", rec.Op, got, rec)
		}
		for i := 0; i < len(p); i++ {
			if _, err := ParseRecord(p[:i]); err == nil {
				t.Errorf("%c: prefix of %d/%d bytes accepted", rec.Op, i, len(p))
			}
		}
		if _, err := ParseRecord(append(append([]byte{}, p...), 0)); err == nil {
			t.Errorf("%c: trailing byte accepted", rec.Op)
		}
	}
}

func TestRecordRejects(t *testing.T) {
	bad := [][]byte{
		nil,
		{'Z', 1, 1}, // unknown op
		{'D', 0},    // empty rid
		{'M', 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 'F', 0, 0}, // empty msg id
	}
	q, _ := (&Record{Op: OpCreate, Queue: sampleQueue()}).Encode()
	for i, b := range q {
		if b == 'M' && i > 100 { // corrupt the mode byte
			c := append([]byte{}, q...)
			c[i] = 'x'
			if _, err := ParseRecord(c); err == nil {
				t.Error("bad mode accepted")
			}
			break
		}
	}
	for _, b := range bad {
		if _, err := ParseRecord(b); err == nil {
			t.Errorf("accepted %x", b)
		}
	}
	if _, err := (&Record{Op: 'Z', RID: id(1)}).Encode(); err == nil {
		t.Error("encoded unknown op")
	}
}

func TestFrame(t *testing.T) {
	f := AppendFrame(nil, []byte("payload"))
	p, rest, torn, err := ParseFrame(f)
	if err != nil || torn || string(p) != "payload" || len(rest) != 0 {
		t.Fatalf("frame: %q %q %v %v", p, rest, torn, err)
	}
	for i := 0; i < len(f); i++ {
		if _, _, torn, err := ParseFrame(f[:i]); !torn || err != nil {
			t.Errorf("prefix %d: torn=%v err=%v", i, torn, err)
		}
	}
	c := append([]byte{}, f...)
	c[len(c)-1] ^= 1
	if _, _, _, err := ParseFrame(c); err == nil {
		t.Error("checksum not checked")
	}
	c = append([]byte{}, f...)
	c[0] = 0xff
	if _, _, _, err := ParseFrame(c); err == nil {
		t.Error("huge length accepted")
	}
}

func FuzzParseRecord(f *testing.F) {
	for _, rec := range sampleRecords() {
		p, _ := rec.Encode()
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rec, err := ParseRecord(b)
		if err != nil {
			return
		}
		p, err := rec.Encode()
		if err != nil {
			t.Fatalf("parsed record does not encode: %v", err)
		}
		if !bytes.Equal(p, b) {
			t.Fatalf("re-encoding differs:\n%x\n%x", p, b)
		}
	})
}

func FuzzParseFrame(f *testing.F) {
	f.Add(AppendFrame(nil, []byte("x")))
	f.Add([]byte{0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, rest, torn, err := ParseFrame(b)
		if err != nil || torn {
			return
		}
		if !bytes.Equal(AppendFrame(nil, p), b[:len(b)-len(rest)]) {
			t.Fatal("frame does not re-encode")
		}
	})
}
