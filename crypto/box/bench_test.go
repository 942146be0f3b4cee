package box

import (
	"io"
	"testing"
	"time"

	"golang.org/x/crypto/nacl/secretbox"
)

const benchPiece = 64 << 10
const benchTotal = 4 << 20

// BenchmarkStreamVsSecretbox encrypts 4 MiB with the tail-tag stream
// (64 KiB writes) and, as the floor in the same run, seals the same bytes
// with raw secretbox.Seal in 64 KiB pieces. It reports both throughputs
// and ratio = stream MB/s ÷ secretbox MB/s (1.0 = no overhead).
func BenchmarkStreamVsSecretbox(b *testing.B) {
	key, nonce := seqKey(), seqNonce()
	n, k := [24]byte(nonce), [32]byte(key)
	data := make([]byte, benchTotal)
	out := make([]byte, 0, benchPiece+TagSize)
	var tStream, tFloor time.Duration
	b.SetBytes(benchTotal)
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		w := NewEncryptWriter(io.Discard, key, nonce)
		for p := data; len(p) > 0; p = p[benchPiece:] {
			w.Write(p[:benchPiece])
		}
		w.Close()
		mid := time.Now()
		for p := data; len(p) > 0; p = p[benchPiece:] {
			out = secretbox.Seal(out[:0], p[:benchPiece], &n, &k)
		}
		tStream += mid.Sub(start)
		tFloor += time.Since(mid)
	}
	mb := float64(b.N) * benchTotal / (1 << 20)
	b.ReportMetric(mb/tStream.Seconds(), "stream-MB/s")
	b.ReportMetric(mb/tFloor.Seconds(), "secretbox-MB/s")
	b.ReportMetric(tFloor.Seconds()/tStream.Seconds(), "ratio")
}

// BenchmarkStreamDecrypt measures the decrypting reader over 4 MiB.
func BenchmarkStreamDecrypt(b *testing.B) {
	key, nonce := seqKey(), seqNonce()
	ct := SbEncryptTailTagNoPad(key, nonce, make([]byte, benchTotal))
	buf := make([]byte, benchPiece)
	b.SetBytes(benchTotal)
	b.ReportAllocs()
	for b.Loop() {
		d := NewDecryptReader(&sliceReader{ct}, key, nonce)
		for {
			if _, err := d.Read(buf); err != nil {
				if err != io.EOF {
					b.Fatal(err)
				}
				break
			}
		}
	}
}

type sliceReader struct{ b []byte }

func (s *sliceReader) Read(p []byte) (int, error) {
	if len(s.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.b)
	s.b = s.b[n:]
	return n, nil
}

// BenchmarkSbEncrypt16K is the padded SMP-size box (pad + seal).
func BenchmarkSbEncrypt16K(b *testing.B) {
	key, nonce := seqKey(), seqNonce()
	msg := make([]byte, 15000)
	b.SetBytes(16000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SbEncrypt(key, nonce, msg, 16000); err != nil {
			b.Fatal(err)
		}
	}
}
