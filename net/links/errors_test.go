package links

import (
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	base := "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=1-4&dh="
	x448 := "MEIwBQYDK2VvAzkAmKuSYeQ_m0SixPDS8Wq8VBaTS1cW-Lp0n0h4Diu-kUpR-qXx4SDJ32YGEFoGFGSbGPry5Ychr6U="
	cases := []struct{ in, want string }{
		{"http://x", "queue URI: must start with smp://"},
		{base + x448, "queue URI: dh key: not an X25519 key"},
		{base + "!!", `queue URI: dh key: bad base64url "!!"`},
		{"smp://1234-w==@smp.simplex.im:5223/3456-w==#/?dh=" + vDHStr, "queue URI: missing v= (version range)"},
		{"smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=4-1&dh=" + vDHStr, "queue URI: v: invalid version range 4-1 (min > max)"},
		{"smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=1-4", "queue URI: missing dh= (queue DH key)"},
		{"smp://1234-w==@smp.simplex.im:5223/3456-w==", "queue URI: missing '#' after the sender id"},
		{"smp://1234-w==@smp.simplex.im:5223", "queue URI: missing /<sender id> after the server"},
		{"smp://1234-w==:pw@smp.simplex.im/3456-w==#" + vDHStr, "queue URI: server: basic auth is not allowed in a link"},
		{"smp://1234-w==@smp simplex.im/3456-w==#" + vDHStr, `queue URI: server: bad hosts or port "smp simplex.im"`},
		{"smp://@smp.simplex.im/3456-w==#" + vDHStr, "queue URI: server: key hash: empty base64url"},
		{base + vDHStr + "&srv=a,,b", `queue URI: srv: bad host ""`},
		{"simplex:/invitation#/?v=2-7&smp=" + urlEncode(queueStr), "connection request: invitation without e2e= (ratchet parameters)"},
		{"simplex:/contact#/?v=2-7", "connection request: missing smp= (queue URIs)"},
		{"simplex:/contact#/?smp=" + urlEncode(queueStr), "connection request: missing v= (agent version range)"},
		{"simplex:/contact#/?v=2-7&smp=" + urlEncode(queueStr+";"), "connection request: smp queue 2: queue URI: must start with smp://"},
		{"simplex:/contact#/?v=2-7&smp=" + urlEncode(queueStr+";"+base+x448), "connection request: smp queue 2: queue URI: dh key: not an X25519 key"},
		{"simplex:/contact?v=2", "connection request: missing #/? after /contact"},
		{"simplex:/invitation#/?v=2-7&smp=" + urlEncode(queueStr) + "&e2e=" + urlEncode("v=2&x3dh="+vDHStr+","+vDHStr), "connection request: e2e: e2e params: x3dh key 1: not an X448 key"},
		{"simplex:/invitation#/?v=2-7&smp=" + urlEncode(queueStr) + "&e2e=" + urlEncode("v=2&x3dh="+x448), "connection request: e2e: e2e params: x3dh: want 2 keys, got 1"},
		{"simplex:/invitation#/?v=2-7&smp=" + urlEncode(queueStr) + "&e2e=" + urlEncode("v=3&x3dh="+x448+","+x448+"&kem_key=AAAA"), "connection request: e2e: e2e params: kem_key: sntrup761 public key must be 1158 bytes, got 3"},
		{"simplex:/invitation#/?v=2-7&smp=" + urlEncode(queueStr) + "&e2e=" + urlEncode("v=3&x3dh="+x448+","+x448+"&kem_key=AAAA&kem_ct=AAAA"), "connection request: e2e: e2e params: kem_ct: an invitation may only propose a KEM key"},
		{"simplex:/contact#/?v=99999&smp=" + urlEncode(queueStr), `connection request: v: version "99999" out of range`},
	}
	for _, c := range cases {
		var err error
		if strings.HasPrefix(c.in, "smp:") || strings.HasPrefix(c.in, "http:") {
			_, err = ParseQueueURI(c.in)
		} else {
			_, err = ParseConnRequest(c.in)
		}
		if err == nil || err.Error() != c.want {
			t.Errorf("%.60s…:\n got %v\nwant %s", c.in, err, c.want)
		}
	}
}

func TestParseLink(t *testing.T) {
	cases := []struct {
		in   string
		kind Kind
		mode ConnMode
	}{
		{"simplex:/invitation#/?v=2-7&smp=" + urlEncode(queueStr) + "&e2e=" + vE2EStr, KindInvitation, ModeInvitation},
		{"  https://simplex.chat/contact#/?v=2-7&smp=" + urlEncode(queueStr) + "\n", KindContact, ModeContact},
		{"https://smp.simplex.im/a#" + slKeyB64, KindShortContact, ModeContact},
		{"simplex:/g#" + slKeyB64 + "?h=smp.simplex.im", KindShortContact, ModeContact},
		{"https://smp.simplex.im/i#" + slIDB64 + "/" + slKeyB64, KindShortInvitation, ModeInvitation},
	}
	for _, c := range cases {
		l, err := ParseLink(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		if l.Kind != c.kind || l.Mode() != c.mode || l.NeedsResolution() != (l.Short != nil) {
			t.Errorf("%s: kind %v mode %v", c.in, l.Kind, l.Mode())
		}
		if strings.TrimSpace(c.in) != l.String() && !strings.HasPrefix(c.in, "  https://simplex.chat") {
			t.Errorf("%s: re-encodes as %s", c.in, l)
		}
	}
	for in, want := range map[string]string{
		"hello":                             "link: not a SimpleX link (want simplex:/… or https://<host>/…)",
		"https://simplex.chat/x#abc":        "short link: unknown link type /x",
		"https://simplex.chat/contact#/?v=": "connection request: v: empty version",
	} {
		if _, err := ParseLink(in); err == nil || err.Error() != want {
			t.Errorf("%s: got %v want %s", in, err, want)
		}
	}
}

// String forms: every strict prefix that stops before the query is
// rejected (a prefix inside a query value may be a valid, different link).
func TestStringPrefixes(t *testing.T) {
	var all []string
	for _, v := range queueVectors(t) {
		all = append(all, v.s)
	}
	for _, v := range connReqVectors(t) {
		all = append(all, v.s)
	}
	for _, s := range all {
		q := strings.Index(s, "?")
		for i := range q + 1 {
			if _, err := ParseLink(s[:i]); err == nil {
				t.Errorf("link prefix %q accepted", s[:i])
			}
			if _, err := ParseQueueURI(s[:i]); err == nil {
				t.Errorf("queue prefix %q accepted", s[:i])
			}
		}
		if _, err := ParseLink(s + " x"); err == nil {
			t.Errorf("%s + garbage accepted", s)
		}
	}
}
