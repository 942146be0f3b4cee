package servers

import (
	"errors"
	"io"

	"duplex/net/links"
	"duplex/net/smp"
)

// ErrNoServers: the profile has no server of the protocol the agent could use.
var ErrNoServers = errors.New("servers: no servers configured")

// candidate is what the agent sees of one server (upstream ServerCfg).
type candidate struct {
	addr     smp.ServerAddress
	operator int64 // 0: custom server ("your servers")
	enabled  bool
	roles    Roles
}

// pool is one protocol's servers as the agent holds them (upstream
// UserServers: storageSrvs, proxySrvs, knownHosts).
type pool struct {
	storage, proxy []candidate
	known          map[string]bool
}

// Selector picks servers for new queues, joins, rotation, private routing
// and file chunks, following simplexmq's getNextServer rules. It is
// immutable; build a new one when the settings change.
type Selector struct {
	smp, xftp pool
}

// NewSelector builds the agent's view of a profile's servers:
//   - a server of a disabled operator is left out altogether;
//   - a server of an enabled operator gets that operator's roles;
//   - a custom server gets all roles;
//   - deleted servers are left out.
//
// Then, per role, the enabled servers with that role are candidates; if none
// has it the role falls back to every listed server (disabled ones too), as
// upstream's mkUserServers. Known hosts are the hosts of all listed servers.
func NewSelector(ps *ProfileServers) *Selector {
	return &Selector{smp: newPool(ps, SMP), xftp: newPool(ps, XFTP)}
}

func newPool(ps *ProfileServers, p Protocol) pool {
	var all []candidate
	for _, s := range ps.List(p) {
		if s.Deleted {
			continue
		}
		c := candidate{addr: s.Address, enabled: s.Enabled, roles: AllRoles}
		if op := OperatorOf(ps.Operators, s.Address.Server); op != nil {
			if !op.Enabled {
				continue
			}
			c.operator, c.roles = operatorKey(op), op.RolesFor(p)
		}
		all = append(all, c)
	}
	pl := pool{known: map[string]bool{}}
	for _, c := range all {
		for _, h := range c.addr.Hosts {
			pl.known[h] = true
		}
	}
	pl.storage = filterOrAll(all, func(c candidate) bool { return c.enabled && c.roles.Storage })
	pl.proxy = filterOrAll(all, func(c candidate) bool { return c.enabled && c.roles.Proxy })
	return pl
}

// operatorKey identifies an operator inside the selector: its database id,
// or a negative index-free stand-in for operators not stored yet (tests and
// previews) derived from its tag, so distinct operators never share a key.
func operatorKey(op *Operator) int64 {
	if op.ID != 0 {
		return op.ID
	}
	var h int64 = -1
	for _, c := range op.Tag + "\x00" + op.TradeName {
		h = h*31 - int64(c)
	}
	if h >= 0 {
		h = -h - 1
	}
	return h
}

func filterOrAll(cs []candidate, keep func(candidate) bool) []candidate {
	var out []candidate
	for _, c := range cs {
		if keep(c) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return cs
	}
	return out
}

// usedOperatorsHosts: the hosts of the used servers, and the operators of
// my configured servers that share a host with a used server (a server I do
// not know is attributed to no operator). Custom servers count as one
// operator (key 0), as upstream's Maybe OperatorId Nothing.
func usedOperatorsHosts(cs []candidate, used []smp.Server) (map[int64]bool, map[string]bool) {
	hosts := map[string]bool{}
	for _, u := range used {
		for _, h := range u.Hosts {
			hosts[h] = true
		}
	}
	ops := map[int64]bool{}
	for _, c := range cs {
		if sharesHost(c.addr.Server, hosts) {
			ops[c.operator] = true
		}
	}
	return ops, hosts
}

func sharesHost(s smp.Server, hosts map[string]bool) bool {
	for _, h := range s.Hosts {
		if hosts[h] {
			return true
		}
	}
	return false
}

// nextServer is getNextServer_: prefer servers of operators not used yet,
// among them servers with no used host, then pick uniformly at random. It
// also returns the operator-filtered set (withNextSrv needs it).
func nextServer(cs []candidate, usedOps map[int64]bool, usedHosts map[string]bool, r io.Reader) (candidate, []candidate, error) {
	if len(cs) == 0 {
		return candidate{}, nil, ErrNoServers
	}
	otherOps := filterOrAll(cs, func(c candidate) bool { return !usedOps[c.operator] })
	unused := filterOrAll(otherOps, func(c candidate) bool { return !sharesHost(c.addr.Server, usedHosts) })
	i, err := randIndex(r, len(unused))
	if err != nil {
		return candidate{}, nil, err
	}
	return unused[i], otherOps, nil
}

func pick(cs []candidate, used []smp.Server, r io.Reader) (smp.ServerAddress, error) {
	ops, hosts := usedOperatorsHosts(cs, used)
	c, _, err := nextServer(cs, ops, hosts, r)
	return c.addr, err
}

// PickSMPStorage picks a server for a new receive queue of a connection
// whose queues already use the servers in used (empty for a new
// invitation): a storage server of an operator, then a host, not in used
// when there is one, else any; uniformly at random.
func (s *Selector) PickSMPStorage(used []smp.Server, r io.Reader) (smp.Server, error) {
	a, err := pick(s.smp.storage, used, r)
	return a.Server, err
}

// PickSMPStorageAddress is PickSMPStorage with the server's basic auth,
// which creating a queue on a password-protected relay needs.
func (s *Selector) PickSMPStorageAddress(used []smp.Server, r io.Reader) (smp.ServerAddress, error) {
	return pick(s.smp.storage, used, r)
}

// PickSMPJoin picks the server for my receive queue when I join a link
// whose queue is on inviter: a different operator and host when possible,
// so each direction of the connection is held by a different operator.
func (s *Selector) PickSMPJoin(inviter smp.Server, r io.Reader) (smp.Server, error) {
	return s.PickSMPStorage([]smp.Server{inviter}, r)
}

// PickSMPRotation picks the server for the new receive queue when
// switching the receiving address: avoid every current queue's server
// (receive and send); if the pick still equals the queue being replaced,
// pick again excluding only that one (upstream switchDuplexConnection).
func (s *Selector) PickSMPRotation(replaced smp.Server, current []smp.Server, r io.Reader) (smp.Server, error) {
	a, err := s.PickSMPStorage(current, r)
	if err != nil || !links.SameServer(a, replaced) {
		return a, err
	}
	return s.PickSMPStorage([]smp.Server{replaced}, r)
}

// PickSMPProxy picks a private-routing proxy for destination dest: a proxy
// server of another operator and host than dest when possible.
func (s *Selector) PickSMPProxy(dest smp.Server, r io.Reader) (smp.Server, error) {
	a, err := pick(s.smp.proxy, []smp.Server{dest}, r)
	return a.Server, err
}

// KnownSMPHost reports whether any host of srv is a host of a configured
// SMP server (enabled or not) — private routing mode "unknown relays"
// proxies only when this is false.
func (s *Selector) KnownSMPHost(srv smp.Server) bool { return sharesHost(srv, s.smp.known) }

// BasicAuth returns the configured basic auth of srv (nil when none or
// when srv is not configured).
func (s *Selector) BasicAuth(srv smp.Server) []byte {
	for _, list := range [][]candidate{s.smp.storage, s.smp.proxy, s.xftp.storage} {
		for _, c := range list {
			if links.SameServer(c.addr.Server, srv) {
				return c.addr.BasicAuth
			}
		}
	}
	return nil
}
