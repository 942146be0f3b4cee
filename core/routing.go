package core

// Private routing policy for the agent (core/agent route.go): the mode and
// fallback come from the network settings (AgentRouting), the proxy and
// the "known relays" test from the server selection of the active
// profile (core/servers: PickSMPProxy chooses a proxy of another operator
// than the destination). The agent is one per database while server lists
// are per profile; a send does not say for which profile it is, so the
// active profile's servers decide (operators and their roles are global).

import (
	"context"
	"crypto/rand"
	"errors"
	"net"

	"duplex/core/agent"
	"duplex/core/servers"
	"duplex/db"
	"duplex/net/smp"
)

// Test-only hooks (unexported, set by core tests alone): testOperators
// attributes the hosts of Options.Servers to operators and testDial opens
// relay connections, so a test can run relays of several operators under
// their host names on loopback.
var (
	testOperators []servers.Operator
	testDial      func(ctx context.Context, network, addr string) (net.Conn, error)
)

// configureRouting sets the agent's private routing from the network
// settings (l.network) and the server settings. Callers hold l.mu.
func (l *Local) configureRouting(ac *agent.Config, fixed []servers.Server, mgr *servers.Manager) {
	ac.Routing, ac.IPProtected = l.routingPolicy(l.d, fixed, mgr, l.network)
	if testDial != nil && ac.SMP.SOCKS == nil {
		ac.SMP.DialContext = testDial
	}
}

// fixedProfileServers is what Options.Servers make of every profile.
func fixedProfileServers(fixed []servers.Server) *servers.ProfileServers {
	return &servers.ProfileServers{SMP: fixed, Operators: testOperators}
}

// serversOf loads the server settings of profile id (fixed servers
// when Options.Servers is set). Callers do not hold l.srvMu.
func (l *Local) serversOf(ctx context.Context, d *db.DB, fixed []servers.Server, mgr *servers.Manager, id int64) (*servers.ProfileServers, error) {
	if len(fixed) > 0 {
		return fixedProfileServers(fixed), nil
	}
	if mgr == nil {
		return nil, errors.New("no server settings")
	}
	l.srvMu.Lock()
	defer l.srvMu.Unlock()
	return mgr.Load(ctx, id, l.opts.Now())
}

// activeSelector is the selector of the active profile.
func (l *Local) activeSelector(ctx context.Context, d *db.DB, fixed []servers.Server, mgr *servers.Manager) (*servers.Selector, error) {
	if len(fixed) > 0 {
		return servers.NewSelector(fixedProfileServers(fixed)), nil
	}
	p, err := d.Profiles().Active(ctx)
	if err != nil {
		return nil, err
	}
	ps, err := l.serversOf(ctx, d, fixed, mgr, p.ID)
	if err != nil {
		return nil, err
	}
	return servers.NewSelector(ps), nil
}

// routingPolicy is the agent's routing configuration for network
// settings r.
func (l *Local) routingPolicy(d *db.DB, fixed []servers.Server, mgr *servers.Manager, r AgentRouting) (agent.RoutingPolicy, bool) {
	pol := agent.RoutingPolicy{
		Mode:     agent.RoutingMode(r.Mode),
		Fallback: agent.RoutingFallback(r.Fallback),
		ProxyPicker: func(dest smp.Server) (smp.ServerAddress, error) {
			sel, err := l.activeSelector(context.Background(), d, fixed, mgr)
			if err != nil {
				return smp.ServerAddress{}, err
			}
			srv, err := sel.PickSMPProxy(dest, rand.Reader)
			if err != nil {
				return smp.ServerAddress{}, err
			}
			return smp.ServerAddress{Server: srv, BasicAuth: sel.BasicAuth(srv)}, nil
		},
		Known: func(dest smp.Server) bool {
			sel, err := l.activeSelector(context.Background(), d, fixed, mgr)
			return err == nil && sel.KnownSMPHost(dest)
		},
	}
	return pol, r.IPProtected
}
