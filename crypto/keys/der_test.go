package keys

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func seq(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i + 1)
	}
	return b
}

// Prefixes asserted by simplexmq tests/XFTPWebTests.hs (vectors.md §1).
func TestDERPrefixVectors(t *testing.T) {
	for _, v := range []struct {
		name, prefix string
		got          []byte
	}{
		{"Ed25519 SPKI", "302a300506032b6570032100", Ed25519Public(seq(32)).DER()},
		{"X25519 SPKI", "302a300506032b656e032100", X25519Public(seq(32)).DER()},
		{"Ed25519 PKCS8", "302e020100300506032b657004220420", mustEd25519(t, seq(32)).PKCS8()},
		{"X25519 PKCS8", "302e020100300506032b656e04220420", mustX25519(t, seq(32)).PKCS8()},
		{"X448 SPKI", "3042300506032b656f033900", X448Public(seq(56)).DER()},
		// Derived the same way; checked against openssl in TestOpenSSLAgrees.
		{"Ed448 SPKI", "3043300506032b6571033a00", Ed448Public(seq(57)).DER()},
		{"X448 PKCS8", "3046020100300506032b656f043a0438", mustX448(t, seq(56)).PKCS8()},
	} {
		key := seq(len(v.got) - len(v.prefix)/2)
		if got, want := hex.EncodeToString(v.got), v.prefix+hex.EncodeToString(key); got != want || len(key) < 32 {
			t.Errorf("%s = %s, want %s", v.name, got, want)
		}
	}
	ed448, _ := Ed448PrivateFromBytes(seq(57))
	if got := hex.EncodeToString(ed448.PKCS8()[:16]); got != "3047020100300506032b6571043b0439" {
		t.Errorf("Ed448 PKCS8 prefix %s", got)
	}
}

func mustEd25519(t *testing.T, b []byte) *Ed25519Private {
	k, err := Ed25519PrivateFromBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
func mustX25519(t *testing.T, b []byte) *X25519Private {
	k, err := X25519PrivateFromBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
func mustX448(t *testing.T, b []byte) *X448Private {
	k, err := X448PrivateFromBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// Keys as they appear base64url-encoded in the queue URIs of vectors.md §3.
func TestURIKeysParse(t *testing.T) {
	x25519, _ := base64.URLEncoding.DecodeString("MCowBQYDK2VuAyEAjiswwI3O_NlS8Fk3HJUW870EY2bAwmttMBsvRB9eV3o=")
	if p, err := ParseX25519PublicDER(x25519); err != nil || !bytes.Equal(p.DER(), x25519) {
		t.Fatalf("X25519 URI key: %v", err)
	}
	x448, _ := base64.URLEncoding.DecodeString("MEIwBQYDK2VvAzkAmKuSYeQ_m0SixPDS8Wq8VBaTS1cW-Lp0n0h4Diu-kUpR-qXx4SDJ32YGEFoGFGSbGPry5Ychr6U=")
	if p, err := ParseX448PublicDER(x448); err != nil || !bytes.Equal(p.DER(), x448) {
		t.Fatalf("X448 URI key: %v", err)
	}
	// The Ed25519 replica key of the file description fixture (vectors.md §5).
	ed, _ := base64.URLEncoding.DecodeString("MC4CAQAwBQYDK2VwBCIEIDfEfevydXXfKajz3sRkcQ7RPvfWUPoq6pu1TYHV1DEe")
	if k, err := ParseEd25519PrivatePKCS8(ed); err != nil || !bytes.Equal(k.PKCS8(), ed) {
		t.Fatalf("Ed25519 PKCS8 fixture: %v", err)
	}
}

// codec is one encoding under test: encode a fixed key, parse bytes back.
type codec struct {
	name  string
	enc   []byte
	parse func([]byte) ([]byte, error) // returns the re-encoding
}

func codecs() []codec {
	r := bytes.NewReader(bytes.Repeat([]byte{0x42}, 1024))
	e1, _ := GenerateEd25519(r)
	x1, _ := GenerateX25519(r)
	e4, _ := GenerateEd448(r)
	x4, _ := GenerateX448(r)
	return []codec{
		{"Ed25519 SPKI", e1.Public().DER(), func(b []byte) ([]byte, error) { p, err := ParseEd25519PublicDER(b); return p.DER(), err }},
		{"X25519 SPKI", x1.Public().DER(), func(b []byte) ([]byte, error) { p, err := ParseX25519PublicDER(b); return p.DER(), err }},
		{"Ed448 SPKI", e4.Public().DER(), func(b []byte) ([]byte, error) { p, err := ParseEd448PublicDER(b); return p.DER(), err }},
		{"X448 SPKI", x4.Public().DER(), func(b []byte) ([]byte, error) { p, err := ParseX448PublicDER(b); return p.DER(), err }},
		{"Ed25519 PKCS8", e1.PKCS8(), func(b []byte) ([]byte, error) { return pkcs8Of(ParseEd25519PrivatePKCS8(b)) }},
		{"X25519 PKCS8", x1.PKCS8(), func(b []byte) ([]byte, error) { return pkcs8Of(ParseX25519PrivatePKCS8(b)) }},
		{"Ed448 PKCS8", e4.PKCS8(), func(b []byte) ([]byte, error) { return pkcs8Of(ParseEd448PrivatePKCS8(b)) }},
		{"X448 PKCS8", x4.PKCS8(), func(b []byte) ([]byte, error) { return pkcs8Of(ParseX448PrivatePKCS8(b)) }},
	}
}

func pkcs8Of[K interface{ PKCS8() []byte }](k K, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	return k.PKCS8(), nil
}

func TestDERStrictness(t *testing.T) {
	all := codecs()
	for _, c := range all {
		got, err := c.parse(c.enc)
		if err != nil || !bytes.Equal(got, c.enc) {
			t.Fatalf("%s: round trip %v", c.name, err)
		}
		for i := 0; i < len(c.enc); i++ {
			if _, err := c.parse(c.enc[:i]); !errors.Is(err, ErrBadEncoding) {
				t.Fatalf("%s: prefix %d accepted", c.name, i)
			}
		}
		if _, err := c.parse(append(append([]byte(nil), c.enc...), 0)); !errors.Is(err, ErrBadEncoding) {
			t.Fatalf("%s: trailing byte accepted", c.name)
		}
		// Any change in the fixed prefix is rejected.
		plen := len(c.enc) - 32
		if strings.Contains(c.name, "448") {
			plen = len(c.enc) - 56
			if strings.Contains(c.name, "Ed448") {
				plen--
			}
		}
		for i := 0; i < plen; i++ {
			bad := append([]byte(nil), c.enc...)
			bad[i] ^= 0x01
			if _, err := c.parse(bad); err == nil {
				t.Fatalf("%s: flipped prefix byte %d accepted", c.name, i)
			}
		}
		// Other algorithms' encodings are rejected.
		for _, o := range all {
			if o.name != c.name {
				if _, err := c.parse(o.enc); err == nil {
					t.Fatalf("%s parser accepted %s", c.name, o.name)
				}
			}
		}
	}
}

func TestParsePublicDERDispatch(t *testing.T) {
	for _, c := range codecs()[:4] {
		k, err := ParsePublicDER(c.enc)
		if err != nil || !bytes.Equal(k.DER(), c.enc) || !strings.HasPrefix(c.name, k.Algorithm().String()) {
			t.Fatalf("%s: %v %v", c.name, k, err)
		}
	}
	if _, err := ParsePublicDER([]byte{0x30}); err == nil {
		t.Fatal("garbage parsed")
	}
}

func TestRawBytesRoundTrip(t *testing.T) {
	r := bytes.NewReader(bytes.Repeat([]byte{9, 8, 7}, 200))
	e1, _ := GenerateEd25519(r)
	x1, _ := GenerateX25519(r)
	e4, _ := GenerateEd448(r)
	x4, _ := GenerateX448(r)
	if k, _ := Ed25519PrivateFromBytes(e1.Bytes()); k.Public() != e1.Public() {
		t.Fatal("Ed25519")
	}
	if k, _ := X25519PrivateFromBytes(x1.Bytes()); k.Public() != x1.Public() {
		t.Fatal("X25519")
	}
	if k, _ := Ed448PrivateFromBytes(e4.Bytes()); k.Public() != e4.Public() {
		t.Fatal("Ed448")
	}
	if k, _ := X448PrivateFromBytes(x4.Bytes()); k.Public() != x4.Public() {
		t.Fatal("X448")
	}
	for _, n := range []int{0, 31, 33, 55, 57, 58} {
		b := make([]byte, n)
		if _, err := Ed25519PrivateFromBytes(b); err == nil && n != 32 {
			t.Fatal("Ed25519 length", n)
		}
		if _, err := X25519PrivateFromBytes(b); err == nil && n != 32 {
			t.Fatal("X25519 length", n)
		}
		if _, err := X448PrivateFromBytes(b); err == nil && n != 56 {
			t.Fatal("X448 length", n)
		}
		if _, err := Ed448PrivateFromBytes(b); err == nil && n != 57 {
			t.Fatal("Ed448 length", n)
		}
		if _, err := X448PublicFromBytes(b); err == nil && n != 56 {
			t.Fatal("X448 public length", n)
		}
	}
	// DH agrees on both sides.
	y1, _ := GenerateX25519(r)
	s1, _ := x1.DH(y1.Public())
	s2, _ := y1.DH(x1.Public())
	y4, _ := GenerateX448(r)
	t1, _ := x4.DH(y4.Public())
	t2, _ := y4.DH(x4.Public())
	if s1 != s2 || t1 != t2 {
		t.Fatal("DH disagrees")
	}
}

func TestGenerateNeedsRandomness(t *testing.T) {
	short := bytes.NewReader(make([]byte, 10))
	if _, err := GenerateX448(short); err == nil {
		t.Fatal("X448 from 10 bytes")
	}
	if _, err := GenerateEd448(bytes.NewReader(nil)); err == nil {
		t.Fatal("Ed448 from nothing")
	}
}

func TestStringRedacts(t *testing.T) {
	seed := bytes.Repeat([]byte{0xab}, 57)
	e1, _ := Ed25519PrivateFromBytes(seed[:32])
	x1, _ := X25519PrivateFromBytes(seed[:32])
	e4, _ := Ed448PrivateFromBytes(seed)
	x4, _ := X448PrivateFromBytes(seed[:56])
	for _, k := range []any{e1, x1, e4, x4, *e1, *x1, *e4, *x4} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%X", "%d", "%q"} {
			out := fmt.Sprintf(verb, k)
			if strings.Contains(strings.ToLower(out), "abab") || strings.Contains(out, "171") || !strings.Contains(out, "redacted") {
				t.Errorf("%T %s printed %q", k, verb, out)
			}
		}
	}
}

func FuzzParseDER(f *testing.F) {
	for _, c := range codecs() {
		f.Add(c.enc)
	}
	f.Add([]byte{0x30, 0x2a})
	f.Fuzz(func(t *testing.T, in []byte) {
		if k, err := ParsePublicDER(in); err == nil && !bytes.Equal(k.DER(), in) {
			t.Fatal("public key does not re-encode to its input")
		}
		check := func(enc []byte, err error) {
			if err == nil && !bytes.Equal(enc, in) {
				t.Fatal("private key does not re-encode to its input")
			}
		}
		check(pkcs8Of(ParseEd25519PrivatePKCS8(in)))
		check(pkcs8Of(ParseX25519PrivatePKCS8(in)))
		check(pkcs8Of(ParseEd448PrivatePKCS8(in)))
		check(pkcs8Of(ParseX448PrivatePKCS8(in)))
	})
}
