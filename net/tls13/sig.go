package tls13

import (
	"errors"

	"duplex/net/tls13/certs"
)

// Signature schemes (RFC 8446 4.2.3): the only two we offer and accept.
const (
	schemeEd25519 uint16 = 0x0807
	schemeEd448   uint16 = 0x0808
)

// Both are always offered (real relays refused ClientHellos listing only
// one), in the reference's order (Transport.hs defaultSupportedParams).
var ourSigAlgs = []uint16{schemeEd448, schemeEd25519}

func schemeFor(a certs.Alg) uint16 {
	if a == certs.Ed448 {
		return schemeEd448
	}
	return schemeEd25519
}

const (
	serverSignatureContext = "TLS 1.3, server CertificateVerify\x00"
	clientSignatureContext = "TLS 1.3, client CertificateVerify\x00"
)

// signedContent is 64 spaces, the context string with its NUL, and the
// transcript hash (RFC 8446 4.4.3).
func signedContent(context string, transcriptHash []byte) []byte {
	out := make([]byte, 0, 64+len(context)+len(transcriptHash))
	for i := 0; i < 64; i++ {
		out = append(out, ' ')
	}
	out = append(out, context...)
	return append(out, transcriptHash...)
}

var errNoScheme = errors.New("peer does not accept our certificate's signature scheme")

func contains16(list []uint16, v uint16) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
