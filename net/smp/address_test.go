package smp

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"duplex/crypto/enc"
	"duplex/net/tls13/certs"
)

// vectors.md §2: the upstream test server's CA certificate and its key hash.
const upstreamCA = `-----BEGIN CERTIFICATE-----
MIIBtjCCATagAwIBAgIUe2PryrWo0xXX9vcA3WfbCzcdmgAwBQYDK2VxMCoxFjAU
BgNVBAMMDVNNUCBzZXJ2ZXIgQ0ExEDAOBgNVBAoMB1NpbXBsZVgwIBcNMjIwMTEx
MTExNjM5WhgPNDc1OTEyMDgxMTE2MzlaMCoxFjAUBgNVBAMMDVNNUCBzZXJ2ZXIg
Q0ExEDAOBgNVBAoMB1NpbXBsZVgwQzAFBgMrZXEDOgCAcvFwVicR+RLZpiEWPFNR
XYTbf+mFcX1NHIyPQDugFwOCgqJAW1fsjYgFhtQJSMH/lc1N7clfm4CjUzBRMB0G
A1UdDgQWBBQcUJvR7mm26yxMQfCsWgbnwMmJVDAfBgNVHSMEGDAWgBQcUJvR7mm2
6yxMQfCsWgbnwMmJVDAPBgNVHRMBAf8EBTADAQH/MAUGAytlcQNzAAAP/hMPNxyW
fyJi+iJViodU+C/aklnvHtjh5P3AbiVCSUfY6+PEdvkC8Ov0pBAYpYi5ukSNNVXl
ABVRlipB+vOcLQStNyaZ7kXzQ2IO/0btmIidh+G6SP8I4aytYIYYcV5pEUZpG1L1
57g8P29SDv81AA==
-----END CERTIFICATE-----
`

func TestAddressVectors(t *testing.T) {
	ders, err := certs.ParseCertsPEM([]byte(upstreamCA))
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseServerAddress("smp://LcJUMfVhwD8yxjAiSaDzzGF3-kLG4Uh0Fl_ZIjrRwjI=@localhost:7001")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.KeyHash, certs.Fingerprint(ders[0])) || a.Hosts[0] != "localhost" || a.Port != "7001" {
		t.Fatalf("test server address: %+v", a)
	}
	if !a.VerifyIdentity([][]byte{nil, ders[0]}) {
		t.Fatal("VerifyIdentity")
	}
	preset := "smp://0YuTwO05YJWS8rkjn9eLJDjQhFKvIYd8d4xG8X1blIU=@smp8.simplex.im,beccx4yfxxbvyhqypaavemqurytl6hozr47wfc7uuecacjqdvwpw2xid.onion"
	a, err = ParseServerAddress(preset)
	if err != nil || a.String() != preset || len(a.Hosts) != 2 || a.Port != "" {
		t.Fatalf("preset: %+v %v", a, err)
	}
	if k, ok := ClassifyHost(a.Hosts[1]); !ok || k != HostOnion {
		t.Fatal("onion host")
	}
	// Every preset relay in the shared data file round-trips.
	data, err := os.ReadFile("../../../shared/data/preset-servers.txt")
	if err == nil {
		n := 0
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.HasPrefix(line, "smp://") {
				continue
			}
			a, err := ParseServerAddress(line)
			if err != nil || a.String() != line {
				t.Errorf("%s: %v", line, err)
			}
			n++
		}
		t.Logf("%d preset addresses", n)
	}
}

// vectors.md §1 (EncodingTests.hs): which strings are hosts, and of what kind.
func TestHostVectors(t *testing.T) {
	for h, want := range map[string]HostKind{
		"smp.simplex.im": HostDomain,
		"beccx4yfxxbvyhqypaavemqurytl6hozr47wfc7uuecacjqdvwpw2xid.onion": HostOnion,
		"192.168.0.1":   HostIPv4,
		"192.168.1":     HostDomain,
		"192.256.0.1":   HostDomain,
		"192.168.0.-1":  HostDomain,
		"::1":           HostIPv6,
		"[2001:db8::1]": HostIPv6,
	} {
		if k, ok := ClassifyHost(h); !ok || k != want {
			t.Errorf("%q: kind %d ok %v, want %d", h, k, ok, want)
		}
	}
	for _, h := range []string{"smp,simplex.im", "smp:simplex.im", "smp#simplex.im", "smp simplex.im", "192.168.0.0.1", "", "x.onion.onion", "EVIL.onion"} {
		if _, ok := ClassifyHost(h); ok {
			t.Errorf("%q accepted as a host", h)
		}
	}
}

func TestAddressRoundTripAndRejects(t *testing.T) {
	fp := enc.B64(fill(32, 7))
	for _, s := range []string{
		"smp://" + fp + "@a.example",
		"smp://" + fp + ":pass@a.example,b.example:443",
		"smp://" + fp + "@192.168.0.1:5223",
		"smp://" + fp + "@[2001:db8::1]:5223",
		"smp://" + fp + "@[::1]",
		"smp://" + fp + "@abc.onion,1.2.3.4,[fe80::1]:1",
	} {
		a, err := ParseServerAddress(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if a.String() != s {
			t.Errorf("%s re-encoded as %s", s, a.String())
		}
		b, err := EncodeServer(a.Server)
		if err != nil {
			t.Fatal(err)
		}
		srv, err := ParseServer(b)
		if err != nil || !reflect.DeepEqual(srv, a.Server) {
			t.Fatalf("%s binary: %+v %v", s, srv, err)
		}
		for i := 0; i < len(b); i++ {
			if _, err := ParseServer(b[:i]); err == nil {
				t.Fatalf("%s: binary prefix %d parsed", s, i)
			}
		}
		if _, err := ParseServer(append(b, 0)); err == nil {
			t.Fatalf("%s: trailing byte parsed", s)
		}
		for i := 0; i < len(s); i++ {
			if p, err := ParseServerAddress(s[:i]); err == nil && reflect.DeepEqual(p, a) {
				t.Fatalf("%s: prefix %d parsed to the same address", s, i)
			}
		}
	}
	// Unpadded key hash is accepted (the reference's base64url decoder pads).
	if _, err := ParseServerAddress("smp://" + strings.TrimRight(fp, "=") + "@a.example"); err != nil {
		t.Error("unpadded key hash rejected:", err)
	}
	for _, s := range []string{
		"", "smp://", "smp://" + fp, "smp://" + fp + "@", "xftp://" + fp + "@a.example",
		"smp://abc@a.example", "smp://" + fp + ":@a.example", "smp://" + fp + ":a/b@a.example",
		"smp://" + fp + "@a.example:", "smp://" + fp + "@a.example:99999", "smp://" + fp + "@a.example:05223",
		"smp://" + fp + "@a.example,", "smp://" + fp + "@a.example/x", "smp://" + fp + "@a.example:1x",
		"smp://" + fp + "@[zz::1]",
	} {
		if a, err := ParseServerAddress(s); err == nil {
			t.Errorf("%q accepted: %+v", s, a)
		}
	}
}

func TestClientPortSelection(t *testing.T) {
	c := &Client{cfg: ClientConfig{PresetDomains: []string{"simplex.im"}}}
	for _, tc := range []struct {
		port, host, want string
		web              bool
	}{
		{"", "smp8.simplex.im", "smp8.simplex.im:443", true},
		{"", "simplex.im", "simplex.im:443", true},
		{"", "notsimplex.im", "notsimplex.im:5223", false},
		{"", "abc.onion", "abc.onion:5223", false},
		{"", "1.2.3.4", "1.2.3.4:5223", false},
		{"", "::1", "[::1]:5223", false},
		{"5224", "smp8.simplex.im", "smp8.simplex.im:5224", false},
	} {
		c.cfg.Server.Port = tc.port
		if got, web := c.hostPort(tc.host); got != tc.want || web != tc.web {
			t.Errorf("%s port %q: %s web=%v, want %s web=%v", tc.host, tc.port, got, web, tc.want, tc.web)
		}
	}
}
