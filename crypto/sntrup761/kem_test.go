package sntrup761

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"duplex/crypto/sntrup761/internal/nistdrbg"
)

// testRNG returns a deterministic randomness source for reproducible tests.
func testRNG(t testing.TB, label byte) io.Reader {
	seed := bytes.Repeat([]byte{label}, nistdrbg.SeedSize)
	d, err := nistdrbg.New(seed)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustKeyPair(t testing.TB, rng io.Reader) (*PublicKey, *PrivateKey) {
	pk, sk, err := GenerateKey(rng)
	if err != nil {
		t.Fatal(err)
	}
	return pk, sk
}

// rejectionKey is the specification's implicit-rejection value:
// Hash0(Hash3(rho) ‖ ct), with rho taken from the private key.
func rejectionKey(sk *PrivateKey, ct *Ciphertext) SharedKey {
	hr := hashPrefix(3, sk[skRho:skCache])
	return SharedKey(hashPrefix(0, hr[:], ct[:]))
}

func TestSizes(t *testing.T) {
	if PublicKeySize != 1158 || PrivateKeySize != 1763 || CiphertextSize != 1039 || SharedKeySize != 32 {
		t.Fatal("sizes differ from round-3 sntrup761")
	}
	if rqLen != rqBytes || roundedLen != roundedBytes {
		t.Fatalf("encoder lengths %d/%d, want %d/%d", rqLen, roundedLen, rqBytes, roundedBytes)
	}
	if skCache+hashBytes != PrivateKeySize {
		t.Fatal("private key layout does not add up")
	}
}

func TestRoundTrip(t *testing.T) {
	rng := testRNG(t, 1)
	seen := map[SharedKey]bool{}
	for i := 0; i < 8; i++ {
		pk, sk := mustKeyPair(t, rng)
		if *sk.Public() != *pk {
			t.Fatal("private key does not embed the public key")
		}
		for j := 0; j < 3; j++ {
			ct, ss, err := Encapsulate(rng, pk)
			if err != nil {
				t.Fatal(err)
			}
			if got := Decapsulate(sk, ct); *got != *ss {
				t.Fatalf("key %d ct %d: decapsulated key differs", i, j)
			}
			if seen[*ss] {
				t.Fatal("repeated shared key")
			}
			seen[*ss] = true
		}
	}
}

func TestRoundTripSystemRandom(t *testing.T) {
	pk, sk := mustKeyPair(t, rand.Reader)
	ct, ss, err := Encapsulate(rand.Reader, pk)
	if err != nil {
		t.Fatal(err)
	}
	if *Decapsulate(sk, ct) != *ss {
		t.Fatal("decapsulated key differs")
	}
}

func TestDeterministic(t *testing.T) {
	pk1, sk1 := mustKeyPair(t, testRNG(t, 2))
	pk2, sk2 := mustKeyPair(t, testRNG(t, 2))
	if *pk1 != *pk2 || *sk1 != *sk2 {
		t.Fatal("same randomness, different keys")
	}
}

// Flipping any ciphertext bit must give the rejection key, never an error,
// and the same key every time.
func TestImplicitRejection(t *testing.T) {
	rng := testRNG(t, 3)
	pk, sk := mustKeyPair(t, rng)
	ct, ss, _ := Encapsulate(rng, pk)
	// Every byte of the confirmation hash and every 5th of the rounded
	// part, each with a different bit, plus both ends.
	var positions []int
	for i := 0; i < roundedBytes; i += 5 {
		positions = append(positions, i)
	}
	for i := roundedBytes - 1; i < CiphertextSize; i++ {
		positions = append(positions, i)
	}
	for n, i := range positions {
		bad := *ct
		bad[i] ^= 1 << (n % 8)
		got := Decapsulate(sk, &bad)
		if *got == *ss {
			t.Fatalf("byte %d: tampered ciphertext accepted", i)
		}
		if want := rejectionKey(sk, &bad); *got != want {
			t.Fatalf("byte %d: key is not Hash0(Hash3(rho) ‖ ct)", i)
		}
		if again := Decapsulate(sk, &bad); *again != *got {
			t.Fatalf("byte %d: rejection is not deterministic", i)
		}
	}
}

func TestWrongPrivateKeyRejects(t *testing.T) {
	rng := testRNG(t, 4)
	pk, _ := mustKeyPair(t, rng)
	_, other := mustKeyPair(t, rng)
	ct, ss, _ := Encapsulate(rng, pk)
	got := Decapsulate(other, ct)
	if *got == *ss || *got != rejectionKey(other, ct) {
		t.Fatal("a ciphertext for another key was not rejected by the rule")
	}
}

// Decoding accepts any bytes, as the reference does: garbage keys and
// ciphertexts must neither panic nor error.
func TestGarbageInputs(t *testing.T) {
	rng := testRNG(t, 5)
	_, sk := mustKeyPair(t, rng)
	var pk PublicKey
	var ct Ciphertext
	var badSK PrivateKey
	for _, fill := range []byte{0x00, 0xff, 0x5a} {
		for i := range pk {
			pk[i] = fill
		}
		for i := range ct {
			ct[i] = fill
		}
		for i := range badSK {
			badSK[i] = fill
		}
		if _, _, err := Encapsulate(rng, &pk); err != nil {
			t.Fatal(err)
		}
		if *Decapsulate(sk, &ct) != rejectionKey(sk, &ct) {
			t.Fatalf("fill %#x: garbage ciphertext not rejected by the rule", fill)
		}
		a, b := Decapsulate(&badSK, &ct), Decapsulate(&badSK, &ct)
		if *a != *b {
			t.Fatal("garbage private key gives non-deterministic output")
		}
	}
}

type shortReader struct{ n int }

func (r *shortReader) Read(b []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := min(len(b), r.n)
	for i := range b[:k] {
		b[i] = byte(i * 7)
	}
	r.n -= k
	return k, nil
}

func TestRandomnessErrors(t *testing.T) {
	for _, n := range []int{0, 3, 4 * p, 2*4*p + 1, 2*4*p + smallBytes - 1} {
		if _, _, err := GenerateKey(&shortReader{n}); err == nil {
			t.Errorf("GenerateKey with %d random bytes succeeded", n)
		}
	}
	pk, _ := mustKeyPair(t, testRNG(t, 6))
	for _, n := range []int{0, 4*p - 1} {
		if _, _, err := Encapsulate(&shortReader{n}, pk); !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			t.Errorf("Encapsulate with %d random bytes: %v", n, err)
		}
	}
}

func TestSecretsNotPrinted(t *testing.T) {
	rng := testRNG(t, 7)
	pk, sk := mustKeyPair(t, rng)
	_, ss, _ := Encapsulate(rng, pk)
	for _, v := range []any{sk, *sk, ss, *ss} {
		for _, verb := range []string{"%v", "%s", "%+v", "%#v", "%x", "%X", "%d"} {
			out := fmt.Sprintf(verb, v)
			if !strings.Contains(out, "redacted") {
				t.Errorf("%s of %T printed %.40q", verb, v, out)
			}
		}
	}
}

func TestParse(t *testing.T) {
	rng := testRNG(t, 8)
	pk, sk := mustKeyPair(t, rng)
	ct, _, _ := Encapsulate(rng, pk)
	type parser func([]byte) ([]byte, error)
	cases := []struct {
		name  string
		enc   []byte
		parse parser
	}{
		{"PublicKey", pk[:], func(b []byte) ([]byte, error) { k, err := ParsePublicKey(b); return slice(k, err) }},
		{"PrivateKey", sk[:], func(b []byte) ([]byte, error) { k, err := ParsePrivateKey(b); return slice(k, err) }},
		{"Ciphertext", ct[:], func(b []byte) ([]byte, error) { k, err := ParseCiphertext(b); return slice(k, err) }},
	}
	for _, c := range cases {
		in := bytes.Clone(c.enc)
		got, err := c.parse(in)
		if err != nil || !bytes.Equal(got, c.enc) {
			t.Fatalf("%s: round trip failed: %v", c.name, err)
		}
		in[0] ^= 1
		if got[0] != c.enc[0] {
			t.Fatalf("%s: parsed value aliases the input", c.name)
		}
		for n := 0; n < len(c.enc); n++ {
			if _, err := c.parse(c.enc[:n]); !errors.Is(err, ErrSize) {
				t.Fatalf("%s: prefix of %d bytes accepted", c.name, n)
			}
		}
		if _, err := c.parse(append(bytes.Clone(c.enc), 0)); !errors.Is(err, ErrSize) {
			t.Fatalf("%s: trailing byte accepted", c.name)
		}
	}
}

func slice[T PublicKey | PrivateKey | Ciphertext](k *T, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	switch v := any(k).(type) {
	case *PublicKey:
		return v[:], nil
	case *PrivateKey:
		return v[:], nil
	default:
		return v.(*Ciphertext)[:], nil
	}
}
