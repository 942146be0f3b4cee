package ratchet

import (
	"bytes"
	"encoding/base64"
	"errors"
	"testing"

	"duplex/crypto/keys"
	"duplex/crypto/sntrup761"
)

// vectorKey is the X448 ratchet key literal of upstream
// ConnectionRequestTests (reference vectors.md §3).
func vectorKey(t testing.TB) (keys.X448Public, []byte) {
	der, err := base64.StdEncoding.DecodeString("MEIwBQYDK2VvAzkAmKuSYeQ/m0SixPDS8Wq8VBaTS1cW+Lp0n0h4Diu+kUpR+qXx4SDJ32YGEFoGFGSbGPry5Ychr6U=")
	if err != nil {
		t.Fatal(err)
	}
	k, err := keys.ParseX448PublicDER(der)
	if err != nil {
		t.Fatal(err)
	}
	return k, der
}

func testKEM(t testing.TB) (*sntrup761.PublicKey, *sntrup761.Ciphertext) {
	pk, _, err := sntrup761.GenerateKey(seeded(99))
	if err != nil {
		t.Fatal(err)
	}
	ct, _, err := sntrup761.Encapsulate(seeded(98), pk)
	if err != nil {
		t.Fatal(err)
	}
	return pk, ct
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// checkStrict asserts that parse accepts b, and rejects every strict
// prefix and b with a trailing byte.
func checkStrict(t *testing.T, b []byte, parse func([]byte) error) {
	t.Helper()
	if err := parse(b); err != nil {
		t.Fatalf("full input: %v", err)
	}
	for n := 0; n < len(b); n++ {
		if parse(b[:n]) == nil {
			t.Fatalf("prefix of %d/%d bytes accepted", n, len(b))
		}
	}
	if parse(append(bytes.Clone(b), 0)) == nil {
		t.Fatal("trailing byte accepted")
	}
}

func TestParamsEncoding(t *testing.T) {
	k, der := vectorKey(t)
	pk, ct := testKEM(t)
	sb := func(p []byte) []byte { return append([]byte{byte(len(p))}, p...) }
	lb := func(p []byte) []byte { return append([]byte{byte(len(p) >> 8), byte(len(p))}, p...) }
	keysPart := cat(sb(der), sb(der))
	for _, tc := range []struct {
		name string
		p    Params
		want []byte
	}{
		{"v2", Params{Version: 2, Key1: k, Key2: k}, cat([]byte{0, 2}, keysPart)},
		{"v3", Params{Version: 3, Key1: k, Key2: k}, cat([]byte{0, 3}, keysPart, []byte("0"))},
		{"v3 proposed", Params{Version: 3, Key1: k, Key2: k, KEM: &KEMParams{PublicKey: pk}},
			cat([]byte{0, 3}, keysPart, []byte("1P"), lb(pk[:]))},
		{"v3 accepted", Params{Version: 3, Key1: k, Key2: k, KEM: &KEMParams{Ciphertext: ct, PublicKey: pk}},
			cat([]byte{0, 3}, keysPart, []byte("1A"), lb(ct[:]), lb(pk[:]))},
		{"v1 parses", Params{Version: 1, Key1: k, Key2: k}, cat([]byte{0, 1}, keysPart)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.p.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, tc.want) {
				t.Fatalf("encoding\n got %x\nwant %x", b, tc.want)
			}
			checkStrict(t, b, func(b []byte) error {
				p, err := ParseParams(b)
				if err == nil {
					b2, _ := p.MarshalBinary()
					if !bytes.Equal(b2, b) {
						t.Fatal("round trip differs")
					}
				}
				return err
			})
		})
	}
	bad := map[string][]byte{
		"maybe tag":    cat([]byte{0, 3}, keysPart, []byte("2")),
		"kem tag":      cat([]byte{0, 3}, keysPart, []byte("1X"), lb(pk[:])),
		"short pk":     cat([]byte{0, 3}, keysPart, []byte("1P"), lb(pk[:100])),
		"short ct":     cat([]byte{0, 3}, keysPart, []byte("1A"), lb(ct[:100]), lb(pk[:])),
		"x25519 key":   cat([]byte{0, 2}, sb(der[:44]), sb(der)),
		"bad der":      cat([]byte{0, 2}, sb(append([]byte{0x31}, der[1:]...)), sb(der)),
		"kem on v2":    cat([]byte{0, 2}, keysPart, []byte("0")),
		"empty":        nil,
		"keys missing": {0, 3},
	}
	for name, b := range bad {
		if _, err := ParseParams(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := (&Params{Version: 2, Key1: k, Key2: k, KEM: &KEMParams{PublicKey: pk}}).MarshalBinary(); !errors.Is(err, ErrBadVersion) {
		t.Errorf("KEM with v2: %v", err)
	}
}

func TestMsgHeaderEncoding(t *testing.T) {
	k, der := vectorKey(t)
	pk, ct := testKEM(t)
	for _, tc := range []struct {
		name string
		v    uint16
		h    msgHeader
		max  int // padded size it must fit (minus the 2-byte pad length)
	}{
		{"v2", 2, msgHeader{maxVersion: 3, dhrs: k, pn: 7, ns: 1 << 31}, HeaderPadLen - 2},
		{"v3", 3, msgHeader{maxVersion: 3, dhrs: k, pn: 1, ns: 2}, HeaderPadLen - 2},
		{"v3 P", 3, msgHeader{maxVersion: 3, dhrs: k, kem: &KEMParams{PublicKey: pk}}, HeaderPadLenPQ - 2},
		{"v3 A", 3, msgHeader{maxVersion: 3, dhrs: k, kem: &KEMParams{Ciphertext: ct, PublicKey: pk}, pn: 5, ns: 9}, HeaderPadLenPQ - 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.h.encode(tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) > tc.max {
				t.Fatalf("header %d bytes > %d", len(b), tc.max)
			}
			if !bytes.Equal(b[2:3+len(der)], append([]byte{byte(len(der))}, der...)) {
				t.Fatal("DHRs is not sb(DER)")
			}
			h, err := parseMsgHeader(tc.v, b)
			if err != nil {
				t.Fatal(err)
			}
			b2, _ := h.encode(tc.v)
			if !bytes.Equal(b, b2) {
				t.Fatal("round trip differs")
			}
			for n := 0; n < len(b); n++ {
				if _, err := parseMsgHeader(tc.v, b[:n]); err == nil {
					t.Fatalf("prefix %d accepted", n)
				}
			}
			// Trailing bytes are tolerated inside the authenticated header
			// (upstream parses without endOfInput, for future fields).
			if _, err := parseMsgHeader(tc.v, append(bytes.Clone(b), 1, 2)); err != nil {
				t.Fatal(err)
			}
		})
	}
	// Sizes the reference states: 80 bytes without KEM, 2282 with 'A'.
	b, _ := (&msgHeader{dhrs: k}).encode(3)
	a, _ := (&msgHeader{dhrs: k, kem: &KEMParams{Ciphertext: ct, PublicKey: pk}}).encode(3)
	if len(b) != 80 || len(a) != 2282 {
		t.Fatalf("header sizes %d, %d", len(b), len(a))
	}
	if Overhead != 142 || OverheadPQ != 2364 {
		t.Fatalf("overheads %d, %d", Overhead, OverheadPQ)
	}
}

func TestEncHeaderEncoding(t *testing.T) {
	iv, tag := bytes.Repeat([]byte{1}, 16), bytes.Repeat([]byte{2}, 16)
	for _, v := range []uint16{2, 3} {
		body := bytes.Repeat([]byte{3}, HeaderPadLen)
		e := encHeader{version: v, iv: iv, tag: tag, body: body}
		b, err := e.encode()
		if err != nil {
			t.Fatal(err)
		}
		want := cat([]byte{0, byte(v)}, iv, tag, []byte{HeaderPadLen}, body)
		if v == 3 {
			want = cat([]byte{0, 3}, iv, tag, []byte{0, HeaderPadLen}, body)
		}
		if !bytes.Equal(b, want) {
			t.Fatalf("v%d: %x", v, b)
		}
		checkStrict(t, b, func(b []byte) error {
			e2, err := parseEncHeader(b)
			if err == nil && !bytes.Equal(e2.body, body) {
				t.Fatal("body differs")
			}
			return err
		})
	}
	// The PQ header needs lb; sb cannot hold it.
	if _, err := (&encHeader{version: 2, iv: iv, tag: tag, body: make([]byte, HeaderPadLenPQ)}).encode(); err == nil {
		t.Fatal("v2 header of 2310 bytes encoded")
	}
}

func TestMessageEncoding(t *testing.T) {
	c := newPair(t, pqNone, 20)
	w, err := c.p["J"].r.Encrypt([]byte("hi"), 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(w) != Overhead+100 || w[0] != 0 || int(w[1]) != encHeaderFixed+2+HeaderPadLen {
		t.Fatalf("message layout: %d bytes, prefix %x", len(w), w[:2])
	}
	// Every strict prefix fails to parse or to authenticate; nothing changes.
	i := c.p["I"]
	before, _ := i.r.MarshalBinary()
	for n := 0; n < len(w); n++ {
		if _, err := i.r.Decrypt(i.rnd, w[:n]); err == nil {
			t.Fatalf("prefix %d decrypted", n)
		}
	}
	if _, err := i.r.Decrypt(i.rnd, append(bytes.Clone(w), 0)); err == nil {
		t.Fatal("trailing byte accepted")
	}
	after, _ := i.r.MarshalBinary()
	if !bytes.Equal(before, after) {
		t.Fatal("failed decrypts changed the state")
	}
	if pt, err := i.r.Decrypt(i.rnd, w); err != nil || string(pt) != "hi" {
		t.Fatalf("%q %v", pt, err)
	}
}
