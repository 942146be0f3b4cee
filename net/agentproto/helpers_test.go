package agentproto

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"

	"duplex/crypto/keys"
	"duplex/net/links"
	"duplex/net/smp"
)

// testRand is a reproducible randomness source.
func testRand(seed byte) io.Reader {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}

func testServer(host string) smp.Server {
	kh := bytes.Repeat([]byte{0xA5}, 32)
	return smp.Server{Hosts: []string{host, "jjbyvoemxysm7qxap7m5d5m35jzv5qq6gnlv7s4rsn7tdwwmuqciwpid.onion"}, Port: "5223", KeyHash: kh}
}

func testX25519(t testing.TB, seed byte) *keys.X25519Private {
	k, err := keys.GenerateX25519(testRand(seed))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func testEd25519(t testing.TB, seed byte) *keys.Ed25519Private {
	k, err := keys.GenerateEd25519(testRand(seed))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func testQueueURI(t testing.TB, seed byte, vr links.VersionRange, mode links.QueueMode) *links.QueueURI {
	return &links.QueueURI{
		Versions: vr,
		QueueAddress: links.QueueAddress{
			Server:   testServer("smp.example.org"),
			SenderID: bytes.Repeat([]byte{seed}, 24),
			DHKey:    testX25519(t, seed).Public(),
			Mode:     mode,
		},
	}
}

func testQueueInfo(t testing.TB, seed byte, v uint16, mode links.QueueMode) *links.QueueInfo {
	q := testQueueURI(t, seed, links.VersionRange{Min: 1, Max: 4}, mode).Info(v)
	if v <= 1 { // the legacy form carries one host
		q.Server.Hosts = q.Server.Hosts[:1]
	}
	return q
}

// checkParser asserts the parser contract on one encoding b. reencode
// parses and encodes again. Every strict prefix must be rejected unless it
// re-encodes to exactly itself (a shorter tail, or an optional trailing
// field left out). With tail set, the last field is tail(…): an appended
// byte belongs to it, so the extended input must re-encode to itself;
// otherwise trailing bytes are rejected.
func checkParser(t *testing.T, name string, b []byte, tail bool, reencode func([]byte) ([]byte, error)) {
	t.Helper()
	re, err := reencode(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !bytes.Equal(re, b) {
		t.Fatalf("%s: re-encoding differs\n got %x\nwant %x", name, re, b)
	}
	for i := range len(b) {
		re, err := reencode(b[:i])
		if err == nil && !bytes.Equal(re, b[:i]) {
			t.Errorf("%s: prefix %d accepted and re-encodes differently", name, i)
		}
	}
	for _, g := range [][]byte{{0}, []byte("#"), []byte("garbage")} {
		long := append(bytes.Clone(b), g...)
		re, err := reencode(long)
		switch {
		case tail && (err != nil || !bytes.Equal(re, long)):
			t.Errorf("%s: tail did not absorb %q: %v", name, g, err)
		case !tail && err == nil:
			t.Errorf("%s: trailing %q accepted", name, g)
		}
	}
}

// mustPrefixFail asserts that all prefixes shorter than n are rejected.
func mustPrefixFail(t *testing.T, name string, b []byte, n int, parse func([]byte) error) {
	t.Helper()
	for i := 0; i < n && i < len(b); i++ {
		if parse(b[:i]) == nil {
			t.Errorf("%s: prefix %d of the fixed part accepted", name, i)
		}
	}
}

func smpServer1() smp.Server {
	return smp.Server{Hosts: []string{"h"}, Port: "", KeyHash: bytes.Repeat([]byte{0xA5}, 32)}
}

func testX448Public(t testing.TB) keys.X448Public {
	k, err := keys.GenerateX448(testRand(99))
	if err != nil {
		t.Fatal(err)
	}
	return k.Public()
}
