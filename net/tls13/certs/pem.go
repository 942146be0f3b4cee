package certs

import (
	"encoding/pem"
	"errors"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// MarshalPrivateKey returns the PKCS#8 DER of an Ed25519/Ed448 key (RFC 8410):
// SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING { OCTET STRING seed } }.
func MarshalPrivateKey(k *PrivateKey) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		addAlgID(b, k.Alg())
		b.AddASN1(cbasn1.OCTET_STRING, func(b *cryptobyte.Builder) {
			b.AddASN1OctetString(k.Seed())
		})
	})
	return b.BytesOrPanic()
}

// ParsePrivateKey parses PKCS#8 DER made by MarshalPrivateKey or openssl genpkey.
func ParsePrivateKey(der []byte) (*PrivateKey, error) {
	in := cryptobyte.String(der)
	var seq, inner, seed cryptobyte.String
	var version int64
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() || !seq.ReadASN1Integer(&version) || version > 1 {
		return nil, errors.New("certs: malformed PKCS#8 key")
	}
	alg, err := readAlgID(&seq)
	if err != nil {
		return nil, err
	}
	if !seq.ReadASN1(&inner, cbasn1.OCTET_STRING) || !inner.ReadASN1(&seed, cbasn1.OCTET_STRING) || !inner.Empty() {
		return nil, errors.New("certs: malformed PKCS#8 key")
	}
	// Optional attributes [0] and public key [1] (PKCS#8 v2) are ignored.
	return NewKeyFromSeed(alg, seed)
}

// EncodeKeyPEM returns a "PRIVATE KEY" PEM block.
func EncodeKeyPEM(k *PrivateKey) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: MarshalPrivateKey(k)})
}

// ParseKeyPEM reads the first "PRIVATE KEY" PEM block.
func ParseKeyPEM(data []byte) (*PrivateKey, error) {
	for {
		var blk *pem.Block
		blk, data = pem.Decode(data)
		if blk == nil {
			return nil, errors.New("certs: no PRIVATE KEY PEM block")
		}
		if blk.Type == "PRIVATE KEY" {
			return ParsePrivateKey(blk.Bytes)
		}
	}
}

// EncodeCertsPEM returns concatenated "CERTIFICATE" blocks, in order.
func EncodeCertsPEM(ders ...[]byte) []byte {
	var out []byte
	for _, d := range ders {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: d})...)
	}
	return out
}

// ParseCertsPEM returns the DER of every "CERTIFICATE" block, in order; each
// one must parse as an Ed25519/Ed448 certificate.
func ParseCertsPEM(data []byte) ([][]byte, error) {
	var out [][]byte
	for {
		var blk *pem.Block
		blk, data = pem.Decode(data)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		if _, err := Parse(blk.Bytes); err != nil {
			return nil, fmt.Errorf("certs: PEM certificate %d: %w", len(out), err)
		}
		out = append(out, blk.Bytes)
	}
	if len(out) == 0 {
		return nil, errors.New("certs: no CERTIFICATE PEM block")
	}
	return out, nil
}

// LoadChain reads a chain (leaf first) and the leaf's key from PEM, as
// written by EncodeCertsPEM/EncodeKeyPEM or by openssl, and checks that the
// key belongs to the leaf.
func LoadChain(certsPEM, keyPEM []byte) (*Chain, error) {
	ders, err := ParseCertsPEM(certsPEM)
	if err != nil {
		return nil, err
	}
	key, err := ParseKeyPEM(keyPEM)
	if err != nil {
		return nil, err
	}
	leaf, err := Parse(ders[0])
	if err != nil {
		return nil, err
	}
	if !leaf.PublicKey.Equal(key.Public()) {
		return nil, errors.New("certs: private key does not match the leaf certificate")
	}
	return &Chain{Certs: ders, Key: key}, nil
}
