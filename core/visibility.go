package core

// Who can see what (api.VisibilityClient): the agent reports the relays of
// a connection (ours, the peer's, proxies used); the profile's server
// settings name their operators — by the operators' domains, as the
// selection does, so a contact's relay of a known operator is attributed
// even when it is not in our list. Relays of no operator are told apart by
// host: two such relays are "the same operator" only on the same host.

import (
	"context"

	"duplex/core/agent"
	"duplex/core/api"
	"duplex/core/servers"
	"duplex/net/smp"
)

// ContactServers implements api.Client.
func (l *Local) ContactServers(ctx context.Context, id api.ContactID) (api.ContactVisibility, error) {
	s, err := l.service()
	if err != nil {
		return api.ContactVisibility{}, err
	}
	l.mu.Lock()
	d, mgr := l.d, l.srv
	l.mu.Unlock()
	pid, cs, err := s.ContactServers(ctx, id)
	if err != nil {
		return api.ContactVisibility{}, err
	}
	fixed, err := fixedServers(l.opts.Servers)
	if err != nil {
		return api.ContactVisibility{}, err
	}
	ps, err := l.serversOf(ctx, d, fixed, mgr, pid)
	if err != nil {
		return api.ContactVisibility{}, err
	}
	v := visibilityOf(ps, cs)
	v.ContactID = id
	return v, nil
}

// visibilityOf names the relays of cs with the operators of ps and
// computes the warnings.
func visibilityOf(ps *servers.ProfileServers, cs agent.ConnServers) api.ContactVisibility {
	var v api.ContactVisibility
	view := func(addrs []string) ([]api.RelayView, map[string]bool) {
		var out []api.RelayView
		keys := map[string]bool{}
		for _, a := range addrs {
			sa, err := smp.ParseServerAddress(a)
			if err != nil || len(sa.Hosts) == 0 {
				continue
			}
			r := api.RelayView{Host: sa.Hosts[0]}
			key := "host:" + r.Host
			if op := servers.OperatorOf(ps.Operators, sa.Server); op != nil {
				r.Operator, key = op.TradeName, "op:"+op.TradeName
			} else {
				r.Own = ownServer(ps, sa.Server)
			}
			keys[key] = true
			out = append(out, r)
		}
		return out, keys
	}
	var rk, sk, pk map[string]bool
	v.Receive, rk = view(cs.Rcv)
	v.Send, sk = view(cs.Snd)
	v.Proxies, pk = view(cs.Proxies)
	for k := range rk {
		v.SameOperator = v.SameOperator || sk[k]
	}
	for k := range pk {
		v.ProxyIsDestination = v.ProxyIsDestination || sk[k]
	}
	if v.SameOperator {
		v.Warnings = append(v.Warnings, "One operator holds both directions of this conversation: it can correlate when you and your contact send and receive.")
	}
	if v.ProxyIsDestination {
		v.Warnings = append(v.Warnings, "The proxy and the destination of your messages are run by the same operator: private routing does not hide your IP address from it.")
	}
	return v
}

// ownServer: srv shares a host with one of the profile's servers of no
// operator ("your servers").
func ownServer(ps *servers.ProfileServers, srv smp.Server) bool {
	for _, s := range ps.SMP {
		if servers.OperatorOf(ps.Operators, s.Address.Server) != nil {
			continue
		}
		for _, h := range s.Address.Hosts {
			for _, x := range srv.Hosts {
				if h == x {
					return true
				}
			}
		}
	}
	return false
}
