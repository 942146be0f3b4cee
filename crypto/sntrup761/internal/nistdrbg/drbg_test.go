package nistdrbg

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
)

// The first seed PQCgenKAT_kem prints (count = 0) after instantiating with
// entropy 00 01 … 2F; it is the same in every NIST round-3 KAT file.
const firstSeed = "061550234D158C5EC95595FE04EF7A25767F2E24CC2BC479D09D86DC9ABCFDE7056A8C266F9EF97ED08541DBD2E1FFA1"

func katEntropy() []byte {
	e := make([]byte, SeedSize)
	for i := range e {
		e[i] = byte(i)
	}
	return e
}

func TestFirstKATSeed(t *testing.T) {
	d, err := New(katEntropy())
	if err != nil {
		t.Fatal(err)
	}
	seed := make([]byte, 48)
	if n, err := d.Read(seed); n != 48 || err != nil {
		t.Fatalf("Read = %d, %v", n, err)
	}
	if got := strings.ToUpper(hex.EncodeToString(seed)); got != firstSeed {
		t.Fatalf("seed 0 = %s, want %s", got, firstSeed)
	}
}

// Reads are randombytes calls: splitting a read changes the stream, because
// every call ends with an Update. Callers depend on this.
func TestReadGranularityMatters(t *testing.T) {
	a, _ := New(katEntropy())
	b, _ := New(katEntropy())
	whole := make([]byte, 32)
	a.Read(whole)
	split := make([]byte, 32)
	b.Read(split[:16])
	b.Read(split[16:])
	if !bytes.Equal(whole[:16], split[:16]) {
		t.Fatal("first block differs")
	}
	if bytes.Equal(whole[16:], split[16:]) {
		t.Fatal("second call did not see the Update")
	}
}

func TestDeterministicAndTruncated(t *testing.T) {
	a, _ := New(katEntropy())
	b, _ := New(katEntropy())
	x := make([]byte, 5)
	y := make([]byte, 16)
	a.Read(x)
	b.Read(y)
	if !bytes.Equal(x, y[:5]) {
		t.Fatal("a short read must be the prefix of the first block")
	}
	if n, err := a.Read(nil); n != 0 || err != nil {
		t.Fatal("empty read")
	}
}

func TestBadSeed(t *testing.T) {
	for _, n := range []int{0, 47, 49} {
		if _, err := New(make([]byte, n)); err == nil {
			t.Fatalf("seed of %d bytes accepted", n)
		}
	}
}
