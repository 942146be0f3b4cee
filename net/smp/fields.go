package smp

import (
	"errors"

	"duplex/crypto/enc"
	"duplex/crypto/keys"
)

// Field helpers shared by commands, responses and handshakes. Keys travel as
// sb(DER SubjectPublicKeyInfo).

var errBadKey = errors.New("smp: bad key")

func writeKey(w *enc.Writer, k keys.PublicKey) {
	if k == nil {
		w.Fail(errBadKey)
		return
	}
	w.ShortBytes(k.DER())
}

// readAuthKey reads a queue authorization key: Ed25519, Ed448 or X25519 (cbAuth).
func readAuthKey(r *enc.Reader) keys.PublicKey {
	der := r.ShortBytes()
	if r.Err() != nil {
		return nil
	}
	k, err := keys.ParsePublicDER(der)
	if err != nil {
		r.Fail(err)
		return nil
	}
	switch k.Algorithm() {
	case keys.Ed25519, keys.Ed448, keys.X25519:
		return k
	}
	r.Fail(errBadKey)
	return nil
}

func readX25519(r *enc.Reader) keys.X25519Public {
	der := r.ShortBytes()
	if r.Err() != nil {
		return keys.X25519Public{}
	}
	k, err := keys.ParseX25519PublicDER(der)
	if err != nil {
		r.Fail(err)
	}
	return k
}

// QueueMode is the mode of a queue: messaging (sender may secure it) or contact.
type QueueMode byte

const (
	QueueModeNone      QueueMode = 0   // absent (before v15, or not sent)
	QueueModeMessaging QueueMode = 'M' // one sender, secured by SKEY/KEY
	QueueModeContact   QueueMode = 'C' // never secured, anyone may SEND
)

func readQueueMode(r *enc.Reader) QueueMode {
	switch m := QueueMode(r.Byte()); m {
	case QueueModeMessaging, QueueModeContact:
		return m
	}
	r.Failf("bad queue mode")
	return 0
}

// senderCanSecure is the v9–14 bool that stood for the queue mode.
func writeSenderCanSecure(w *enc.Writer, m QueueMode) { w.Bool(m == QueueModeMessaging) }

func readSenderCanSecure(r *enc.Reader) QueueMode {
	if r.Bool() {
		return QueueModeMessaging
	}
	return QueueModeContact
}

// LinkData is the encrypted short-link data stored with a queue:
// lb(encFixed) ‖ lb(encUser).
type LinkData struct{ Fixed, User []byte }

func (d LinkData) encode(w *enc.Writer) { w.LargeBytes(d.Fixed); w.LargeBytes(d.User) }

func readLinkData(r *enc.Reader) LinkData {
	return LinkData{Fixed: clone(r.LargeBytes()), User: clone(r.LargeBytes())}
}

// validBasicAuth: printable ASCII without space, '@', ':' or '/' (Protocol.hs basicAuth).
func validBasicAuth(b []byte) bool {
	for _, c := range b {
		if c <= ' ' || c >= 0x7f || c == '@' || c == ':' || c == '/' {
			return false
		}
	}
	return true
}

func readBasicAuth(r *enc.Reader) []byte {
	b := r.ShortBytes()
	if r.Err() == nil && !validBasicAuth(b) {
		r.Failf("bad basic auth")
	}
	return clone(b)
}

// clone copies b so parsed values never alias a reused block buffer; nil stays nil.
func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}
