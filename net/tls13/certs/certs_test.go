package certs

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	mrand "math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var (
	t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	t1 = time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC)
)

func testRand(seed int64) *mrand.Rand { return mrand.New(mrand.NewSource(seed)) }

func mustChain(t testing.TB, alg Alg) (*Chain, *PrivateKey) {
	t.Helper()
	ch, caKey, err := NewChain(testRand(int64(alg)), alg, "ca", "localhost", t0, t1)
	if err != nil {
		t.Fatal(err)
	}
	return ch, caKey
}

func TestChainRoundTrip(t *testing.T) {
	for _, alg := range []Alg{Ed25519, Ed448} {
		t.Run(alg.String(), func(t *testing.T) {
			ch, caKey := mustChain(t, alg)
			leaf, err := Parse(ch.Certs[0])
			if err != nil {
				t.Fatal(err)
			}
			ca, err := Parse(ch.Certs[1])
			if err != nil {
				t.Fatal(err)
			}
			if leaf.Subject != "localhost" || ca.Subject != "ca" || !ca.IsCA || leaf.IsCA {
				t.Fatalf("fields: %q %q %v %v", leaf.Subject, ca.Subject, ca.IsCA, leaf.IsCA)
			}
			if !leaf.NotBefore.Equal(t0) || !leaf.NotAfter.Equal(t1) {
				t.Fatalf("validity %v %v", leaf.NotBefore, leaf.NotAfter)
			}
			if !leaf.PublicKey.Equal(ch.Key.Public()) || !ca.PublicKey.Equal(caKey.Public()) {
				t.Fatal("keys differ")
			}
			got, err := VerifyChain(ch.Certs, Fingerprint(ch.Certs[1]), t0.Add(time.Hour))
			if err != nil || len(got) != 2 {
				t.Fatal(err)
			}
		})
	}
}

// Go's crypto/x509 is an independent parser for Ed25519: our DER must satisfy it.
func TestEd25519AcceptedByCryptoX509(t *testing.T) {
	ch, _ := mustChain(t, Ed25519)
	leaf, err := x509.ParseCertificate(ch.Certs[0])
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(ch.Certs[1])
	if err != nil {
		t.Fatal(err)
	}
	if err := leaf.CheckSignatureFrom(ca); err != nil {
		t.Fatal(err)
	}
	if !ca.IsCA || leaf.Subject.CommonName != "localhost" || leaf.ExtKeyUsage[0] != x509.ExtKeyUsageServerAuth {
		t.Fatal("x509 fields")
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: pool, CurrentTime: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
}

// openssl is an independent parser for Ed448 (crypto/x509 cannot do Ed448).
func TestOpenSSLVerifiesChain(t *testing.T) {
	bin := opensslOrSkip(t)
	for _, alg := range []Alg{Ed25519, Ed448} {
		ch, caKey := mustChain(t, alg)
		dir := t.TempDir()
		write := func(name string, data []byte) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, data, 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}
		ca := write("ca.pem", EncodeCertsPEM(ch.Certs[1]))
		leaf := write("leaf.pem", EncodeCertsPEM(ch.Certs[0]))
		out, err := exec.Command(bin, "verify", "-attime", fmt.Sprint(t0.Add(time.Hour).Unix()), "-CAfile", ca, leaf).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "OK") {
			t.Fatalf("%v: openssl verify: %v\n%s", alg, err, out)
		}
		// openssl reads our PKCS#8 key and derives the same public key.
		key := write("ca.key", EncodeKeyPEM(caKey))
		pub, err := exec.Command(bin, "pkey", "-in", key, "-pubout", "-outform", "DER").Output()
		if err != nil || !bytes.HasSuffix(pub, caKey.Public().Key) {
			t.Fatalf("%v: openssl pkey: %v", alg, err)
		}
		// and we read a key openssl generated.
		gen, err := exec.Command(bin, "genpkey", "-algorithm", strings.ToUpper(alg.String())).Output()
		if err != nil {
			t.Fatal(err)
		}
		k, err := ParseKeyPEM(gen)
		if err != nil || k.Alg() != alg {
			t.Fatalf("parse openssl key: %v", err)
		}
	}
}

func opensslOrSkip(t *testing.T) string {
	bin, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("openssl is required when CI is set")
		}
		t.Skip("openssl not installed")
	}
	return bin
}

func TestVerifyChainRejects(t *testing.T) {
	ch, _ := mustChain(t, Ed448)
	fp := Fingerprint(ch.Certs[1])
	now := t0.Add(time.Hour)
	other, _ := mustChain(t, Ed25519)
	cases := []struct {
		name  string
		chain [][]byte
		fp    []byte
		now   time.Time
		want  error
	}{
		{"wrong fingerprint", ch.Certs, Fingerprint(other.Certs[1]), now, ErrFingerprint},
		{"expired", ch.Certs, fp, t1.Add(time.Second), ErrExpired},
		{"not yet valid", ch.Certs, fp, t0.Add(-time.Second), ErrExpired},
		{"out of order", [][]byte{ch.Certs[1], ch.Certs[0]}, Fingerprint(ch.Certs[0]), now, ErrChainOrder},
		{"mixed chains", [][]byte{other.Certs[0], ch.Certs[1]}, fp, now, ErrBadSignature},
		{"too short", ch.Certs[:1], fp, now, ErrChainLength},
		{"too long", [][]byte{ch.Certs[0], ch.Certs[1], ch.Certs[1], ch.Certs[1], ch.Certs[1]}, fp, now, ErrChainLength},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := VerifyChain(c.chain, c.fp, c.now)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}

func TestIntermediates(t *testing.T) {
	root, rootKey, err := NewCA(testRand(1), Ed25519, "root", t0, t1)
	if err != nil {
		t.Fatal(err)
	}
	rootCert, _ := Parse(root)
	midKey, _ := GenerateKey(testRand(2), Ed448)
	mid, err := Create(testRand(2), Template{Subject: "mid", NotBefore: t0, NotAfter: t1, IsCA: true}, midKey.Public(), rootCert, rootKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, leafKey, err := NewLeaf(testRand(3), Ed25519, "leaf", t0, t1, mid, midKey)
	if err != nil {
		t.Fatal(err)
	}
	now := t0.Add(time.Hour)
	if _, err := VerifyChain([][]byte{leaf, mid, root}, Fingerprint(mid), now); err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyChain([][]byte{leaf, mid}, Fingerprint(mid), now); !errors.Is(err, ErrNotSelfSigned) {
		t.Fatalf("last not self-signed: got %v", err)
	}
	sub, _, err := NewLeaf(testRand(4), Ed25519, "sub", t0, t1, leaf, leafKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyChain([][]byte{sub, leaf, mid, root}, Fingerprint(leaf), now); !errors.Is(err, ErrIssuerNotCA) {
		t.Fatalf("leaf as issuer: got %v", err)
	}
}

// The XRCP reference CA is a v3 certificate with no extensions: accepted.
func TestNoExtensionCA(t *testing.T) {
	key, _ := GenerateKey(testRand(4), Ed25519)
	ca, err := Create(testRand(4), Template{Subject: "ca", NotBefore: t0, NotAfter: t1, NoExt: true}, key.Public(), nil, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _, err := NewLeaf(testRand(5), Ed25519, "localhost", t0, t1, ca, key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyChain([][]byte{leaf, ca}, Fingerprint(ca), t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
}

func TestRejectRSAAndECDSA(t *testing.T) {
	ek, _ := ecdsa.GenerateKey(elliptic.P256(), testRand(1))
	rk, _ := rsa.GenerateKey(testRand(2), 1024)
	for name, key := range map[string]any{"ecdsa": ek, "rsa": rk} {
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "x"}, NotBefore: t0, NotAfter: t1}
		der, err := x509.CreateCertificate(testRand(3), tmpl, tmpl, key.(crypto.Signer).Public(), key)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(der); !errors.Is(err, ErrUnsupportedKey) {
			t.Fatalf("%s: got %v", name, err)
		}
		if _, err := VerifyChain([][]byte{der, der}, Fingerprint(der), t0.Add(time.Hour)); !errors.Is(err, ErrUnsupportedKey) {
			t.Fatalf("%s chain: got %v", name, err)
		}
	}
}

func TestParsePrefixesAndTrailing(t *testing.T) {
	ch, _ := mustChain(t, Ed448)
	der := ch.Certs[0]
	for i := 0; i < len(der); i++ {
		if _, err := Parse(der[:i]); err == nil {
			t.Fatalf("prefix %d accepted", i)
		}
	}
	if _, err := Parse(append(append([]byte{}, der...), 0)); err == nil {
		t.Fatal("trailing byte accepted")
	}
	key := MarshalPrivateKey(ch.Key)
	for i := 0; i < len(key); i++ {
		if _, err := ParsePrivateKey(key[:i]); err == nil {
			t.Fatalf("key prefix %d accepted", i)
		}
	}
	if _, err := ParsePrivateKey(append(append([]byte{}, key...), 0)); err == nil {
		t.Fatal("key trailing byte accepted")
	}
}

func TestPEMRoundTrip(t *testing.T) {
	ch, _ := mustChain(t, Ed448)
	got, err := ParseCertsPEM(EncodeCertsPEM(ch.Certs...))
	if err != nil || len(got) != 2 || !bytes.Equal(got[0], ch.Certs[0]) || !bytes.Equal(got[1], ch.Certs[1]) {
		t.Fatal("certs PEM round trip", err)
	}
	k, err := ParseKeyPEM(EncodeKeyPEM(ch.Key))
	if err != nil || !k.Public().Equal(ch.Key.Public()) {
		t.Fatal("key PEM round trip", err)
	}
	if strings.Contains(k.String(), fmt.Sprintf("%x", k.Seed())) || strings.Contains(fmt.Sprintf("%#v %v", k, k), "Seed") {
		t.Fatal("String leaks")
	}
}

func TestFingerprintString(t *testing.T) {
	der := []byte("x")
	s := FingerprintString(der)
	if !strings.HasSuffix(s, "=") || len(s) != 44 {
		t.Fatalf("want padded base64url, got %q", s)
	}
	b, err := ParseFingerprint(s)
	if err != nil || !bytes.Equal(b, Fingerprint(der)) {
		t.Fatal(err)
	}
	if _, err := ParseFingerprint("abc"); err == nil {
		t.Fatal("short fingerprint accepted")
	}
}

func FuzzParse(f *testing.F) {
	for _, alg := range []Alg{Ed25519, Ed448} {
		ch, _ := mustChain(f, alg)
		f.Add(ch.Certs[0])
		f.Add(ch.Certs[1])
	}
	f.Fuzz(func(t *testing.T, der []byte) {
		c, err := Parse(der)
		if err == nil && !bytes.Equal(c.Raw, der) {
			t.Fatal("raw mismatch")
		}
	})
}

func FuzzParsePrivateKey(f *testing.F) {
	k, _ := GenerateKey(testRand(1), Ed448)
	f.Add(MarshalPrivateKey(k))
	f.Fuzz(func(t *testing.T, der []byte) {
		if k, err := ParsePrivateKey(der); err == nil && k == nil {
			t.Fatal("nil key")
		}
	})
}

// A chain made by openssl the way `smp-server init` makes one (CA with
// SKI/AKI and critical CA:true, subject CN+O; online leaf with CA:FALSE,
// keyUsage digitalSignature+nonRepudiation+keyAgreement, serverAuth; 999999
// days, i.e. GeneralizedTime far in the future) must load and verify.
func TestOpenSSLReferenceStyleChain(t *testing.T) {
	bin := opensslOrSkip(t)
	for _, alg := range []string{"ED448", "ED25519"} {
		dir := t.TempDir()
		p := func(n string) string { return filepath.Join(dir, n) }
		os.WriteFile(p("ca.conf"), []byte("[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = SMP server CA\nO = SimpleX\n[v3]\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\nbasicConstraints = critical,CA:true\n"), 0o600)
		os.WriteFile(p("srv.conf"), []byte("[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = localhost\n[v3]\nbasicConstraints = CA:FALSE\nkeyUsage = digitalSignature, nonRepudiation, keyAgreement\nextendedKeyUsage = serverAuth\n"), 0o600)
		for _, args := range [][]string{
			{"genpkey", "-algorithm", alg, "-out", p("ca.key")},
			{"req", "-new", "-x509", "-days", "999999", "-config", p("ca.conf"), "-extensions", "v3", "-key", p("ca.key"), "-out", p("ca.crt")},
			{"genpkey", "-algorithm", alg, "-out", p("server.key")},
			{"req", "-new", "-config", p("srv.conf"), "-reqexts", "v3", "-key", p("server.key"), "-out", p("server.csr")},
			{"x509", "-req", "-days", "999999", "-extfile", p("srv.conf"), "-extensions", "v3", "-in", p("server.csr"), "-CA", p("ca.crt"), "-CAkey", p("ca.key"), "-CAcreateserial", "-out", p("server.crt")},
		} {
			if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
				t.Fatalf("openssl %v: %v\n%s", args, err, out)
			}
		}
		read := func(n string) []byte {
			b, err := os.ReadFile(p(n))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		ch, err := LoadChain(append(read("server.crt"), read("ca.crt")...), read("server.key"))
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		ca, err := Parse(ch.Certs[1])
		if err != nil || ca.Subject != "SMP server CA" || !ca.IsCA || ca.NotAfter.Year() < 4000 {
			t.Fatalf("%s: CA %+v %v", alg, ca, err)
		}
		if _, err := VerifyChain(ch.Certs, Fingerprint(ch.Certs[1]), time.Now()); err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		if _, err := LoadChain(read("ca.crt"), read("server.key")); err == nil {
			t.Fatal("mismatched key accepted")
		}
	}
}

// Our generator with the reference's long validity and CA subject.
func TestLongValidityAndOrganization(t *testing.T) {
	key, _ := GenerateKey(testRand(1), Ed448)
	end := t0.AddDate(0, 0, 999999)
	der, err := Create(testRand(1), Template{Subject: "SMP server CA", Organization: "SimpleX", NotBefore: t0, NotAfter: end, IsCA: true}, key.Public(), nil, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(der)
	if err != nil || !c.NotAfter.Equal(end) || c.Subject != "SMP server CA" {
		t.Fatalf("%+v %v", c, err)
	}
}
