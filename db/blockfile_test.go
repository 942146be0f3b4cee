package db

import (
	"bytes"
	"crypto/rand"
	"io"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"
)

func openBF(t *testing.T, path string, kind byte, key []byte) *blockFile {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	a, _ := chacha20poly1305.NewX(key)
	base, bs := int64(0), sideBlock
	if kind == kindMain {
		base, bs = headerArea, mainBlock
	}
	bf, err := newBlockFile(f, a, rand.Reader, [16]byte{1}, kind, base, bs, filepath.Base(path))
	if err != nil {
		t.Fatal(err)
	}
	return bf
}

// TestBlockFileModel drives a journal-style file (arbitrary offsets and lengths)
// and a main-style one with random writes, truncates and reopens, comparing every
// read with a plain byte slice.
func TestBlockFileModel(t *testing.T) {
	for _, kind := range []byte{kindJournal, kindMain} {
		r := mrand.New(mrand.NewPCG(uint64(kind), 9))
		key := make([]byte, 32)
		rand.Read(key)
		path := filepath.Join(t.TempDir(), "f")
		bf := openBF(t, path, kind, key)
		var model []byte
		for step := 0; step < 400; step++ {
			switch op := r.IntN(10); {
			case op < 6:
				n := 1 + r.IntN(9000)
				off := int64(r.IntN(len(model) + 5000))
				if kind == kindMain { // SQLite writes whole pages to the main file
					off, n = off/mainBlock*mainBlock, mainBlock
				}
				p := make([]byte, n)
				rand.Read(p)
				if _, err := bf.WriteAt(p, off); err != nil {
					t.Fatal(err)
				}
				if end := int(off) + n; end > len(model) {
					model = append(model, make([]byte, end-len(model))...)
				}
				copy(model[off:], p)
			case op < 7:
				sz := int64(r.IntN(len(model) + 1))
				if kind == kindMain {
					sz = sz / mainBlock * mainBlock
				}
				if err := bf.Truncate(sz); err != nil {
					t.Fatal(err)
				}
				model = model[:sz]
			case op < 8:
				bf.f.Close()
				bf = openBF(t, path, kind, key)
			default:
				off := int64(r.IntN(len(model) + 10))
				p := make([]byte, r.IntN(10000))
				n, err := bf.ReadAt(p, off)
				var exp []byte
				if int(off) < len(model) {
					exp = model[off:min(len(model), int(off)+len(p))]
				}
				want := len(exp)
				if n != want || (n < len(p) && err != io.EOF) || !bytes.Equal(p[:n], exp) {
					t.Fatalf("kind %d step %d: read %d@%d: n=%d want %d err=%v", kind, step, len(p), off, n, want, err)
				}
			}
			if bf.Size() != int64(len(model)) {
				t.Fatalf("kind %d step %d: size %d, model %d", kind, step, bf.Size(), len(model))
			}
		}
	}
}

// A block is bound to its index, kind and file: moving it anywhere fails.
func TestBlockFileBinding(t *testing.T) {
	key := make([]byte, 32)
	rand.Read(key)
	dir := t.TempDir()
	p := filepath.Join(dir, "j")
	bf := openBF(t, p, kindJournal, key)
	bf.WriteAt(bytes.Repeat([]byte{7}, 3*sideBlock), 0)
	bf.f.Close()
	raw, _ := os.ReadFile(p)
	// Same bytes as a temp-kind file: the kind is in the AD.
	f, _ := os.OpenFile(p, os.O_RDWR, 0)
	defer f.Close()
	a, _ := chacha20poly1305.NewX(key)
	if _, err := newBlockFile(f, a, rand.Reader, [16]byte{1}, kindTemp, 0, sideBlock, "j"); err == nil {
		t.Fatal("journal blocks accepted as a temp file")
	}
	if _, err := newBlockFile(f, a, rand.Reader, [16]byte{2}, kindJournal, 0, sideBlock, "j"); err == nil {
		t.Fatal("blocks accepted under another file id")
	}
	// Swap blocks 0 and 2: the last block (index 2) now fails at open.
	pb := sideBlock + blockExtra
	sw := bytes.Clone(raw)
	copy(sw[0:pb], raw[2*pb:3*pb])
	copy(sw[2*pb:3*pb], raw[0:pb])
	os.WriteFile(p, sw, 0o600)
	f2, _ := os.Open(p)
	defer f2.Close()
	if _, err := newBlockFile(f2, a, rand.Reader, [16]byte{1}, kindJournal, 0, sideBlock, "j"); err == nil {
		t.Fatal("swapped blocks accepted")
	}
}
