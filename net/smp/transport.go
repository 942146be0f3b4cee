package smp

import (
	"errors"
	"io"
	"sync"
	"time"

	"duplex/crypto/box"
	"duplex/crypto/enc"
	"duplex/crypto/keys"
	"duplex/net/tls13"
)

// ALPN is the protocol name a client must offer; without it a relay speaks v6 only.
const ALPN = "smp/1"

// Transport carries 16384-byte blocks over an established SMP session. One
// goroutine may read while another writes: each direction has its own lock
// and, from v11, its own chain key.
type Transport struct {
	conn      *tls13.Conn
	version   Version
	peerRange VersionRange
	sessionID []byte
	proxy     bool

	serverPub  *keys.X25519Public  // client side: the relay's session key (cbAuth), nil at v6
	serverPriv *keys.X25519Private // relay side: its session key
	serverCert *CertChainPubKey    // client side: the hello's chain and signed key (PKEY)
	peerKey    *keys.X25519Public  // relay side: the client hello's key
	clientPriv *keys.X25519Private // client side: our hello key

	wmu  sync.Mutex
	snd  *box.ChainKey // nil = plain padded blocks
	wbuf []byte

	rmu  sync.Mutex
	rcv  *box.ChainKey
	rbuf []byte
}

// ServerCert is, on the client side, the relay's certificate chain and
// signed session key from its hello (what a proxy returns in PKEY); nil at v6.
func (t *Transport) ServerCert() *CertChainPubKey { return t.serverCert }

// SessionSecret is X25519 of the two hello keys (both sides compute the
// same value): the secret of the proxy↔relay hop that RFWD/RRES are boxed
// with. ok is false when either key is missing (v6, or no client key).
func (t *Transport) SessionSecret() (secret box.DHSecret, ok bool) {
	var err error
	switch {
	case t.serverPriv != nil && t.peerKey != nil:
		secret, err = box.DH(*t.peerKey, t.serverPriv)
	case t.clientPriv != nil && t.serverPub != nil:
		secret, err = box.DH(*t.serverPub, t.clientPriv)
	default:
		return secret, false
	}
	return secret, err == nil
}

// Version is the negotiated protocol version.
func (t *Transport) Version() Version { return t.version }

// PeerRange is the version range the peer announced (relay: in its hello;
// client: just the agreed version).
func (t *Transport) PeerRange() VersionRange { return t.peerRange }

// SessionID is tls-unique of the TLS session (32 bytes), implied in every
// signed transmission.
func (t *Transport) SessionID() []byte { return t.sessionID }

// ServerKey is the relay's X25519 session key as seen by a client (for
// cbAuth), or nil when the relay sent none (v6).
func (t *Transport) ServerKey() *keys.X25519Public { return t.serverPub }

// ServerPrivateKey is the relay's session key on the relay side (to verify
// cbAuth), or nil on a client.
func (t *Transport) ServerPrivateKey() *keys.X25519Private { return t.serverPriv }

// Encrypted reports whether blocks are encrypted with chain keys (v≥11).
func (t *Transport) Encrypted() bool { return t.snd != nil }

// ProxyClient reports whether the peer (relay side) is a proxy relay.
func (t *Transport) ProxyClient() bool { return t.proxy }

// Conn returns the TLS connection.
func (t *Transport) Conn() *tls13.Conn { return t.conn }

// Close closes the TLS connection.
func (t *Transport) Close() error { return t.conn.Close() }

// SetReadDeadline bounds the next ReadBlock.
func (t *Transport) SetReadDeadline(d time.Time) error { return t.conn.SetReadDeadline(d) }

// SetWriteDeadline bounds the next WriteBlock.
func (t *Transport) SetWriteDeadline(d time.Time) error { return t.conn.SetWriteDeadline(d) }

// WriteBlock pads (and from v11 encrypts) content into one block and sends it.
// Content longer than fits is ErrTransportLargeMsg and nothing is sent.
func (t *Transport) WriteBlock(content []byte) error {
	t.wmu.Lock()
	defer t.wmu.Unlock()
	return t.writeBlockLocked(content)
}

func (t *Transport) writeBlockLocked(content []byte) error {
	var block []byte
	if t.snd != nil {
		if len(content) > BlockSize-box.TagSize-2 {
			return ErrTransportLargeMsg
		}
		k, n, next := box.SbcHkdf(*t.snd)
		b, err := box.SbEncrypt(k, n, content, BlockSize-box.TagSize)
		if err != nil {
			return ErrTransportLargeMsg.with(err)
		}
		*t.snd = next
		block = b
	} else {
		b, err := enc.AppendPad(t.wbuf[:0], content, BlockSize)
		if err != nil {
			return ErrTransportLargeMsg.with(err)
		}
		t.wbuf = b
		block = b
	}
	_, err := t.conn.Write(block)
	return err
}

// WriteBatch packs transmissions into as few blocks as possible (Pack) and
// writes them under one lock, so concurrent writers never interleave inside
// a batch. Transmissions too large for a block are reported by index.
func (t *Transport) WriteBatch(ts [][]byte) (tooLarge []int, err error) {
	batches, tooLarge := Pack(ts)
	t.wmu.Lock()
	defer t.wmu.Unlock()
	for _, b := range batches {
		if err := t.writeBlockLocked(b.Content); err != nil {
			return tooLarge, err
		}
	}
	return tooLarge, nil
}

// ReadBlock reads one block and returns its content (unpadded, decrypted).
// The result is valid until the next ReadBlock. A short read is io.EOF or
// io.ErrUnexpectedEOF; a block that does not decrypt or unpad is
// ErrTransportBlock — the connection must then be closed, because the chain
// keys are out of step.
func (t *Transport) ReadBlock() ([]byte, error) {
	t.rmu.Lock()
	defer t.rmu.Unlock()
	if t.rbuf == nil {
		t.rbuf = make([]byte, BlockSize)
	}
	if _, err := io.ReadFull(t.conn, t.rbuf); err != nil {
		return nil, err
	}
	if t.rcv != nil {
		k, n, next := box.SbcHkdf(*t.rcv)
		*t.rcv = next
		content, err := box.SbDecrypt(k, n, t.rbuf)
		if err != nil {
			return nil, ErrTransportBlock.with(err)
		}
		return content, nil
	}
	content, err := enc.UnPad(t.rbuf)
	if err != nil {
		return nil, ErrTransportBlock.with(err)
	}
	return content, nil
}

// ReadTransmissions reads one block and splits it into transmissions (which
// alias the read buffer until the next read).
func (t *Transport) ReadTransmissions() ([][]byte, error) {
	content, err := t.ReadBlock()
	if err != nil {
		return nil, err
	}
	ts, err := ParseBatch(content)
	if err != nil {
		return nil, ErrTransportBlock.with(err)
	}
	return ts, nil
}

var errClosedHandshake = errors.New("smp: connection closed during handshake")

// setupEncryption derives the chain keys; the relay sends with the first.
func (t *Transport) setupEncryption(secret [32]byte, relay bool) {
	ck1, ck2 := box.SbcInit(t.sessionID, secret[:])
	if relay {
		t.snd, t.rcv = &ck1, &ck2
	} else {
		t.snd, t.rcv = &ck2, &ck1
	}
}
