package tls13

import (
	"bytes"
	"testing"
)

type sample struct {
	name  string
	msg   []byte
	parse func([]byte) (func() ([]byte, error), error) // parse, then re-marshal
}

func p[T any](f func([]byte) (T, error), m func(T) ([]byte, error)) func([]byte) (func() ([]byte, error), error) {
	return func(b []byte) (func() ([]byte, error), error) {
		v, err := f(b)
		if err != nil {
			return nil, err
		}
		return func() ([]byte, error) { return m(v) }, nil
	}
}

func samples(t testing.TB) []sample {
	hello := testClientHello(t)
	chCookie, _ := (&clientHello{random: make([]byte, 32), sessionID: []byte{1, 2, 3}, cipherSuites: []uint16{0x1301, suiteChaCha20Poly1305},
		compression: []uint8{0}, versions: []uint16{versionTLS13, versionTLS12}, groups: []Group{X448, X25519}, sigAlgs: ourSigAlgs,
		keyShares: []keyShare{{X448, make([]byte, 56)}}, cookie: []byte("cookie")}).marshal()
	sh, _ := (&serverHello{random: bytes.Repeat([]byte{7}, 32), sessionID: []byte{1}, cipherSuite: suiteChaCha20Poly1305, version: versionTLS13, share: keyShare{X448, make([]byte, 56)}}).marshal()
	hrr, _ := (&serverHello{random: hrrRandom, cipherSuite: suiteChaCha20Poly1305, version: versionTLS13, selectedGroup: X25519, cookie: []byte{9, 9}}).marshal()
	ee, _ := (&encryptedExtensions{alpn: "smp/1"}).marshal()
	eeEmpty, _ := (&encryptedExtensions{}).marshal()
	cr, _ := (&certificateRequest{sigAlgs: ourSigAlgs}).marshal()
	cert, _ := (&certificateMsg{certs: [][]byte{[]byte("leaf-der"), []byte("ca-der")}}).marshal()
	cv, _ := (&certificateVerify{scheme: schemeEd448, signature: make([]byte, 114)}).marshal()
	return []sample{
		{"ClientHello", hello, p(parseClientHello, (*clientHello).marshal)},
		{"ClientHello-cookie", chCookie, p(parseClientHello, (*clientHello).marshal)},
		{"ServerHello", sh, p(parseServerHello, (*serverHello).marshal)},
		{"HelloRetryRequest", hrr, p(parseServerHello, (*serverHello).marshal)},
		{"EncryptedExtensions", ee, p(parseEncryptedExtensions, (*encryptedExtensions).marshal)},
		{"EncryptedExtensions-empty", eeEmpty, p(parseEncryptedExtensions, (*encryptedExtensions).marshal)},
		{"CertificateRequest", cr, p(parseCertificateRequest, (*certificateRequest).marshal)},
		{"Certificate", cert, p(parseCertificate, (*certificateMsg).marshal)},
		{"CertificateVerify", cv, p(parseCertificateVerify, (*certificateVerify).marshal)},
		{"Finished", marshalFinished(make([]byte, 32)), p(parseFinished, func(b []byte) ([]byte, error) { return marshalFinished(b), nil })},
		{"KeyUpdate", marshalKeyUpdate(true), p(parseKeyUpdate, func(b bool) ([]byte, error) { return marshalKeyUpdate(b), nil })},
	}
}

func TestMessagesRoundTrip(t *testing.T) {
	for _, s := range samples(t) {
		t.Run(s.name, func(t *testing.T) {
			re, err := s.parse(s.msg)
			if err != nil {
				t.Fatal(err)
			}
			out, err := re()
			if err != nil || !bytes.Equal(out, s.msg) {
				t.Fatalf("re-marshal differs: %x\n%x", out, s.msg)
			}
			for i := 0; i < len(s.msg); i++ {
				if _, err := s.parse(s.msg[:i]); err == nil {
					t.Fatalf("strict prefix of %d bytes accepted", i)
				}
			}
			if _, err := s.parse(append(append([]byte{}, s.msg...), 0)); err == nil {
				t.Fatal("trailing garbage accepted")
			}
			// Truncating the body while fixing the header length must fail too,
			// except at points where the shorter form is itself legal.
			for i := 4; i < len(s.msg); i++ {
				cut := append([]byte{}, s.msg[:i]...)
				n := i - 4
				cut[1], cut[2], cut[3] = byte(n>>16), byte(n>>8), byte(n)
				if re, err := s.parse(cut); err == nil {
					if out, _ := re(); bytes.Equal(out, s.msg) {
						t.Fatalf("body prefix %d re-marshals to the full message", i)
					}
					if s.name != "ClientHello" && s.name != "ClientHello-cookie" && s.name != "ServerHello" && s.name != "HelloRetryRequest" {
						t.Fatalf("body prefix of %d bytes accepted", i)
					}
				}
			}
		})
	}
}

func TestMessageStrictness(t *testing.T) {
	hello := testClientHello(t)
	ch, _ := parseClientHello(hello)
	// Duplicate extension.
	dup := appendExtensions(t, hello, []byte{0, 42, 0, 0, 0, 42, 0, 0})
	if _, err := parseClientHello(dup); err == nil {
		t.Fatal("duplicate extension accepted")
	}
	// pre_shared_key not last.
	notLast := appendExtensions(t, hello, []byte{0, 41, 0, 0, 0, 42, 0, 0})
	if _, err := parseClientHello(notLast); err == nil {
		t.Fatal("pre_shared_key before another extension accepted")
	}
	// Two key shares for one group.
	ch.keyShares = append(ch.keyShares, ch.keyShares[0])
	m, _ := ch.marshal()
	if _, err := parseClientHello(m); err == nil {
		t.Fatal("duplicate key share accepted")
	}
	if _, err := parseKeyUpdate([]byte{typeKeyUpdate, 0, 0, 1, 2}); err == nil {
		t.Fatal("KeyUpdate value 2 accepted")
	}
	if _, err := parseFinished(marshalFinished(make([]byte, 31))); err == nil {
		t.Fatal("short Finished accepted")
	}
}
