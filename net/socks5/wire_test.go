package socks5

import (
	"bytes"
	"errors"
	"net/netip"
	"testing"
)

var replyVectors = []struct {
	r   Reply
	hex []byte
}{
	{Reply{0, Addr{IP: netip.MustParseAddr("127.0.0.2"), Port: 1080}}, []byte{5, 0, 0, 1, 127, 0, 0, 2, 0x04, 0x38}},
	{Reply{4, Addr{IP: netip.MustParseAddr("::1"), Port: 0}}, append(append([]byte{5, 4, 0, 4}, netip.MustParseAddr("::1").AsSlice()...), 0, 0)},
	{Reply{0, Addr{Host: "a.onion", Port: 443}}, []byte{5, 0, 0, 3, 7, 'a', '.', 'o', 'n', 'i', 'o', 'n', 1, 0xbb}},
}

func TestReplyRoundTripPrefixesTrailing(t *testing.T) {
	for _, v := range replyVectors {
		b, err := AppendReply(nil, v.r)
		if err != nil || !bytes.Equal(b, v.hex) {
			t.Fatalf("AppendReply(%+v) = %x, %v; want %x", v.r, b, err, v.hex)
		}
		got, err := ParseReply(b)
		if err != nil || got != v.r {
			t.Fatalf("ParseReply(%x) = %+v, %v", b, got, err)
		}
		for i := 0; i < len(b); i++ {
			if _, err := ParseReply(b[:i]); !errors.Is(err, ErrMalformed) {
				t.Errorf("prefix %x accepted", b[:i])
			}
		}
		if _, err := ParseReply(append(b, 0)); !errors.Is(err, ErrMalformed) {
			t.Errorf("trailing garbage after %x accepted", b)
		}
	}
}

func TestReplyRejects(t *testing.T) {
	for _, b := range [][]byte{
		{4, 0, 0, 1, 127, 0, 0, 1, 0, 80},          // SOCKS4 version
		{5, 0, 1, 1, 127, 0, 0, 1, 0, 80},          // reserved ≠ 0
		{5, 0, 0, 2, 127, 0, 0, 1, 0, 80},          // unknown ATYP
		{5, 0, 0, 3, 0, 0, 80},                     // empty name
		{5, 0, 0, 3, 5, 'a', 'b', 'c', 'd', 0, 80}, // name shorter than its length
	} {
		if _, err := ParseReply(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseReply(%x) accepted", b)
		}
	}
}

func TestConnectAndUserPassRoundTrip(t *testing.T) {
	for _, a := range []Addr{
		{Host: "smp4.simplex.im", Port: 5223},
		{Host: "o5vmywmrnaxalvz6wi3zicyftgio6psuvyniis6gco6bp6ekl4cqj4id.onion", Port: 443},
		{IP: netip.MustParseAddr("10.1.2.3"), Port: 1},
		{IP: netip.MustParseAddr("2001:db8::7"), Port: 65535},
	} {
		b, err := AppendConnect(nil, a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseConnect(b)
		if err != nil || got != a {
			t.Fatalf("ParseConnect(%x) = %+v, %v; want %+v", b, got, err, a)
		}
		for i := 0; i < len(b); i++ {
			if _, err := ParseConnect(b[:i]); err == nil {
				t.Errorf("prefix %x accepted", b[:i])
			}
		}
		if _, err := ParseConnect(append(b, 9)); err == nil {
			t.Errorf("trailing garbage accepted")
		}
	}
	if _, err := AppendConnect(nil, Addr{Host: string(make([]byte, 256))}); err == nil {
		t.Error("256-byte host accepted")
	}
	b, err := AppendUserPass(nil, "user", "pässword")
	if err != nil {
		t.Fatal(err)
	}
	if want := append([]byte{1, 4, 'u', 's', 'e', 'r', 9}, "pässword"...); !bytes.Equal(b, want) {
		t.Fatalf("AppendUserPass = %x, want %x", b, want)
	}
	u, p, err := ParseUserPass(b)
	if err != nil || u != "user" || p != "pässword" {
		t.Fatalf("ParseUserPass = %q %q %v", u, p, err)
	}
	for i := 0; i < len(b); i++ {
		if _, _, err := ParseUserPass(b[:i]); err == nil {
			t.Errorf("prefix %x accepted", b[:i])
		}
	}
	if _, _, err := ParseUserPass(append(b, 0)); err == nil {
		t.Error("trailing garbage accepted")
	}
	if _, err := AppendUserPass(nil, "", "x"); err == nil {
		t.Error("empty username accepted")
	}
}

func FuzzParseReply(f *testing.F) {
	for _, v := range replyVectors {
		f.Add(v.hex)
	}
	f.Add([]byte{5, 0, 0, 3, 0})
	f.Add([]byte{5, 0, 0, 3, 255})
	f.Fuzz(func(t *testing.T, b []byte) {
		readReply(bytes.NewReader(b)) // must not panic on anything
		r, err := ParseReply(b)
		if err != nil {
			return
		}
		enc, err := AppendReply(nil, r)
		if err != nil || !bytes.Equal(enc, b) {
			t.Fatalf("accepted %x re-encodes as %x, %v", b, enc, err)
		}
		got, err := readReply(bytes.NewReader(append(b, 1, 2, 3)))
		if err != nil || !bytes.Equal(got, b) {
			t.Fatalf("readReply took %x, %v from %x", got, err, b)
		}
	})
}
