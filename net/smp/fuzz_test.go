package smp

import (
	"bytes"
	"reflect"
	"testing"
)

// Every fuzz target checks that the parser never panics and that whatever
// it accepts re-encodes to something that parses to the same value.

func FuzzParseBatch(f *testing.F) {
	b, _ := EncodeBatch([][]byte{[]byte("abc"), {}, fill(300, 1)})
	f.Add(b)
	f.Add([]byte{0})
	f.Add([]byte{1, 0, 5, 'a'})
	f.Fuzz(func(t *testing.T, in []byte) {
		ts, err := ParseBatch(in)
		if err != nil {
			return
		}
		out, err := EncodeBatch(ts)
		if err == nil && !bytes.Equal(out, in) {
			t.Fatalf("batch re-encodes differently")
		}
	})
}

func FuzzParseTransmission(f *testing.F) {
	for _, v := range []Version{6, 7, 16, 18} {
		tr := &Transmission{Auth: fill(64, 1), CorrID: fill(24, 2), EntityID: fill(24, 3), Command: []byte("SUB")}
		if v < VersionAuthCmds {
			tr.SessionID = fill(32, 4)
		}
		b, _ := EncodeTransmission(v, tr)
		f.Add(uint16(v), b)
	}
	f.Fuzz(func(t *testing.T, v16 uint16, in []byte) {
		v := fuzzVersion(v16)
		tr, err := ParseTransmission(v, in)
		if err != nil {
			return
		}
		out, err := EncodeTransmission(v, tr)
		if err != nil {
			t.Fatalf("v%d: re-encode: %v", v, err)
		}
		tr2, err := ParseTransmission(v, out)
		if err != nil || !reflect.DeepEqual(tr, tr2) {
			t.Fatalf("v%d: round trip differs", v)
		}
	})
}

func FuzzParseCommand(f *testing.F) {
	for _, tc := range commandCases(f) {
		for _, v := range []Version{6, 9, 15, 17, 18} {
			if b, err := EncodeCommand(v, tc.cmd); err == nil {
				f.Add(uint16(v), b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, v16 uint16, in []byte) {
		v := fuzzVersion(v16)
		c, err := ParseCommand(v, in)
		if err != nil {
			return
		}
		out, err := EncodeCommand(v, c)
		if err != nil {
			t.Fatalf("v%d %s: re-encode: %v", v, c.Tag(), err)
		}
		c2, err := ParseCommand(v, out)
		if err != nil || !reflect.DeepEqual(c, c2) {
			t.Fatalf("v%d %s: round trip differs: %v", v, c.Tag(), err)
		}
	})
}

func FuzzParseResponse(f *testing.F) {
	for _, tc := range responseCases(f) {
		for _, v := range []Version{6, 9, 12, 15, 16, 18} {
			if b, err := EncodeResponse(v, tc.r); err == nil {
				f.Add(uint16(v), b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, v16 uint16, in []byte) {
		v := fuzzVersion(v16)
		r, err := ParseResponse(v, in)
		if err != nil {
			return
		}
		out, err := EncodeResponse(v, r)
		if err != nil {
			t.Fatalf("v%d %s: re-encode: %v", v, r.Tag(), err)
		}
		// Version downgrades (SOK→OK, DELD→END, BLOCKED→AUTH) may change
		// the value once; after that the encoding is a fixed point.
		r2, err := ParseResponse(v, out)
		if err != nil {
			t.Fatalf("v%d %s: re-parse: %v", v, r.Tag(), err)
		}
		out2, err := EncodeResponse(v, r2)
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("v%d %s: encoding is not stable: %v", v, r.Tag(), err)
		}
	})
}

func FuzzParseServerAddress(f *testing.F) {
	f.Add("smp://LcJUMfVhwD8yxjAiSaDzzGF3-kLG4Uh0Fl_ZIjrRwjI=@localhost:7001")
	f.Add("smp://0YuTwO05YJWS8rkjn9eLJDjQhFKvIYd8d4xG8X1blIU=@smp8.simplex.im,beccx4yfxxbvyhqypaavemqurytl6hozr47wfc7uuecacjqdvwpw2xid.onion")
	f.Add("smp://LcJUMfVhwD8yxjAiSaDzzGF3-kLG4Uh0Fl_ZIjrRwjI=:pw@[::1],1.2.3.4:5223")
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseServerAddress(s)
		if err != nil {
			return
		}
		a2, err := ParseServerAddress(a.String())
		if err != nil || !reflect.DeepEqual(a, a2) {
			t.Fatalf("%q → %q: %v", s, a.String(), err)
		}
		b, err := EncodeServer(a.Server)
		if err != nil {
			return // a host longer than 255 bytes has no binary form
		}
		srv, err := ParseServer(b)
		if err != nil || !reflect.DeepEqual(srv, a.Server) {
			t.Fatalf("%q: binary round trip: %v", s, err)
		}
	})
}

func FuzzParseServer(f *testing.F) {
	b, _ := EncodeServer(Server{Hosts: []string{"a.b", "::1"}, Port: "5223", KeyHash: fill(32, 1)})
	f.Add(b)
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := ParseServer(in)
		if err != nil {
			return
		}
		out, err := EncodeServer(s)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := ParseServer(out)
		if err != nil || !reflect.DeepEqual(s, s2) {
			t.Fatal("round trip differs")
		}
	})
}

func FuzzHellos(f *testing.F) {
	k := mustX25519(f, "k").Public()
	ch, _ := clientHello{Version: 18, KeyHash: fill(32, 1), Key: &k}.encode()
	sh, _ := serverHello{Range: SupportedRange, SessionID: fill(32, 2), Key: &CertChainPubKey{Chain: [][]byte{{1}, {2}}, SignedKey: []byte{3}}}.encode()
	f.Add(ch)
	f.Add(sh)
	f.Fuzz(func(t *testing.T, in []byte) {
		if h, err := parseClientHello(in); err == nil {
			if _, err := h.encode(); err != nil {
				t.Fatal(err)
			}
		}
		if h, err := parseServerHello(in); err == nil {
			if _, err := h.encode(); err != nil {
				t.Fatal(err)
			}
		}
		VerifySessionKey(in, newTestChain(t, 1).chain.Key.Public())
	})
}

func FuzzParseRcvMessage(f *testing.F) {
	b, _ := EncodeRcvMessage(RcvMessage{Timestamp: testNow, Notify: true, Body: []byte("hi")})
	f.Add(b)
	q, _ := EncodeRcvMessage(RcvMessage{Timestamp: testNow, Quota: true})
	f.Add(q)
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := ParseRcvMessage(in)
		if err != nil {
			return
		}
		out, err := EncodeRcvMessage(m)
		if err != nil {
			t.Fatal(err)
		}
		m2, err := ParseRcvMessage(out)
		if err != nil || !reflect.DeepEqual(m, m2) {
			t.Fatal("round trip differs")
		}
	})
}

// fuzzVersion keeps seed versions and maps anything else into 6–18.
func fuzzVersion(v uint16) Version {
	if v >= uint16(MinVersion) && v <= uint16(CurrentVersion) {
		return Version(v)
	}
	return Version(v%13) + MinVersion
}
