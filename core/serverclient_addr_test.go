package core

import (
	"errors"
	"strings"
	"testing"

	"duplex/core/servers"
)

const testOnion = "beccx4yfxxbvyhqypaavemqurytl6hozr47wfc7uuecacjqdvwpw2xid.onion"

func validAddresses() []string {
	return []string{
		"smp://" + fpOf("a") + "@smp.example.com",
		"smp://" + strings.TrimRight(fpOf("a"), "=") + "@smp.example.com", // unpadded
		"smp://" + fpOf("b") + ":pass_word-1@smp.example.com," + testOnion + ":5223",
		"xftp://" + fpOf("c") + "@xftp.example.org:443",
		"smp://" + fpOf("d") + "@127.0.0.1:5223",
		"smp://" + fpOf("e") + "@[::1]:5223",
		"smp://" + fpOf("f") + "@" + testOnion,
		"smp://" + fpOf("g") + "@a-b.c_d.example",
	}
}

// Accepted addresses print canonically and read back to the same address.
func TestParseServerInputRoundTrip(t *testing.T) {
	for _, s := range validAddresses() {
		p, a, err := parseServerInput(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		out := servers.AddressString(p, a)
		p2, a2, err := parseServerInput(out)
		if err != nil || p2 != p || servers.AddressString(p2, a2) != out {
			t.Fatalf("%s -> %s -> %v %v", s, out, a2, err)
		}
		if !strings.HasPrefix(out, string(p)+"://") {
			t.Fatalf("scheme lost: %s", out)
		}
	}
}

func TestParseServerInputNormalises(t *testing.T) {
	_, a, err := parseServerInput(" smp://" + fpOf("a") + "@SMP.Example.COM \t")
	if err != nil || a.Hosts[0] != "smp.example.com" {
		t.Fatalf("%v %v", a, err)
	}
}

// Every strict prefix that ends before the first host is not an address;
// past that point a prefix is an address in its own right ("a.b" of
// "a.bc"), so the text grammar cannot reject those.
func TestParseServerInputPrefixes(t *testing.T) {
	for _, s := range validAddresses() {
		at := strings.IndexByte(s, '@')
		for i := 0; i <= at; i++ {
			if _, _, err := parseServerInput(s[:i]); !errors.Is(err, errNotServerAddress) {
				t.Fatalf("prefix %q accepted (%v)", s[:i], err)
			}
		}
	}
}

func TestParseServerInputTrailingGarbage(t *testing.T) {
	for _, s := range validAddresses() {
		for _, g := range []string{",", ":", ":0", ":65536", ":x", "/", "/path", "#frag", "?q=1", "@", " x", ";", ",,"} {
			if _, _, err := parseServerInput(s + g); !errors.Is(err, errNotServerAddress) {
				t.Errorf("%q accepted (%v)", s+g, err)
			}
		}
	}
}

func TestParseServerInputMessages(t *testing.T) {
	f := fpOf("a")
	cases := []struct{ in, want string }{
		{"", "empty"},
		{"smp.example.com", "expected smp://"},
		{"SMP://" + f + "@x.com", "not an SMP or XFTP server"},
		{"simplex://x", "link, not a server address"},
		{"smp://" + f + "x.com", "missing fingerprint"},
		{"smp://@x.com", "missing fingerprint"},
		{"smp://" + f[:20] + "@x.com", "bad fingerprint"},
		{"smp://!!!!@x.com", "bad fingerprint"},
		{"smp://" + f + ":@x.com", "empty password"},
		{"smp://" + f + ":p\x01w@x.com", "bad character"},
		{"smp://" + f + ":" + strings.Repeat("p", 256) + "@x.com", "longer than 255"},
		{"smp://" + f + "@", "missing host"},
		{"smp://" + f + "@x.com,,y.com", "empty host"},
		{"smp://" + f + "@-x.com", "starts or ends with '-'"},
		{"smp://" + f + "@x..com", "bad host"},
		{"smp://" + f + "@x.com.", "bad host"},
		{"smp://" + f + "@x!.com", "bad host"},
		{"smp://" + f + "@" + strings.Repeat("a", 64) + ".com", "longer than 63"},
		{"smp://" + f + "@abc.onion", "bad onion host"},
		{"smp://" + f + "@x.com:0", "bad port"},
		{"smp://" + f + "@x.com:070", "bad port"},
		{"smp://" + f + "@x.com,X.com", "appears twice"},
	}
	for _, tc := range cases {
		_, _, err := parseServerInput(tc.in)
		if !errors.Is(err, errNotServerAddress) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.in, err, tc.want)
		}
	}
}

// The strict parser accepts nothing servers.ParseServer refuses, and what
// it accepts prints to a fixed point.
func FuzzParseServerInput(f *testing.F) {
	for _, s := range validAddresses() {
		f.Add(s)
	}
	f.Add("smp://" + fpOf("a") + ":pw@x.com,[::1],1.2.3.4:1")
	f.Add("xftp://@")
	f.Add("smp://a:b:c@d:e:f")
	// Lowercasing turned a domain into an testOnion host with trailing garbage.
	f.Add("smp://0000000000000000000000000000000000000000000:00000000@X,0000000000000000000000000000A00000000000000000000000000.onion00")
	f.Fuzz(func(t *testing.T, s string) {
		p, a, err := parseServerInput(s)
		if err != nil {
			if !errors.Is(err, errNotServerAddress) {
				t.Fatalf("%q: error outside errNotServerAddress: %v", s, err)
			}
			return
		}
		if _, err := servers.ParseServer(p, s); err != nil {
			t.Fatalf("%q accepted here, refused by servers.ParseServer: %v", s, err)
		}
		out := servers.AddressString(p, a)
		p2, a2, err := parseServerInput(out)
		if err != nil || p2 != p || servers.AddressString(p2, a2) != out {
			t.Fatalf("%q -> %q does not read back: %v", s, out, err)
		}
	})
}
