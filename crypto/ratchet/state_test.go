package ratchet

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// A state with everything in it: KEM accepted, both chains, skipped keys in
// two chains.
func richState(t testing.TB) *conv {
	c := newPair(t, pqAccepted, 40)
	c.run(`
send J j1
send J j2
send J j3
recv j3
send I i1
recv i1
send J j4
send J j5
recv j5
expect I skipped=3`)
	return c
}

func TestRatchetStateStrict(t *testing.T) {
	c := richState(t)
	for _, name := range []string{"I", "J"} {
		b, err := c.p[name].r.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		checkStrict(t, b, func(b []byte) error {
			var r Ratchet
			return r.UnmarshalBinary(b)
		})
		for i, mut := range []func([]byte){
			func(b []byte) { b[0] = 2 },   // format
			func(b []byte) { b[1] = 'P' }, // record type
			func(b []byte) { b[3] = 4 },   // current version
			func(b []byte) { b[6] = 1 },   // configured max
			func(b []byte) { b[7] = 111 }, // AD length
		} {
			x := bytes.Clone(b)
			mut(x)
			var r Ratchet
			if err := r.UnmarshalBinary(x); !errors.Is(err, ErrBadState) {
				t.Errorf("%s mutation %d: %v", name, i, err)
			}
		}
	}
	var zero Ratchet
	if _, err := zero.MarshalBinary(); !errors.Is(err, ErrBadState) {
		t.Fatal(err)
	}
	// The conversation continues after all that.
	c.run("recv j1\nrecv j2\nrecv j4\nsend I i2\nrecv i2\nexpect I skipped=0")
}

func TestStringHidesSecrets(t *testing.T) {
	c := richState(t)
	r := c.p["I"].r
	s := r.String()
	mk, err := c.p["J"].r.EncryptHeader(PQKeep)
	if err != nil {
		t.Fatal(err)
	}
	s += mk.String()
	for _, secret := range [][]byte{r.rk[:4], r.dhrs.Bytes()[:4], r.nhkr[:4], mk.key.key[:4]} {
		if strings.Contains(s, string(secret)) || strings.Contains(s, string(hexOf(secret))) {
			t.Fatalf("String leaks: %s", s)
		}
	}
}

func hexOf(b []byte) []byte {
	const h = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, h[c>>4], h[c&15])
	}
	return out
}

// The agent may persist the ratchet after EncryptHeader and encrypt the body
// later from a persisted MessageKey.
func TestMessageKeyPersisted(t *testing.T) {
	c := newPair(t, pqAccepted, 41)
	j := c.p["J"].r
	mk, err := j.EncryptHeader(PQKeep)
	if err != nil {
		t.Fatal(err)
	}
	b, err := mk.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	checkStrict(t, b, func(b []byte) error {
		var x MessageKey
		return x.UnmarshalBinary(b)
	})
	var mk2 MessageKey
	if err := mk2.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	w, err := mk2.Seal([]byte("later"), MsgPadLenPQ)
	if err != nil {
		t.Fatal(err)
	}
	if len(w) != OverheadPQ+MsgPadLenPQ {
		t.Fatalf("len %d", len(w))
	}
	i := c.p["I"]
	pt, err := i.r.Decrypt(i.rnd, w)
	if err != nil || string(pt) != "later" {
		t.Fatalf("%q %v", pt, err)
	}
	if _, err := mk2.Seal(make([]byte, MsgPadLenPQ-1), MsgPadLenPQ); !errors.Is(err, ErrLargeMessage) {
		t.Fatal(err)
	}
}

// The skipped-key store is bounded across chains: the oldest keys go.
func TestSkippedStoreBound(t *testing.T) {
	c := newPair(t, pqNone, 42)
	c.reload = false // speed: 2000+ sends
	var script strings.Builder
	script.WriteString("send J j0\nrecv j0\n")
	// Five chains of 500 skipped keys each: 2500 > MaxStoredSkipped.
	for k := 0; k < 5; k++ {
		p := string(rune('a' + k))
		script.WriteString("burst J 501 " + p + "\nrecv " + p + "501\n")
		script.WriteString("send I r" + p + "\nrecv r" + p + "\nsend J s" + p + "\nrecv s" + p + "\n")
	}
	c.run(script.String())
	c.run("expect I skipped=2048")
	c.run("recv a1 !header\nrecv a452 !header\nrecv a453\nrecv e1")
	c.saveLoad()
	c.run("expect I skipped=2046")
}
