package smp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"duplex/crypto/box"
	"duplex/crypto/keys"
	"duplex/net/tls13/certs"
)

// Proxy failure classes, so that the agent can apply its fallback policy.
// Every error from ProxySession and the Proxy* commands that is not the
// destination relay's own verdict (a plain *Error such as ErrAuth, which
// came back inside PRES) wraps exactly one of these together with the
// cause (errors.Is works on both).
var (
	// ErrProxyDown: the client→proxy hop failed (network, timeout, lost
	// connection, an unreadable answer).
	ErrProxyDown = errors.New("smp: proxy unavailable")
	// ErrDestinationDown: the proxy could not reach the destination relay
	// (ERR PROXY BROKER …) or lost its session (NO_SESSION: call
	// ProxySession again).
	ErrDestinationDown = errors.New("smp: destination relay unavailable through the proxy")
	// ErrProxyRefused: the proxy does not proxy for us (proxying disabled:
	// CMD PROHIBITED; BASIC_AUTH; a proxy older than v8) or the
	// destination rejected the forwarded block itself (PROXY PROTOCOL).
	ErrProxyRefused = errors.New("smp: proxy refused")
	// ErrDestinationTooOld: the destination relay cannot be reached through
	// a proxy (its versions end below 8).
	ErrDestinationTooOld = errors.New("smp: destination relay too old for private routing")
	// ErrProxyBadRelay: what the proxy returned fails the checks a direct
	// connection would make (wrong identity, bad chain or signature), or a
	// response does not decrypt — a lying or tampering proxy.
	ErrProxyBadRelay = errors.New("smp: proxy returned an unverifiable relay")
)

// ProxiedRelay is a session with a destination relay through a proxy, as
// established by PRXY → PKEY and verified by the client.
type ProxiedRelay struct {
	Dest      Server
	SessionID []byte       // the proxy↔destination session id (entity of PFWD)
	Range     VersionRange // as reported by the proxy (already capped to 8–17)
	Version   Version      // the highest version we share with the destination
	key       keys.X25519Public
}

// ServerKey is the destination's session key, verified against its chain.
func (p *ProxiedRelay) ServerKey() keys.X25519Public { return p.key }

func proxyFail(class error, cause error) error { return fmt.Errorf("%w: %w", class, cause) }

// classifyProxyErr wraps a failure of PRXY/PFWD with its class.
func classifyProxyErr(err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return proxyFail(ErrProxyDown, err)
	}
	if e.Code != CodeProxy || e.Proxy == nil {
		return proxyFail(ErrProxyRefused, err)
	}
	switch e.Proxy.Kind {
	case ProxyBroker:
		if b := e.Proxy.Broker; b != nil && b.Kind == BrokerTransport && b.Transport != nil && b.Transport.Kind == ErrTransportVersion.Kind {
			return proxyFail(ErrDestinationTooOld, err)
		}
		return proxyFail(ErrDestinationDown, err)
	case ProxyNoSession:
		return proxyFail(ErrDestinationDown, err)
	}
	return proxyFail(ErrProxyRefused, err)
}

func (c *Client) current() (*session, error) {
	c.mu.Lock()
	s, closed := c.cur, c.closed
	c.mu.Unlock()
	switch {
	case closed:
		return nil, ErrClosed
	case s == nil:
		return nil, ErrDisconnected
	}
	return s, nil
}

// ProxySession asks this client's relay to act as a proxy for dest (PRXY,
// with the proxy's basic auth from ClientConfig.Server) and verifies the
// answer exactly as a direct connection would: chain[1] has dest's key
// hash, the chain is a valid X.509 path, and the session key is signed by
// the leaf. A proxy that substitutes any of these is ErrProxyBadRelay.
func (c *Client) ProxySession(ctx context.Context, dest Server) (*ProxiedRelay, error) {
	s, err := c.current()
	if err != nil {
		return nil, proxyFail(ErrProxyDown, err)
	}
	if s.t.Version() < VersionSendingProxy {
		return nil, proxyFail(ErrProxyRefused, withf(ErrTransportVersion, "proxy speaks v%d", s.t.Version()))
	}
	corrID, err := c.newCorrID()
	if err != nil {
		return nil, err
	}
	// The proxy may have to connect first: connect + request time, as upstream.
	r, err := c.requestCorr(ctx, s, corrID, nil, nil, PRXY{Server: dest, BasicAuth: c.cfg.Server.BasicAuth},
		c.cfg.ConnectTimeout+c.cfg.RequestTimeout)
	if err != nil {
		return nil, classifyProxyErr(err)
	}
	pk, ok := r.(PKEY)
	if !ok {
		return nil, proxyFail(ErrProxyDown, unexpected(r))
	}
	rng := c.cfg.Range
	rng.Min = max(rng.Min, VersionSendingProxy)
	agreed, ok := rng.Intersect(pk.Range)
	if !ok || !pk.Range.Valid() {
		return nil, proxyFail(ErrDestinationTooOld, withf(ErrTransportVersion, "destination offers %v through the proxy", pk.Range))
	}
	key, err := verifyProxiedRelay(dest, pk.Cert, c.cfg.Now)
	if err != nil {
		return nil, proxyFail(ErrProxyBadRelay, err)
	}
	return &ProxiedRelay{Dest: dest, SessionID: pk.SessionID, Range: pk.Range, Version: agreed.Max, key: key}, nil
}

func verifyProxiedRelay(dest Server, cert CertChainPubKey, now func() time.Time) (keys.X25519Public, error) {
	if len(cert.Chain) < 2 || len(cert.Chain) > 4 {
		return keys.X25519Public{}, withf(ErrHandshakeIdentity, "chain has %d certificates", len(cert.Chain))
	}
	if !dest.VerifyIdentity(cert.Chain) {
		return keys.X25519Public{}, withf(ErrHandshakeIdentity, "chain identity is not the destination's key hash")
	}
	parsed, err := certs.VerifyChain(cert.Chain, dest.KeyHash, now())
	if err != nil {
		return keys.X25519Public{}, ErrHandshakeIdentity.with(err)
	}
	pub, err := VerifySessionKey(cert.SignedKey, parsed[0].PublicKey)
	if err != nil {
		return keys.X25519Public{}, ErrHandshakeBadAuth.with(err)
	}
	return pub, nil
}

// proxyCommand sends one sender command to the destination through the
// proxy (PFWD) and returns the destination's answer. A fresh X25519 key per
// command means the destination cannot link two commands of one client by
// key, and the proxy cannot read or alter them.
func (c *Client) proxyCommand(ctx context.Context, pr *ProxiedRelay, entityID []byte, key PrivateAuthKey, cmd Command) (Response, error) {
	s, err := c.current()
	if err != nil {
		return nil, proxyFail(ErrProxyDown, err)
	}
	cmdPriv, err := keys.GenerateX25519(orRand(c.lockedRand()))
	if err != nil {
		return nil, err
	}
	secret, err := box.DH(pr.key, cmdPriv)
	if err != nil {
		return nil, proxyFail(ErrProxyBadRelay, err)
	}
	corrID, err := c.newCorrID()
	if err != nil {
		return nil, err
	}
	nonce := box.NonceFrom(corrID)
	body, err := EncodeCommand(pr.Version, cmd)
	if err != nil {
		return nil, err
	}
	tr := &Transmission{CorrID: corrID, EntityID: entityID, Command: body}
	if key != nil {
		if err := Authorize(tr, key, pr.SessionID, &pr.key); err != nil {
			return nil, err
		}
	}
	wire, err := EncodeTransmission(pr.Version, tr)
	if err != nil {
		return nil, err
	}
	sealed, err := SealProxied(secret, nonce, wire)
	if err != nil {
		return nil, err
	}
	fwd := PFWD{RelayVersion: pr.Version, CmdKey: cmdPriv.Public(), EncTransmission: sealed}
	r, err := c.requestCorr(ctx, s, corrID, pr.SessionID, nil, fwd, 2*c.cfg.RequestTimeout)
	if err != nil {
		return nil, classifyProxyErr(err)
	}
	pres, ok := r.(PRES)
	if !ok {
		return nil, proxyFail(ErrProxyDown, unexpected(r))
	}
	raw, err := OpenProxiedResponse(secret, nonce, pres.Enc)
	if err != nil {
		return nil, proxyFail(ErrProxyBadRelay, err)
	}
	rt, err := ParseTransmission(pr.Version, raw)
	if err != nil || !bytes.Equal(rt.CorrID, corrID) || !bytes.Equal(rt.EntityID, entityID) {
		return nil, proxyFail(ErrProxyBadRelay, fmt.Errorf("%w: proxied response does not match the command", ErrBadResponse))
	}
	resp, err := ParseResponse(pr.Version, rt.Command)
	if err != nil {
		return nil, proxyFail(ErrProxyBadRelay, fmt.Errorf("%w: %v", ErrBadResponse, err))
	}
	if e, ok := resp.(ERR); ok {
		return nil, e.Err // the destination's verdict
	}
	return resp, nil
}

// ProxySend sends a message through the proxy (SEND in PFWD); sndKey is nil
// before the queue is secured.
func (c *Client) ProxySend(ctx context.Context, pr *ProxiedRelay, sndID []byte, sndKey PrivateAuthKey, notify bool, body []byte) error {
	return expectOK(c.proxyCommand(ctx, pr, sndID, sndKey, SEND{Notify: notify, Body: body}))
}

// ProxySecureBySender secures a messaging queue through the proxy (SKEY).
func (c *Client) ProxySecureBySender(ctx context.Context, pr *ProxiedRelay, sndID []byte, sndKey PrivateAuthKey) error {
	pub, err := PublicAuthKey(sndKey)
	if err != nil {
		return err
	}
	return expectOK(c.proxyCommand(ctx, pr, sndID, sndKey, SKEY{SenderKey: pub}))
}

// ProxySecureLink secures an invitation queue through its link (LKEY) via
// the proxy and returns its data.
func (c *Client) ProxySecureLink(ctx context.Context, pr *ProxiedRelay, linkID []byte, sndKey PrivateAuthKey) (LNK, error) {
	pub, err := PublicAuthKey(sndKey)
	if err != nil {
		return LNK{}, err
	}
	return expectLNK(c.proxyCommand(ctx, pr, linkID, sndKey, LKEY{SenderKey: pub}))
}

// ProxyGetLink fetches a contact link's data through the proxy (LGET).
func (c *Client) ProxyGetLink(ctx context.Context, pr *ProxiedRelay, linkID []byte) (LNK, error) {
	return expectLNK(c.proxyCommand(ctx, pr, linkID, nil, LGET{}))
}

// RelaySession describes this client's session as a proxy→relay link, for
// the proxy's PKEY answer: the session id, the relay's offered range, the
// negotiated version and its chain with the signed session key.
func (c *Client) RelaySession() (sessionID []byte, offered VersionRange, v Version, cert *CertChainPubKey, ok bool) {
	s, err := c.current()
	if err != nil || s.t.ServerCert() == nil {
		return nil, VersionRange{}, 0, nil, false
	}
	return s.t.SessionID(), s.t.PeerRange(), s.t.Version(), s.t.ServerCert(), true
}

// ErrNoRelaySession: Forward was called for a session that has ended.
var ErrNoRelaySession = errors.New("smp: relay session ended")

// Forward is the proxy's hop to the destination: it boxes f with the
// session secret under a fresh nonce (the RFWD corrId), sends RFWD on the
// session sessionID and returns the client-bound ciphertext of the RRES.
func (c *Client) Forward(ctx context.Context, sessionID []byte, f FwdTransmission) ([]byte, error) {
	s, err := c.current()
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(s.t.SessionID(), sessionID) {
		return nil, ErrNoRelaySession
	}
	secret, ok := s.t.SessionSecret()
	if !ok {
		return nil, ErrTransportNoAuth
	}
	corrID, err := c.newCorrID()
	if err != nil {
		return nil, err
	}
	nonce := box.NonceFrom(corrID)
	sealed, err := SealForward(secret, nonce, f)
	if err != nil {
		return nil, err
	}
	r, err := c.requestCorr(ctx, s, corrID, nil, nil, RFWD{EncTransmission: sealed}, c.cfg.RequestTimeout)
	if err != nil {
		return nil, err
	}
	rr, ok := r.(RRES)
	if !ok {
		return nil, unexpected(r)
	}
	fr, err := OpenForwardResponse(secret, nonce, rr.Enc)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(fr.CorrID, f.CorrID) {
		return nil, fmt.Errorf("%w: RRES for another corrId", ErrBadResponse)
	}
	return fr.Enc, nil
}
