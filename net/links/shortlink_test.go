package links

import (
	"strings"
	"testing"

	"duplex/crypto/enc"
	"duplex/net/smp"
)

// vectors.md §4 (ConnectionRequestTests.hs "should serialize / parse short links").
const (
	slKeyB64 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY"
	slIDB64  = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3"
	slQuery  = "?h=" + vOnion + "&p=5223&c=1234-w"
	slQueryS = "?h=smp.simplex.im%2C" + vOnion + "&p=5223&c=1234-w"
)

var (
	slKey     = LinkKey([]byte("0123456789abcdef0123456789abcdef"))
	slID      = []byte("0123456789abcdef01234567")
	shortSrv  = smp.Server{Hosts: []string{"smp.simplex.im"}}
	srvOnion  = smp.Server{Hosts: []string{vOnion}, KeyHash: vKeyHash}
	srv2      = smp.Server{Hosts: []string{"smp2.simplex.im", vOnion}, KeyHash: vKeyHash}
	presetLH  = "smp://LcJUMfVhwD8yxjAiSaDzzGF3-kLG4Uh0Fl_ZIjrRwjI=@localhost:7001"
	lhContact = "https://localhost/a#4AkRDmhf64tdRlN406g8lJRg5OCmhD6ynIhi6glOcCM"
	lhInv     = "https://localhost/i#tnUaHYp8saREmyEHR93SBpl8ySHBchOt/LJ1ZQUzxH9Udb0jw5wmJACv5o6oe8e7BsX_hUCUMTSY"
	lhSuffix  = "?p=7001&c=LcJUMfVhwD8yxjAiSaDzzGF3-kLG4Uh0Fl_ZIjrRwjI"
)

func contactLink(sch LinkScheme, t LinkType, srv smp.Server) *ShortLink {
	return &ShortLink{Scheme: sch, Type: t, Server: cloneServer(srv), Key: slKey}
}

func invLink(sch LinkScheme, srv smp.Server) *ShortLink {
	return &ShortLink{Scheme: sch, Type: LinkInvitation, Server: cloneServer(srv), LinkID: slID, Key: slKey}
}

func equalShort(a, b *ShortLink) bool {
	return a.Scheme == b.Scheme && a.Type == b.Type && SameServer(a.Server, b.Server) &&
		string(a.LinkID) == string(b.LinkID) && a.Key == b.Key
}

func shortVectors() []struct {
	l *ShortLink
	s string
} {
	return []struct {
		l *ShortLink
		s string
	}{
		{contactLink(SchemeServer, LinkContact, vSrv), "https://smp.simplex.im/a#" + slKeyB64 + slQuery},
		{contactLink(SchemeServer, LinkGroup, vSrv), "https://smp.simplex.im/g#" + slKeyB64 + slQuery},
		{contactLink(SchemeServer, LinkContact, shortSrv), "https://smp.simplex.im/a#" + slKeyB64},
		{invLink(SchemeServer, vSrv), "https://smp.simplex.im/i#" + slIDB64 + "/" + slKeyB64 + slQuery},
		{invLink(SchemeServer, shortSrv), "https://smp.simplex.im/i#" + slIDB64 + "/" + slKeyB64},
		{contactLink(SchemeSimplex, LinkContact, vSrv), "simplex:/a#" + slKeyB64 + slQueryS},
		{contactLink(SchemeSimplex, LinkGroup, vSrv), "simplex:/g#" + slKeyB64 + slQueryS},
		{contactLink(SchemeSimplex, LinkContact, shortSrv), "simplex:/a#" + slKeyB64 + "?h=smp.simplex.im"},
		{invLink(SchemeSimplex, vSrv), "simplex:/i#" + slIDB64 + "/" + slKeyB64 + slQueryS},
		{invLink(SchemeSimplex, shortSrv), "simplex:/i#" + slIDB64 + "/" + slKeyB64 + "?h=smp.simplex.im"},
		// real preset relay links (simplex-chat Operators/Presets.hs)
		{mustShort("https://smp5.simplex.im/r#Fp5RWXkiRFg-hgcDwC2v-MWnPfvEf42RgCqREntW0mw"), "https://smp5.simplex.im/r#Fp5RWXkiRFg-hgcDwC2v-MWnPfvEf42RgCqREntW0mw"},
		{mustShort(lhContact + lhSuffix), lhContact + lhSuffix},
		{mustShort(lhInv + lhSuffix), lhInv + lhSuffix},
	}
}

func mustShort(s string) *ShortLink {
	l, err := ParseShortLink(s)
	if err != nil {
		panic(err)
	}
	return l
}

func TestShortLinkVectors(t *testing.T) {
	for _, v := range shortVectors() {
		if got := v.l.String(); got != v.s {
			t.Errorf("encode:\n got %s\nwant %s", got, v.s)
		}
		l, err := ParseShortLink(v.s)
		if err != nil {
			t.Errorf("%s: %v", v.s, err)
			continue
		}
		if !equalShort(l, v.l) {
			t.Errorf("%s: parse got %+v want %+v", v.s, l, v.l)
		}
		b, err := l.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		lb, err := ParseShortLinkBinary(b)
		if err != nil {
			t.Fatalf("%s: binary: %v", v.s, err)
		}
		if want := *l; true {
			want.Scheme = SchemeServer
			if !equalShort(lb, &want) {
				t.Errorf("%s: binary round trip", v.s)
			}
		}
		for i := range len(b) {
			if _, err := ParseShortLinkBinary(b[:i]); err == nil {
				t.Errorf("%s: binary prefix %d accepted", v.s, i)
			}
		}
		if _, err := ParseShortLinkBinary(append(b, 0)); err == nil {
			t.Errorf("%s: trailing byte accepted", v.s)
		}
	}
}

func TestShortLinkShortenRestore(t *testing.T) {
	presets := []smp.Server{vSrv}
	cases := []struct {
		name      string
		in, short *ShortLink
	}{
		{"preset", contactLink(SchemeServer, LinkContact, vSrv), contactLink(SchemeServer, LinkContact, shortSrv)},
		{"only onion host: not shortened", contactLink(SchemeServer, LinkContact, srvOnion), contactLink(SchemeServer, LinkContact, srvOnion)},
		{"only public host + key hash: shortened", contactLink(SchemeServer, LinkContact, vSrv1), contactLink(SchemeServer, LinkContact, shortSrv)},
		{"non-preset", contactLink(SchemeServer, LinkContact, srv2), contactLink(SchemeServer, LinkContact, srv2)},
	}
	for _, c := range cases {
		if got := c.in.Shorten(presets); !equalShort(got, c.short) {
			t.Errorf("shorten %s: got %+v", c.name, got.Server)
		}
	}
	restore := []struct {
		name     string
		presets  []smp.Server
		in, want *ShortLink
	}{
		{"short", presets, contactLink(SchemeServer, LinkContact, shortSrv), contactLink(SchemeServer, LinkContact, vSrv)},
		{"public host with key hash unchanged", presets, contactLink(SchemeServer, LinkContact, vSrv1), contactLink(SchemeServer, LinkContact, vSrv1)},
		{"not in presets", []smp.Server{srv2}, contactLink(SchemeServer, LinkContact, shortSrv), contactLink(SchemeServer, LinkContact, shortSrv)},
		{"full non-preset", presets, contactLink(SchemeServer, LinkContact, srv2), contactLink(SchemeServer, LinkContact, srv2)},
	}
	for _, c := range restore {
		if got := c.in.Restore(c.presets); !equalShort(got, c.want) {
			t.Errorf("restore %s: got %+v", c.name, got.Server)
		}
	}
	a, err := smp.ParseServerAddress(presetLH)
	if err != nil {
		t.Fatal(err)
	}
	lh := []smp.Server{a.Server}
	for _, base := range []string{lhContact, lhInv} {
		full, short := mustShort(base+lhSuffix), mustShort(base)
		if got := full.Shorten(lh); !equalShort(got, short) || got.String() != base {
			t.Errorf("shorten %s: %s", base, got)
		}
		if got := short.Restore(lh); !equalShort(got, full) || got.String() != base+lhSuffix {
			t.Errorf("restore %s: %s", base, got)
		}
		if !short.IsShortened() || full.IsShortened() {
			t.Errorf("IsShortened wrong for %s", base)
		}
	}
	// a preset without a port matches the default ports
	np := cloneServer(vSrv)
	np.Port = ""
	for _, p := range []string{"443", "5223"} {
		s := cloneServer(vSrv)
		s.Port = p
		if !contactLink(SchemeServer, LinkContact, s).Shorten([]smp.Server{np}).IsShortened() {
			t.Errorf("port %s not shortened against a port-less preset", p)
		}
	}
	s := cloneServer(vSrv)
	s.Port = "7000"
	if contactLink(SchemeServer, LinkContact, s).Shorten([]smp.Server{np}).IsShortened() {
		t.Errorf("port 7000 shortened against a port-less preset")
	}
}

func TestShortLinkParseOnly(t *testing.T) {
	// upper-case contact kinds and "/a/#" parse (the reference accepts both)
	for _, s := range []string{"simplex:/A#" + slKeyB64 + "?h=smp.simplex.im", "simplex:/a/#" + slKeyB64 + "?h=smp.simplex.im"} {
		l, err := ParseShortLink(s)
		if err != nil || !equalShort(l, contactLink(SchemeSimplex, LinkContact, shortSrv)) {
			t.Errorf("%s: %v", s, err)
		}
	}
}

func TestShortLinkErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"simplex:/x#" + slKeyB64 + "?h=a.b", "short link: unknown link type /x"},
		{"https://smp.simplex.im/xyz#" + slKeyB64, "short link: unknown link type /xyz"},
		{"simplex:/a#" + enc.B64NoPad(slKey[:31]) + "?h=a.b", "short link: link key must be 32 bytes, got 31"},
		{"simplex:/a#" + slKeyB64, "short link: short link without server (simplex: needs ?h=)"},
		{"simplex:/i#" + slKeyB64, "short link: invitation needs #<link id>/<link key>"},
		{"simplex:/i#" + slKeyB64 + "/" + slKeyB64 + "?h=a.b", "short link: link id must be 24 bytes, got 32"},
		{"ftp://x/a#" + slKeyB64, "short link: bad scheme (want simplex: or https://)"},
		{"simplex:/a#" + slKeyB64 + "?h=a.b&p=70000", `short link: p: bad port "70000"`},
		{"simplex:/a#" + slKeyB64 + "?h=a,b,", `short link: h: bad host ""`},
		{"simplex:/a#" + slKeyB64 + "?h=a.b&c=", "short link: c: key hash: empty base64url"},
		{"simplex:/a#" + slKeyB64 + "?h=", "short link: short link without server (no hosts)"},
	}
	for _, c := range cases {
		_, err := ParseShortLink(c.in)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s:\n got %v\nwant %s", c.in, err, c.want)
		}
	}
}

// Every strict prefix of a vector is rejected unless it is itself a valid
// link (a shorter query is valid: "…?h=a" of "…?h=ab").
func TestShortLinkPrefixes(t *testing.T) {
	for _, v := range shortVectors() {
		for i := range len(v.s) {
			p := v.s[:i]
			l, err := ParseShortLink(p)
			if err != nil {
				continue
			}
			if l.String() != p && !strings.Contains(p, "?") {
				t.Errorf("prefix %q of %q accepted", p, v.s)
			}
		}
	}
}
