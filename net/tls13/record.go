package tls13

import (
	"crypto/cipher"
	"errors"
	"io"

	"golang.org/x/crypto/chacha20poly1305"
)

// Record content types (RFC 8446 5.1).
const (
	recordChangeCipherSpec uint8 = 20
	recordAlert            uint8 = 21
	recordHandshake        uint8 = 22
	recordApplicationData  uint8 = 23
)

const (
	recordHeaderLen = 5
	maxPlaintext    = 1 << 14            // 2^14 bytes of content per record
	maxCiphertext   = maxPlaintext + 256 // RFC 8446 5.2 limit for TLSCiphertext.length
	maxHandshakeMsg = 1 << 16            // our chains are a few KB; bound memory
	tagLen          = chacha20poly1305.Overhead
	// earlyDataBudget bounds how much undecryptable 0-RTT data a server skips
	// before treating it as an attack (we never accept early data).
	earlyDataBudget = 4 * maxCiphertext
)

// halfConn is one direction's traffic protection.
type halfConn struct {
	aead   cipher.AEAD
	iv     [12]byte
	seq    uint64
	secret []byte
}

func (h *halfConn) set(secret []byte) {
	key := expandLabel(secret, "key", nil, chacha20poly1305.KeySize)
	iv := expandLabel(secret, "iv", nil, 12)
	h.aead, _ = chacha20poly1305.New(key) // key size is fixed: cannot fail
	copy(h.iv[:], iv)
	h.seq = 0
	h.secret = secret
}

// nonce is the per-record nonce: iv XOR the 64-bit sequence number, left-padded.
func (h *halfConn) nonce(out *[12]byte) {
	*out = h.iv
	for i := 0; i < 8; i++ {
		out[4+i] ^= byte(h.seq >> (56 - 8*i))
	}
}

var errSeqOverflow = errors.New("record sequence number exhausted")

// fill makes at least n raw bytes available in c.raw[c.rawOff:].
func (c *Conn) fill(n int) error {
	for len(c.raw)-c.rawOff < n {
		if c.rawOff > 0 {
			m := copy(c.raw, c.raw[c.rawOff:])
			c.raw, c.rawOff = c.raw[:m], 0
		}
		if cap(c.raw) < n {
			nb := make([]byte, len(c.raw), 2*(recordHeaderLen+maxCiphertext))
			copy(nb, c.raw)
			c.raw = nb
		}
		k, err := c.conn.Read(c.raw[len(c.raw):cap(c.raw)])
		c.raw = c.raw[:len(c.raw)+k]
		if err != nil && len(c.raw)-c.rawOff < n {
			if err == io.EOF && len(c.raw) > c.rawOff {
				return io.ErrUnexpectedEOF
			}
			return err
		}
	}
	return nil
}

// readRecord returns the next record's content type and plaintext. The
// plaintext aliases the read buffer: consume it before the next call.
func (c *Conn) readRecord() (uint8, []byte, error) {
	for {
		if err := c.fill(recordHeaderLen); err != nil {
			return 0, nil, err
		}
		hdr := c.raw[c.rawOff : c.rawOff+recordHeaderLen]
		typ := hdr[0]
		n := int(hdr[3])<<8 | int(hdr[4])
		if hdr[1] != 3 || typ < recordChangeCipherSpec || typ > recordApplicationData {
			return 0, nil, alertf(alertUnexpectedMessage, "not a TLS record (type %d, version %#x%02x)", typ, hdr[1], hdr[2])
		}
		limit := maxPlaintext
		if c.inHC.aead != nil {
			limit = maxCiphertext
		}
		if n > limit {
			return 0, nil, alertf(alertRecordOverflow, "record of %d bytes exceeds the %d-byte limit", n, limit)
		}
		if err := c.fill(recordHeaderLen + n); err != nil {
			return 0, nil, err
		}
		hdr = c.raw[c.rawOff : c.rawOff+recordHeaderLen]
		body := c.raw[c.rawOff+recordHeaderLen : c.rawOff+recordHeaderLen+n]
		c.rawOff += recordHeaderLen + n

		if typ == recordChangeCipherSpec {
			// Middlebox-compatibility CCS: one byte 0x01, only during the handshake.
			if c.hsDone.Load() || n != 1 || body[0] != 1 {
				return 0, nil, alertf(alertUnexpectedMessage, "unexpected change_cipher_spec")
			}
			continue
		}
		if c.inHC.aead == nil {
			if typ == recordApplicationData {
				if c.earlySkip >= n {
					c.earlySkip -= n // refused 0-RTT data before our HelloRetryRequest
					continue
				}
				return 0, nil, alertf(alertUnexpectedMessage, "application data before keys are established")
			}
			if n == 0 {
				return 0, nil, alertf(alertUnexpectedMessage, "empty %d record", typ)
			}
			return typ, body, nil
		}
		if typ == recordAlert && n == 2 && !c.hsDone.Load() {
			// A peer that failed before deriving keys (e.g. a client that
			// rejects our ServerHello) can only send a plaintext alert.
			return typ, body, nil
		}
		if typ != recordApplicationData {
			return 0, nil, alertf(alertUnexpectedMessage, "unprotected record of type %d after key change", typ)
		}
		var nonce [12]byte
		c.inHC.nonce(&nonce)
		pt, err := c.inHC.aead.Open(body[:0], nonce[:], body, hdr)
		if err != nil {
			if c.earlySkip >= n {
				c.earlySkip -= n // refused 0-RTT data under keys we never derived
				continue
			}
			return 0, nil, alertf(alertBadRecordMAC, "record authentication failed")
		}
		c.earlySkip = 0
		c.inHC.seq++
		if len(pt) > maxPlaintext+1 {
			// TLSInnerPlaintext (content, type and padding) is capped at 2^14+1.
			return 0, nil, alertf(alertRecordOverflow, "inner plaintext of %d bytes", len(pt))
		}
		i := len(pt) - 1
		for i >= 0 && pt[i] == 0 {
			i-- // padding: zeros after the real content type
		}
		if i < 0 {
			return 0, nil, alertf(alertUnexpectedMessage, "record without content type")
		}
		typ, pt = pt[i], pt[:i]
		if len(pt) > maxPlaintext {
			return 0, nil, alertf(alertRecordOverflow, "record plaintext of %d bytes", len(pt))
		}
		switch typ {
		case recordHandshake, recordAlert:
			if len(pt) == 0 {
				return 0, nil, alertf(alertUnexpectedMessage, "empty %d record", typ)
			}
		case recordApplicationData:
		default:
			return 0, nil, alertf(alertUnexpectedMessage, "protected record of type %d", typ)
		}
		return typ, pt, nil
	}
}

// writeRecordLocked sends data as records of type typ (caller holds c.out or
// runs the handshake). While c.buffering it collects a flight in c.pending.
func (c *Conn) writeRecordLocked(typ uint8, data []byte) (int, error) {
	if c.writeErr != nil {
		return 0, c.writeErr
	}
	written := 0
	for len(data) > 0 {
		chunk := min(len(data), maxPlaintext)
		if cap(c.outBuf) < recordHeaderLen+maxPlaintext+1+tagLen {
			c.outBuf = make([]byte, 0, recordHeaderLen+maxPlaintext+1+tagLen)
		}
		buf := c.outBuf[:recordHeaderLen]
		if c.outHC.aead == nil {
			buf[0] = typ
			buf = append(buf, data[:chunk]...)
		} else {
			if c.outHC.seq == ^uint64(0) {
				c.writeErr = alertErr(alertInternalError, errSeqOverflow)
				return written, c.writeErr
			}
			buf[0] = recordApplicationData
			buf = append(buf, data[:chunk]...)
			buf = append(buf, typ)
		}
		buf[1], buf[2] = 3, 3
		size := len(buf) - recordHeaderLen
		if c.outHC.aead != nil {
			size += tagLen
		}
		buf[3], buf[4] = byte(size>>8), byte(size)
		if c.outHC.aead != nil {
			var nonce [12]byte
			c.outHC.nonce(&nonce)
			buf = c.outHC.aead.Seal(buf[:recordHeaderLen], nonce[:], buf[recordHeaderLen:], buf[:recordHeaderLen])
			c.outHC.seq++
		}
		if c.buffering {
			c.pending = append(c.pending, buf...)
		} else if _, err := c.conn.Write(buf); err != nil {
			c.writeErr = err
			return written, err
		}
		written += chunk
		data = data[chunk:]
	}
	return written, nil
}

func (c *Conn) flush() error {
	c.buffering = false
	if len(c.pending) == 0 {
		return nil
	}
	_, err := c.conn.Write(c.pending)
	c.pending = c.pending[:0]
	if err != nil {
		c.writeErr = err
	}
	return err
}

// readHandshake returns the next whole handshake message (header included).
// Messages may span records; during the handshake nothing else may arrive.
func (c *Conn) readHandshake() ([]byte, error) {
	for {
		if len(c.hsBuf) >= 4 {
			n := int(c.hsBuf[1])<<16 | int(c.hsBuf[2])<<8 | int(c.hsBuf[3])
			if n > maxHandshakeMsg {
				return nil, alertf(alertIllegalParameter, "handshake message of %d bytes", n)
			}
			if len(c.hsBuf) >= 4+n {
				msg := c.hsBuf[:4+n]
				c.hsBuf = c.hsBuf[4+n:]
				return msg, nil
			}
		}
		typ, data, err := c.readRecord()
		if err != nil {
			return nil, err
		}
		switch typ {
		case recordHandshake:
			c.hsBuf = append(c.hsBuf, data...)
		case recordAlert:
			if err := c.handleAlert(data); err != nil {
				return nil, err
			}
		default:
			return nil, alertf(alertUnexpectedMessage, "application data during the handshake")
		}
	}
}

// atKeyBoundary enforces that no handshake bytes straddle a key change.
func (c *Conn) atKeyBoundary() error {
	if len(c.hsBuf) != 0 {
		return alertf(alertUnexpectedMessage, "handshake message spans a key change")
	}
	return nil
}

func (c *Conn) handleAlert(data []byte) error {
	if len(data) != 2 {
		return alertf(alertDecodeError, "malformed alert")
	}
	switch data[1] {
	case alertCloseNotify:
		return io.EOF
	case alertUserCanceled:
		return nil // followed by close_notify (RFC 8446 6.1)
	}
	return &AlertError{Alert: data[1], Remote: true}
}

// sendAlertLocked sends an alert under the current write keys; errors are
// ignored because the connection is being torn down anyway.
func (c *Conn) sendAlertLocked(desc uint8) {
	level := byte(2)
	if desc == alertCloseNotify || desc == alertUserCanceled {
		level = 1
	}
	c.buffering = false // a half-built flight is dropped: the alert replaces it
	c.pending = c.pending[:0]
	if c.writeErr == nil {
		c.writeRecordLocked(recordAlert, []byte{level, desc})
	}
}
