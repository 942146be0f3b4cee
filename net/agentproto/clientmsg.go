package agentproto

import (
	"errors"
	"fmt"
	"io"

	"duplex/crypto/box"
	"duplex/crypto/enc"
	"duplex/crypto/keys"
)

// ClientMsgEnvelope is the SEND body (upstream ClientMsgEnvelope):
//
//	w16 smpClientVersion ‖ maybe(sb(X25519 DER senderE2EKey)) ‖ nonce24 ‖ tail(encBody)
//
// SenderKey is present only in the first message on a queue (confirmation,
// contact invitation); the recipient derives the per-queue e2e secret from
// it and its own DH key from the queue URI.
type ClientMsgEnvelope struct {
	Version   uint16
	SenderKey *keys.X25519Public
	Nonce     box.Nonce
	EncBody   []byte // cbEncrypt(e2eSecret, Nonce, pad(ClientMessage, L))
}

// MarshalBinary encodes the envelope.
func (e *ClientMsgEnvelope) MarshalBinary() ([]byte, error) {
	w := enc.NewWriter(make([]byte, 0, 2+2+x25519DERLength+24+len(e.EncBody)))
	w.W16(e.Version)
	w.MaybeTag(e.SenderKey != nil)
	if e.SenderKey != nil {
		w.ShortBytes(e.SenderKey.DER())
	}
	w.Raw(e.Nonce[:])
	w.Tail(e.EncBody)
	return w.Bytes()
}

// ParseClientMsgEnvelope decodes a SEND body. EncBody aliases b.
func ParseClientMsgEnvelope(b []byte) (*ClientMsgEnvelope, error) {
	r := enc.NewReader(b)
	e := &ClientMsgEnvelope{Version: r.W16()}
	if r.MaybeTag() {
		der := r.ShortBytes()
		if r.Err() == nil {
			k, err := keys.ParseX25519PublicDER(der)
			if err != nil {
				r.Fail(fmt.Errorf("sender e2e key: %w", err))
			}
			e.SenderKey = &k
		}
	}
	copy(e.Nonce[:], r.Fixed(len(e.Nonce)))
	e.EncBody = r.Tail()
	if err := r.Done(); err != nil {
		return nil, parseError("client message envelope", err)
	}
	return e, nil
}

// Open decrypts and parses the ClientMessage inside with the per-queue e2e
// secret. A box that does not open is A_CRYPTO DECRYPT_CB.
func (e *ClientMsgEnvelope) Open(secret box.DHSecret) (*ClientMessage, error) {
	plain, err := box.CbDecrypt(secret, e.Nonce, e.EncBody)
	if err != nil {
		return nil, CryptoError(err)
	}
	return ParseClientMessage(plain)
}

// SealClientMessage builds a SEND body for a queue whose e2e secret is
// known. senderKey is our public e2e key: pass it in the first message on
// the queue (it selects the confirmation padding 15904), nil afterwards
// (16000). The nonce is read from rand.
func SealClientMessage(rand io.Reader, secret box.DHSecret, version uint16, senderKey *keys.X25519Public, m *ClientMessage) ([]byte, error) {
	nonce, err := box.RandomNonce(rand)
	if err != nil {
		return nil, err
	}
	plain, err := m.MarshalBinary()
	if err != nil {
		return nil, err
	}
	padTo := E2EMessageLen
	if senderKey != nil {
		padTo = E2EConfirmationLen
	}
	ct, err := box.CbEncrypt(secret, nonce, plain, padTo)
	if err != nil {
		return nil, CryptoError(err)
	}
	env := ClientMsgEnvelope{Version: version, SenderKey: senderKey, Nonce: nonce, EncBody: ct}
	return env.MarshalBinary()
}

// SealOnce encrypts to a queue with a fresh one-time sender key, as
// contact requests do (upstream agentCbEncryptOnce): the key goes in the
// header and the confirmation padding applies.
func SealOnce(rand io.Reader, version uint16, rcvDHKey keys.X25519Public, m *ClientMessage) ([]byte, error) {
	priv, err := keys.GenerateX25519(rand)
	if err != nil {
		return nil, err
	}
	secret, err := box.DH(rcvDHKey, priv)
	if err != nil {
		return nil, CryptoError(err)
	}
	pub := priv.Public()
	return SealClientMessage(rand, secret, version, &pub, m)
}

// ClientMessage is the plaintext of the per-queue e2e layer (upstream
// ClientMessage with PrivHeader):
//
//	'_' ‖ tail(body)                        sender secured the queue itself (SKEY), or not a confirmation
//	'K' ‖ sb(senderAuthKey DER) ‖ tail(body) legacy: the recipient secures the queue with KEY
//
// Body is an encoded agent envelope (Confirmation, MsgEnvelope, Invitation,
// RatchetKey).
type ClientMessage struct {
	SenderAuthKey keys.PublicKey // nil = '_'
	Body          []byte
}

var errAuthKeyAlg = errors.New("sender auth key must be Ed25519, Ed448 or X25519")

func validAuthKey(k keys.PublicKey) bool {
	switch k.Algorithm() {
	case keys.Ed25519, keys.Ed448, keys.X25519:
		return true
	}
	return false
}

// MarshalBinary encodes the message.
func (m *ClientMessage) MarshalBinary() ([]byte, error) {
	w := enc.NewWriter(make([]byte, 0, 1+1+69+len(m.Body)))
	if m.SenderAuthKey == nil {
		w.Byte('_')
	} else {
		if !validAuthKey(m.SenderAuthKey) {
			return nil, errAuthKeyAlg
		}
		w.Byte('K')
		w.ShortBytes(m.SenderAuthKey.DER())
	}
	w.Tail(m.Body)
	return w.Bytes()
}

// ParseClientMessage decodes the plaintext of the per-queue layer. Body
// aliases b.
func ParseClientMessage(b []byte) (*ClientMessage, error) {
	r := enc.NewReader(b)
	m := &ClientMessage{}
	switch tag := r.Byte(); tag {
	case '_':
	case 'K':
		m.SenderAuthKey = readAuthKey(r)
	default:
		if r.Err() == nil {
			r.Failf("private header tag 0x%02x, want '_' or 'K'", tag)
		}
	}
	m.Body = r.Tail()
	if err := r.Done(); err != nil {
		return nil, parseError("client message", err)
	}
	return m, nil
}

// readAuthKey reads sb(DER) of a command authorization key.
func readAuthKey(r *enc.Reader) keys.PublicKey {
	der := r.ShortBytes()
	if r.Err() != nil {
		return nil
	}
	k, err := keys.ParsePublicDER(der)
	if err == nil && !validAuthKey(k) {
		err = errAuthKeyAlg
	}
	if err != nil {
		r.Fail(fmt.Errorf("sender auth key: %w", err))
		return nil
	}
	return k
}
