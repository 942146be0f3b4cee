package server

import (
	"bytes"
	"errors"

	"duplex/crypto/box"
	"duplex/net/smp"
)

// Observation is one command as the relay executed it (Config.Observe).
type Observation struct {
	Remote   string // address of the connection it came on
	Tag      string // command word
	EntityID []byte
	Raw      []byte // the transmission as this relay read it (forwarded: after opening both boxes)
	Proxied  bool   // it arrived inside RFWD from a proxy
}

func (c *client) observe(t *smp.Transmission, raw []byte) {
	f := c.srv.cfg.Observe
	if f == nil {
		return
	}
	tag, _, _ := bytes.Cut(t.Command, []byte{' '})
	f(Observation{Remote: c.remote, Tag: string(tag), EntityID: bytes.Clone(t.EntityID), Raw: bytes.Clone(raw), Proxied: c.proxied})
}

// proxiedAllowed: the only commands a proxy may forward are a sender's
// (Server.hs processForwardedCommand).
func proxiedAllowed(cmd smp.Command) bool {
	switch cmd.(type) {
	case smp.SEND, smp.SKEY, smp.LKEY, smp.LGET:
		return true
	}
	return false
}

// forwarded executes a command a proxy forwarded (RFWD): open the proxy's
// box with the session secret (nonce = RFWD corrId), then the client's box
// with X25519(client's command key, our session key) (nonce = the client's
// corrId), run the single transmission as if the client were connected
// here — authorised for this session id — and box the answer back with the
// byte-reversed nonces.
func (c *client) forwarded(corrID []byte, cmd smp.RFWD) reply {
	if c.fwdSecret == nil || c.serverKey == nil {
		return reply{resp: brokerErr(&smp.BrokerError{Kind: smp.BrokerTransport, Transport: smp.ErrTransportNoAuth})}
	}
	if len(corrID) != len(box.Nonce{}) {
		return errReply(smp.ErrCrypto)
	}
	proxyNonce := box.NonceFrom(corrID)
	f, err := smp.OpenForward(*c.fwdSecret, proxyNonce, cmd.EncTransmission)
	switch {
	case errors.Is(err, smp.ErrProxyCrypto):
		return errReply(smp.ErrCrypto)
	case err != nil:
		return errReply(smp.ErrCmdSyntax)
	}
	if f.Version < smp.VersionSendingProxy || f.Version > smp.CurrentVersion {
		return errReply(smp.ErrCmdSyntax)
	}
	clientSecret, err := box.DH(f.CmdKey, c.serverKey)
	if err != nil {
		return errReply(smp.ErrCrypto)
	}
	clientNonce := box.NonceFrom(f.CorrID)
	raw, err := smp.OpenProxied(clientSecret, clientNonce, f.Enc)
	switch {
	case errors.Is(err, smp.ErrProxyCrypto):
		return errReply(smp.ErrCrypto)
	case err != nil:
		return errReply(smp.ErrBlock)
	}
	// The forwarded command runs with the client's version, this session's
	// id and key, and nothing of this connection's subscriptions.
	inner := &client{srv: c.srv, v: f.Version, sessionID: c.sessionID, serverKey: c.serverKey, remote: c.remote, proxied: true}
	t, err := smp.ParseTransmission(f.Version, raw)
	if err != nil {
		return errReply(smp.ErrBlock)
	}
	inner.observe(t, raw)
	var r reply
	if parsed, perr := smp.ParseCommand(f.Version, t.Command); perr == nil && !proxiedAllowed(parsed) {
		r = errReply(smp.ErrProhibited)
	} else {
		r = inner.exec(t)
	}
	if e, ok := r.resp.(smp.ERR); ok && errors.Is(e.Err, smp.ErrAuth) {
		c.srv.ctr.authFail.Add(1)
	}
	encResp, err := smp.SealProxiedResponse(clientSecret, clientNonce, inner.encode(t.CorrID, t.EntityID, r.resp))
	if err != nil {
		return errReply(smp.ErrBlock)
	}
	sealed, err := smp.SealForwardResponse(*c.fwdSecret, proxyNonce, smp.FwdResponse{CorrID: f.CorrID, Enc: encResp})
	if err != nil {
		return errReply(smp.ErrInternal)
	}
	return reply{resp: smp.RRES{Enc: sealed}}
}
