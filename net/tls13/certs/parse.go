package certs

import (
	"encoding/asn1"
	"errors"
	"fmt"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Certificate is a parsed Ed25519/Ed448 X.509 certificate.
type Certificate struct {
	Raw        []byte // whole DER
	RawTBS     []byte // signed part
	RawIssuer  []byte // DER of the issuer Name
	RawSubject []byte // DER of the subject Name
	Serial     []byte
	SigAlg     Alg
	Signature  []byte
	Subject    string // first common name, if any
	NotBefore  time.Time
	NotAfter   time.Time
	PublicKey  PublicKey

	HasBasicConstraints bool
	IsCA                bool
}

var errMalformed = errors.New("certs: malformed certificate")

// Parse parses one DER certificate. Keys and signatures other than
// Ed25519/Ed448 give ErrUnsupportedKey; trailing bytes are rejected.
func Parse(der []byte) (*Certificate, error) {
	c := &Certificate{Raw: der}
	in := cryptobyte.String(der)
	var cert, tbs cryptobyte.String
	var sigBits asn1.BitString
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !in.Empty() ||
		!cert.ReadASN1Element(&tbs, cbasn1.SEQUENCE) {
		return nil, errMalformed
	}
	c.RawTBS = tbs
	outerAlg, err := readAlgID(&cert)
	if err != nil {
		return nil, err
	}
	if !cert.ReadASN1BitString(&sigBits) || !cert.Empty() || sigBits.BitLength%8 != 0 {
		return nil, errMalformed
	}
	c.Signature = sigBits.Bytes

	var body cryptobyte.String
	if !tbs.ReadASN1(&body, cbasn1.SEQUENCE) {
		return nil, errMalformed
	}
	var version int64 = 0
	var vwrap cryptobyte.String
	var hasV bool
	if !body.ReadOptionalASN1(&vwrap, &hasV, cbasn1.Tag(0).Constructed().ContextSpecific()) {
		return nil, errMalformed
	}
	if hasV && (!vwrap.ReadASN1Integer(&version) || !vwrap.Empty()) {
		return nil, errMalformed
	}
	if version != 2 && version != 0 {
		return nil, fmt.Errorf("certs: unsupported certificate version %d", version+1)
	}
	var serial cryptobyte.String
	if !body.ReadASN1(&serial, cbasn1.INTEGER) || len(serial) == 0 {
		return nil, errMalformed
	}
	c.Serial = serial
	innerAlg, err := readAlgID(&body)
	if err != nil {
		return nil, err
	}
	if innerAlg != outerAlg {
		return nil, errors.New("certs: signature algorithm mismatch")
	}
	c.SigAlg = outerAlg
	var issuer, validity, subject cryptobyte.String
	if !body.ReadASN1Element(&issuer, cbasn1.SEQUENCE) ||
		!body.ReadASN1(&validity, cbasn1.SEQUENCE) ||
		!body.ReadASN1Element(&subject, cbasn1.SEQUENCE) {
		return nil, errMalformed
	}
	c.RawIssuer, c.RawSubject = issuer, subject
	if c.NotBefore, err = readTime(&validity); err != nil {
		return nil, err
	}
	if c.NotAfter, err = readTime(&validity); err != nil {
		return nil, err
	}
	if !validity.Empty() {
		return nil, errMalformed
	}
	if c.Subject, err = commonName(subject); err != nil {
		return nil, err
	}
	var spki cryptobyte.String
	var keyBits asn1.BitString
	if !body.ReadASN1(&spki, cbasn1.SEQUENCE) {
		return nil, errMalformed
	}
	if c.PublicKey.Alg, err = readAlgID(&spki); err != nil {
		return nil, err
	}
	if !spki.ReadASN1BitString(&keyBits) || !spki.Empty() || keyBits.BitLength%8 != 0 {
		return nil, errMalformed
	}
	c.PublicKey.Key = keyBits.Bytes
	if want := keyLen(c.PublicKey.Alg); len(c.PublicKey.Key) != want {
		return nil, fmt.Errorf("certs: %v key of %d bytes", c.PublicKey.Alg, len(c.PublicKey.Key))
	}
	// Optional issuerUniqueID [1], subjectUniqueID [2] (v2+), then extensions [3].
	for _, tag := range []cbasn1.Tag{cbasn1.Tag(1).ContextSpecific(), cbasn1.Tag(2).ContextSpecific()} {
		if !body.SkipOptionalASN1(tag) {
			return nil, errMalformed
		}
	}
	var extWrap cryptobyte.String
	var hasExt bool
	if !body.ReadOptionalASN1(&extWrap, &hasExt, cbasn1.Tag(3).Constructed().ContextSpecific()) || !body.Empty() {
		return nil, errMalformed
	}
	if hasExt {
		if err := c.parseExtensions(extWrap); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func keyLen(a Alg) int {
	if a == Ed448 {
		return 57
	}
	return 32
}

func readAlgID(s *cryptobyte.String) (Alg, error) {
	var alg cryptobyte.String
	var oid asn1.ObjectIdentifier
	if !s.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&oid) {
		return 0, errMalformed
	}
	switch {
	case oid.Equal(oidEd25519) && alg.Empty():
		return Ed25519, nil
	case oid.Equal(oidEd448) && alg.Empty():
		return Ed448, nil
	}
	return 0, fmt.Errorf("%w: OID %v", ErrUnsupportedKey, oid)
}

func readTime(s *cryptobyte.String) (time.Time, error) {
	var t time.Time
	switch {
	case s.PeekASN1Tag(cbasn1.UTCTime):
		if !s.ReadASN1UTCTime(&t) {
			return t, errMalformed
		}
	case s.PeekASN1Tag(cbasn1.GeneralizedTime):
		if !s.ReadASN1GeneralizedTime(&t) {
			return t, errMalformed
		}
	default:
		return t, errMalformed
	}
	return t, nil
}

// commonName returns the first CN of a Name, or "" if it has none.
func commonName(name cryptobyte.String) (string, error) {
	var rdns cryptobyte.String
	if !name.ReadASN1(&rdns, cbasn1.SEQUENCE) || !name.Empty() {
		return "", errMalformed
	}
	cn := ""
	for !rdns.Empty() {
		var set cryptobyte.String
		if !rdns.ReadASN1(&set, cbasn1.SET) {
			return "", errMalformed
		}
		for !set.Empty() {
			var atv cryptobyte.String
			var oid asn1.ObjectIdentifier
			var tag cbasn1.Tag
			var val cryptobyte.String
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.ReadASN1ObjectIdentifier(&oid) ||
				!atv.ReadAnyASN1(&val, &tag) || !atv.Empty() {
				return "", errMalformed
			}
			if cn == "" && oid.Equal(oidCommonName) {
				cn = string(val)
			}
		}
	}
	return cn, nil
}

func (c *Certificate) parseExtensions(wrap cryptobyte.String) error {
	var exts cryptobyte.String
	if !wrap.ReadASN1(&exts, cbasn1.SEQUENCE) || !wrap.Empty() {
		return errMalformed
	}
	for !exts.Empty() {
		var ext, val cryptobyte.String
		var oid asn1.ObjectIdentifier
		critical := false
		if !exts.ReadASN1(&ext, cbasn1.SEQUENCE) || !ext.ReadASN1ObjectIdentifier(&oid) ||
			!readOptBool(&ext, &critical) ||
			!ext.ReadASN1(&val, cbasn1.OCTET_STRING) || !ext.Empty() {
			return errMalformed
		}
		switch {
		case oid.Equal(oidBasicConstraints):
			var seq cryptobyte.String
			isCA := false
			if !val.ReadASN1(&seq, cbasn1.SEQUENCE) ||
				!readOptBool(&seq, &isCA) {
				return errMalformed
			}
			c.HasBasicConstraints, c.IsCA = true, isCA
		case oid.Equal(oidKeyUsage), oid.Equal(oidExtKeyUsage),
			oid.Equal(asn1.ObjectIdentifier{2, 5, 29, 14}), // subjectKeyIdentifier
			oid.Equal(asn1.ObjectIdentifier{2, 5, 29, 35}), // authorityKeyIdentifier
			oid.Equal(asn1.ObjectIdentifier{2, 5, 29, 17}): // subjectAltName
			// Accepted and not interpreted: pinning, not usage, decides trust here.
		default:
			if critical {
				return fmt.Errorf("certs: unknown critical extension %v", oid)
			}
		}
	}
	return nil
}

// readOptBool reads an optional (untagged) DEFAULT FALSE BOOLEAN; cryptobyte's
// ReadOptionalASN1Boolean expects an explicit tag wrapper instead.
func readOptBool(s *cryptobyte.String, out *bool) bool {
	*out = false
	if !s.PeekASN1Tag(cbasn1.BOOLEAN) {
		return true
	}
	return s.ReadASN1Boolean(out)
}
