package ratchet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// seeded returns a deterministic randomness source.
func seeded(seed uint64) io.Reader {
	var s [32]byte
	copy(s[:], strconv.FormatUint(seed, 10))
	return rand.NewChaCha8(s)
}

// Handshake modes for newPair.
type pqMode int

const (
	pqNone          pqMode = iota // nobody offers PQ
	pqAccepted                    // initiator proposes, joiner accepts: PQ from the first message
	pqJoinerPropose               // initiator has no PQ key, joiner proposes in reply
	pqBothPropose                 // both propose (ratchet re-sync case)
	pqRejected                    // initiator proposes, joiner does not support PQ
)

type party struct {
	name string
	r    *Ratchet
	rnd  io.Reader
}

// conv runs a scripted conversation between joiner "J" and initiator "I".
type conv struct {
	t      testing.TB
	p      map[string]*party
	msgs   map[string]*inflight
	reload bool
	padTo  int
}

type inflight struct {
	from, to string
	plain    string
	wire     []byte
}

func newPair(t testing.TB, mode pqMode, seed uint64) *conv {
	t.Helper()
	vs := Versions{CurrentVersion, CurrentVersion}
	return newPairV(t, mode, seed, vs, vs, false)
}

// newPairV sets both parties' versions; the parameters carry the joiner's
// current version. reuseKey2 makes the joiner use its second X3DH key as
// its first ratchet key.
func newPairV(t testing.TB, mode pqMode, seed uint64, vsJ, vsI Versions, reuseKey2 bool) *conv {
	t.Helper()
	rnd := seeded(seed)
	iPropose := mode == pqAccepted || mode == pqBothPropose || mode == pqRejected
	iSupport := mode != pqNone
	jPQ := mode != pqNone && mode != pqRejected
	ipp, err := GenerateInitiatorParams(rnd, vsJ.Current, iPropose)
	if err != nil {
		t.Fatal(err)
	}
	iParams := ipp.Public()
	if mode == pqBothPropose {
		// A proposal that arrives with the peer's keys is answered by a
		// counter-proposal here: hide it from the joiner.
		iParams = &Params{Version: iParams.Version, Key1: iParams.Key1, Key2: iParams.Key2}
	}
	jpp, err := GenerateJoinerParams(rnd, vsJ.Current, iParams, jPQ)
	if err != nil {
		t.Fatal(err)
	}
	var j *Ratchet
	if reuseKey2 {
		j, err = InitJoinerWithKey(vsJ, jpp, roundTripParams(t, ipp.Public()), jpp.Key2)
	} else {
		j, err = InitJoiner(rnd, vsJ, jpp, roundTripParams(t, ipp.Public()))
	}
	if err != nil {
		t.Fatal(err)
	}
	i, err := InitInitiator(vsI, ipp, roundTripParams(t, jpp.Public()), iSupport)
	if err != nil {
		t.Fatal(err)
	}
	return &conv{
		t: t, reload: true, padTo: 200,
		p: map[string]*party{
			"J": {name: "J", r: j, rnd: seeded(seed + 1)},
			"I": {name: "I", r: i, rnd: seeded(seed + 2)},
		},
		msgs: map[string]*inflight{},
	}
}

func roundTripParams(t testing.TB, p *Params) *Params {
	b, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	q, err := ParseParams(b)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func other(name string) string {
	if name == "J" {
		return "I"
	}
	return "J"
}

var expectErr = map[string]error{
	"dup": ErrDuplicate, "earlier": ErrEarlier, "header": ErrHeaderDecrypt,
	"skipped": ErrTooManySkipped, "body": ErrMessageDecrypt, "format": ErrFormat,
	"nosnd": ErrNoSendingRatchet, "large": ErrLargeMessage,
}

// run executes a script, one step per line ('#' starts a comment):
//
//	send P label [pq+|pq-] [!err]   P encrypts "label" for the other party
//	burst P n prefix                P sends prefix1..prefixN
//	recv label [!err]               deliver (again, for duplicates) and check
//	recvall prefix from to          deliver prefixFrom..prefixTo in order
//	tamper label new hdr|htag|tag|body  copy of label with one bit flipped
//	expect P key=v...               sup, enc, snd, rcv (0/1), skipped (count), v (current)
//
// Both parties are marshalled and restored after every step.
func (c *conv) run(script string) {
	c.t.Helper()
	for ln, line := range strings.Split(script, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		want := error(nil)
		if last := f[len(f)-1]; strings.HasPrefix(last, "!") {
			want = expectErr[last[1:]]
			if want == nil {
				c.t.Fatalf("line %d: unknown error %s", ln+1, last)
			}
			f = f[:len(f)-1]
		}
		if err := c.step(f, want); err != nil {
			c.t.Fatalf("line %d %q: %v", ln+1, strings.TrimSpace(line), err)
		}
		if c.reload {
			c.saveLoad()
		}
	}
}

func (c *conv) step(f []string, want error) error {
	check := func(err error) error {
		switch {
		case want == nil && err != nil:
			return err
		case want != nil && !errors.Is(err, want):
			return fmt.Errorf("got error %v, want %v", err, want)
		}
		return nil
	}
	switch f[0] {
	case "send":
		pq := PQKeep
		if len(f) > 3 {
			pq = map[string]PQPreference{"pq+": PQEnable, "pq-": PQDisable}[f[3]]
		}
		return check(c.send(f[1], f[2], pq))
	case "burst":
		n, _ := strconv.Atoi(f[2])
		for k := 1; k <= n; k++ {
			if err := c.send(f[1], f[3]+strconv.Itoa(k), PQKeep); err != nil {
				return err
			}
		}
	case "recv":
		return check(c.recv(f[1]))
	case "recvall":
		from, _ := strconv.Atoi(f[2])
		to, _ := strconv.Atoi(f[3])
		for k := from; k <= to; k++ {
			if err := c.recv(f[1] + strconv.Itoa(k)); err != nil {
				return err
			}
		}
	case "tamper":
		m := c.msgs[f[1]]
		w := bytes.Clone(m.wire)
		ehLen := int(w[0])<<8 | int(w[1]) // v3: lb(encHeader)
		switch f[3] {
		case "hdr": // inside the encrypted header ciphertext
			w[2+encHeaderFixed+2+10] ^= 1
		case "htag": // the header's tag
			w[2+2+ivSize+3] ^= 1
		case "tag": // the body's tag
			w[2+ehLen+3] ^= 1
		case "body":
			w[len(w)-1] ^= 1
		default:
			return fmt.Errorf("unknown tamper %q", f[3])
		}
		c.msgs[f[2]] = &inflight{from: m.from, to: m.to, plain: m.plain, wire: w}
	case "expect":
		return c.expect(c.p[f[1]].r, f[2:])
	default:
		return fmt.Errorf("unknown step %q", f[0])
	}
	return nil
}

func (c *conv) send(from, label string, pq PQPreference) error {
	p := c.p[from]
	plain := "msg " + label + " from " + from
	switch label {
	case "big":
		plain = strings.Repeat("x", c.padTo-2)
	case "toobig":
		plain = strings.Repeat("x", c.padTo-1)
	}
	w, err := p.r.EncryptPQ([]byte(plain), c.padTo, pq)
	if err != nil {
		return err
	}
	if got, wantLen := len(w), c.padTo+overheadFor(p.r); got != wantLen {
		return fmt.Errorf("message is %d bytes, want %d", got, wantLen)
	}
	c.msgs[label] = &inflight{from: from, to: other(from), plain: plain, wire: w}
	return nil
}

func overheadFor(r *Ratchet) int {
	if r.Versions().Current < VersionPQ {
		return 1 + encHeaderFixed + 1 + HeaderPadLen + tagSize
	}
	if r.PQSupport() {
		return OverheadPQ
	}
	return Overhead
}

func (c *conv) recv(label string) error {
	m, ok := c.msgs[label]
	if !ok {
		return fmt.Errorf("no message %q", label)
	}
	p := c.p[m.to]
	before, _ := p.r.MarshalBinary()
	pt, err := p.r.Decrypt(p.rnd, m.wire)
	if err != nil {
		after, _ := p.r.MarshalBinary()
		if !bytes.Equal(before, after) {
			return fmt.Errorf("failed decrypt (%v) changed the state", err)
		}
		return err
	}
	if string(pt) != m.plain {
		return fmt.Errorf("decrypted %q, want %q", pt, m.plain)
	}
	return nil
}

func (c *conv) expect(r *Ratchet, kvs []string) error {
	b := func(v bool) string {
		if v {
			return "1"
		}
		return "0"
	}
	have := map[string]string{
		"sup": b(r.PQSupport()), "enc": b(r.PQEncryption()), "snd": b(r.SndKEM()), "rcv": b(r.RcvKEM()),
		"skipped": strconv.Itoa(r.SkippedCount()), "v": strconv.Itoa(int(r.Versions().Current)),
	}
	for _, kv := range kvs {
		k, v, _ := strings.Cut(kv, "=")
		if have[k] != v {
			return fmt.Errorf("%s=%s, want %s (state %v)", k, have[k], v, r)
		}
	}
	return nil
}

// saveLoad replaces both ratchets by their serialised round trip and checks
// the encoding is stable.
func (c *conv) saveLoad() {
	c.t.Helper()
	for _, p := range c.p {
		b, err := p.r.MarshalBinary()
		if err != nil {
			c.t.Fatal(err)
		}
		var r Ratchet
		if err := r.UnmarshalBinary(b); err != nil {
			c.t.Fatalf("%s: %v", p.name, err)
		}
		b2, _ := r.MarshalBinary()
		if !bytes.Equal(b, b2) {
			c.t.Fatalf("%s: state encoding not stable", p.name)
		}
		p.r = &r
	}
}
