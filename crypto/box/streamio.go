package box

import (
	"crypto/subtle"
	"errors"
	"io"
)

// streamBuf is the size of the one buffer each stream owns: memory use is
// this constant whatever the stream length.
const streamBuf = 64 << 10

var errClosed = errors.New("box: stream already closed")

// EncryptWriter encrypts everything written to it onto w and appends the
// 16-byte tag on Close (the tail-tag format). It does not close w.
type EncryptWriter struct {
	w   io.Writer
	s   *cipherState
	buf []byte
	n   int64
	err error
}

// NewEncryptWriter starts a tail-tag stream under key (SbKey or DHSecret).
func NewEncryptWriter[K Key](w io.Writer, key K, nonce Nonce) *EncryptWriter {
	k := [32]byte(key)
	return &EncryptWriter{w: w, s: newCipherState(&k, &nonce), buf: make([]byte, streamBuf)}
}

// Write encrypts p and writes the ciphertext. p is not modified.
func (e *EncryptWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	done := 0
	for done < len(p) {
		n := min(len(p)-done, len(e.buf))
		e.s.encrypt(e.buf[:n], p[done:done+n])
		if _, err := e.w.Write(e.buf[:n]); err != nil {
			e.err = err
			return done, err
		}
		done += n
	}
	e.n += int64(done)
	return done, nil
}

// Count returns the number of plaintext bytes written so far.
func (e *EncryptWriter) Count() int64 { return e.n }

// Close writes the tag. Later writes fail.
func (e *EncryptWriter) Close() error {
	if e.err != nil {
		if e.err == errClosed {
			return nil
		}
		return e.err
	}
	t := e.s.tag()
	if _, err := e.w.Write(t[:]); err != nil {
		e.err = err
		return err
	}
	e.err = errClosed
	return nil
}

// DecryptReader decrypts a tail-tag stream read from r. See the package
// comment for the contract: data returned by Read is unauthenticated until
// Read returns io.EOF; a bad or missing tag makes the final Read return
// ErrAuth instead of io.EOF.
type DecryptReader struct {
	r      io.Reader
	s      *cipherState
	buf    []byte // ciphertext read but not yet released: buf[lo:hi]
	lo, hi int
	eof    bool
	err    error
}

// NewDecryptReader starts decrypting a tail-tag stream under key.
func NewDecryptReader[K Key](r io.Reader, key K, nonce Nonce) *DecryptReader {
	k := [32]byte(key)
	return &DecryptReader{r: r, s: newCipherState(&k, &nonce), buf: make([]byte, streamBuf+TagSize)}
}

// Read returns decrypted bytes, always holding back the last 16 bytes seen
// (they may be the tag).
func (d *DecryptReader) Read(p []byte) (int, error) {
	for {
		if d.err != nil {
			return 0, d.err
		}
		if avail := d.hi - d.lo - TagSize; avail > 0 && len(p) > 0 {
			n := min(avail, len(p))
			d.s.decrypt(p[:n], d.buf[d.lo:d.lo+n])
			d.lo += n
			return n, nil
		}
		if len(p) == 0 {
			return 0, nil
		}
		if d.eof {
			d.err = d.finish()
			continue
		}
		// Keep the held-back bytes at the front and refill behind them.
		d.hi = copy(d.buf, d.buf[d.lo:d.hi])
		d.lo = 0
		n, err := d.r.Read(d.buf[d.hi:])
		d.hi += n
		switch {
		case err == io.EOF:
			d.eof = true
		case err != nil:
			d.err = err
		}
	}
}

// finish checks the held-back tag at the end of the input.
func (d *DecryptReader) finish() error {
	if d.hi-d.lo != TagSize {
		return ErrAuth // shorter than a tag: truncated
	}
	want := d.s.tag()
	if subtle.ConstantTimeCompare(want[:], d.buf[d.lo:d.hi]) != 1 {
		return ErrAuth
	}
	return io.EOF
}

// EncryptStream encrypts all of src onto dst and appends the tag.
func EncryptStream[K Key](dst io.Writer, src io.Reader, key K, nonce Nonce) (int64, error) {
	e := NewEncryptWriter(dst, key, nonce)
	n, err := io.CopyBuffer(struct{ io.Writer }{e}, src, make([]byte, streamBuf))
	if err != nil {
		return n, err
	}
	return n, e.Close()
}

// DecryptStream decrypts a tail-tag stream from src onto dst and returns nil
// only if the tag verified. On any error, everything written to dst is
// unauthenticated and must be discarded.
func DecryptStream[K Key](dst io.Writer, src io.Reader, key K, nonce Nonce) (int64, error) {
	d := NewDecryptReader(src, key, nonce)
	return io.CopyBuffer(dst, struct{ io.Reader }{d}, make([]byte, streamBuf))
}
