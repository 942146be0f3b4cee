package certs

import (
	"errors"
	"io"
	"time"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

var (
	oidEd25519          = []int{1, 3, 101, 112}
	oidEd448            = []int{1, 3, 101, 113}
	oidCommonName       = []int{2, 5, 4, 3}
	oidOrganization     = []int{2, 5, 4, 10}
	oidBasicConstraints = []int{2, 5, 29, 19}
	oidKeyUsage         = []int{2, 5, 29, 15}
	oidExtKeyUsage      = []int{2, 5, 29, 37}
	oidServerAuth       = []int{1, 3, 6, 1, 5, 5, 7, 3, 1}
	oidClientAuth       = []int{1, 3, 6, 1, 5, 5, 7, 3, 2}
)

// Key usage bits (RFC 5280 4.2.1.3), as a BIT STRING with bit 0 = MSB.
const (
	kuDigitalSignature = 0x80
	kuKeyCertSign      = 0x04
	kuCRLSign          = 0x02
)

// Template describes a certificate to create.
type Template struct {
	Subject      string // common name
	Organization string // optional O attribute (the reference CA uses "SimpleX")
	NotBefore    time.Time
	NotAfter     time.Time
	IsCA         bool   // adds basicConstraints CA:TRUE and keyUsage certSign|cRLSign
	NoExt        bool   // emit no extensions at all (the XRCP reference CA has none)
	Serial       []byte // big-endian positive serial; nil = 1 for a CA, random for a leaf
}

// Chain is a certificate chain (DER, leaf first) with the leaf's signing key.
type Chain struct {
	Certs [][]byte
	Key   *PrivateKey
}

// Create signs a certificate for pub described by t. issuer is the issuing
// certificate (nil for self-signed, in which case signer must be pub's key).
func Create(rand io.Reader, t Template, pub PublicKey, issuer *Certificate, signer *PrivateKey) ([]byte, error) {
	if signer == nil {
		return nil, errors.New("certs: no signer")
	}
	if !t.NotBefore.Before(t.NotAfter) {
		return nil, errors.New("certs: notBefore must be before notAfter")
	}
	serial := t.Serial
	if serial == nil {
		if t.IsCA {
			serial = []byte{1}
		} else {
			serial = make([]byte, 16)
			if _, err := io.ReadFull(rand, serial); err != nil {
				return nil, err
			}
			serial[0] = serial[0]&0x7f | 0x40 // positive and minimally encoded
		}
	}
	subject := encodeName(t.Subject, t.Organization)
	issuerName := subject
	if issuer != nil {
		issuerName = issuer.RawSubject
	}
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1Int64(2) })
		b.AddASN1(asn1.INTEGER, func(b *cryptobyte.Builder) { b.AddBytes(serial) })
		addAlgID(b, signer.Alg())
		b.AddBytes(issuerName)
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			addTime(b, t.NotBefore)
			addTime(b, t.NotAfter)
		})
		b.AddBytes(subject)
		addSPKI(b, pub)
		if !t.NoExt {
			b.AddASN1(asn1.Tag(3).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { addExtensions(b, t.IsCA) })
			})
		}
	})
	tbs, err := b.Bytes()
	if err != nil {
		return nil, err
	}
	sig := signer.Sign(tbs)
	var c cryptobyte.Builder
	c.AddASN1(asn1.SEQUENCE, func(c *cryptobyte.Builder) {
		c.AddBytes(tbs)
		addAlgID(c, signer.Alg())
		c.AddASN1BitString(sig)
	})
	return c.Bytes()
}

// NewCA makes a self-signed CA certificate and its new key.
func NewCA(rand io.Reader, alg Alg, subject string, notBefore, notAfter time.Time) ([]byte, *PrivateKey, error) {
	key, err := GenerateKey(rand, alg)
	if err != nil {
		return nil, nil, err
	}
	der, err := Create(rand, Template{Subject: subject, NotBefore: notBefore, NotAfter: notAfter, IsCA: true}, key.Public(), nil, key)
	return der, key, err
}

// NewLeaf makes an online (leaf) certificate with a new key, signed by the
// issuer certificate issuerDER whose key is issuerKey.
func NewLeaf(rand io.Reader, alg Alg, subject string, notBefore, notAfter time.Time, issuerDER []byte, issuerKey *PrivateKey) ([]byte, *PrivateKey, error) {
	issuer, err := Parse(issuerDER)
	if err != nil {
		return nil, nil, err
	}
	if !issuer.PublicKey.Equal(issuerKey.Public()) {
		return nil, nil, errors.New("certs: issuer key does not match issuer certificate")
	}
	key, err := GenerateKey(rand, alg)
	if err != nil {
		return nil, nil, err
	}
	der, err := Create(rand, Template{Subject: subject, NotBefore: notBefore, NotAfter: notAfter}, key.Public(), issuer, issuerKey)
	return der, key, err
}

// NewChain makes the usual relay pair: an offline CA (identity, chain[1]) and
// an online leaf signed by it. It returns the chain with the leaf key and the
// CA key (which a relay keeps offline).
func NewChain(rand io.Reader, alg Alg, caSubject, leafSubject string, notBefore, notAfter time.Time) (*Chain, *PrivateKey, error) {
	ca, caKey, err := NewCA(rand, alg, caSubject, notBefore, notAfter)
	if err != nil {
		return nil, nil, err
	}
	leaf, leafKey, err := NewLeaf(rand, alg, leafSubject, notBefore, notAfter, ca, caKey)
	if err != nil {
		return nil, nil, err
	}
	return &Chain{Certs: [][]byte{leaf, ca}, Key: leafKey}, caKey, nil
}

// encodeName writes CN (and O if given) as one RDN each, in that order.
func encodeName(cn, org string) []byte {
	var b cryptobyte.Builder
	rdn := func(b *cryptobyte.Builder, oid []int, v string) {
		b.AddASN1(asn1.SET, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oid)
				b.AddASN1(asn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(v)) })
			})
		})
	}
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		rdn(b, oidCommonName, cn)
		if org != "" {
			rdn(b, oidOrganization, org)
		}
	})
	return b.BytesOrPanic()
}

func addAlgID(b *cryptobyte.Builder, alg Alg) {
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		if alg == Ed448 {
			b.AddASN1ObjectIdentifier(oidEd448)
		} else {
			b.AddASN1ObjectIdentifier(oidEd25519)
		}
	})
}

func addSPKI(b *cryptobyte.Builder, pub PublicKey) {
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		addAlgID(b, pub.Alg)
		b.AddASN1BitString(pub.Key)
	})
}

// addTime follows RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime after.
func addTime(b *cryptobyte.Builder, t time.Time) {
	t = t.UTC().Truncate(time.Second)
	if t.Year() >= 1950 && t.Year() < 2050 {
		b.AddASN1UTCTime(t)
	} else {
		b.AddASN1GeneralizedTime(t)
	}
}

func addExtension(b *cryptobyte.Builder, oid []int, critical bool, value func(*cryptobyte.Builder)) {
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		if critical {
			b.AddASN1Boolean(true)
		}
		b.AddASN1(asn1.OCTET_STRING, value)
	})
}

func addExtensions(b *cryptobyte.Builder, isCA bool) {
	if isCA {
		addExtension(b, oidBasicConstraints, true, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1Boolean(true) })
		})
		addExtension(b, oidKeyUsage, true, func(b *cryptobyte.Builder) {
			// 7 bits used: digitalSignature..cRLSign; one unused bit.
			b.AddASN1(asn1.BIT_STRING, func(b *cryptobyte.Builder) { b.AddBytes([]byte{1, kuDigitalSignature | kuKeyCertSign | kuCRLSign}) })
		})
		return
	}
	// CA:FALSE (an empty SEQUENCE) so a leaf can never act as an issuer.
	addExtension(b, oidBasicConstraints, true, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {})
	})
	addExtension(b, oidKeyUsage, true, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.BIT_STRING, func(b *cryptobyte.Builder) { b.AddBytes([]byte{7, kuDigitalSignature}) })
	})
	addExtension(b, oidExtKeyUsage, false, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oidServerAuth)
			b.AddASN1ObjectIdentifier(oidClientAuth)
		})
	})
}
