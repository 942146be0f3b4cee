package agentproto

import (
	"bytes"
	"testing"

	"duplex/crypto/box"
)

// fuzzStable asserts: parse never panics; what parses encodes; the encoding
// parses again and is a fixed point (encode(parse(encode(x))) = encode(x)).
func fuzzStable(t *testing.T, b []byte, re func([]byte) ([]byte, error)) {
	out, err := re(b)
	if err != nil {
		return
	}
	out2, err := re(out)
	if err != nil {
		t.Fatalf("re-encoding does not parse: %v\n in %x\nout %x", err, b, out)
	}
	if !bytes.Equal(out, out2) {
		t.Fatalf("encoding not stable\n%x\n%x", out, out2)
	}
}

func seedAMessages(f *testing.F) {
	for _, c := range aMessageCases(f) {
		b, _ := EncodeAMessage(c.m)
		f.Add(b)
		mb, _ := EncodeAgentMessage(&Message{SndMsgID: 3, PrevMsgHash: MessageHash(b), Body: c.m})
		f.Add(mb)
	}
}

func FuzzParseAMessage(f *testing.F) {
	seedAMessages(f)
	f.Fuzz(func(t *testing.T, b []byte) { fuzzStable(t, b, reAMessage) })
}

func FuzzParseAgentMessage(f *testing.F) {
	seedAMessages(f)
	f.Add([]byte("I{}"))
	f.Add([]byte("R"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzStable(t, b, reAgentMessage) })
}

func FuzzParseEnvelope(f *testing.F) {
	t := f
	p3 := testParams(t, 2, 3, false).Public()
	for _, e := range []Envelope{
		&Confirmation{Version: 7, E2E: p3, EncConnInfo: []byte("ct")},
		&Confirmation{Version: 7, EncConnInfo: []byte("ct")},
		&MsgEnvelope{Version: 2, EncAgentMessage: []byte("ct")},
		&Invitation{Version: 7, ConnReq: testInvitation(t, 4), ConnInfo: []byte("{}")},
		&RatchetKey{Version: 3, E2E: p3, Info: []byte("R")},
	} {
		b, _ := EncodeEnvelope(e)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { fuzzStable(t, b, reEnvelope) })
}

func FuzzParseClientMsgEnvelope(f *testing.F) {
	k := testX25519(f, 1).Public()
	b, _ := (&ClientMsgEnvelope{Version: 4, SenderKey: &k, EncBody: []byte("x")}).MarshalBinary()
	f.Add(b)
	b, _ = (&ClientMsgEnvelope{Version: 4}).MarshalBinary()
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzStable(t, b, reClientEnv)
		if e, err := ParseClientMsgEnvelope(b); err == nil {
			_, _ = e.Open(box.DHSecret{}) // must not panic on any body
		}
	})
}

func FuzzParseClientMessage(f *testing.F) {
	b, _ := (&ClientMessage{SenderAuthKey: testEd25519(f, 1).Public(), Body: []byte("x")}).MarshalBinary()
	f.Add(b)
	f.Add([]byte("_body"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzStable(t, b, reClientMsg) })
}

func FuzzCheckIntegrity(f *testing.F) {
	f.Add(int64(1), []byte("h"), int64(1), []byte{})
	f.Add(int64(5), []byte("h"), int64(9), []byte("h"))
	f.Fuzz(func(t *testing.T, last int64, lastHash []byte, id int64, prev []byte) {
		s := CheckIntegrityStrict(last, lastHash, id, prev)
		c := CheckIntegrity(last, lastHash, id, prev)
		if s != c && !(last == 1 && id == 1 && len(prev) == 0) {
			t.Fatalf("tolerance applied outside its case: %v vs %v", s, c)
		}
		if s.Kind == IntegritySkipped && s.From > s.To {
			t.Fatalf("empty skipped range %v", s)
		}
	})
}
