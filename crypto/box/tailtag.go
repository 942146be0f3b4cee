package box

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"

	"duplex/crypto/enc"
)

// ErrShortInput is returned when src ends before the declared payload length.
var ErrShortInput = errors.New("box: input shorter than declared length")

// EncryptPaddedStream writes the XFTP file format (FileTransfer/Crypto.hs
// encryptFile): the tail-tag stream of
//
//	i64 payloadLen ‖ payload ‖ '#'×(paddedLen−8−payloadLen)
//
// where payload is exactly payloadLen bytes read from src (for XFTP:
// FileHeader ‖ file content). paddedLen excludes the tag, so the output is
// paddedLen+16 bytes. Extra bytes in src are not read.
func EncryptPaddedStream[K Key](dst io.Writer, src io.Reader, key K, nonce Nonce, payloadLen, paddedLen int64) error {
	if payloadLen < 0 || paddedLen-8-payloadLen < 0 {
		return fmt.Errorf("%w: %d bytes into %d", enc.ErrLargeMsg, payloadLen, paddedLen)
	}
	e := NewEncryptWriter(dst, key, nonce)
	h := enc.LazyHeader(payloadLen)
	if _, err := e.Write(h[:]); err != nil {
		return err
	}
	n, err := io.CopyBuffer(struct{ io.Writer }{e}, io.LimitReader(src, payloadLen), make([]byte, streamBuf))
	if err != nil {
		return err
	}
	if n != payloadLen {
		return fmt.Errorf("%w: %d of %d bytes", ErrShortInput, n, payloadLen)
	}
	if err := writeFill(e, paddedLen-8-payloadLen); err != nil {
		return err
	}
	return e.Close()
}

func writeFill(w io.Writer, n int64) error {
	fill := bytes.Repeat([]byte{enc.PadByte}, int(min(n, streamBuf)))
	for n > 0 {
		k := min(n, int64(len(fill)))
		if _, err := w.Write(fill[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// DecryptPaddedStream reverses EncryptPaddedStream: it writes the payload to
// dst, drops the padding and verifies the tag, returning the payload length
// written. Like the reference (splitLen + take) a declared length beyond
// the data yields what there is. Any error means dst holds unauthenticated
// data that must be discarded.
func DecryptPaddedStream[K Key](dst io.Writer, src io.Reader, key K, nonce Nonce) (int64, error) {
	d := NewDecryptReader(src, key, nonce)
	var h [8]byte
	if _, err := io.ReadFull(d, h[:]); err != nil {
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			return 0, ErrAuth // a valid stream holds at least the 8-byte length
		}
		return 0, err
	}
	declared, _, err := enc.SplitLazyLen(h[:])
	if err != nil {
		return 0, err
	}
	buf := make([]byte, streamBuf)
	n, err := io.CopyBuffer(dst, io.LimitReader(d, declared), buf)
	if err != nil {
		return n, err
	}
	// Drain the padding; the tag is checked at its end.
	if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{d}, buf); err != nil {
		return n, err
	}
	return n, nil
}

// SbEncryptTailTag is the in-memory XFTP format (Crypto/Lazy.hs
// sbEncryptTailTag): padLazy(msg, paddedLen) encrypted, tag appended.
func SbEncryptTailTag(key SbKey, nonce Nonce, msg []byte, paddedLen int64) ([]byte, error) {
	p, err := enc.PadLazy(msg, paddedLen)
	if err != nil {
		return nil, err
	}
	return sealTail((*[32]byte)(&key), &nonce, p), nil
}

// SbDecryptTailTag opens an SbEncryptTailTag packet (whose padded length is
// len(packet)−16) and removes the padding leniently, as the reference.
func SbDecryptTailTag(key SbKey, nonce Nonce, packet []byte) ([]byte, error) {
	p, err := openTail((*[32]byte)(&key), &nonce, packet)
	if err != nil {
		return nil, err
	}
	return enc.UnPadLazy(p)
}

// SbEncryptTailTagNoPad is the XRCP body encryption: ciphertext ‖ tag.
func SbEncryptTailTagNoPad(key SbKey, nonce Nonce, msg []byte) []byte {
	return sealTail((*[32]byte)(&key), &nonce, msg)
}

// SbDecryptTailTagNoPad opens an XRCP body.
func SbDecryptTailTagNoPad(key SbKey, nonce Nonce, packet []byte) ([]byte, error) {
	return openTail((*[32]byte)(&key), &nonce, packet)
}

func sealTail(key *[32]byte, nonce *Nonce, msg []byte) []byte {
	s := newCipherState(key, nonce)
	out := make([]byte, len(msg)+TagSize)
	s.encrypt(out, msg)
	t := s.tag()
	copy(out[len(msg):], t[:])
	return out
}

func openTail(key *[32]byte, nonce *Nonce, packet []byte) ([]byte, error) {
	if len(packet) < TagSize {
		return nil, ErrAuth
	}
	c := packet[:len(packet)-TagSize]
	s := newCipherState(key, nonce)
	s.mac.Write(c)
	t := s.tag()
	if subtle.ConstantTimeCompare(t[:], packet[len(c):]) != 1 {
		return nil, ErrAuth
	}
	// Authenticated: now decrypt (MAC already covers c, so only XOR).
	out := make([]byte, len(c))
	s.xor(out, c)
	return out, nil
}
