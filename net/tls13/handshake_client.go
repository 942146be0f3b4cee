package tls13

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
)

func (c *Conn) clientHandshake() error {
	cfg := c.cfg
	groups := cfg.groups()
	if len(groups) == 0 {
		return errors.New("tls13: no groups configured")
	}
	for _, g := range groups {
		if !supportedGroup(g) {
			return errors.New("tls13: unsupported group " + g.String())
		}
	}
	if cfg.VerifyPeer == nil {
		return errors.New("tls13: client Config.VerifyPeer is nil: every server would be rejected")
	}
	rnd := c.rand()
	priv, pub, err := newECDHE(rnd, groups[0])
	if err != nil {
		return err
	}
	random, err := randomBytes(rnd, 32)
	if err != nil {
		return err
	}
	gs := make([]Group, len(groups))
	copy(gs, groups)
	hello := &clientHello{
		random:       random,
		cipherSuites: []uint16{suiteChaCha20Poly1305},
		compression:  []uint8{0},
		versions:     []uint16{versionTLS13},
		groups:       gs,
		sigAlgs:      ourSigAlgs,
		keyShares:    []keyShare{{groups[0], pub}},
		alpn:         cfg.NextProtos,
	}
	chMsg, err := hello.marshal()
	if err != nil {
		return err
	}
	th := sha256.New()
	if err := c.writeHandshake(th, chMsg); err != nil {
		return err
	}

	msg, err := c.expect(typeServerHello, "ServerHello")
	if err != nil {
		return err
	}
	sh, err := parseServerHello(msg)
	if err != nil {
		return alertErr(alertDecodeError, err)
	}
	didHRR := false
	if sh.isHRR() {
		if err := checkServerHello(sh, hello); err != nil {
			return err
		}
		g := sh.selectedGroup
		if g == priv.group || !containsGroup(groups, g) {
			return alertf(alertIllegalParameter, "HelloRetryRequest selected group %v", g)
		}
		rehashForHRR(th)
		th.Write(msg)
		if priv, pub, err = newECDHE(rnd, g); err != nil {
			return err
		}
		hello.keyShares = []keyShare{{g, pub}}
		hello.cookie = sh.cookie
		if chMsg, err = hello.marshal(); err != nil {
			return err
		}
		if err := c.writeHandshake(th, chMsg); err != nil {
			return err
		}
		if msg, err = c.expect(typeServerHello, "ServerHello"); err != nil {
			return err
		}
		if sh, err = parseServerHello(msg); err != nil {
			return alertErr(alertDecodeError, err)
		}
		if sh.isHRR() {
			return alertf(alertUnexpectedMessage, "second HelloRetryRequest")
		}
		didHRR = true
	}
	if err := checkServerHello(sh, hello); err != nil {
		return err
	}
	if sh.share.group != priv.group {
		return alertf(alertIllegalParameter, "server key share for %v, we offered %v", sh.share.group, priv.group)
	}
	th.Write(msg)
	shared, err := priv.shared(sh.share.data)
	if err != nil {
		return alertErr(alertIllegalParameter, err)
	}
	hs := handshakeSecret(shared)
	cHS := deriveSecret(hs, "c hs traffic", th)
	sHS := deriveSecret(hs, "s hs traffic", th)
	if err := c.atKeyBoundary(); err != nil {
		return err
	}
	c.inHC.set(sHS)
	c.outHC.set(cHS)

	if msg, err = c.expect(typeEncryptedExtensions, "EncryptedExtensions"); err != nil {
		return err
	}
	ee, err := parseEncryptedExtensions(msg)
	if err != nil {
		return alertErr(alertDecodeError, err)
	}
	if ee.earlyData || len(ee.unknown) > 0 {
		return alertf(alertUnsupportedExtension, "server sent extensions we did not offer (%v, early_data=%v)", ee.unknown, ee.earlyData)
	}
	if ee.alpn != "" && !containsString(cfg.NextProtos, ee.alpn) {
		return alertf(alertIllegalParameter, "server selected ALPN %q we did not offer", ee.alpn)
	}
	th.Write(msg)

	if msg, err = c.readHandshake(); err != nil {
		return err
	}
	var certReq *certificateRequest
	if msg[0] == typeCertificateRequest {
		if certReq, err = parseCertificateRequest(msg); err != nil {
			return alertErr(alertDecodeError, err)
		}
		if len(certReq.context) != 0 {
			return alertf(alertIllegalParameter, "non-empty certificate_request_context in handshake")
		}
		th.Write(msg)
		if msg, err = c.readHandshake(); err != nil {
			return err
		}
	}
	if msg[0] != typeCertificate {
		return alertf(alertUnexpectedMessage, "expected Certificate, got handshake message type %d", msg[0])
	}
	cm, err := parseCertificate(msg)
	if err != nil {
		return alertErr(alertDecodeError, err)
	}
	if len(cm.context) != 0 || len(cm.certs) == 0 {
		return alertf(alertDecodeError, "server Certificate is empty or has a context")
	}
	th.Write(msg)
	peerKey, err := c.verifyPeerChain(cm.certs)
	if err != nil {
		return err
	}
	if msg, err = c.expect(typeCertificateVerify, "CertificateVerify"); err != nil {
		return err
	}
	if err := verifyCertificateVerify(msg, peerKey, serverSignatureContext, th); err != nil {
		return err
	}
	th.Write(msg)
	if msg, err = c.expect(typeFinished, "Finished"); err != nil {
		return err
	}
	vd, err := parseFinished(msg)
	if err != nil {
		return alertErr(alertDecodeError, err)
	}
	if !hmac.Equal(vd, finishedMAC(sHS, th)) {
		return alertf(alertDecryptError, "server Finished does not verify")
	}
	th.Write(msg)
	master := masterSecret(hs)
	cAP := deriveSecret(master, "c ap traffic", th)
	sAP := deriveSecret(master, "s ap traffic", th)
	if err := c.atKeyBoundary(); err != nil {
		return err
	}
	c.inHC.set(sAP)

	c.buffering = true
	if certReq != nil {
		chain := cfg.Certificate
		if chain != nil && (chain.Key == nil || len(chain.Certs) == 0 || !contains16(certReq.sigAlgs, schemeFor(chain.Key.Alg()))) {
			chain = nil // nothing acceptable: send an empty Certificate, the server decides
		}
		out := &certificateMsg{}
		if chain != nil {
			out.certs = chain.Certs
		}
		m, err := out.marshal()
		if err != nil {
			return err
		}
		if err := c.writeHandshake(th, m); err != nil {
			return err
		}
		if chain != nil {
			cv := &certificateVerify{scheme: schemeFor(chain.Key.Alg()), signature: chain.Key.Sign(signedContent(clientSignatureContext, th.Sum(nil)))}
			if m, err = cv.marshal(); err != nil {
				return err
			}
			if err := c.writeHandshake(th, m); err != nil {
				return err
			}
		}
	}
	fin := finishedMAC(cHS, th)
	if err := c.writeHandshake(th, marshalFinished(fin)); err != nil {
		return err
	}
	if err := c.flush(); err != nil {
		return err
	}
	c.outHC.set(cAP)
	c.state = State{
		ALPN:           ee.alpn,
		PeerChain:      copyChain(cm.certs),
		TLSUnique:      fin,
		PeerSigningKey: peerKey.Crypto(),
		Group:          priv.group,
		DidHRR:         didHRR,
	}
	return nil
}

// checkServerHello applies the checks common to ServerHello and HRR.
func checkServerHello(sh *serverHello, hello *clientHello) error {
	if sh.version != versionTLS13 {
		return alertf(alertProtocolVersion, "server does not speak TLS 1.3 (only 1.3 is accepted)")
	}
	if !bytes.Equal(sh.sessionID, hello.sessionID) {
		return alertf(alertIllegalParameter, "legacy_session_id_echo mismatch")
	}
	if sh.cipherSuite != suiteChaCha20Poly1305 {
		return alertf(alertIllegalParameter, "server chose cipher suite %#04x we did not offer", sh.cipherSuite)
	}
	if sh.compression != 0 {
		return alertf(alertIllegalParameter, "server chose compression")
	}
	if sh.hasPSK {
		return alertf(alertIllegalParameter, "server selected a PSK we never offered (resumption is refused)")
	}
	if len(sh.unknown) > 0 {
		return alertf(alertUnsupportedExtension, "server sent extensions %v we did not offer", sh.unknown)
	}
	return nil
}

func containsGroup(gs []Group, g Group) bool {
	for _, x := range gs {
		if x == g {
			return true
		}
	}
	return false
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
