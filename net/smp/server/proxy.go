package server

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"net"
	"sync"

	"duplex/net/smp"
)

// proxyConcurrency bounds the proxy commands one client may have in
// flight; further ones wait in its reader (upstream serverClientConcurrency).
const proxyConcurrency = 16

// proxiedRange caps the destination range reported in PKEY, so that
// clients behind proxies all look alike to the destination (Transport.hs
// proxiedSMPRelayVRange).
var proxiedRange = smp.VersionRange{Min: smp.VersionSendingProxy, Max: smp.ProxiedMaxVersion}

// proxyAgent holds the relay's sessions with destination relays: one per
// destination, shared by every client that asks for it (PRXY), and found
// again by session id for PFWD.
type proxyAgent struct {
	srv *Server

	mu        sync.Mutex
	relays    map[string]*relayConn // binary server → session
	bySession map[string]*relayConn // proxy↔relay session id →
	closed    bool
}

// relayConn is one destination session; ready is closed when the dial
// finished (then client or err is set).
type relayConn struct {
	ready  chan struct{}
	client *smp.Client
	err    error
}

func newProxyAgent(s *Server) *proxyAgent {
	return &proxyAgent{srv: s, relays: map[string]*relayConn{}, bySession: map[string]*relayConn{}}
}

var errProxyClosed = errors.New("server: proxy closed")

// relay returns the session with dest, dialling it once for all callers.
// A session that ended or a failed dial is not reused: the next PRXY dials
// again.
func (a *proxyAgent) relay(dest smp.Server) (*smp.Client, error) {
	key, err := smp.EncodeServer(dest)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil, errProxyClosed
	}
	rc := a.relays[string(key)]
	if rc != nil {
		select {
		case <-rc.ready:
			if rc.err != nil || rc.client.SessionID() == nil {
				a.dropLocked(string(key), rc)
				rc = nil
			}
		default:
		}
	}
	if rc == nil {
		rc = &relayConn{ready: make(chan struct{})}
		a.relays[string(key)] = rc
		a.mu.Unlock()
		rc.client, rc.err = a.dial(dest)
		a.mu.Lock()
		if rc.err == nil && a.closed {
			rc.client.Close()
			rc.err = errProxyClosed
		}
		if rc.err != nil && a.relays[string(key)] == rc {
			delete(a.relays, string(key))
		}
		close(rc.ready)
	}
	a.mu.Unlock()
	<-rc.ready
	return rc.client, rc.err
}

// dropLocked forgets a session and closes its client.
func (a *proxyAgent) dropLocked(key string, rc *relayConn) {
	if a.relays[key] == rc {
		delete(a.relays, key)
	}
	for id, x := range a.bySession {
		if x == rc {
			delete(a.bySession, id)
		}
	}
	if rc.client != nil {
		go rc.client.Close()
	}
}

func (a *proxyAgent) dial(dest smp.Server) (*smp.Client, error) {
	cfg := &a.srv.cfg
	ctx, cancel := context.WithTimeout(context.Background(), cfg.ProxyConnectTimeout)
	defer cancel()
	go func() {
		select {
		case <-a.srv.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	return smp.Connect(ctx, smp.ClientConfig{
		Server:         smp.ServerAddress{Server: dest},
		ProxyServer:    true,
		Rand:           cfg.Rand,
		Now:            cfg.Now,
		DialContext:    cfg.ProxyDial,
		ConnectTimeout: cfg.ProxyConnectTimeout,
		RequestTimeout: cfg.ProxyRequestTimeout,
	})
}

func (a *proxyAgent) register(sessionID []byte, c *smp.Client) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, rc := range a.relays {
		if rc.client == c {
			a.bySession[string(sessionID)] = rc
			return
		}
	}
}

func (a *proxyAgent) bySessionID(id []byte) *smp.Client {
	a.mu.Lock()
	defer a.mu.Unlock()
	if rc := a.bySession[string(id)]; rc != nil {
		return rc.client
	}
	return nil
}

func (a *proxyAgent) close() {
	a.mu.Lock()
	a.closed = true
	var cs []*smp.Client
	for _, rc := range a.relays {
		select {
		case <-rc.ready:
			if rc.client != nil {
				cs = append(cs, rc.client)
			}
		default: // its dialler sees closed and closes it
		}
	}
	a.relays, a.bySession = map[string]*relayConn{}, map[string]*relayConn{}
	a.mu.Unlock()
	for _, c := range cs {
		c.Close()
	}
}

// async runs f outside the reader and pushes its answer with corrID: a
// proxy command may wait for another relay, and the client's other
// commands must not wait behind it.
func (c *client) async(corrID, entityID []byte, f func() smp.Response) reply {
	select {
	case c.procSem <- struct{}{}:
	case <-c.closed:
		return reply{async: true}
	}
	c.srv.wg.Add(1)
	go func() {
		defer c.srv.wg.Done()
		defer func() { <-c.procSem }()
		c.push(c.encode(corrID, entityID, f()))
	}()
	return reply{async: true}
}

func proxyErr(p *smp.ProxyError) smp.Response {
	return smp.ERR{Err: &smp.Error{Code: smp.CodeProxy, Proxy: p}}
}

func brokerErr(b *smp.BrokerError) smp.Response {
	return proxyErr(&smp.ProxyError{Kind: smp.ProxyBroker, Broker: b})
}

// brokerError maps a failure on the proxy→relay hop to what the client is
// told (Client.hs smpProxyError): transport errors keep their kind, the
// rest is TIMEOUT or NETWORK; local causes are not disclosed.
func brokerError(err error) smp.Response {
	var te *smp.TransportError
	var pe *smp.Error
	var ne net.Error
	switch {
	case errors.As(err, &pe):
		return proxyErr(&smp.ProxyError{Kind: smp.ProxyProtocol, Protocol: pe})
	case errors.Is(err, smp.ErrNoRelaySession):
		return proxyErr(&smp.ProxyError{Kind: smp.ProxyNoSession})
	case errors.Is(err, smp.ErrProxyCrypto):
		return smp.ERR{Err: smp.ErrCrypto}
	case errors.As(err, &te):
		return brokerErr(&smp.BrokerError{Kind: smp.BrokerTransport, Transport: &smp.TransportError{Kind: te.Kind, Handshake: te.Handshake}})
	case errors.Is(err, smp.ErrTimeout), errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return brokerErr(&smp.BrokerError{Kind: smp.BrokerTimeout})
	case errors.Is(err, smp.ErrUnexpected):
		return brokerErr(&smp.BrokerError{Kind: smp.BrokerUnexpected, Text: "unexpected response"})
	case errors.Is(err, smp.ErrBadResponse):
		return brokerErr(&smp.BrokerError{Kind: smp.BrokerResponse, Text: "bad response"})
	}
	return brokerErr(&smp.BrokerError{Kind: smp.BrokerNetwork})
}

// proxyRelay answers PRXY: connect to (or reuse the session with) the
// destination and return its session id, its range capped to 8–17 and its
// certificate chain with the signed session key, which the client checks.
func (c *client) proxyRelay(corrID []byte, cmd smp.PRXY) reply {
	cfg := &c.srv.cfg
	if cfg.ProxyDisabled || cfg.Password != nil &&
		(cmd.BasicAuth == nil || subtle.ConstantTimeCompare(cmd.BasicAuth, cfg.Password) != 1) {
		return reply{resp: proxyErr(&smp.ProxyError{Kind: smp.ProxyBasicAuth})}
	}
	return c.async(corrID, nil, func() smp.Response {
		rc, err := c.srv.proxy.relay(cmd.Server)
		if err != nil {
			c.srv.log.Debug("proxy: connecting to relay failed", "err", err)
			return brokerError(err)
		}
		sess, offered, v, cert, ok := rc.RelaySession()
		if !ok {
			return brokerErr(&smp.BrokerError{Kind: smp.BrokerNetwork})
		}
		rng, ok := offered.Intersect(proxiedRange)
		if !ok || v < smp.VersionSendingProxy {
			return brokerErr(&smp.BrokerError{Kind: smp.BrokerTransport, Transport: &smp.TransportError{Kind: smp.ErrTransportVersion.Kind}})
		}
		c.srv.proxy.register(sess, rc)
		return smp.PKEY{SessionID: bytes.Clone(sess), Range: rng, Cert: *cert}
	})
}

// proxyForward answers PFWD: the client's ciphertext goes to the
// destination inside RFWD and its answer comes back as PRES. The proxy
// never opens the client's box: it sees the session id, the version, the
// client's one-time key and ciphertext — no queue id, no command.
func (c *client) proxyForward(corrID, sessionID []byte, cmd smp.PFWD) reply {
	rc := c.srv.proxy.bySessionID(sessionID)
	if rc == nil {
		return reply{resp: proxyErr(&smp.ProxyError{Kind: smp.ProxyNoSession})}
	}
	f := smp.FwdTransmission{CorrID: corrID, Version: cmd.RelayVersion, CmdKey: cmd.CmdKey, Enc: cmd.EncTransmission}
	return c.async(corrID, sessionID, func() smp.Response {
		enc, err := rc.Forward(context.Background(), sessionID, f)
		if err != nil {
			return brokerError(err)
		}
		return smp.PRES{Enc: enc}
	})
}
