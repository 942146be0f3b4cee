package core

// The ServerClient half of api.Client: a profile's relays as the operators
// model (core/servers) keeps them.
//
// Who owns what: a servers.Manager is opened lazily over the open *db.DB
// and cached in this file per core (weakly keyed, tied to that *db.DB, so
// a re-key or re-open gets a fresh one and Local needs no extra field);
// opening it on every call cost ~25 Profiles calls and rewrote the
// operator rows each time. Every call holds l.mu like the profile
// methods, which is also what servers.Manager asks for ("the core
// serialises calls"). TestServer (servertest.go) holds it only to look the
// profile up, never across network I/O.
//
// A profile gets the preset servers (the install's random subset enabled)
// the first time any server method sees it without servers.
//
// What Servers reports: Enabled is the server's own switch (what
// SetServerEnabled changes); Storage and Proxy are the roles the server is
// actually used for — its operator's roles while the operator is enabled,
// none while it is disabled, all for "your servers".

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"weak"

	"duplex/core/api"
	"duplex/core/servers"
	"duplex/db"
	"duplex/net/smp"
)

// serverPresets is the shipped operator list, parsed once.
var serverPresets = sync.OnceValues(servers.DefaultPresets)

// profileDB returns the open database after checking that profile p
// exists. Callers hold l.mu.
func (l *Local) profileDB(ctx context.Context, p api.ProfileID) (*db.DB, error) {
	d, err := l.openDB(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := d.Profiles().Get(ctx, int64(p)); err != nil {
		return nil, mapErr(err)
	}
	return d, nil
}

// profileServers opens the operators model and loads profile p's servers,
// giving a new profile the presets. The editing calls use it, so with a
// fixed list (Options.Servers) they are refused. Callers hold l.mu.
func (l *Local) profileServers(ctx context.Context, p api.ProfileID) (*servers.Manager, *servers.ProfileServers, error) {
	d, err := l.profileDB(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	if len(l.opts.Servers) > 0 {
		return nil, nil, errFixedServers
	}
	m, err := l.serverManager(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	now := l.opts.Now()
	ps, err := m.Load(ctx, int64(p), now)
	if err == nil && len(ps.SMP)+len(ps.XFTP) == 0 {
		if err = m.InitProfile(ctx, int64(p), now); err == nil {
			ps, err = m.Load(ctx, int64(p), now)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	return m, ps, nil
}

// managers caches the operators model per core, keyed weakly so that a
// closed and dropped Local takes its entry with it. An entry is valid for
// the *db.DB it was opened over; after a re-key or re-open it is replaced.
var managers = struct {
	sync.Mutex
	m map[weak.Pointer[Local]]cachedManager
}{m: map[weak.Pointer[Local]]cachedManager{}}

type cachedManager struct {
	d *db.DB
	m *servers.Manager
}

// serverManager returns the operators model over d, opening it (merging
// presets, auto-accepting conditions) the first time. Callers hold l.mu.
func (l *Local) serverManager(ctx context.Context, d *db.DB) (*servers.Manager, error) {
	key := weak.Make(l)
	managers.Lock()
	c, ok := managers.m[key]
	managers.Unlock()
	if ok && c.d == d {
		return c.m, nil
	}
	pr, err := serverPresets()
	if err != nil {
		return nil, fmt.Errorf("preset servers: %w", err)
	}
	m, err := servers.Open(ctx, d, pr, rand.Reader, l.opts.Now())
	if err != nil {
		return nil, err
	}
	managers.Lock()
	if !ok {
		runtime.AddCleanup(l, func(k weak.Pointer[Local]) {
			managers.Lock()
			delete(managers.m, k)
			managers.Unlock()
		}, key)
	}
	managers.m[key] = cachedManager{d: d, m: m}
	managers.Unlock()
	return m, nil
}

func apiServer(ops []servers.Operator, s servers.Server) api.Server {
	out := api.Server{
		Address:  servers.AddressString(s.Protocol, s.Address),
		Protocol: string(s.Protocol),
		Preset:   s.Preset,
		Enabled:  s.Enabled,
		Storage:  true,
		Proxy:    true,
	}
	if op := servers.OperatorOf(ops, s.Address.Server); op != nil {
		out.Operator = op.TradeName
		r := op.RolesFor(s.Protocol)
		out.Storage, out.Proxy = op.Enabled && r.Storage, op.Enabled && r.Proxy
	}
	return out
}

// errFixedServers: Options.Servers replaces every profile's list.
var errFixedServers = errors.New("this core runs with a fixed server list (Options.Servers, duplex-host --server): it cannot be changed here")

// fixedList returns the servers of Options.Servers (nil when not set).
func (l *Local) fixedList() ([]servers.Server, error) {
	if len(l.opts.Servers) == 0 {
		return nil, nil
	}
	return fixedServers(l.opts.Servers)
}

// Servers implements api.Client: SMP servers, then XFTP, in stored order;
// presets the user deleted are not listed. With Options.Servers set those
// are what every profile uses, so they are what is listed.
func (l *Local) Servers(ctx context.Context, p api.ProfileID) ([]api.Server, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fixed, err := l.fixedList()
	if err != nil {
		return nil, err
	}
	if fixed != nil {
		if _, err := l.profileDB(ctx, p); err != nil {
			return nil, err
		}
		out := []api.Server{}
		for _, s := range fixed {
			out = append(out, apiServer(nil, s))
		}
		return out, nil
	}
	_, ps, err := l.profileServers(ctx, p)
	if err != nil {
		return nil, err
	}
	out := []api.Server{}
	for _, list := range [][]servers.Server{ps.SMP, ps.XFTP} {
		for _, s := range list {
			if !s.Deleted {
				out = append(out, apiServer(ps.Operators, s))
			}
		}
	}
	return out, nil
}

func sameServer(a, b smp.Server) bool {
	if a.Port != b.Port || string(a.KeyHash) != string(b.KeyHash) || len(a.Hosts) != len(b.Hosts) {
		return false
	}
	for i := range a.Hosts {
		if !strings.EqualFold(a.Hosts[i], b.Hosts[i]) {
			return false
		}
	}
	return true
}

// sharedHost returns a host of a that b also has.
func sharedHost(a, b smp.Server) (string, bool) {
	for _, h := range a.Hosts {
		for _, g := range b.Hosts {
			if strings.EqualFold(h, g) {
				return h, true
			}
		}
	}
	return "", false
}

// list returns a pointer to ps's list for protocol p, for editing.
func serverList(ps *servers.ProfileServers, p servers.Protocol) *[]servers.Server {
	if p == servers.XFTP {
		return &ps.XFTP
	}
	return &ps.SMP
}

// AddServer implements api.Client. The server joins the list enabled; with
// no operator domain in its hosts it is one of "your servers" (all roles).
// An address of a preset the user deleted brings that preset back.
func (l *Local) AddServer(ctx context.Context, p api.ProfileID, address string) (api.Server, error) {
	proto, a, err := parseServerInput(address)
	if err != nil {
		return api.Server{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	m, ps, err := l.profileServers(ctx, p)
	if err != nil {
		return api.Server{}, err
	}
	name := servers.AddressString(proto, a)
	lp := serverList(ps, proto)
	restored := false
	for i, s := range *lp {
		h, shared := sharedHost(a.Server, s.Address.Server)
		switch {
		case !shared:
		case s.Deleted && s.Preset && sameServer(a.Server, s.Address.Server):
			// A deleted preset stays as a tombstone so that upgrades do not
			// bring it back; adding it again undoes the deletion.
			(*lp)[i].Deleted, (*lp)[i].Enabled, (*lp)[i].Address.BasicAuth = false, true, a.BasicAuth
			restored = true
		case s.Deleted:
			return api.Server{}, fmt.Errorf("cannot add %s: host %s belongs to the preset server %s, which you removed; add that address to restore it",
				name, h, servers.AddressString(proto, s.Address))
		case sameServer(a.Server, s.Address.Server):
			return api.Server{}, fmt.Errorf("cannot add %s: this server is already in the list", name)
		default:
			return api.Server{}, fmt.Errorf("cannot add %s: host %s is already used by the %s server %s", name, h,
				strings.ToUpper(string(proto)), servers.AddressString(proto, s.Address))
		}
	}
	if !restored {
		*lp = append(*lp, servers.Server{Protocol: proto, Address: a, Enabled: true})
	}
	if err := m.Save(ctx, int64(p), ps, l.opts.Now()); err != nil {
		return api.Server{}, fmt.Errorf("cannot add %s: %w", name, err)
	}
	ps, err = m.Load(ctx, int64(p), l.opts.Now())
	if err != nil {
		return api.Server{}, err
	}
	for _, s := range ps.List(proto) {
		if !s.Deleted && sameServer(s.Address.Server, a.Server) {
			return apiServer(ps.Operators, s), nil
		}
	}
	return api.Server{}, errors.New("server added but not found after saving")
}

// errNoSuchServer: the address is not in the profile's server list.
var errNoSuchServer = errors.New("no such server in this profile")

// findServer parses address and returns the index of that server (any
// password; deleted presets excluded) in ps.
func findServer(ps *servers.ProfileServers, address string) (servers.Protocol, int, error) {
	proto, a, err := parseServerInput(address)
	if err != nil {
		return "", 0, err
	}
	for i, s := range ps.List(proto) {
		if !s.Deleted && sameServer(s.Address.Server, a.Server) {
			return proto, i, nil
		}
	}
	return "", 0, fmt.Errorf("%w: %s", errNoSuchServer, servers.AddressString(proto, a))
}

// SetServerEnabled implements api.Client. Disabling is refused when the
// profile would be left without a server for receiving messages (files)
// or for private routing.
func (l *Local) SetServerEnabled(ctx context.Context, p api.ProfileID, address string, enabled bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	m, ps, err := l.profileServers(ctx, p)
	if err != nil {
		return err
	}
	proto, i, err := findServer(ps, address)
	if err != nil {
		return err
	}
	lp := serverList(ps, proto)
	if (*lp)[i].Enabled == enabled {
		return nil
	}
	(*lp)[i].Enabled = enabled
	verb := "disable"
	if enabled {
		verb = "enable"
	}
	return l.saveChange(ctx, m, p, ps, verb, (*lp)[i])
}

// RemoveServer implements api.Client. Preset servers cannot be removed (they
// can be disabled); removal is refused like disabling when it would leave
// the profile without a usable server.
func (l *Local) RemoveServer(ctx context.Context, p api.ProfileID, address string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	m, ps, err := l.profileServers(ctx, p)
	if err != nil {
		return err
	}
	proto, i, err := findServer(ps, address)
	if err != nil {
		return err
	}
	lp := serverList(ps, proto)
	s := (*lp)[i]
	if s.Preset {
		return fmt.Errorf("cannot remove %s: it is a preset server of %s; disable it instead",
			servers.AddressString(proto, s.Address), operatorName(ps.Operators, s))
	}
	(*lp)[i].Deleted = true
	return l.saveChange(ctx, m, p, ps, "remove", s)
}

func operatorName(ops []servers.Operator, s servers.Server) string {
	if op := servers.OperatorOf(ops, s.Address.Server); op != nil {
		return op.TradeName
	}
	return "your servers"
}

// saveChange saves ps after one server changed, turning a validation
// refusal into a sentence that says what the change would break.
func (l *Local) saveChange(ctx context.Context, m *servers.Manager, p api.ProfileID, ps *servers.ProfileServers, verb string, s servers.Server) error {
	err := m.Save(ctx, int64(p), ps, l.opts.Now())
	var probs servers.Problems
	if !errors.As(err, &probs) {
		return err
	}
	name := servers.AddressString(s.Protocol, s.Address)
	proto := strings.ToUpper(string(s.Protocol))
	for _, pr := range probs {
		if pr.ProfileID != 0 || pr.Protocol != s.Protocol {
			continue
		}
		switch pr.Kind {
		case servers.NoServers:
			return fmt.Errorf("cannot %s %s: it is the last enabled %s server of this profile; add or enable another one first: %w", verb, name, proto, err)
		case servers.StorageMissing:
			what := "receives messages"
			if s.Protocol == servers.XFTP {
				what = "stores files"
			}
			return fmt.Errorf("cannot %s %s: it is the last %s server of this profile that %s; add or enable another one first: %w", verb, name, proto, what, err)
		case servers.ProxyMissing:
			return fmt.Errorf("cannot %s %s: it is the last %s server of this profile for private routing; add or enable another one first: %w", verb, name, proto, err)
		}
	}
	return fmt.Errorf("cannot %s %s: %w", verb, name, err)
}
