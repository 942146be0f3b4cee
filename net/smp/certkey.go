package smp

import (
	stdasn1 "encoding/asn1"
	"errors"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"

	"duplex/crypto/enc"
	"duplex/crypto/keys"
	"duplex/net/tls13/certs"
)

// CertChainPubKey is a certificate chain with an X25519 key signed by the
// chain's leaf key: the relay's session key in the server hello and in PKEY.
//
//	nonempty(lb(certDER)…) ‖ lb(signedKey)
//	signedKey = DER SEQUENCE { SubjectPublicKeyInfo(X25519), AlgorithmIdentifier(Ed25519|Ed448), BIT STRING sig }
//
// The signature covers the DER of the SubjectPublicKeyInfo (X.509 SignedExact).
type CertChainPubKey struct {
	Chain     [][]byte // DER, leaf first
	SignedKey []byte
}

func (c CertChainPubKey) encode(w *enc.Writer) {
	w.NonEmptyCount(len(c.Chain))
	for _, der := range c.Chain {
		w.LargeBytes(der)
	}
	w.LargeBytes(c.SignedKey)
}

func readCertChainPubKey(r *enc.Reader) CertChainPubKey {
	n := r.NonEmptyCount()
	c := CertChainPubKey{}
	for i := 0; i < n && r.Err() == nil; i++ {
		c.Chain = append(c.Chain, clone(r.LargeBytes()))
	}
	c.SignedKey = clone(r.LargeBytes())
	return c
}

var (
	oidEd25519 = []byte{0x2b, 0x65, 0x70}
	oidEd448   = []byte{0x2b, 0x65, 0x71}
)

// SignSessionKey signs an X25519 public key with a certificate key, as the
// relay does for its session key.
func SignSessionKey(signer *certs.PrivateKey, pub keys.X25519Public) []byte {
	spki := pub.DER()
	oid := oidEd25519
	if signer.Alg() == certs.Ed448 {
		oid = oidEd448
	}
	sig := signer.Sign(spki)
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(spki)
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.OBJECT_IDENTIFIER, func(b *cryptobyte.Builder) { b.AddBytes(oid) })
		})
		b.AddASN1(asn1.BIT_STRING, func(b *cryptobyte.Builder) {
			b.AddUint8(0)
			b.AddBytes(sig)
		})
	})
	return b.BytesOrPanic()
}

var errSignedKey = errors.New("smp: bad signed session key")

// VerifySessionKey checks a signed X25519 key against the certificate key
// that must have signed it and returns the key.
func VerifySessionKey(signed []byte, signer certs.PublicKey) (keys.X25519Public, error) {
	s := cryptobyte.String(signed)
	var seq, spki, alg, oid cryptobyte.String
	var bits stdasn1.BitString
	if !s.ReadASN1(&seq, asn1.SEQUENCE) || !s.Empty() ||
		!seq.ReadASN1Element(&spki, asn1.SEQUENCE) ||
		!seq.ReadASN1(&alg, asn1.SEQUENCE) ||
		!seq.ReadASN1BitString(&bits) || !seq.Empty() ||
		!alg.ReadASN1(&oid, asn1.OBJECT_IDENTIFIER) || !alg.Empty() ||
		bits.BitLength%8 != 0 {
		return keys.X25519Public{}, errSignedKey
	}
	var want certs.Alg
	switch string(oid) {
	case string(oidEd25519):
		want = certs.Ed25519
	case string(oidEd448):
		want = certs.Ed448
	default:
		return keys.X25519Public{}, errSignedKey
	}
	if signer.Alg != want || !signer.Verify(spki, bits.Bytes) {
		return keys.X25519Public{}, errors.New("smp: session key signature does not verify")
	}
	return keys.ParseX25519PublicDER(spki)
}
