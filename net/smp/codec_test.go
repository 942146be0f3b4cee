package smp

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"duplex/crypto/keys"
)

var allVersions = func() []Version {
	var vs []Version
	for v := MinVersion; v <= CurrentVersion; v++ {
		vs = append(vs, v)
	}
	return vs
}()

type cmdCase struct {
	name string
	cmd  Command
	tail bool                            // ends in tail(x): prefixes may parse to other values
	want func(v Version) (Command, bool) // normalised value at v; false = not encodable
}

func same(c Command) func(Version) (Command, bool) {
	return func(Version) (Command, bool) { return c, true }
}

func commandCases(t testing.TB) []cmdCase {
	rk := mustEd25519(t, "rcv").Public()
	rk448 := mustEd448(t, "rcv448").Public()
	rkx := mustX25519(t, "rcvx").Public()
	dh := mustX25519(t, "dh").Public()
	sk := mustEd25519(t, "snd").Public()
	nk := mustEd25519(t, "ntf").Public()
	ndh := mustX25519(t, "ntfdh").Public()
	id := fill(24, 0x11)
	link := LinkData{Fixed: fill(300, 'f'), User: fill(300, 'u')}

	newFull := NEW{RcvAuthKey: rk, RcvDHKey: dh, BasicAuth: []byte("pass!word"), SubMode: SubModeSubscribe,
		QueueReq: &QueueReq{Mode: QueueModeContact, Link: &QueueLink{LinkID: fill(24, 2), SenderID: fill(24, 3), Data: link}},
		NtfCreds: &NtfCreds{AuthKey: nk, DHKey: ndh}}
	newMsg := NEW{RcvAuthKey: rkx, RcvDHKey: dh, SubMode: SubModeOnlyCreate,
		QueueReq: &QueueReq{Mode: QueueModeMessaging, Link: &QueueLink{SenderID: fill(24, 3), Data: link}}}
	newPlain := NEW{RcvAuthKey: rk448, RcvDHKey: dh, SubMode: SubModeSubscribe}
	normNEW := func(c NEW) func(Version) (Command, bool) {
		return func(v Version) (Command, bool) {
			x := c
			switch {
			case v < VersionSndAuthKey:
				x.QueueReq, x.NtfCreds = nil, nil
			case v < VersionShortLinks:
				m := QueueModeContact
				if c.QueueReq != nil && c.QueueReq.Mode == QueueModeMessaging {
					m = QueueModeMessaging
				}
				x.QueueReq, x.NtfCreds = &QueueReq{Mode: m}, nil
			case v < VersionNewNtfCreds:
				x.NtfCreds = nil
			}
			return x, true
		}
	}
	srv := Server{Hosts: []string{"smp.example.com", "2001:db8::1", "abcdefghijklmnop.onion"}, Port: "5223", KeyHash: fill(32, 9)}
	return []cmdCase{
		{"NEW full", newFull, false, normNEW(newFull)},
		{"NEW messaging x25519", newMsg, false, normNEW(newMsg)},
		{"NEW plain ed448", newPlain, false, normNEW(newPlain)},
		{"SUB", SUB{}, false, same(SUB{})},
		{"SUBS", SUBS{}, false, same(SUBS{})},
		{"KEY", KEY{sk}, false, same(KEY{sk})},
		{"RKEY", RKEY{[]keys.PublicKey{rk, rk448, rkx}}, false, same(RKEY{[]keys.PublicKey{rk, rk448, rkx}})},
		{"LSET", LSET{id, link}, false, same(LSET{id, link})},
		{"LDEL", LDEL{}, false, same(LDEL{})},
		{"NKEY", NKEY{NtfCreds{nk, ndh}}, false, same(NKEY{NtfCreds{nk, ndh}})},
		{"NDEL", NDEL{}, false, same(NDEL{})},
		{"GET", GET{}, false, same(GET{})},
		{"ACK", ACK{id}, false, same(ACK{id})},
		{"OFF", OFF{}, false, same(OFF{})},
		{"DEL", DEL{}, false, same(DEL{})},
		{"QUE", QUE{}, false, same(QUE{})},
		{"SKEY", SKEY{sk}, false, same(SKEY{sk})},
		{"SEND", SEND{true, []byte("hello")}, true, same(SEND{true, []byte("hello")})},
		{"SEND empty", SEND{false, []byte{}}, true, same(SEND{false, []byte{}})},
		{"PING", PING{}, false, same(PING{})},
		{"LKEY", LKEY{sk}, false, same(LKEY{sk})},
		{"LGET", LGET{}, false, same(LGET{})},
		{"NSUB", NSUB{}, false, same(NSUB{})},
		{"NSUBS", NSUBS{}, false, same(NSUBS{})},
		{"PRXY", PRXY{srv, []byte("pw")}, false, same(PRXY{srv, []byte("pw")})},
		{"PRXY noauth", PRXY{Server: srv}, false, same(PRXY{Server: srv})},
		{"PFWD", PFWD{17, dh, fill(100, 7)}, true, same(PFWD{17, dh, fill(100, 7)})},
		{"RFWD", RFWD{fill(50, 8)}, true, same(RFWD{fill(50, 8)})},
	}
}

func TestCommandRoundTrip(t *testing.T) {
	for _, tc := range commandCases(t) {
		for _, v := range allVersions {
			want, ok := tc.want(v)
			if !ok {
				continue
			}
			b, err := EncodeCommand(v, tc.cmd)
			if err != nil {
				t.Fatalf("%s v%d: encode: %v", tc.name, v, err)
			}
			got, err := ParseCommand(v, b)
			if err != nil {
				t.Fatalf("%s v%d: parse %q: %v", tc.name, v, b, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s v%d: got %#v want %#v", tc.name, v, got, want)
			}
			b2, err := EncodeCommand(v, got)
			if err != nil || !bytes.Equal(b, b2) {
				t.Fatalf("%s v%d: re-encoding differs", tc.name, v)
			}
			checkPrefixes(t, tc.name, v, b, tc.tail, want, func(p []byte) (any, error) { return ParseCommand(v, p) })
		}
	}
}

// checkPrefixes: no strict prefix and no extension by trailing bytes parses
// to the same value; without a tail field every one of them is an error.
func checkPrefixes(t *testing.T, name string, v Version, b []byte, tail bool, want any, parse func([]byte) (any, error)) {
	t.Helper()
	// A prefix may be another complete message (SUB is a prefix of SUBS),
	// but never one of the same kind unless the message ends in a tail.
	sameKind := func(got any) bool { return reflect.TypeOf(got) == reflect.TypeOf(want) }
	for i := 0; i < len(b); i++ {
		got, err := parse(b[:i])
		if err == nil && (reflect.DeepEqual(got, want) || !tail && sameKind(got)) {
			t.Fatalf("%s v%d: strict prefix of %d/%d bytes parsed: %#v", name, v, i, len(b), got)
		}
	}
	for _, extra := range []string{"x", " ", "\x00", "#"} {
		got, err := parse(append(append([]byte{}, b...), extra...))
		if err == nil && (reflect.DeepEqual(got, want) || !tail && sameKind(got)) {
			t.Fatalf("%s v%d: trailing %q accepted: %#v", name, v, extra, got)
		}
	}
}

func TestCommandKnownBytes(t *testing.T) {
	sk := mustEd25519(t, "snd").Public()
	dh := mustX25519(t, "dh").Public()
	der := sk.DER()
	dhDER := dh.DER()
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	sb := func(b []byte) []byte { return append([]byte{byte(len(b))}, b...) }
	tests := []struct {
		v    Version
		cmd  Command
		want []byte
	}{
		{18, SEND{true, []byte("hi")}, []byte("SEND T hi")},
		{18, PING{}, []byte("PING")},
		{18, ACK{[]byte("abc")}, []byte("ACK \x03abc")},
		{18, SKEY{sk}, cat([]byte("SKEY "), sb(der))},
		{6, NEW{RcvAuthKey: sk, RcvDHKey: dh, SubMode: SubModeSubscribe}, cat([]byte("NEW "), sb(der), sb(dhDER), []byte("S"))},
		{6, NEW{RcvAuthKey: sk, RcvDHKey: dh, SubMode: SubModeSubscribe, BasicAuth: []byte("pw")}, cat([]byte("NEW "), sb(der), sb(dhDER), []byte("A\x02pwS"))},
		{9, NEW{RcvAuthKey: sk, RcvDHKey: dh, SubMode: SubModeSubscribe, QueueReq: &QueueReq{Mode: QueueModeMessaging}}, cat([]byte("NEW "), sb(der), sb(dhDER), []byte("0ST"))},
		{15, NEW{RcvAuthKey: sk, RcvDHKey: dh, SubMode: SubModeSubscribe, QueueReq: &QueueReq{Mode: QueueModeMessaging}}, cat([]byte("NEW "), sb(der), sb(dhDER), []byte("0S1M0"))},
		{17, NEW{RcvAuthKey: sk, RcvDHKey: dh, SubMode: SubModeOnlyCreate, BasicAuth: []byte("pw"), QueueReq: &QueueReq{Mode: QueueModeContact}}, cat([]byte("NEW "), sb(der), sb(dhDER), []byte("1\x02pwC1C00"))},
		{18, RKEY{[]keys.PublicKey{sk}}, cat([]byte("RKEY \x01"), sb(der))},
		{18, PRXY{Server{Hosts: []string{"a.b"}, KeyHash: []byte{1, 2}}, nil}, []byte("PRXY \x01\x03a.b\x00\x02\x01\x020")},
	}
	for _, tc := range tests {
		b, err := EncodeCommand(tc.v, tc.cmd)
		if err != nil || !bytes.Equal(b, tc.want) {
			t.Errorf("%s v%d: got %q (%v) want %q", tc.cmd.Tag(), tc.v, b, err, tc.want)
		}
	}
}

func TestParseCommandErrors(t *testing.T) {
	for _, in := range []string{"", "FOO", "SUBX", "sub", " SUB"} {
		if _, err := ParseCommand(18, []byte(in)); !errors.Is(err, ErrCmdUnknown) {
			t.Errorf("%q: %v, want CMD UNKNOWN", in, err)
		}
	}
	for _, in := range []string{"SUB ", "SUB x", "SEND", "SEND X hi", "SEND T", "ACK", "ACK \x05ab", "NEW \x00", "KEY \x03abc", "RKEY \x00"} {
		if _, err := ParseCommand(18, []byte(in)); !errors.Is(err, ErrCmdSyntax) {
			t.Errorf("%q: %v, want CMD SYNTAX", in, err)
		}
	}
	// Future SEND flags are skipped up to the space, as upstream.
	c, err := ParseCommand(18, []byte("SEND Tabc body"))
	if err != nil || !reflect.DeepEqual(c, SEND{true, []byte("body")}) {
		t.Errorf("SEND with extra flags: %#v %v", c, err)
	}
	// An X448 key is not an authorization key.
	x448, _ := keys.GenerateX448(newDetRand("x448"))
	b := append([]byte("KEY "), byte(len(x448.Public().DER())))
	b = append(b, x448.Public().DER()...)
	if _, err := ParseCommand(18, b); !errors.Is(err, ErrCmdSyntax) {
		t.Errorf("KEY with X448: %v", err)
	}
	// Bad basic auth characters.
	if _, err := EncodeCommand(18, NEW{RcvAuthKey: mustEd25519(t, "a").Public(), SubMode: 'S', BasicAuth: []byte("a@b")}); err == nil {
		t.Error("NEW with '@' in basic auth encoded")
	}
}
