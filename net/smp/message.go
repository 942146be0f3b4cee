package smp

import (
	"errors"
	"time"

	"duplex/crypto/box"
	"duplex/crypto/enc"
)

// RcvMsgPaddedLen is the padded size of the server→recipient plaintext;
// the encrypted MSG body is 16 bytes longer.
const RcvMsgPaddedLen = 16106

// RcvMessage is the server→recipient plaintext inside a MSG body:
//
//	i64 ts(seconds) ‖ flags ‖ ' ' ‖ body     (a message)
//	"QUOTA " ‖ i64 ts                       (the queue was full; the sender may go on)
type RcvMessage struct {
	Timestamp time.Time // second precision
	Notify    bool
	Quota     bool   // the QUOTA marker
	Body      []byte // nil for the quota marker
}

var errRcvMessage = errors.New("smp: bad received message")

// EncodeRcvMessage returns the plaintext form (before padding).
func EncodeRcvMessage(m RcvMessage) ([]byte, error) {
	w := enc.NewWriter(nil)
	if m.Quota {
		w.String("QUOTA ")
		w.I64(m.Timestamp.Unix())
		return w.Bytes()
	}
	w.I64(m.Timestamp.Unix())
	w.Bool(m.Notify)
	w.Byte(' ')
	w.Tail(m.Body)
	return w.Bytes()
}

// ParseRcvMessage parses the plaintext form.
func ParseRcvMessage(b []byte) (RcvMessage, error) {
	if len(b) == len("QUOTA ")+8 && string(b[:6]) == "QUOTA " {
		r := enc.NewReader(b[6:])
		ts := r.I64()
		return RcvMessage{Timestamp: time.Unix(ts, 0).UTC(), Quota: true}, r.Done()
	}
	r := enc.NewReader(b)
	m := RcvMessage{Timestamp: time.Unix(r.I64(), 0).UTC(), Notify: r.Bool()}
	for r.Err() == nil && r.Byte() != ' ' { // future flags, as in SEND
	}
	m.Body = clone(r.Tail())
	if r.Err() != nil {
		return RcvMessage{}, errRcvMessage
	}
	return m, nil
}

// EncryptRcvMessage makes a MSG body: cbEncrypt(secret, nonce = msgId,
// pad(plain, 16106)). The relay calls it with the per-queue DH secret.
func EncryptRcvMessage(secret box.DHSecret, msgID []byte, m RcvMessage) ([]byte, error) {
	if len(msgID) != 24 {
		return nil, errors.New("smp: message id must be 24 bytes (it is the nonce)")
	}
	plain, err := EncodeRcvMessage(m)
	if err != nil {
		return nil, err
	}
	return box.CbEncrypt(secret, box.NonceFrom(msgID), plain, RcvMsgPaddedLen)
}

// DecryptRcvMessage opens a MSG body with the recipient's per-queue DH
// secret (X25519 of the relay's DH key from IDS and the recipient's DH key).
func DecryptRcvMessage(secret box.DHSecret, m MSG) (RcvMessage, error) {
	if len(m.MsgID) != 24 {
		return RcvMessage{}, errRcvMessage
	}
	plain, err := box.CbDecrypt(secret, box.NonceFrom(m.MsgID), m.Body)
	if err != nil {
		return RcvMessage{}, err
	}
	return ParseRcvMessage(plain)
}
