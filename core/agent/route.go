package agent

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"duplex/net/smp"
)

// RoutingMode says when a sender command (SEND, SKEY, LKEY, LGET) goes to
// the destination relay through a proxy relay (private message routing,
// upstream SMPProxyMode). Numbers match api.PrivateRouting; the zero value
// is our default.
type RoutingMode int

const (
	RouteUnknown     RoutingMode = 0 // destinations that are not among our own servers
	RouteAlways      RoutingMode = 1 // every destination
	RouteUnprotected RoutingMode = 2 // unknown destinations while our IP address is not protected
	RouteNever       RoutingMode = 3 // always directly
)

// RoutingFallback says whether a command whose proxy route failed may go
// directly (upstream SMPProxyFallback). Numbers match api.RoutingFallback.
type RoutingFallback int

const (
	FallbackProtected RoutingFallback = 0 // directly only when IPProtected
	FallbackAllow     RoutingFallback = 1 // directly
	FallbackProhibit  RoutingFallback = 2 // never: the send is retried, then MERR
)

// RoutingPolicy configures private message routing. With ProxyPicker nil
// every command goes directly, whatever the mode.
type RoutingPolicy struct {
	Mode     RoutingMode
	Fallback RoutingFallback
	// ProxyPicker chooses the proxy relay for a destination (the core
	// gives one of another operator than dest, core/servers PickSMPProxy).
	ProxyPicker func(dest smp.Server) (smp.ServerAddress, error)
	// Known reports whether dest is one of the user's configured relays
	// (mode RouteUnknown / RouteUnprotected); nil = none is.
	Known func(dest smp.Server) bool
	// MaxAttempts bounds how often a queued send whose proxy route fails
	// is retried when it may not fall back; then MERR (default 30).
	MaxAttempts int
}

// ErrNoRoute: private routing failed and the fallback does not allow a
// direct send. The send loop retries it (MaxAttempts) before MERR.
var ErrNoRoute = errors.New("agent: private routing failed and sending directly is not allowed")

// sendRoute is how one command went: Via is the proxy's host ("" = directly);
// Fallback is the proxy failure that made it go directly.
type sendRoute struct {
	Via      string
	Fallback error
}

// proxyRoute is a cached proxy session to one destination.
type proxyRoute struct {
	proxy string // smp.ServerAddress string of the proxy
	host  string
	pr    *smp.ProxiedRelay
}

// proxyRouter holds the proxy sessions (one per destination, reused until it
// fails) and which proxies each connection used.
type proxyRouter struct {
	mu     sync.Mutex
	byDest map[string]*proxyRoute
	used   map[string][]string // connection id → proxy addresses, most recent last
}

func newRouter() *proxyRouter {
	return &proxyRouter{byDest: map[string]*proxyRoute{}, used: map[string][]string{}}
}

// maxRecentProxies is how many proxies are kept per connection for
// ConnectionServers.
const maxRecentProxies = 4

func (r *proxyRouter) record(connID, proxy string) {
	if connID == "" {
		return // a handshake command before the connection exists
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.used[connID]
	for i, h := range l {
		if h == proxy {
			l = append(l[:i], l[i+1:]...)
			break
		}
	}
	l = append(l, proxy)
	if len(l) > maxRecentProxies {
		l = l[len(l)-maxRecentProxies:]
	}
	r.used[connID] = l
}

func (r *proxyRouter) recent(connID string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.used[connID]...)
}

// useProxy applies the mode to a destination.
func (a *Agent) useProxy(dest smp.Server) bool {
	p := a.cfg.Routing
	if p.ProxyPicker == nil {
		return false
	}
	known := p.Known != nil && p.Known(dest)
	switch p.Mode {
	case RouteAlways:
		return true
	case RouteUnknown:
		return !known
	case RouteUnprotected:
		return !known && !a.cfg.IPProtected
	}
	return false
}

// directAllowed applies the fallback after the proxy route failed with err.
// A proxy that returned an unverifiable relay is never a reason to reveal
// our address to the destination (upstream falls back on host errors only).
func (a *Agent) directAllowed(err error) bool {
	if errors.Is(err, smp.ErrProxyBadRelay) {
		return false
	}
	switch a.cfg.Routing.Fallback {
	case FallbackAllow:
		return true
	case FallbackProtected:
		return a.cfg.IPProtected
	}
	return false
}

// proxyFailure says whether err is a failure of the proxy route (as
// opposed to the destination's own answer, which a direct command would
// have got too).
func proxyFailure(err error) bool {
	for _, c := range []error{smp.ErrProxyDown, smp.ErrDestinationDown, smp.ErrProxyRefused, smp.ErrDestinationTooOld, smp.ErrProxyBadRelay} {
		if errors.Is(err, c) {
			return true
		}
	}
	return false
}

// routed runs a sender command for connection connID on relay dest: through
// a proxy when the policy says so (direct and proxied are the two forms of
// the same command), else directly. A failed proxy route is retried once
// with a fresh session, then the fallback decides.
func (a *Agent) routed(ctx context.Context, connID string, dest smp.ServerAddress,
	direct func(*smp.Client) error, proxied func(*smp.Client, *smp.ProxiedRelay) error) (sendRoute, error) {
	if !a.useProxy(dest.Server) {
		cl, err := a.client(ctx, dest.String())
		if err != nil {
			return sendRoute{}, err
		}
		return sendRoute{}, direct(cl)
	}
	var perr error
	for attempt := 0; attempt < 2; attempt++ {
		pr, cl, err := a.proxySession(ctx, dest)
		if err == nil {
			if err = proxied(cl, pr.pr); err == nil {
				a.router.record(connID, pr.proxy)
				return sendRoute{Via: pr.host}, nil
			}
		}
		if !proxyFailure(err) {
			return sendRoute{Via: viaOf(pr)}, err // the destination's verdict, or our context
		}
		a.dropProxy(dest, pr)
		perr = err
	}
	if !a.directAllowed(perr) {
		return sendRoute{}, fmt.Errorf("%w: %w", ErrNoRoute, perr)
	}
	a.log.Warn("private routing failed, sending directly", "dest", dest.Server.Hosts, "err", perr)
	cl, err := a.client(ctx, dest.String())
	if err != nil {
		return sendRoute{Fallback: perr}, err
	}
	return sendRoute{Fallback: perr}, direct(cl)
}

func viaOf(pr *proxyRoute) string {
	if pr == nil {
		return ""
	}
	return pr.host
}

// proxySession returns the cached session to dest or makes one through a
// proxy the picker chooses. Errors are of the smp proxy classes.
func (a *Agent) proxySession(ctx context.Context, dest smp.ServerAddress) (*proxyRoute, *smp.Client, error) {
	key := dest.Server.String()
	a.router.mu.Lock()
	pr := a.router.byDest[key]
	a.router.mu.Unlock()
	if pr != nil {
		cl, err := a.client(ctx, pr.proxy)
		if err != nil {
			return pr, nil, fmt.Errorf("%w: %w", smp.ErrProxyDown, err)
		}
		return pr, cl, nil
	}
	paddr, err := a.cfg.Routing.ProxyPicker(dest.Server)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: no proxy relay: %w", smp.ErrProxyDown, err)
	}
	host := ""
	if len(paddr.Server.Hosts) > 0 {
		host = paddr.Server.Hosts[0]
	}
	pr = &proxyRoute{proxy: paddr.String(), host: host}
	cl, err := a.client(ctx, pr.proxy)
	if err != nil {
		return pr, nil, fmt.Errorf("%w: %w", smp.ErrProxyDown, err)
	}
	if pr.pr, err = cl.ProxySession(ctx, dest.Server); err != nil {
		return pr, nil, err
	}
	a.router.mu.Lock()
	a.router.byDest[key] = pr
	a.router.mu.Unlock()
	return pr, cl, nil
}

// dropProxy forgets a failed session so the next command makes a new one
// (possibly through another proxy).
func (a *Agent) dropProxy(dest smp.ServerAddress, pr *proxyRoute) {
	a.router.mu.Lock()
	defer a.router.mu.Unlock()
	key := dest.Server.String()
	if cur := a.router.byDest[key]; cur != nil && (pr == nil || cur == pr) {
		delete(a.router.byDest, key)
	}
}

// ConnServers is who can see what of a connection: the relays of our
// receive queues, of the peer's (our send queues) and the proxies our
// sends went through since the agent started (most recent last). All are
// smp server address strings.
type ConnServers struct {
	Rcv, Snd, Proxies []string
}

// ConnectionPQ reports whether connection connID's ratchet is in its
// post-quantum mode (sntrup761 proposed and accepted); false for an unknown
// connection or one still without a ratchet.
func (a *Agent) ConnectionPQ(connID string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.conns[connID]
	return c != nil && c.ratchet != nil && c.ratchet.PQSupport() && c.ratchet.PQEncryption()
}

// ConnectionServers reports the relays connection connID uses.
func (a *Agent) ConnectionServers(connID string) (ConnServers, error) {
	a.mu.Lock()
	c := a.conns[connID]
	var cs ConnServers
	if c != nil {
		for _, q := range c.Rcv {
			cs.Rcv = append(cs.Rcv, q.Server)
		}
		for _, q := range c.Snd {
			cs.Snd = append(cs.Snd, q.Server)
		}
	}
	a.mu.Unlock()
	if c == nil {
		return ConnServers{}, ErrNoConnection
	}
	cs.Proxies = a.router.recent(connID)
	return cs, nil
}
