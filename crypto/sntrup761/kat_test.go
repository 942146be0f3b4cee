package sntrup761

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"duplex/crypto/sntrup761/internal/nistdrbg"
)

// Known answers. Each was also reproduced outside Go, by compiling
// simplexmq's cbits/sntrup761.c against a C NIST DRBG (see doc.go).
const (
	// nistkat-sha256 in PQClean's crypto_kem/sntrup761/META.yml
	// (supercop-20210604): the output of PQClean's test/crypto_kem/nistkat.c,
	// which prints only vector 0 (count/seed/pk/sk/ct/ss lines, no "#"
	// header, no trailing blank line), with randomness drawn one polynomial
	// per randombytes call.
	pqcleanKATSHA256 = "afc42c3a5b10f4ef69654250097ebda9b9564570f4086744b24a6daf2bd1f89a"
	// The full 100-vector PQCgenKAT_kem .rsp file, same randomness calls.
	rsp100SHA256 = "147c26b63493ddaaeae1f59a5b42ffc233e24e1414198eacbcff7100f05077aa"
	// The same file when every random word is its own 4-byte randombytes
	// call, as simplexmq's cbits (and the round-2 NIST submission) draw it.
	rsp100WordwiseSHA256 = "88d9f5a108ff49078e0ad191c510e883558c131d8a825363b3327e610b22e93d"
)

// wordwise turns each read of a whole polynomial's randomness into 4-byte
// reads of the underlying source, reproducing the reference call pattern
// that draws one 32-bit word per randombytes call.
type wordwise struct{ r io.Reader }

func (w wordwise) Read(b []byte) (int, error) {
	if len(b) != 4*p {
		return w.r.Read(b)
	}
	for i := 0; i < len(b); i += 4 {
		if _, err := io.ReadFull(w.r, b[i:i+4]); err != nil {
			return i, err
		}
	}
	return len(b), nil
}

func fprintHex(w io.Writer, label string, b []byte) {
	fmt.Fprintf(w, "%s = %s\n", label, strings.ToUpper(hex.EncodeToString(b)))
}

// katFormat selects the text layout of a KAT file.
type katFormat struct {
	header     bool // "# sntrup761" and a blank line first (PQCgenKAT_kem)
	blankAfter bool // blank line after each vector (PQCgenKAT_kem)
}

var (
	nistRSP    = katFormat{header: true, blankAfter: true}
	pqcleanKAT = katFormat{}
)

// writeKAT writes n vectors: seeds come from a master DRBG instantiated with
// entropy 00..2F; each vector instantiates a fresh DRBG from its seed and
// runs keygen then encapsulation on it. Decapsulation must agree.
func writeKAT(t testing.TB, w io.Writer, n int, form katFormat, wrap func(io.Reader) io.Reader) {
	entropy := make([]byte, nistdrbg.SeedSize)
	for i := range entropy {
		entropy[i] = byte(i)
	}
	master, err := nistdrbg.New(entropy)
	if err != nil {
		t.Fatal(err)
	}
	if form.header {
		fmt.Fprintf(w, "# sntrup761\n\n")
	}
	for i := 0; i < n; i++ {
		seed := make([]byte, nistdrbg.SeedSize)
		master.Read(seed)
		drbg, _ := nistdrbg.New(seed)
		rng := wrap(drbg)
		pk, sk, err := GenerateKey(rng)
		if err != nil {
			t.Fatal(err)
		}
		ct, ss, err := Encapsulate(rng, pk)
		if err != nil {
			t.Fatal(err)
		}
		if ss2 := Decapsulate(sk, ct); *ss2 != *ss {
			t.Fatalf("count %d: decapsulated key differs", i)
		}
		fmt.Fprintf(w, "count = %d\n", i)
		fprintHex(w, "seed", seed)
		fprintHex(w, "pk", pk[:])
		fprintHex(w, "sk", sk[:])
		fprintHex(w, "ct", ct[:])
		fprintHex(w, "ss", ss[:])
		if form.blankAfter {
			fmt.Fprintf(w, "\n")
		}
	}
}

func plain(r io.Reader) io.Reader { return r }

func fileSHA256(t *testing.T, n int, form katFormat, wrap func(io.Reader) io.Reader) (string, []byte) {
	path := filepath.Join(t.TempDir(), "kat_kem.rsp")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	writeKAT(t, fh, n, form, wrap)
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), data
}

// TestPQCleanKAT is the check named in the design: PQClean's nistkat-sha256.
func TestPQCleanKAT(t *testing.T) {
	got, _ := fileSHA256(t, 1, pqcleanKAT, plain)
	if got != pqcleanKATSHA256 {
		t.Fatalf("PQClean KAT SHA-256 = %s, want %s", got, pqcleanKATSHA256)
	}
}

// TestNISTKAT100 writes the 100-vector PQCgenKAT_kem response file.
func TestNISTKAT100(t *testing.T) {
	got, data := fileSHA256(t, 100, nistRSP, plain)
	if got != rsp100SHA256 {
		t.Errorf("kat_kem.rsp SHA-256 = %s, want %s", got, rsp100SHA256)
	}
	if c := bytes.Count(data, []byte("\ncount = ")); c != 100 || !bytes.HasPrefix(data, []byte("# sntrup761\n\ncount = 0\n")) {
		t.Errorf("unexpected layout (%d vectors)", c)
	}
	// Vector 0 of the big file is the PQClean file plus the NIST framing.
	_, one := fileSHA256(t, 1, pqcleanKAT, plain)
	if !bytes.HasPrefix(data[len("# sntrup761\n\n"):], one) {
		t.Error("vector 0 differs between the two layouts")
	}
}

// TestWordwiseKAT proves the same code matches simplexmq's cbits/sntrup761.c
// call for call when randomness is requested one 32-bit word at a time.
func TestWordwiseKAT(t *testing.T) {
	if testing.Short() {
		t.Skip("100 key generations")
	}
	got, _ := fileSHA256(t, 100, nistRSP, func(r io.Reader) io.Reader { return wordwise{r} })
	if got != rsp100WordwiseSHA256 {
		t.Errorf("word-by-word kat_kem.rsp SHA-256 = %s, want %s", got, rsp100WordwiseSHA256)
	}
}
