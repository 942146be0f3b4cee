package tls13

import (
	"bytes"
	"crypto/sha256"
	"errors"

	"golang.org/x/crypto/cryptobyte"
)

// Handshake message types (RFC 8446 4).
const (
	typeClientHello         uint8 = 1
	typeServerHello         uint8 = 2
	typeNewSessionTicket    uint8 = 4
	typeEndOfEarlyData      uint8 = 5
	typeEncryptedExtensions uint8 = 8
	typeCertificate         uint8 = 11
	typeCertificateRequest  uint8 = 13
	typeCertificateVerify   uint8 = 15
	typeFinished            uint8 = 20
	typeKeyUpdate           uint8 = 24
	typeMessageHash         uint8 = 254
)

// Extension types.
const (
	extServerName          uint16 = 0
	extSupportedGroups     uint16 = 10
	extSignatureAlgorithms uint16 = 13
	extALPN                uint16 = 16
	extPreSharedKey        uint16 = 41
	extEarlyData           uint16 = 42
	extSupportedVersions   uint16 = 43
	extCookie              uint16 = 44
	extKeyShare            uint16 = 51
)

const (
	versionTLS12 uint16 = 0x0303
	versionTLS13 uint16 = 0x0304
)

// hrrRandom is SHA-256("HelloRetryRequest"), the ServerHello.random that marks an HRR.
var hrrRandom = func() []byte { h := sha256.Sum256([]byte("HelloRetryRequest")); return h[:] }()

var errDecode = errors.New("malformed handshake message")

type keyShare struct {
	group Group
	data  []byte
}

type clientHello struct {
	random       []byte
	sessionID    []byte
	cipherSuites []uint16
	compression  []uint8
	versions     []uint16
	groups       []Group
	sigAlgs      []uint16
	keyShares    []keyShare
	alpn         []string
	cookie       []byte
	earlyData    bool
	hasPSK       bool
	serverName   bool

	hasGroups, hasSigAlgs, hasKeyShare bool
}

func addHandshake(b *cryptobyte.Builder, typ uint8, body func(*cryptobyte.Builder)) {
	b.AddUint8(typ)
	b.AddUint24LengthPrefixed(body)
}

func addExt(b *cryptobyte.Builder, typ uint16, body func(*cryptobyte.Builder)) {
	b.AddUint16(typ)
	b.AddUint16LengthPrefixed(body)
}

func addU16List(b *cryptobyte.Builder, vs []uint16) {
	b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
		for _, v := range vs {
			b.AddUint16(v)
		}
	})
}

func addALPN(b *cryptobyte.Builder, protos []string) {
	addExt(b, extALPN, func(b *cryptobyte.Builder) {
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			for _, p := range protos {
				b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes([]byte(p)) })
			}
		})
	})
}

func (m *clientHello) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	addHandshake(&b, typeClientHello, func(b *cryptobyte.Builder) {
		b.AddUint16(versionTLS12)
		b.AddBytes(m.random)
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.sessionID) })
		addU16List(b, m.cipherSuites)
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.compression) })
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			addExt(b, extSupportedVersions, func(b *cryptobyte.Builder) {
				b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
					for _, v := range m.versions {
						b.AddUint16(v)
					}
				})
			})
			addExt(b, extSupportedGroups, func(b *cryptobyte.Builder) {
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
					for _, g := range m.groups {
						b.AddUint16(uint16(g))
					}
				})
			})
			addExt(b, extSignatureAlgorithms, func(b *cryptobyte.Builder) { addU16List(b, m.sigAlgs) })
			addExt(b, extKeyShare, func(b *cryptobyte.Builder) {
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
					for _, ks := range m.keyShares {
						b.AddUint16(uint16(ks.group))
						b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(ks.data) })
					}
				})
			})
			if len(m.alpn) > 0 {
				addALPN(b, m.alpn)
			}
			if len(m.cookie) > 0 {
				addExt(b, extCookie, func(b *cryptobyte.Builder) {
					b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.cookie) })
				})
			}
		})
	})
	return b.Bytes()
}

// readMsg checks the 4-byte handshake header of a whole message.
func readMsg(msg []byte, typ uint8) (cryptobyte.String, bool) {
	s := cryptobyte.String(msg)
	var t uint8
	var body cryptobyte.String
	if !s.ReadUint8(&t) || t != typ || !s.ReadUint24LengthPrefixed(&body) || !s.Empty() {
		return nil, false
	}
	return body, true
}

func readU16List(s *cryptobyte.String, min int) ([]uint16, bool) {
	var l cryptobyte.String
	if !s.ReadUint16LengthPrefixed(&l) || len(l) < min || len(l)%2 != 0 {
		return nil, false
	}
	out := make([]uint16, 0, len(l)/2)
	for !l.Empty() {
		var v uint16
		l.ReadUint16(&v)
		out = append(out, v)
	}
	return out, true
}

func readALPN(s *cryptobyte.String) ([]string, bool) {
	var l cryptobyte.String
	if !s.ReadUint16LengthPrefixed(&l) || l.Empty() {
		return nil, false
	}
	var out []string
	for !l.Empty() {
		var p cryptobyte.String
		if !l.ReadUint8LengthPrefixed(&p) || p.Empty() {
			return nil, false
		}
		out = append(out, string(p))
	}
	return out, true
}

// extensions iterates over an extension block, rejecting duplicates and
// calling f with each body; f must consume the body fully (checked here).
func extensions(s *cryptobyte.String, f func(typ uint16, body *cryptobyte.String) bool) bool {
	var exts cryptobyte.String
	if !s.ReadUint16LengthPrefixed(&exts) {
		return false
	}
	seen := map[uint16]bool{}
	for !exts.Empty() {
		var typ uint16
		var body cryptobyte.String
		if !exts.ReadUint16(&typ) || !exts.ReadUint16LengthPrefixed(&body) || seen[typ] {
			return false
		}
		seen[typ] = true
		if !f(typ, &body) || !body.Empty() {
			return false
		}
		if typ == extPreSharedKey && !exts.Empty() {
			return false // pre_shared_key must be last (RFC 8446 4.2.11)
		}
	}
	return true
}

func parseClientHello(msg []byte) (*clientHello, error) {
	s, ok := readMsg(msg, typeClientHello)
	if !ok {
		return nil, errDecode
	}
	m := &clientHello{}
	var legacy uint16
	var random, sid, comp cryptobyte.String
	if !s.ReadUint16(&legacy) || !s.ReadBytes((*[]byte)(&random), 32) ||
		!s.ReadUint8LengthPrefixed(&sid) || len(sid) > 32 {
		return nil, errDecode
	}
	m.random, m.sessionID = random, sid
	if m.cipherSuites, ok = readU16List(&s, 2); !ok {
		return nil, errDecode
	}
	if !s.ReadUint8LengthPrefixed(&comp) || comp.Empty() {
		return nil, errDecode
	}
	m.compression = comp
	if s.Empty() {
		return m, nil // no extensions: a pre-1.3 client, refused by the caller
	}
	ok = extensions(&s, func(typ uint16, body *cryptobyte.String) bool {
		switch typ {
		case extSupportedVersions:
			var l cryptobyte.String
			if !body.ReadUint8LengthPrefixed(&l) || len(l) < 2 || len(l)%2 != 0 {
				return false
			}
			for !l.Empty() {
				var v uint16
				l.ReadUint16(&v)
				m.versions = append(m.versions, v)
			}
		case extSupportedGroups:
			vs, ok := readU16List(body, 2)
			if !ok {
				return false
			}
			for _, v := range vs {
				m.groups = append(m.groups, Group(v))
			}
			m.hasGroups = true
		case extSignatureAlgorithms:
			vs, ok := readU16List(body, 2)
			if !ok {
				return false
			}
			m.sigAlgs, m.hasSigAlgs = vs, true
		case extKeyShare:
			var l cryptobyte.String
			if !body.ReadUint16LengthPrefixed(&l) {
				return false
			}
			for !l.Empty() {
				var g uint16
				var data cryptobyte.String
				if !l.ReadUint16(&g) || !l.ReadUint16LengthPrefixed(&data) || data.Empty() {
					return false
				}
				for _, ks := range m.keyShares {
					if ks.group == Group(g) {
						return false
					}
				}
				m.keyShares = append(m.keyShares, keyShare{Group(g), data})
			}
			m.hasKeyShare = true
		case extALPN:
			var ok bool
			if m.alpn, ok = readALPN(body); !ok {
				return false
			}
		case extCookie:
			var c cryptobyte.String
			if !body.ReadUint16LengthPrefixed(&c) || c.Empty() {
				return false
			}
			m.cookie = c
		case extEarlyData:
			m.earlyData = true
		case extPreSharedKey:
			m.hasPSK = true
			*body = nil // contents are never used: resumption is refused
		case extServerName:
			m.serverName = true
			*body = nil
		default:
			*body = nil
		}
		return true
	})
	if !ok || !s.Empty() {
		return nil, errDecode
	}
	return m, nil
}

type serverHello struct {
	random        []byte
	sessionID     []byte
	cipherSuite   uint16
	compression   uint8
	version       uint16
	share         keyShare // ServerHello
	selectedGroup Group    // HelloRetryRequest
	cookie        []byte   // HelloRetryRequest
	hasPSK        bool
	unknown       []uint16
}

func (m *serverHello) isHRR() bool { return bytes.Equal(m.random, hrrRandom) }

func (m *serverHello) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	addHandshake(&b, typeServerHello, func(b *cryptobyte.Builder) {
		b.AddUint16(versionTLS12)
		b.AddBytes(m.random)
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.sessionID) })
		b.AddUint16(m.cipherSuite)
		b.AddUint8(m.compression)
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			addExt(b, extSupportedVersions, func(b *cryptobyte.Builder) { b.AddUint16(m.version) })
			addExt(b, extKeyShare, func(b *cryptobyte.Builder) {
				if m.isHRR() {
					b.AddUint16(uint16(m.selectedGroup))
					return
				}
				b.AddUint16(uint16(m.share.group))
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.share.data) })
			})
			if len(m.cookie) > 0 {
				addExt(b, extCookie, func(b *cryptobyte.Builder) {
					b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.cookie) })
				})
			}
		})
	})
	return b.Bytes()
}

func parseServerHello(msg []byte) (*serverHello, error) {
	s, ok := readMsg(msg, typeServerHello)
	if !ok {
		return nil, errDecode
	}
	m := &serverHello{}
	var legacy uint16
	var random, sid cryptobyte.String
	if !s.ReadUint16(&legacy) || !s.ReadBytes((*[]byte)(&random), 32) ||
		!s.ReadUint8LengthPrefixed(&sid) || len(sid) > 32 ||
		!s.ReadUint16(&m.cipherSuite) || !s.ReadUint8(&m.compression) {
		return nil, errDecode
	}
	m.random, m.sessionID = random, sid
	if s.Empty() {
		return m, nil // no supported_versions: not TLS 1.3, refused by the caller
	}
	hrr := m.isHRR()
	ok = extensions(&s, func(typ uint16, body *cryptobyte.String) bool {
		switch typ {
		case extSupportedVersions:
			return body.ReadUint16(&m.version)
		case extKeyShare:
			var g uint16
			if !body.ReadUint16(&g) {
				return false
			}
			if hrr {
				m.selectedGroup = Group(g)
				return true
			}
			var data cryptobyte.String
			if !body.ReadUint16LengthPrefixed(&data) || data.Empty() {
				return false
			}
			m.share = keyShare{Group(g), data}
		case extCookie:
			var c cryptobyte.String
			if !hrr || !body.ReadUint16LengthPrefixed(&c) || c.Empty() {
				return false
			}
			m.cookie = c
		case extPreSharedKey:
			m.hasPSK = true
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
