package core

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"duplex/core/api"
	"duplex/core/servers"
)

// fp is a well-formed fingerprint derived from a name.
func fpOf(name string) string {
	h := sha256.Sum256([]byte(name))
	return base64.URLEncoding.EncodeToString(h[:])
}

// withProfile opens a store with one profile.
func withServerProfile(t *testing.T) (*Local, api.ProfileID, string) {
	t.Helper()
	c, dir := openStore(t)
	p, err := c.CreateProfile(context.Background(), api.NewProfile{DisplayName: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	return c, p.ID, dir
}

func mustServers(t *testing.T, c *Local, p api.ProfileID) []api.Server {
	t.Helper()
	ss, err := c.Servers(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

func findListed(ss []api.Server, host string) (api.Server, bool) {
	for _, s := range ss {
		if strings.Contains(s.Address, "@"+host) {
			return s, true
		}
	}
	return api.Server{}, false
}

func TestServerMethodsLockedAndClosed(t *testing.T) {
	ctx := context.Background()
	c := openCore(t, t.TempDir())
	addr := "smp://" + fpOf("x") + "@smp.example.com"
	check := func(want error) {
		t.Helper()
		_, err1 := c.Servers(ctx, 1)
		_, err2 := c.AddServer(ctx, 1, addr)
		err3 := c.SetServerEnabled(ctx, 1, addr, false)
		err4 := c.RemoveServer(ctx, 1, addr)
		_, err5 := c.TestServer(ctx, 1, addr)
		for i, err := range []error{err1, err2, err3, err4, err5} {
			if !errors.Is(err, want) {
				t.Errorf("method %d: %v, want %v", i+1, err, want)
			}
		}
	}
	check(api.ErrLocked)
	c.Close()
	check(api.ErrClosed)
}

func TestServersUnknownProfile(t *testing.T) {
	c, p, _ := withServerProfile(t)
	if _, err := c.Servers(context.Background(), p+100); !errors.Is(err, api.ErrNoSuchProfile) {
		t.Fatalf("unknown profile: %v", err)
	}
	if _, err := c.AddServer(context.Background(), p+100, "smp://"+fpOf("x")+"@smp.example.com"); !errors.Is(err, api.ErrNoSuchProfile) {
		t.Fatalf("add to unknown profile: %v", err)
	}
}

// A new profile lists the real presets: 4 of SimpleX Chat's enabled SMP
// servers on, Flux's servers listed but unused while Flux is disabled.
func TestServersPresets(t *testing.T) {
	c, p, _ := withServerProfile(t)
	ss := mustServers(t, c, p)
	var sxOn, sxOff, flux, xftp int
	for _, s := range ss {
		if !s.Preset || s.Operator == "" {
			t.Errorf("not a preset of an operator: %+v", s)
		}
		if !strings.HasPrefix(s.Address, s.Protocol+"://") {
			t.Errorf("scheme: %+v", s)
		}
		switch {
		case s.Protocol == "xftp":
			xftp++
		case s.Operator == "SimpleX Chat" && s.Enabled:
			sxOn++
			if !s.Storage || !s.Proxy {
				t.Errorf("SimpleX Chat roles: %+v", s)
			}
		case s.Operator == "SimpleX Chat":
			sxOff++
		case s.Operator == "Flux":
			flux++
			if s.Storage || s.Proxy {
				t.Errorf("disabled Flux used: %+v", s)
			}
		}
	}
	if sxOn != 4 || sxOff != 11+3-4 || flux != 6 || xftp != 12 {
		t.Fatalf("SimpleX on %d off %d, Flux %d, XFTP %d", sxOn, sxOff, flux, xftp)
	}
	// Stable: a second call neither redraws the subset nor changes the list.
	if again := mustServers(t, c, p); !equalServers(again, ss) {
		t.Fatal("second Servers call differs")
	}
}

func equalServers(a, b []api.Server) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAddServer(t *testing.T) {
	ctx := context.Background()
	c, p, dir := withServerProfile(t)
	addr := "smp://" + fpOf("own") + ":secret@Relay.Example.com:5224"
	s, err := c.AddServer(ctx, p, "  "+addr+"\n")
	if err != nil {
		t.Fatal(err)
	}
	want := api.Server{Address: "smp://" + fpOf("own") + ":secret@relay.example.com:5224", Protocol: "smp",
		Enabled: true, Storage: true, Proxy: true}
	if s != want {
		t.Fatalf("added %+v\nwant  %+v", s, want)
	}
	x, err := c.AddServer(ctx, p, "xftp://"+fpOf("files")+"@files.example.org")
	if err != nil || x.Protocol != "xftp" || x.Operator != "" || !x.Enabled || !x.Storage {
		t.Fatalf("xftp: %+v %v", x, err)
	}
	// A host under an operator's domain belongs to that operator.
	o, err := c.AddServer(ctx, p, "smp://"+fpOf("new")+"@smp99.simplex.im")
	if err != nil || o.Operator != "SimpleX Chat" || o.Preset || !o.Storage {
		t.Fatalf("operator-domain server: %+v %v", o, err)
	}

	// Kept across a restart.
	c.Close()
	c2 := openCore(t, dir)
	if err := c2.Unlock(ctx, "pw"); err != nil {
		t.Fatal(err)
	}
	ss := mustServers(t, c2, p)
	for _, w := range []api.Server{want, x, o} {
		if got, ok := findListed(ss, strings.SplitN(w.Address, "@", 2)[1]); !ok || got != w {
			t.Fatalf("after restart %+v, want %+v", got, w)
		}
	}
}

func TestAddServerRefusals(t *testing.T) {
	ctx := context.Background()
	c, p, _ := withServerProfile(t)
	preset := mustServers(t, c, p)[0] // an SMP preset
	presetHost := strings.SplitN(strings.SplitN(preset.Address, "@", 2)[1], ",", 2)[0]
	if _, err := c.AddServer(ctx, p, "smp://"+fpOf("own")+"@own.example.com"); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ addr, want string }{
		{"smp://own.example.com", "missing fingerprint"},
		{"smp://@own.example.com", "missing fingerprint"},
		{"smp://abc@own.example.com", "bad fingerprint"},
		{"smp://" + fpOf("a") + "@bad_host!.example.com", "bad host"},
		{"smp://" + fpOf("a") + "@a..example.com", "bad host"},
		{"smp://" + fpOf("a") + "@", "missing host"},
		{"smp://" + fpOf("a") + "@x.example.com:99999", "bad port"},
		{"smp://" + fpOf("a") + ":@x.example.com", "empty password"},
		{"https://simplex.chat/contact#/?v=2", "link, not a server address"},
		{"ftp://" + fpOf("a") + "@x.example.com", "not an SMP or XFTP server"},
		{"just words", "expected smp://"},
		{"smp://" + fpOf("b") + "@own.example.com", "already used by"},
		{"smp://" + fpOf("own") + "@own.example.com", "already in the list"},
		{"smp://" + fpOf("b") + "@" + presetHost, "already used by"},
		{"smp://" + fpOf("b") + "@x.example.com,x.example.com", "appears twice"},
	}
	before := mustServers(t, c, p)
	for _, tc := range cases {
		_, err := c.AddServer(ctx, p, tc.addr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error with %q", tc.addr, err, tc.want)
		}
	}
	if after := mustServers(t, c, p); !equalServers(before, after) {
		t.Fatal("a refused add changed the list")
	}
}

func TestSetServerEnabledAndRemove(t *testing.T) {
	ctx := context.Background()
	c, p, _ := withServerProfile(t)
	own, err := c.AddServer(ctx, p, "smp://"+fpOf("own")+"@own.example.com")
	if err != nil {
		t.Fatal(err)
	}
	// Turn every SimpleX SMP server off: the own server still receives.
	for _, s := range mustServers(t, c, p) {
		if s.Protocol == "smp" && s.Operator == "SimpleX Chat" && s.Enabled {
			if err := c.SetServerEnabled(ctx, p, s.Address, false); err != nil {
				t.Fatalf("disable %s: %v", s.Address, err)
			}
		}
	}
	// The last one cannot go, neither disabled nor removed.
	err = c.SetServerEnabled(ctx, p, own.Address, false)
	var probs servers.Problems
	if err == nil || !strings.Contains(err.Error(), "last enabled SMP server") || !errors.As(err, &probs) {
		t.Fatalf("disable last: %v", err)
	}
	if err := c.RemoveServer(ctx, p, own.Address); err == nil || !strings.Contains(err.Error(), "cannot remove") {
		t.Fatalf("remove last: %v", err)
	}
	if s, _ := findListed(mustServers(t, c, p), "own.example.com"); !s.Enabled {
		t.Fatal("refused disable changed the server")
	}
	// Presets: disabled yes, removed never.
	var preset api.Server
	for _, s := range mustServers(t, c, p) {
		if s.Preset && s.Protocol == "smp" && s.Operator == "SimpleX Chat" {
			preset = s
			break
		}
	}
	if err := c.SetServerEnabled(ctx, p, preset.Address, true); err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveServer(ctx, p, preset.Address); err == nil || !strings.Contains(err.Error(), "preset server of SimpleX Chat") {
		t.Fatalf("remove preset: %v", err)
	}
	// With a preset on again the own server can go, found by its address
	// without the password too.
	if err := c.SetServerEnabled(ctx, p, own.Address, false); err != nil {
		t.Fatal(err)
	}
	if s, _ := findListed(mustServers(t, c, p), "own.example.com"); s.Enabled {
		t.Fatal("still enabled")
	}
	if err := c.RemoveServer(ctx, p, own.Address); err != nil {
		t.Fatal(err)
	}
	if _, ok := findListed(mustServers(t, c, p), "own.example.com"); ok {
		t.Fatal("removed server still listed")
	}
	if err := c.RemoveServer(ctx, p, own.Address); !errors.Is(err, errNoSuchServer) {
		t.Fatalf("remove twice: %v", err)
	}
	if err := c.SetServerEnabled(ctx, p, "smp://"+fpOf("zz")+"@zz.example.com", true); !errors.Is(err, errNoSuchServer) {
		t.Fatalf("unknown server: %v", err)
	}
	if err := c.SetServerEnabled(ctx, p, "smp:/broken", true); !errors.Is(err, errNotServerAddress) {
		t.Fatalf("bad address: %v", err)
	}
}

// manager opens the operators model of c's database directly, for states
// the ServerClient cannot reach by itself (operators, tombstones).
func serversManager(t *testing.T, c *Local) *servers.Manager {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	m, err := c.serverManager(context.Background(), c.d)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// With Flux enabled (proxy role only) and every SimpleX server off but one,
// that one is the last server that receives messages.
func TestDisableLastStorageServer(t *testing.T) {
	ctx := context.Background()
	c, p, _ := withServerProfile(t)
	mustServers(t, c, p) // presets
	m := serversManager(t, c)
	now := c.opts.Now()
	cond, err := m.CurrentConditions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ops, err := m.Operators(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	var flux int64
	for _, op := range ops {
		if op.Tag == "flux" {
			flux = op.ID
		}
	}
	if err := m.AcceptConditions(ctx, cond.ID, []int64{flux}, now); err != nil {
		t.Fatal(err)
	}
	if err := m.SetOperatorEnabled(ctx, int64(p), flux, true, now); err != nil {
		t.Fatal(err)
	}
	var on []api.Server
	for _, s := range mustServers(t, c, p) {
		if s.Operator == "Flux" && s.Protocol == "smp" && (!s.Proxy || s.Storage) {
			t.Fatalf("enabled Flux roles: %+v", s)
		}
		if s.Operator == "SimpleX Chat" && s.Protocol == "smp" && s.Enabled {
			on = append(on, s)
		}
	}
	for _, s := range on[1:] {
		if err := c.SetServerEnabled(ctx, p, s.Address, false); err != nil {
			t.Fatal(err)
		}
	}
	err = c.SetServerEnabled(ctx, p, on[0].Address, false)
	if err == nil || !strings.Contains(err.Error(), "last SMP server of this profile that receives messages") {
		t.Fatalf("disable last storage server: %v", err)
	}
}

// A preset deleted through the operators model (a tombstone) comes back
// when its address is added again, instead of a custom duplicate that the
// next upgrade merge would drop.
func TestAddServerRestoresDeletedPreset(t *testing.T) {
	ctx := context.Background()
	c, p, _ := withServerProfile(t)
	mustServers(t, c, p)
	m := serversManager(t, c)
	now := c.opts.Now()
	ps, err := m.Load(ctx, int64(p), now)
	if err != nil {
		t.Fatal(err)
	}
	var gone servers.Server
	for i, s := range ps.SMP {
		if s.Preset && !s.Enabled {
			ps.SMP[i].Deleted, gone = true, s
			break
		}
	}
	if err := m.Save(ctx, int64(p), ps, now); err != nil {
		t.Fatal(err)
	}
	addr := servers.AddressString(servers.SMP, gone.Address)
	host := gone.Address.Hosts[0]
	if _, ok := findListed(mustServers(t, c, p), host); ok {
		t.Fatal("deleted preset listed")
	}
	other := "smp://" + fpOf("other") + "@" + host
	if _, err := c.AddServer(ctx, p, other); err == nil || !strings.Contains(err.Error(), "which you removed") {
		t.Fatalf("other key on a deleted preset's host: %v", err)
	}
	s, err := c.AddServer(ctx, p, addr)
	if err != nil || !s.Preset || !s.Enabled || s.Operator != "SimpleX Chat" {
		t.Fatalf("restore: %+v %v", s, err)
	}
}

// With Options.Servers (duplex-host --server) those servers are every
// profile's relays: Servers lists them and the list cannot be edited.
func TestServersFixedList(t *testing.T) {
	ctx := context.Background()
	fixed := "smp://" + fpOf("fixed") + "@127.0.0.1:5223"
	c := openCore(t, t.TempDir(), func(o *Options) { o.Servers = []string{fixed} })
	if _, err := c.Servers(ctx, 1); !errors.Is(err, api.ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
	if err := c.CreateStorage(ctx, api.ProtectionPassphrase, "pw"); err != nil {
		t.Fatal(err)
	}
	p, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: "host"})
	if err != nil {
		t.Fatal(err)
	}
	ss := mustServers(t, c, p.ID)
	want := api.Server{Address: fixed, Protocol: "smp", Enabled: true, Storage: true, Proxy: true}
	if len(ss) != 1 || ss[0] != want {
		t.Fatalf("servers %+v", ss)
	}
	if _, err := c.Servers(ctx, p.ID+1); !errors.Is(err, api.ErrNoSuchProfile) {
		t.Fatalf("unknown profile: %v", err)
	}
	if _, err := c.AddServer(ctx, p.ID, "smp://"+fpOf("x")+"@x.example.com"); !errors.Is(err, errFixedServers) {
		t.Fatalf("add: %v", err)
	}
	if err := c.SetServerEnabled(ctx, p.ID, fixed, false); !errors.Is(err, errFixedServers) {
		t.Fatalf("disable: %v", err)
	}
	if err := c.RemoveServer(ctx, p.ID, fixed); !errors.Is(err, errFixedServers) {
		t.Fatalf("remove: %v", err)
	}
}
