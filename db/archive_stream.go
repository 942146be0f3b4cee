package db

import (
	"bufio"
	"bytes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"io"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// Archive file layout (all integers big-endian):
//
//	"DUPLEXAR" | version u16 = 1 | argon2 time u32 | memory KiB u32 | threads u8 |
//	salt[16] | nonce prefix[15]                                   = 50-byte header
//	chunk 0, chunk 1, … : XChaCha20-Poly1305(key, prefix | i u64 | last u8, 64 KiB, AD = header)
//
// key = Argon2id(passphrase, salt). Every chunk but the last holds exactly 64 KiB; the
// last one (possibly empty) has last = 1, so a truncated archive fails to open instead
// of importing a prefix. The plaintext is a tar stream (see archive.go).
const (
	arHeaderLen = 50
	arChunk     = 64 << 10
	arPrefixLen = 15
)

var arMagic = []byte("DUPLEXAR")

// ErrBadArchive: not a Duplex archive, or it was damaged or cut short.
var ErrBadArchive = errors.New("not a valid Duplex archive (damaged, truncated or not an archive)")

type arHeader struct {
	KDF    KDFParams
	Salt   [saltLen]byte
	Prefix [arPrefixLen]byte
}

func (h *arHeader) marshal() []byte {
	b := make([]byte, 0, arHeaderLen)
	b = append(b, arMagic...)
	b = binary.BigEndian.AppendUint16(b, 1)
	b = binary.BigEndian.AppendUint32(b, h.KDF.Time)
	b = binary.BigEndian.AppendUint32(b, h.KDF.Memory)
	b = append(b, h.KDF.Threads)
	b = append(b, h.Salt[:]...)
	return append(b, h.Prefix[:]...)
}

func parseArHeader(b []byte) (*arHeader, error) {
	if len(b) != arHeaderLen || !bytes.Equal(b[:8], arMagic) || binary.BigEndian.Uint16(b[8:]) != 1 {
		return nil, ErrBadArchive
	}
	h := &arHeader{KDF: KDFParams{Time: binary.BigEndian.Uint32(b[10:]), Memory: binary.BigEndian.Uint32(b[14:]), Threads: b[18]}}
	copy(h.Salt[:], b[19:35])
	copy(h.Prefix[:], b[35:50])
	if err := h.KDF.validate(); err != nil {
		return nil, ErrBadArchive
	}
	return h, nil
}

func (h *arHeader) aead(pass string) cipher.AEAD {
	k := argon2.IDKey([]byte(pass), h.Salt[:], h.KDF.Time, h.KDF.Memory, h.KDF.Threads, 32)
	a, _ := chacha20poly1305.NewX(k)
	return a
}

func (h *arHeader) nonce(i uint64, last bool) []byte {
	n := make([]byte, 0, nonceLen)
	n = append(n, h.Prefix[:]...)
	n = binary.BigEndian.AppendUint64(n, i)
	if last {
		return append(n, 1)
	}
	return append(n, 0)
}

// sealWriter encrypts a stream in chunks; Close seals the last chunk.
type sealWriter struct {
	w    io.Writer
	a    cipher.AEAD
	h    *arHeader
	ad   []byte
	buf  []byte
	i    uint64
	done bool
}

func newSealWriter(w io.Writer, pass string, kdf KDFParams, rnd io.Reader) (*sealWriter, error) {
	h := &arHeader{KDF: kdf}
	if err := kdf.validate(); err != nil {
		return nil, err
	}
	if _, err := io.ReadFull(rnd, h.Salt[:]); err != nil {
		return nil, err
	}
	if _, err := io.ReadFull(rnd, h.Prefix[:]); err != nil {
		return nil, err
	}
	ad := h.marshal()
	if _, err := w.Write(ad); err != nil {
		return nil, err
	}
	return &sealWriter{w: w, a: h.aead(pass), h: h, ad: ad, buf: make([]byte, 0, arChunk)}, nil
}

func (s *sealWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		// A full buffer is flushed only when more data follows, so the last chunk
		// is always sealed by Close with the "last" flag.
		if len(s.buf) == arChunk {
			if err := s.flush(false); err != nil {
				return n, err
			}
		}
		c := copy(s.buf[len(s.buf):arChunk], p)
		s.buf = s.buf[:len(s.buf)+c]
		p = p[c:]
		n += c
	}
	return n, nil
}

func (s *sealWriter) flush(last bool) error {
	ct := s.a.Seal(nil, s.h.nonce(s.i, last), s.buf, s.ad)
	s.i++
	s.buf = s.buf[:0]
	_, err := s.w.Write(ct)
	return err
}

func (s *sealWriter) Close() error {
	if s.done {
		return nil
	}
	s.done = true
	return s.flush(true)
}

// openReader decrypts what sealWriter wrote. A wrong passphrase fails on chunk 0.
type openReader struct {
	r    *bufio.Reader
	a    cipher.AEAD
	h    *arHeader
	ad   []byte
	ct   []byte
	pt   []byte
	i    uint64
	last bool
}

func newOpenReader(r io.Reader, pass string) (*openReader, error) {
	hb := make([]byte, arHeaderLen)
	if _, err := io.ReadFull(r, hb); err != nil {
		return nil, ErrBadArchive
	}
	h, err := parseArHeader(hb)
	if err != nil {
		return nil, err
	}
	o := &openReader{r: bufio.NewReader(r), a: h.aead(pass), h: h, ad: hb, ct: make([]byte, arChunk+tagLen)}
	if err := o.next(); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *openReader) next() error {
	n, err := io.ReadFull(o.r, o.ct)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return err
	}
	last := n < len(o.ct)
	if !last {
		// A full-size chunk is the last one only if nothing follows it.
		if _, err := o.r.Peek(1); err != nil {
			last = true
		}
	}
	pt, err := o.a.Open(nil, o.h.nonce(o.i, last), o.ct[:n], o.ad)
	if err != nil {
		if o.i == 0 {
			return ErrWrongPassphrase
		}
		return ErrBadArchive
	}
	o.i++
	o.pt, o.last = pt, last
	return nil
}

func (o *openReader) Read(p []byte) (int, error) {
	for len(o.pt) == 0 {
		if o.last {
			return 0, io.EOF
		}
		if err := o.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, o.pt)
	o.pt = o.pt[n:]
	return n, nil
}
