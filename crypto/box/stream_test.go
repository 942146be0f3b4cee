package box

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
	"testing/iotest"

	"golang.org/x/crypto/nacl/secretbox"
	"golang.org/x/crypto/salsa20/salsa"
)

// tailFromSecretbox builds the expected tail-tag stream from x/crypto:
// secretbox under HSalsa20(key) with its leading tag moved to the end.
func tailFromSecretbox(key SbKey, nonce Nonce, msg []byte) []byte {
	k, n := [32]byte(key), [24]byte(nonce)
	var k1 [32]byte
	salsa.HSalsa20(&k1, &[16]byte{}, &k, &salsa.Sigma)
	sb := secretbox.Seal(nil, msg, &n, &k1)
	return append(append([]byte(nil), sb[TagSize:]...), sb[:TagSize]...)
}

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// writeInPieces writes p to w in random-sized pieces (1..max bytes).
func writeInPieces(t *testing.T, r *rand.Rand, w io.Writer, p []byte, maxPiece int) {
	for len(p) > 0 {
		n := min(len(p), 1+r.IntN(maxPiece))
		if _, err := w.Write(p[:n]); err != nil {
			t.Fatal(err)
		}
		p = p[n:]
	}
}

func TestStreamMatchesSecretbox(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	key, nonce := seqKey(), seqNonce()
	for _, n := range []int{0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 1000, streamBuf - 1, streamBuf + 17, 3*streamBuf + 5} {
		msg := randBytes(r, n)
		want := tailFromSecretbox(key, nonce, msg)
		for _, maxPiece := range []int{1, 7, 64, 100000} {
			if n > 5000 && maxPiece == 1 {
				continue
			}
			var out bytes.Buffer
			w := NewEncryptWriter(&out, key, nonce)
			writeInPieces(t, r, w, msg, maxPiece)
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Fatalf("len %d pieces ≤%d: stream differs from secretbox", n, maxPiece)
			}
		}
		if got := SbEncryptTailTagNoPad(key, nonce, msg); !bytes.Equal(got, want) {
			t.Fatalf("len %d: in-memory tail tag differs", n)
		}
		// Every reader shape decrypts it.
		for name, wrap := range map[string]func(io.Reader) io.Reader{
			"plain": func(r io.Reader) io.Reader { return r },
			"1byte": iotest.OneByteReader,
			"half":  iotest.HalfReader,
			"eof":   iotest.DataErrReader,
		} {
			if n > 5000 && name == "1byte" {
				continue
			}
			var got bytes.Buffer
			if _, err := DecryptStream(&got, wrap(bytes.NewReader(want)), key, nonce); err != nil || !bytes.Equal(got.Bytes(), msg) {
				t.Fatalf("len %d %s reader: %v", n, name, err)
			}
		}
		if m, err := SbDecryptTailTagNoPad(key, nonce, want); err != nil || !bytes.Equal(m, msg) {
			t.Fatalf("len %d: in-memory open %v", n, err)
		}
	}
}

// Tampering with any byte, truncating anywhere or appending makes the
// stream fail — at the end, as ErrAuth.
func TestStreamTamperAndTruncate(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	key, nonce := seqKey(), seqNonce()
	msg := randBytes(r, 300)
	ct := tailFromSecretbox(key, nonce, msg)
	check := func(what string, in []byte) {
		t.Helper()
		if _, err := DecryptStream(io.Discard, bytes.NewReader(in), key, nonce); !errors.Is(err, ErrAuth) {
			t.Fatalf("%s: err = %v, want ErrAuth", what, err)
		}
		if _, err := SbDecryptTailTagNoPad(key, nonce, in); !errors.Is(err, ErrAuth) {
			t.Fatalf("%s (in memory): err = %v", what, err)
		}
	}
	for i := range ct {
		bad := append([]byte(nil), ct...)
		bad[i] ^= 1 << (i % 8)
		check("flip", bad)
	}
	for i := range len(ct) {
		check("truncate", ct[:i])
	}
	check("extend", append(append([]byte(nil), ct...), 0))
	// A large stream tampered in the middle of a late buffer.
	big := randBytes(r, 5*streamBuf)
	ct = tailFromSecretbox(key, nonce, big)
	for _, i := range []int{0, streamBuf, 4*streamBuf + 3, len(ct) - 17, len(ct) - 1} {
		bad := append([]byte(nil), ct...)
		bad[i] ^= 0x40
		check("big flip", bad)
	}
	check("big truncate", ct[:len(ct)-TagSize])
	// Reads after the failure keep failing; a read error is passed through.
	d := NewDecryptReader(bytes.NewReader(ct[:100]), key, nonce)
	io.Copy(io.Discard, d)
	if _, err := d.Read(make([]byte, 1)); !errors.Is(err, ErrAuth) {
		t.Fatal("error not sticky")
	}
	boom := errors.New("disk gone")
	if _, err := DecryptStream(io.Discard, iotest.ErrReader(boom), key, nonce); !errors.Is(err, boom) {
		t.Fatalf("read error: %v", err)
	}
}

func TestPaddedStream(t *testing.T) {
	key, nonce := seqKey(), seqNonce()
	msg := []byte("hello streaming")
	// XFTP web test input: tail-tag, padded to 64.
	want, err := SbEncryptTailTag(key, nonce, msg, 64)
	if err != nil || len(want) != 64+TagSize {
		t.Fatalf("SbEncryptTailTag: %d %v", len(want), err)
	}
	var out bytes.Buffer
	if err := EncryptPaddedStream(&out, bytes.NewReader(msg), key, nonce, int64(len(msg)), 64); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Fatal("padded stream differs from in-memory tail-tag box")
	}
	// Layout: i64 len ‖ msg ‖ '#' fill, as plaintext under the stream.
	plain, _ := SbDecryptTailTagNoPad(key, nonce, want)
	if string(plain[:8]) != "\x00\x00\x00\x00\x00\x00\x00\x0f" || string(plain[8:23]) != string(msg) || string(plain[23:]) != string(bytes.Repeat([]byte("#"), 41)) {
		t.Fatalf("plaintext layout %q", plain)
	}
	var got bytes.Buffer
	if n, err := DecryptPaddedStream(&got, bytes.NewReader(want), key, nonce); err != nil || n != 15 || got.String() != string(msg) {
		t.Fatalf("DecryptPaddedStream = %q %d %v", got.String(), n, err)
	}
	if m, err := SbDecryptTailTag(key, nonce, want); err != nil || string(m) != string(msg) {
		t.Fatal("SbDecryptTailTag")
	}
	// XFTP web test "Haskell encrypt -> TS decrypt (tail tag)": padded 128.
	msg2 := []byte("haskell-to-ts streaming")
	ct2, _ := SbEncryptTailTag(key, nonce, msg2, 128)
	got.Reset()
	if n, err := DecryptPaddedStream(&got, bytes.NewReader(ct2), key, nonce); err != nil || len(ct2) != 144 || n != int64(len(msg2)) || got.String() != string(msg2) {
		t.Fatalf("haskell-to-ts fixture: %d %v", n, err)
	}
	// Lenient like the reference: declared 20, only 15 bytes before the tag.
	lenient := SbEncryptTailTagNoPad(key, nonce, append([]byte("\x00\x00\x00\x00\x00\x00\x00\x14"), msg...))
	got.Reset()
	if n, err := DecryptPaddedStream(&got, bytes.NewReader(lenient), key, nonce); err != nil || n != 15 {
		t.Fatalf("lenient: %d %v", n, err)
	}
	// Errors: payload larger than padding; source shorter than declared;
	// stream shorter than the length prefix; tampering.
	if err := EncryptPaddedStream(io.Discard, bytes.NewReader(msg), key, nonce, 15, 22); err == nil {
		t.Fatal("oversized payload accepted")
	}
	if err := EncryptPaddedStream(io.Discard, bytes.NewReader(msg), key, nonce, 16, 64); !errors.Is(err, ErrShortInput) {
		t.Fatalf("short source: %v", err)
	}
	if _, err := DecryptPaddedStream(io.Discard, bytes.NewReader(SbEncryptTailTagNoPad(key, nonce, []byte{0, 0})), key, nonce); !errors.Is(err, ErrAuth) {
		t.Fatalf("short stream: %v", err)
	}
	bad := append([]byte(nil), want...)
	bad[30] ^= 1
	if _, err := DecryptPaddedStream(io.Discard, bytes.NewReader(bad), key, nonce); !errors.Is(err, ErrAuth) {
		t.Fatal("tampered padded stream accepted")
	}
	// The FGET body uses a raw X25519 secret as the key: same construction.
	var viaDH bytes.Buffer
	EncryptStream(&viaDH, bytes.NewReader(msg), DHSecret(key), nonce)
	if !bytes.Equal(viaDH.Bytes(), SbEncryptTailTagNoPad(key, nonce, msg)) {
		t.Fatal("DHSecret stream differs")
	}
}

// genReader yields n deterministic pseudo-random bytes without storing them.
type genReader struct {
	r *rand.ChaCha8
	n int64
}

func (g *genReader) Read(p []byte) (int, error) {
	if g.n == 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), g.n)]
	g.r.Read(p)
	g.n -= int64(len(p))
	return len(p), nil
}

// roundTripPadded streams size bytes through EncryptPaddedStream and
// DecryptPaddedStream over a pipe and returns the bytes allocated meanwhile.
func roundTripPadded(t *testing.T, size int64) uint64 {
	key, nonce := seqKey(), seqNonce()
	seed := [32]byte{9}
	wantHash := sha256.New()
	io.Copy(wantHash, &genReader{rand.NewChaCha8(seed), size})

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	go func() {
		err := EncryptPaddedStream(pw, &genReader{rand.NewChaCha8(seed), size}, key, nonce, size, size+8+1000)
		pw.CloseWithError(err)
		errc <- err
	}()
	h := sha256.New()
	n, err := DecryptPaddedStream(h, pr, key, nonce)
	if err != nil || n != size || <-errc != nil {
		t.Fatalf("size %d: n=%d err=%v", size, n, err)
	}
	runtime.ReadMemStats(&after)
	if !bytes.Equal(h.Sum(nil), wantHash.Sum(nil)) {
		t.Fatalf("size %d: content differs", size)
	}
	return after.TotalAlloc - before.TotalAlloc
}

// TestStreamConstantMemory streams 64 MiB and checks that the bytes
// allocated do not grow with the stream size (1 MiB vs 64 MiB).
func TestStreamConstantMemory(t *testing.T) {
	small := roundTripPadded(t, 1<<20)
	large := roundTripPadded(t, 64<<20)
	t.Logf("allocated: 1 MiB stream %d B, 64 MiB stream %d B", small, large)
	if large > small+256<<10 || large > 2<<20 {
		t.Fatalf("allocation grows with size: 1 MiB → %d B, 64 MiB → %d B", small, large)
	}
}

func FuzzDecryptStream(f *testing.F) {
	key, nonce := seqKey(), seqNonce()
	f.Add(SbEncryptTailTagNoPad(key, nonce, []byte("fuzz")), uint8(3))
	f.Add([]byte{}, uint8(0))
	f.Fuzz(func(t *testing.T, in []byte, chunk uint8) {
		var r io.Reader = bytes.NewReader(in)
		if chunk%2 == 1 {
			r = iotest.OneByteReader(r)
		}
		_, err := DecryptStream(io.Discard, r, key, nonce)
		if err == nil && !bytes.Equal(in, SbEncryptTailTagNoPad(key, nonce, []byte("fuzz"))) {
			t.Fatalf("forged stream accepted: %x", in)
		}
	})
}
