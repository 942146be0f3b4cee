package tls13

import (
	"golang.org/x/crypto/cryptobyte"
)

type encryptedExtensions struct {
	alpn      string
	earlyData bool
	unknown   []uint16 // extensions the client never offered
}

func (m *encryptedExtensions) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	addHandshake(&b, typeEncryptedExtensions, func(b *cryptobyte.Builder) {
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			if m.alpn != "" {
				addALPN(b, []string{m.alpn})
			}
		})
	})
	return b.Bytes()
}

func parseEncryptedExtensions(msg []byte) (*encryptedExtensions, error) {
	s, ok := readMsg(msg, typeEncryptedExtensions)
	if !ok {
		return nil, errDecode
	}
	m := &encryptedExtensions{}
	ok = extensions(&s, func(typ uint16, body *cryptobyte.String) bool {
		switch typ {
		case extALPN:
			ps, ok := readALPN(body)
			if !ok || len(ps) != 1 {
				return false
			}
			m.alpn = ps[0]
		case extEarlyData:
			m.earlyData = true
		case extSupportedGroups:
			// The server's preference hint (RFC 8446 4.2.7); harmless.
			*body = nil
		default:
			m.unknown = append(m.unknown, typ)
			*body = nil
		}
		return true
	})
	if !ok || !s.Empty() {
		return nil, errDecode
	}
	return m, nil
}

type certificateRequest struct {
	context []byte
	sigAlgs []uint16
}

func (m *certificateRequest) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	addHandshake(&b, typeCertificateRequest, func(b *cryptobyte.Builder) {
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.context) })
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			addExt(b, extSignatureAlgorithms, func(b *cryptobyte.Builder) { addU16List(b, m.sigAlgs) })
		})
	})
	return b.Bytes()
}

func parseCertificateRequest(msg []byte) (*certificateRequest, error) {
	s, ok := readMsg(msg, typeCertificateRequest)
	if !ok {
		return nil, errDecode
	}
	m := &certificateRequest{}
	var ctx cryptobyte.String
	if !s.ReadUint8LengthPrefixed(&ctx) {
		return nil, errDecode
	}
	m.context = ctx
	hasSig := false
	ok = extensions(&s, func(typ uint16, body *cryptobyte.String) bool {
		if typ == extSignatureAlgorithms {
			vs, ok := readU16List(body, 2)
			m.sigAlgs, hasSig = vs, ok
			return ok
		}
		*body = nil // certificate_authorities, oid_filters, ...: not used for pinning
		return true
	})
	if !ok || !s.Empty() || !hasSig {
		return nil, errDecode
	}
	return m, nil
}

type certificateMsg struct {
	context []byte
	certs   [][]byte
}

func (m *certificateMsg) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	addHandshake(&b, typeCertificate, func(b *cryptobyte.Builder) {
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.context) })
		b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
			for _, c := range m.certs {
				b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(c) })
				b.AddUint16(0) // no per-certificate extensions
			}
		})
	})
	return b.Bytes()
}

func parseCertificate(msg []byte) (*certificateMsg, error) {
	s, ok := readMsg(msg, typeCertificate)
	if !ok {
		return nil, errDecode
	}
	m := &certificateMsg{}
	var ctx, list cryptobyte.String
	if !s.ReadUint8LengthPrefixed(&ctx) || !s.ReadUint24LengthPrefixed(&list) || !s.Empty() {
		return nil, errDecode
	}
	m.context = ctx
	for !list.Empty() {
		var cert, exts cryptobyte.String
		if !list.ReadUint24LengthPrefixed(&cert) || cert.Empty() || !list.ReadUint16LengthPrefixed(&exts) {
			return nil, errDecode
		}
		m.certs = append(m.certs, cert)
	}
	return m, nil
}

type certificateVerify struct {
	scheme    uint16
	signature []byte
}

func (m *certificateVerify) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	addHandshake(&b, typeCertificateVerify, func(b *cryptobyte.Builder) {
		b.AddUint16(m.scheme)
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.signature) })
	})
	return b.Bytes()
}

func parseCertificateVerify(msg []byte) (*certificateVerify, error) {
	s, ok := readMsg(msg, typeCertificateVerify)
	if !ok {
		return nil, errDecode
	}
	m := &certificateVerify{}
	var sig cryptobyte.String
	if !s.ReadUint16(&m.scheme) || !s.ReadUint16LengthPrefixed(&sig) || !s.Empty() {
		return nil, errDecode
	}
	m.signature = sig
	return m, nil
}

func marshalFinished(verifyData []byte) []byte {
	var b cryptobyte.Builder
	addHandshake(&b, typeFinished, func(b *cryptobyte.Builder) { b.AddBytes(verifyData) })
	return b.BytesOrPanic()
}

func parseFinished(msg []byte) ([]byte, error) {
	s, ok := readMsg(msg, typeFinished)
	if !ok || len(s) != hashLen {
		return nil, errDecode
	}
	return s, nil
}

func marshalKeyUpdate(requestUpdate bool) []byte {
	v := byte(0)
	if requestUpdate {
		v = 1
	}
	return []byte{typeKeyUpdate, 0, 0, 1, v}
}

func parseKeyUpdate(msg []byte) (requestUpdate bool, err error) {
	s, ok := readMsg(msg, typeKeyUpdate)
	var v uint8
	if !ok || !s.ReadUint8(&v) || !s.Empty() || v > 1 {
		return false, errDecode
	}
	return v == 1, nil
}
