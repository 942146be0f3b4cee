package ratchet

import (
	"bytes"
	"testing"
)

func FuzzParseParams(f *testing.F) {
	rnd := seeded(50)
	for _, pq := range []bool{false, true} {
		ipp, _ := GenerateInitiatorParams(rnd, 3, pq)
		jpp, _ := GenerateJoinerParams(rnd, 3, ipp.Public(), pq)
		for _, p := range []*Params{ipp.Public(), jpp.Public()} {
			b, _ := p.MarshalBinary()
			f.Add(b)
		}
	}
	f.Add([]byte{0, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseParams(b)
		if err != nil {
			return
		}
		b2, err := p.MarshalBinary()
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("accepted input does not round-trip: %v", err)
		}
	})
}

// fuzzPeer is a receiver with real messages to mutate. Seeds are the real
// messages; anything that decrypts must be one of them, byte for byte.
type fuzzPeer struct {
	state []byte
	msgs  map[string]string // wire → plaintext
}

func newFuzzPeer(f *testing.F, mode pqMode) *fuzzPeer {
	c := newPair(f, mode, 51)
	fp := &fuzzPeer{msgs: map[string]string{}}
	c.run("send J j1\nrecv j1\nsend I i1\nrecv i1\nsend J j2\nsend J j3\nsend J j4")
	for _, l := range []string{"j2", "j3", "j4"} {
		fp.msgs[string(c.msgs[l].wire)] = c.msgs[l].plain
	}
	fp.state, _ = c.p["I"].r.MarshalBinary()
	c.run("send I i2") // a message for J: I's own header key does not open it
	fp.msgs[string(c.msgs["i2"].wire)] = ""
	return fp
}

func (fp *fuzzPeer) check(t *testing.T, wire []byte) {
	var r Ratchet
	if err := r.UnmarshalBinary(fp.state); err != nil {
		t.Fatal(err)
	}
	pt, err := r.Decrypt(seeded(1), wire)
	after, _ := r.MarshalBinary()
	if err != nil {
		if !bytes.Equal(after, fp.state) {
			t.Fatalf("failed decrypt (%v) changed state", err)
		}
		return
	}
	want, ok := fp.msgs[string(wire)]
	if !ok || want == "" || string(pt) != want {
		t.Fatalf("garbage accepted: %q", pt)
	}
}

// FuzzDecrypt feeds whole messages.
func FuzzDecrypt(f *testing.F) {
	peers := map[bool]*fuzzPeer{false: newFuzzPeer(f, pqNone), true: newFuzzPeer(f, pqAccepted)}
	for pq, fp := range peers {
		for w := range fp.msgs {
			f.Add(w, pq)
		}
	}
	f.Fuzz(func(t *testing.T, wire string, pq bool) {
		peers[pq].check(t, []byte(wire))
	})
}

// FuzzDecryptHeader keeps a real message's body and tag and fuzzes only the
// encrypted header (version, IV, tag, ciphertext and its length form).
func FuzzDecryptHeader(f *testing.F) {
	fp := newFuzzPeer(f, pqAccepted)
	var tail []byte
	for w := range fp.msgs {
		m, err := parseEncMessage([]byte(w))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(m.header)
		if tail == nil {
			tail = append(append([]byte(nil), m.tag...), m.body...)
		}
	}
	f.Fuzz(func(t *testing.T, eh []byte) {
		if len(eh) > 0xffff {
			return
		}
		wire := append([]byte{byte(len(eh) >> 8), byte(len(eh))}, eh...)
		fp.check(t, append(wire, tail...))
	})
}

func FuzzUnmarshalState(f *testing.F) {
	c := richState(f)
	for _, p := range c.p {
		b, _ := p.r.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r Ratchet
		if r.UnmarshalBinary(b) != nil {
			return
		}
		b2, err := r.MarshalBinary()
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatal("accepted state does not round-trip")
		}
	})
}
