package agentproto

import (
	"errors"

	"duplex/crypto/box"
	"duplex/crypto/enc"
	"duplex/net/smp"
)

// The server→recipient layer (§1.7) is defined once, in net/smp (the relay
// uses it to encrypt, the SMP client to decrypt). These wrappers give the
// agent the same layer with agent error names.

// SealServerMessage is the relay's step: cbEncrypt(rcvDhSecret, nonce =
// msgId, pad(i64 ts ‖ flags ‖ ' ' ‖ body | "QUOTA " ‖ i64 ts, 16106)).
func SealServerMessage(rcvDHSecret box.DHSecret, msgID []byte, m smp.RcvMessage) ([]byte, error) {
	return smp.EncryptRcvMessage(rcvDHSecret, msgID, m)
}

// OpenServerMessage decrypts a MSG body: a box that does not open is
// A_CRYPTO DECRYPT_CB; a plaintext that does not parse is A_MESSAGE (the
// reference's decryptSMPMessage). m.Quota marks the QUOTA marker: the queue
// had been full and the sender may continue (the agent answers A_QCONT).
func OpenServerMessage(rcvDHSecret box.DHSecret, msg smp.MSG) (smp.RcvMessage, error) {
	m, err := smp.DecryptRcvMessage(rcvDHSecret, msg)
	if err == nil {
		return m, nil
	}
	if errors.Is(err, box.ErrAuth) || errors.Is(err, box.ErrShortInput) || errors.Is(err, enc.ErrBadPadding) {
		return smp.RcvMessage{}, CryptoError(err)
	}
	return smp.RcvMessage{}, parseError("server message", err)
}
