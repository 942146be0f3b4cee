package tls13

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
)

// serverParams is what the server chose from a ClientHello.
type serverParams struct {
	group Group
	share *keyShare // nil => HelloRetryRequest for group
	alpn  string
}

func (c *Conn) serverHandshake() error {
	cfg := c.cfg
	chain := cfg.Certificate
	if chain == nil || chain.Key == nil || len(chain.Certs) == 0 {
		return alertErr(alertInternalError, errors.New("server Config.Certificate is missing"))
	}
	if cfg.RequireClientCert && cfg.VerifyPeer == nil {
		return alertErr(alertInternalError, errors.New("RequireClientCert without VerifyPeer"))
	}
	rnd := c.rand()
	msg, err := c.expect(typeClientHello, "ClientHello")
	if err != nil {
		return err
	}
	ch, err := parseClientHello(msg)
	if err != nil {
		return alertErr(alertDecodeError, err)
	}
	p, err := c.negotiate(ch)
	if err != nil {
		return err
	}
	th := sha256.New()
	th.Write(msg)
	didHRR := false
	if p.share == nil {
		hrr := &serverHello{random: hrrRandom, sessionID: ch.sessionID, cipherSuite: suiteChaCha20Poly1305,
			version: versionTLS13, selectedGroup: p.group}
		m, err := hrr.marshal()
		if err != nil {
			return err
		}
		rehashForHRR(th)
		if err := c.writeHandshake(th, m); err != nil {
			return err
		}
		if ch.earlyData {
			c.earlySkip = earlyDataBudget // 0-RTT records sent before our HRR are dropped
		}
		if msg, err = c.expect(typeClientHello, "second ClientHello"); err != nil {
			return err
		}
		c.earlySkip = 0
		ch2, err := parseClientHello(msg)
		if err != nil {
			return alertErr(alertDecodeError, err)
		}
		if ch2.earlyData || len(ch2.keyShares) != 1 || ch2.keyShares[0].group != p.group {
			return alertf(alertIllegalParameter, "second ClientHello does not follow the HelloRetryRequest")
		}
		p2, err := c.negotiate(ch2)
		if err != nil {
			return err
		}
		if p2.share == nil || p2.group != p.group {
			return alertf(alertIllegalParameter, "second ClientHello does not follow the HelloRetryRequest")
		}
		ch, p, didHRR = ch2, p2, true
		th.Write(msg)
	}

	priv, pub, err := newECDHE(rnd, p.group)
	if err != nil {
		return err
	}
	shared, err := priv.shared(p.share.data)
	if err != nil {
		return alertErr(alertIllegalParameter, err)
	}
	random, err := randomBytes(rnd, 32)
	if err != nil {
		return err
	}
	sh := &serverHello{random: random, sessionID: ch.sessionID, cipherSuite: suiteChaCha20Poly1305,
		version: versionTLS13, share: keyShare{p.group, pub}}
	m, err := sh.marshal()
	if err != nil {
		return err
	}
	c.buffering = true // the whole first flight goes out in one write
	if err := c.writeHandshake(th, m); err != nil {
		return err
	}
	hs := handshakeSecret(shared)
	cHS := deriveSecret(hs, "c hs traffic", th)
	sHS := deriveSecret(hs, "s hs traffic", th)
	c.outHC.set(sHS)

	ee := &encryptedExtensions{alpn: p.alpn}
	if m, err = ee.marshal(); err != nil {
		return err
	}
	if err := c.writeHandshake(th, m); err != nil {
		return err
	}
	if cfg.RequireClientCert {
		cr := &certificateRequest{sigAlgs: ourSigAlgs}
		if m, err = cr.marshal(); err != nil {
			return err
		}
		if err := c.writeHandshake(th, m); err != nil {
			return err
		}
	}
	cm := &certificateMsg{certs: chain.Certs}
	if m, err = cm.marshal(); err != nil {
		return err
	}
	if err := c.writeHandshake(th, m); err != nil {
		return err
	}
	cv := &certificateVerify{scheme: schemeFor(chain.Key.Alg()), signature: chain.Key.Sign(signedContent(serverSignatureContext, th.Sum(nil)))}
	if m, err = cv.marshal(); err != nil {
		return err
	}
	if err := c.writeHandshake(th, m); err != nil {
		return err
	}
	if err := c.writeHandshake(th, marshalFinished(finishedMAC(sHS, th))); err != nil {
		return err
	}
	if err := c.flush(); err != nil {
		return err
	}
	master := masterSecret(hs)
	cAP := deriveSecret(master, "c ap traffic", th)
	sAP := deriveSecret(master, "s ap traffic", th)
	c.outHC.set(sAP)
	if err := c.atKeyBoundary(); err != nil {
		return err
	}
	c.inHC.set(cHS)
	if ch.earlyData && !didHRR {
		c.earlySkip = earlyDataBudget // refuse 0-RTT: skip what fails to decrypt
	}

	var peerChain [][]byte
	var peerKey any
	if cfg.RequireClientCert {
		if msg, err = c.expect(typeCertificate, "client Certificate"); err != nil {
			return err
		}
		cc, err := parseCertificate(msg)
		if err != nil {
			return alertErr(alertDecodeError, err)
		}
		if len(cc.context) != 0 {
			return alertf(alertIllegalParameter, "client Certificate has a context")
		}
		if len(cc.certs) == 0 {
			return alertf(alertCertificateRequired, "client sent no certificate")
		}
		th.Write(msg)
		key, err := c.verifyPeerChain(cc.certs)
		if err != nil {
			return err
		}
		if msg, err = c.expect(typeCertificateVerify, "client CertificateVerify"); err != nil {
			return err
		}
		if err := verifyCertificateVerify(msg, key, clientSignatureContext, th); err != nil {
			return err
		}
		th.Write(msg)
		peerChain, peerKey = copyChain(cc.certs), key.Crypto()
	}
	if msg, err = c.expect(typeFinished, "client Finished"); err != nil {
		return err
	}
	vd, err := parseFinished(msg)
	if err != nil {
		return alertErr(alertDecodeError, err)
	}
	if !hmac.Equal(vd, finishedMAC(cHS, th)) {
		return alertf(alertDecryptError, "client Finished does not verify")
	}
	if err := c.atKeyBoundary(); err != nil {
		return err
	}
	c.inHC.set(cAP)
	c.earlySkip = 0
	c.state = State{
		ALPN:           p.alpn,
		PeerChain:      peerChain,
		TLSUnique:      append([]byte(nil), vd...),
		PeerSigningKey: peerKey,
		Group:          p.group,
		DidHRR:         didHRR,
	}
	return nil
}

// negotiate applies our narrow profile to a ClientHello.
func (c *Conn) negotiate(ch *clientHello) (*serverParams, error) {
	if !contains16(ch.versions, versionTLS13) {
		return nil, alertf(alertProtocolVersion, "client does not offer TLS 1.3 (only 1.3 is accepted)")
	}
	if len(ch.compression) != 1 || ch.compression[0] != 0 {
		return nil, alertf(alertIllegalParameter, "client offered compression")
	}
	if !contains16(ch.cipherSuites, suiteChaCha20Poly1305) {
		return nil, alertf(alertHandshakeFailure, "no common cipher suite (only TLS_CHACHA20_POLY1305_SHA256 is accepted)")
	}
	if !ch.hasSigAlgs || !ch.hasGroups || !ch.hasKeyShare {
		return nil, alertf(alertMissingExtension, "ClientHello lacks signature_algorithms, supported_groups or key_share")
	}
	if !contains16(ch.sigAlgs, schemeFor(c.cfg.Certificate.Key.Alg())) {
		return nil, alertf(alertHandshakeFailure, "client does not accept %v signatures", c.cfg.Certificate.Key.Alg())
	}
	p := &serverParams{}
	ours := c.cfg.groups()
	for _, g := range ours {
		for i := range ch.keyShares {
			if ch.keyShares[i].group == g && supportedGroup(g) {
				p.group, p.share = g, &ch.keyShares[i]
				break
			}
		}
		if p.share != nil {
			break
		}
	}
	if p.share == nil {
		for _, g := range ours {
			if containsGroup(ch.groups, g) && supportedGroup(g) {
				p.group = g
				break
			}
		}
		if p.group == 0 {
			return nil, alertf(alertHandshakeFailure, "no common group (we accept %v)", ours)
		}
	}
	if len(c.cfg.NextProtos) > 0 && len(ch.alpn) > 0 {
		for _, proto := range c.cfg.NextProtos {
			if containsString(ch.alpn, proto) {
				p.alpn = proto
				break
			}
		}
		if p.alpn == "" {
			return nil, alertf(alertNoApplicationProtocol, "no common ALPN protocol in %q", ch.alpn)
		}
	}
	return p, nil
}
