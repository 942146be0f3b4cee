package box

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"duplex/crypto/keys"

	naclbox "golang.org/x/crypto/nacl/box"
	"golang.org/x/crypto/nacl/secretbox"
	"golang.org/x/crypto/salsa20/salsa"
)

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// seqKey/seqNonce are the XFTP web test inputs (vectors.md §1): bytes 1..32
// and 1..24.
func seqKey() SbKey {
	var k SbKey
	for i := range k {
		k[i] = byte(i + 1)
	}
	return k
}

func seqNonce() Nonce {
	var n Nonce
	for i := range n {
		n[i] = byte(i + 1)
	}
	return n
}

// The NaCl crypto_box test vector (NaCl tests/box.c, also in libsodium):
// Alice's secret key, Bob's public key, the 131-byte message.
func TestCryptoBoxNaClVector(t *testing.T) {
	alice, _ := keys.X25519PrivateFromBytes(unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"))
	bob, _ := keys.X25519PublicFromBytes(unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"))
	nonce, _ := NonceFromBytes(unhex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37"))
	msg := unhex("be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705")
	want := unhex("f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74e355a5")
	s, err := DH(bob, alice)
	if err != nil {
		t.Fatal(err)
	}
	got := CbEncryptNoPad(s, nonce, msg)
	if !bytes.Equal(got, want) {
		t.Fatalf("crypto_box = %x", got)
	}
	if m, err := CbDecryptNoPad(s, nonce, got); err != nil || !bytes.Equal(m, msg) {
		t.Fatal("open")
	}
}

// Our crypto_box equals x/crypto nacl/box for random keys, padded or not.
func TestCryptoBoxMatchesNaCl(t *testing.T) {
	r := bytes.NewReader(bytes.Repeat([]byte("deterministic randomness "), 100))
	a, _ := keys.GenerateX25519(r)
	b, _ := keys.GenerateX25519(r)
	nonce := seqNonce()
	n := [24]byte(nonce)
	bp, ap := [32]byte(b.Public()), [32]byte(a.Public())
	as := [32]byte(a.Bytes())
	s, _ := DH(b.Public(), a)
	msg := []byte("server to recipient")
	if got, want := CbEncryptNoPad(s, nonce, msg), naclbox.Seal(nil, msg, &n, &bp, &as); !bytes.Equal(got, want) {
		t.Fatalf("cbEncryptNoPad %x != nacl %x", got, want)
	}
	padded, err := CbEncrypt(s, nonce, msg, 16106)
	if err != nil || len(padded) != 16122 {
		t.Fatalf("padded len %d %v", len(padded), err)
	}
	bs := [32]byte(b.Bytes())
	inner, ok := naclbox.Open(nil, padded, &n, &ap, &bs)
	if !ok || !bytes.Equal(inner[2:2+len(msg)], msg) {
		t.Fatal("nacl could not open our padded box")
	}
	s2, _ := DH(a.Public(), b)
	if m, err := CbDecrypt(s2, nonce, padded); err != nil || !bytes.Equal(m, msg) {
		t.Fatal("CbDecrypt")
	}
}

// The SimpleX symmetric box is secretbox under HSalsa20(key, 0^16), and is
// NOT plain secretbox under the raw key.
func TestSecretBoxKeyRule(t *testing.T) {
	key, nonce := seqKey(), seqNonce()
	n, k := [24]byte(nonce), [32]byte(key)
	var k1 [32]byte
	salsa.HSalsa20(&k1, &[16]byte{}, &k, &salsa.Sigma)
	for _, tc := range []struct {
		msg string
		pad int
	}{{"hello NaCl secretbox", 256}, {"cross-language decrypt", 128}, {"ts-to-haskell NaCl", 64}} {
		got, err := SbEncrypt(key, nonce, []byte(tc.msg), tc.pad)
		if err != nil || len(got) != tc.pad+TagSize {
			t.Fatalf("%q: len %d %v", tc.msg, len(got), err)
		}
		p, _ := padFor(tc.msg, tc.pad)
		if want := secretbox.Seal(nil, p, &n, &k1); !bytes.Equal(got, want) {
			t.Fatalf("%q: not secretbox under HSalsa20(key)", tc.msg)
		}
		if _, ok := secretbox.Open(nil, got, &n, &k); ok {
			t.Fatalf("%q: plain secretbox under the raw key opened it", tc.msg)
		}
		if m, err := SbDecrypt(key, nonce, got); err != nil || string(m) != tc.msg {
			t.Fatalf("%q: SbDecrypt = %q %v", tc.msg, m, err)
		}
	}
	// No-pad variant and the DHSecret path agree for the same 32 bytes.
	if a, b := SbEncryptNoPad(key, nonce, []byte("x")), CbEncryptNoPad(DHSecret(key), nonce, []byte("x")); !bytes.Equal(a, b) {
		t.Fatal("sb and cb constructions differ")
	}
}

func padFor(msg string, n int) ([]byte, error) {
	p := make([]byte, n)
	p[0], p[1] = byte(len(msg)>>8), byte(len(msg))
	copy(p[2:], msg)
	for i := 2 + len(msg); i < n; i++ {
		p[i] = '#'
	}
	return p, nil
}

func TestBoxRejects(t *testing.T) {
	key, nonce := seqKey(), seqNonce()
	c, _ := SbEncrypt(key, nonce, []byte("msg"), 32)
	for i := range c {
		bad := append([]byte(nil), c...)
		bad[i] ^= 0x80
		if _, err := SbDecrypt(key, nonce, bad); !errors.Is(err, ErrAuth) {
			t.Fatalf("flipped byte %d accepted", i)
		}
	}
	for i := 0; i < len(c); i++ {
		if _, err := SbDecrypt(key, nonce, c[:i]); err == nil {
			t.Fatalf("prefix %d accepted", i)
		}
	}
	if _, err := SbDecrypt(key, nonce.Reverse(), c); err == nil {
		t.Fatal("wrong nonce accepted")
	}
	key[0] ^= 1
	if _, err := SbDecrypt(key, nonce, c); err == nil {
		t.Fatal("wrong key accepted")
	}
	if _, err := SbEncrypt(key, nonce, make([]byte, 31), 32); err == nil {
		t.Fatal("message larger than padding accepted")
	}
	// An authentic box whose padding is malformed is still an error.
	key[0] ^= 1
	raw := SbEncryptNoPad(key, nonce, []byte{0, 9, 'a'})
	if _, err := SbDecrypt(key, nonce, raw); err == nil {
		t.Fatal("bad padding accepted")
	}
}

func TestAuthenticator(t *testing.T) {
	r := bytes.NewReader(bytes.Repeat([]byte{1, 2, 3, 4, 5}, 100))
	server, _ := keys.GenerateX25519(r)
	client, _ := keys.GenerateX25519(r)
	nonce := seqNonce()
	msg := []byte("SUB transmission")
	auth, err := Authenticate(server.Public(), client, nonce, msg)
	if err != nil || len(auth) != AuthenticatorSize {
		t.Fatalf("auth %d %v", len(auth), err)
	}
	if !VerifyAuthenticator(client.Public(), server, nonce, auth, msg) {
		t.Fatal("valid authenticator rejected")
	}
	if VerifyAuthenticator(client.Public(), server, nonce, auth, append(msg, '!')) ||
		VerifyAuthenticator(client.Public(), server, nonce.Reverse(), auth, msg) ||
		VerifyAuthenticator(client.Public(), server, nonce, auth[:79], msg) {
		t.Fatal("bad authenticator accepted")
	}
	if _, err := Authenticate(keys.X25519Public{}, client, nonce, msg); err == nil {
		t.Fatal("low-order key accepted")
	}
}

func TestNonceHelpers(t *testing.T) {
	if n := NonceFrom([]byte{1, 2}); n[0] != 1 || n[1] != 2 || n[23] != 0 {
		t.Fatal("short NonceFrom")
	}
	long := bytes.Repeat([]byte{7}, 30)
	if n := NonceFrom(long); !bytes.Equal(n[:], long[:24]) {
		t.Fatal("long NonceFrom")
	}
	if _, err := NonceFromBytes(long); err == nil {
		t.Fatal("NonceFromBytes accepted 30 bytes")
	}
	if _, err := SbKeyFromBytes(long); err == nil {
		t.Fatal("SbKeyFromBytes accepted 30 bytes")
	}
	if n := seqNonce().Reverse(); n[0] != 24 || n[23] != 1 {
		t.Fatal("Reverse")
	}
	if _, err := RandomSbKey(bytes.NewReader(nil)); err == nil {
		t.Fatal("key from no randomness")
	}
}

func TestSecretsRedacted(t *testing.T) {
	k := SbKey(bytes.Repeat([]byte{0xab}, 32))
	ck := ChainKey(k)
	for _, v := range []any{k, &k, DHSecret(k), ck, &ck} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%d"} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, "ab") || strings.Contains(out, "171") {
				t.Errorf("%T %s printed %q", v, verb, out)
			}
		}
	}
}

func FuzzSbDecrypt(f *testing.F) {
	key, nonce := seqKey(), seqNonce()
	c, _ := SbEncrypt(key, nonce, []byte("hello"), 64)
	f.Add(c)
	f.Add([]byte{})
	f.Add(make([]byte, 16))
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := SbDecrypt(key, nonce, in)
		if err == nil && !bytes.Equal(in, c) {
			t.Fatalf("forged packet accepted: %x -> %q", in, m)
		}
		if _, err := SbDecryptTailTag(key, nonce, in); err == nil && len(in) > 0 {
			// Only a genuine tail-tag packet may open; none is seeded.
			tt, _ := SbEncryptTailTag(key, nonce, nil, int64(max(len(in)-TagSize, 8)))
			if !bytes.Equal(tt, in) {
				t.Fatal("forged tail-tag packet accepted")
			}
		}
	})
}
