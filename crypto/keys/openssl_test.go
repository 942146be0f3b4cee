package keys

import (
	"bytes"
	"crypto/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// openssl returns the path of the openssl binary. Tests that need it fail
// under CI (CI=1 installs it via scripts/apt-test.txt) and skip elsewhere.
func openssl(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("openssl is required under CI")
		}
		t.Skip("openssl not installed")
	}
	return p
}

func run(t *testing.T, bin string, args ...string) {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl %v: %v\n%s", args, err, out)
	}
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestOpenSSLAgrees checks our SPKI/PKCS#8 encodings, public-key derivation,
// signatures and DH against OpenSSL in both directions for all four
// algorithms (this is how the X448/Ed448 prefixes are confirmed).
func TestOpenSSLAgrees(t *testing.T) {
	bin := openssl(t)
	dir := t.TempDir()
	path := func(n string) string { return filepath.Join(dir, n) }
	type ours struct {
		pkcs8, spki []byte
		parse       func(pkcs8 []byte) (spki []byte, err error)
	}
	e1, _ := GenerateEd25519(rand.Reader)
	x1, _ := GenerateX25519(rand.Reader)
	e4, _ := GenerateEd448(rand.Reader)
	x4, _ := GenerateX448(rand.Reader)
	cases := map[string]ours{
		"ED25519": {e1.PKCS8(), ed25519DER(e1), func(b []byte) ([]byte, error) {
			k, err := ParseEd25519PrivatePKCS8(b)
			return derOr(k, err, ed25519DER)
		}},
		"X25519": {x1.PKCS8(), x25519DER(x1), func(b []byte) ([]byte, error) {
			k, err := ParseX25519PrivatePKCS8(b)
			return derOr(k, err, x25519DER)
		}},
		"ED448": {e4.PKCS8(), ed448DER(e4), func(b []byte) ([]byte, error) {
			k, err := ParseEd448PrivatePKCS8(b)
			return derOr(k, err, ed448DER)
		}},
		"X448": {x4.PKCS8(), x448DER(x4), func(b []byte) ([]byte, error) {
			k, err := ParseX448PrivatePKCS8(b)
			return derOr(k, err, x448DER)
		}},
	}
	for alg, c := range cases {
		// OpenSSL's key → our parser → our public DER = OpenSSL's public DER.
		run(t, bin, "genpkey", "-algorithm", alg, "-outform", "DER", "-out", path(alg+".key"))
		run(t, bin, "pkey", "-inform", "DER", "-in", path(alg+".key"), "-pubout", "-outform", "DER", "-out", path(alg+".pub"))
		theirs := readFile(t, path(alg+".key"))
		spki, err := c.parse(theirs)
		if err != nil {
			t.Fatalf("%s: parsing OpenSSL PKCS#8 %x: %v", alg, theirs, err)
		}
		if want := readFile(t, path(alg+".pub")); !bytes.Equal(spki, want) {
			t.Fatalf("%s: our SPKI %x, OpenSSL %x", alg, spki, want)
		}
		// Our key → OpenSSL → same public DER.
		os.WriteFile(path(alg+".ours"), c.pkcs8, 0o600)
		run(t, bin, "pkey", "-inform", "DER", "-in", path(alg+".ours"), "-pubout", "-outform", "DER", "-out", path(alg+".ourpub"))
		if got := readFile(t, path(alg+".ourpub")); !bytes.Equal(got, c.spki) {
			t.Fatalf("%s: OpenSSL derived %x from our key, we say %x", alg, got, c.spki)
		}
		// OpenSSL re-encodes our PKCS#8 identically.
		run(t, bin, "pkey", "-inform", "DER", "-in", path(alg+".ours"), "-outform", "DER", "-out", path(alg+".ours2"))
		if got := readFile(t, path(alg+".ours2")); !bytes.Equal(got, c.pkcs8) {
			t.Fatalf("%s: OpenSSL re-encoded our PKCS#8 as %x", alg, got)
		}
	}

	// Signatures: OpenSSL signs, we verify; we sign, OpenSSL verifies.
	msg := []byte("SimpleX relay certificate")
	os.WriteFile(path("msg"), msg, 0o600)
	for alg, verify := range map[string]func(key, sig []byte) bool{
		"ED25519": func(key, sig []byte) bool {
			k, _ := ParseEd25519PrivatePKCS8(key)
			return k.Public().Verify(msg, sig)
		},
		"ED448": func(key, sig []byte) bool {
			k, _ := ParseEd448PrivatePKCS8(key)
			return k.Public().Verify(msg, sig)
		},
	} {
		run(t, bin, "pkeyutl", "-sign", "-rawin", "-inkey", path(alg+".key"), "-keyform", "DER", "-in", path("msg"), "-out", path(alg+".sig"))
		if !verify(readFile(t, path(alg+".key")), readFile(t, path(alg+".sig"))) {
			t.Fatalf("%s: OpenSSL signature rejected", alg)
		}
	}
	os.WriteFile(path("ED448.oursig"), e4.Sign(msg), 0o600)
	run(t, bin, "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", path("ED448.ourpub"), "-keyform", "DER", "-in", path("msg"), "-sigfile", path("ED448.oursig"))

	// DH: OpenSSL derives with its key and our public key; we derive the same.
	for alg, dh := range map[string]func(theirs []byte) []byte{
		"X25519": func(theirs []byte) []byte {
			k, _ := ParseX25519PrivatePKCS8(theirs)
			s, _ := x1.DH(k.Public())
			return s[:]
		},
		"X448": func(theirs []byte) []byte {
			k, _ := ParseX448PrivatePKCS8(theirs)
			s, _ := x4.DH(k.Public())
			return s[:]
		},
	} {
		run(t, bin, "pkeyutl", "-derive", "-inkey", path(alg+".key"), "-keyform", "DER", "-peerkey", path(alg+".ourpub"), "-peerform", "DER", "-out", path(alg+".dh"))
		if got, want := dh(readFile(t, path(alg+".key"))), readFile(t, path(alg+".dh")); !bytes.Equal(got, want) {
			t.Fatalf("%s: DH %x, OpenSSL %x", alg, got, want)
		}
	}
}

func ed25519DER(k *Ed25519Private) []byte { return k.Public().DER() }
func x25519DER(k *X25519Private) []byte   { return k.Public().DER() }
func ed448DER(k *Ed448Private) []byte     { return k.Public().DER() }
func x448DER(k *X448Private) []byte       { return k.Public().DER() }

func derOr[K any](k K, err error, der func(K) []byte) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	return der(k), nil
}
