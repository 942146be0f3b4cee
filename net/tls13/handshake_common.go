package tls13

import (
	"crypto/sha256"
	"errors"
	"hash"
	"io"

	"duplex/net/tls13/certs"
)

// writeHandshake adds msg to the transcript and sends (or buffers) it.
func (c *Conn) writeHandshake(th hash.Hash, msg []byte) error {
	th.Write(msg)
	_, err := c.writeRecordLocked(recordHandshake, msg)
	return err
}

// expect reads the next handshake message and checks its type.
func (c *Conn) expect(typ uint8, what string) ([]byte, error) {
	msg, err := c.readHandshake()
	if err != nil {
		return nil, err
	}
	if msg[0] != typ {
		return nil, alertf(alertUnexpectedMessage, "expected %s, got handshake message type %d", what, msg[0])
	}
	return msg, nil
}

// rehashForHRR replaces ClientHello1 in the transcript by its message_hash
// (RFC 8446 4.4.1).
func rehashForHRR(th hash.Hash) {
	h := th.Sum(nil)
	th.Reset()
	th.Write([]byte{typeMessageHash, 0, 0, sha256.Size})
	th.Write(h)
}

func randomBytes(r io.Reader, n int) ([]byte, error) {
	b := make([]byte, n)
	_, err := io.ReadFull(r, b)
	return b, err
}

// verifyPeerChain parses the leaf (Ed25519/Ed448 only) and runs VerifyPeer.
func (c *Conn) verifyPeerChain(chain [][]byte) (certs.PublicKey, error) {
	leaf, err := certs.Parse(chain[0])
	if errors.Is(err, certs.ErrUnsupportedKey) {
		return certs.PublicKey{}, alertErr(alertUnsupportedCertificate, err)
	}
	if err != nil {
		return certs.PublicKey{}, alertErr(alertBadCertificate, err)
	}
	if c.cfg.VerifyPeer == nil {
		return certs.PublicKey{}, alertf(alertBadCertificate, "no VerifyPeer configured: peer chain rejected")
	}
	if err := c.cfg.VerifyPeer(chain); err != nil {
		switch {
		case errors.Is(err, certs.ErrExpired):
			return certs.PublicKey{}, alertErr(alertCertificateExpired, err)
		case errors.Is(err, certs.ErrUnsupportedKey):
			return certs.PublicKey{}, alertErr(alertUnsupportedCertificate, err)
		}
		return certs.PublicKey{}, alertErr(alertBadCertificate, err)
	}
	return leaf.PublicKey, nil
}

// verifyCertificateVerify checks the peer's CertificateVerify over the
// transcript up to its Certificate message.
func verifyCertificateVerify(msg []byte, key certs.PublicKey, context string, th hash.Hash) error {
	cv, err := parseCertificateVerify(msg)
	if err != nil {
		return alertErr(alertDecodeError, err)
	}
	if cv.scheme != schemeFor(key.Alg) {
		return alertf(alertIllegalParameter, "CertificateVerify scheme %#04x does not match the %v certificate", cv.scheme, key.Alg)
	}
	if !key.Verify(signedContent(context, th.Sum(nil)), cv.signature) {
		return alertf(alertDecryptError, "CertificateVerify signature is invalid")
	}
	return nil
}

func copyChain(chain [][]byte) [][]byte {
	out := make([][]byte, len(chain))
	for i, c := range chain {
		out[i] = append([]byte(nil), c...)
	}
	return out
}
