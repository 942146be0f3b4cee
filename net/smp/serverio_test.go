package smp

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"duplex/crypto/enc"
)

var ioServers = []Server{
	{Hosts: []string{"a.example"}, KeyHash: fill(32, 7)},
	{Hosts: []string{"a.example", "b.example"}, Port: "443", KeyHash: fill(32, 8)},
	{Hosts: []string{"abc.onion", "1.2.3.4", "fe80::1"}, Port: "1", KeyHash: fill(4, 9)},
}

// TestReadServerEmbedded reads a server from the middle of a buffer, as
// links and agent messages do, and checks what follows is still there.
func TestReadServerEmbedded(t *testing.T) {
	for _, s := range ioServers {
		w := enc.NewWriter(nil)
		w.Byte('<')
		AppendServer(w, s)
		w.ShortBytes([]byte("after"))
		b, err := w.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		whole, _ := EncodeServer(s)
		if string(b[1:1+len(whole)]) != string(whole) {
			t.Fatalf("%v: AppendServer differs from EncodeServer", s)
		}
		r := enc.NewReader(b)
		r.Byte()
		got := ReadServer(r)
		if after := r.ShortBytes(); string(after) != "after" || r.Done() != nil {
			t.Fatalf("%v: rest %q %v", s, after, r.Done())
		}
		if !reflect.DeepEqual(got, s) {
			t.Fatalf("read %+v, want %+v", got, s)
		}
		for i := 1; i < 1+len(whole); i++ {
			r := enc.NewReader(b[:i])
			r.Byte()
			ReadServer(r)
			if r.Err() == nil {
				t.Fatalf("%v: prefix %d read", s, i)
			}
		}
	}
}

func TestServerV1(t *testing.T) {
	for _, s := range ioServers {
		w := enc.NewWriter(nil)
		AppendServerV1(w, s)
		b, err := w.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		// The v1 form is the full form of the first host without its count byte.
		one := s
		one.Hosts = s.Hosts[:1]
		full, _ := EncodeServer(one)
		if string(b) != string(full[1:]) {
			t.Fatalf("%v: v1 %x, full %x", s, b, full)
		}
		r := enc.NewReader(b)
		if got := ReadServerV1(r); r.Done() != nil || !reflect.DeepEqual(got, one) {
			t.Fatalf("read %+v %v, want %+v", got, r.Done(), one)
		}
		for i := range len(b) {
			r := enc.NewReader(b[:i])
			ReadServerV1(r)
			if r.Err() == nil {
				t.Fatalf("%v: prefix %d read", s, i)
			}
		}
		r = enc.NewReader(append(b, 0))
		ReadServerV1(r)
		if r.Done() == nil {
			t.Fatal("trailing byte accepted")
		}
	}
	w := enc.NewWriter(nil)
	AppendServerV1(w, Server{KeyHash: fill(32, 1)})
	if _, err := w.Bytes(); err == nil {
		t.Fatal("v1 server without hosts encoded")
	}
	r := enc.NewReader([]byte("\x03a b\x00\x01k"))
	if ReadServerV1(r); r.Err() == nil {
		t.Fatal("bad v1 host accepted")
	}
}

func TestParseServerAuthority(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Server
	}{
		{"1234-w==@smp.simplex.im", Server{Hosts: []string{"smp.simplex.im"}, KeyHash: []byte{0xd7, 0x6d, 0xf8, 0xfb}}},
		{"1234-w@smp.simplex.im,abc.onion:5223", Server{Hosts: []string{"smp.simplex.im", "abc.onion"}, Port: "5223", KeyHash: []byte{0xd7, 0x6d, 0xf8, 0xfb}}},
		{"AQ==@[::1]:1", Server{Hosts: []string{"::1"}, Port: "1", KeyHash: []byte{1}}},
	} {
		got, err := ParseServerAuthority(c.in)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Fatalf("%s: %+v %v, want %+v", c.in, got, err, c.want)
		}
		// Its printed form (without the scheme) reads back the same.
		back, err := ParseServerAuthority(strings.TrimPrefix(got.String(), "smp://"))
		if err != nil || !reflect.DeepEqual(back, got) {
			t.Fatalf("%s: round trip %+v %v", c.in, back, err)
		}
		for i := range len(c.in) {
			if p, err := ParseServerAuthority(c.in[:i]); err == nil && reflect.DeepEqual(p, got) {
				t.Fatalf("%s: prefix %d parsed to the same server", c.in, i)
			}
		}
		if _, err := ParseServerAuthority(c.in + "/"); err == nil {
			t.Fatalf("%s: trailing garbage accepted", c.in)
		}
	}
	for in, want := range map[string]string{
		"smp.simplex.im":         "missing '@' after the key hash",
		"@smp.simplex.im":        "key hash: empty base64url",
		"12!4@smp.simplex.im":    `key hash: bad base64url "12!4"`,
		"1234@smp simplex.im":    `bad hosts or port "smp simplex.im"`,
		"1234@a.example:99999":   `bad hosts or port "a.example:99999"`,
		"1234@":                  `bad hosts or port ""`,
		"1234:pw@smp.simplex.im": "basic auth is not allowed",
	} {
		_, err := ParseServerAuthority(in)
		var ae *AuthorityError
		if !errors.As(err, &ae) || ae.Reason != want {
			t.Errorf("%s: %v, want reason %q", in, err, want)
		}
	}
	if _, err := ParseServerAuthority("1234:pw@a.example"); !errors.Is(err, ErrAuthorityBasicAuth) {
		t.Errorf("basic auth: %v", err)
	}
}

func FuzzParseServerAuthority(f *testing.F) {
	for _, s := range []string{"1234-w==@smp.simplex.im", "AQ@[::1]:1,a.onion", "@x", "a:b@c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ParseServerAuthority(in)
		if err != nil {
			return
		}
		back, err := ParseServerAuthority(strings.TrimPrefix(s.String(), "smp://"))
		if err != nil || !reflect.DeepEqual(back, s) {
			t.Fatalf("%q: printed %q, reread %+v %v", in, s.String(), back, err)
		}
	})
}

func FuzzReadServerV1(f *testing.F) {
	f.Add([]byte("\x09a.example\x00\x04abcd"))
	f.Add([]byte("\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		r := enc.NewReader(in)
		s := ReadServerV1(r)
		if r.Done() != nil {
			return
		}
		w := enc.NewWriter(nil)
		AppendServerV1(w, s)
		out, err := w.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		r = enc.NewReader(out)
		if s2 := ReadServerV1(r); r.Done() != nil || !reflect.DeepEqual(s2, s) {
			t.Fatalf("%x: reread %+v %v", in, s2, r.Done())
		}
	})
}
