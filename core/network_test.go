package core

import (
	"context"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"duplex/core/api"
	"duplex/net/smp"
	"duplex/net/smp/server"
	"duplex/net/smp/server/smptest"
)

func TestNetworkValidateAndPersist(t *testing.T) {
	bg := context.Background()
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	u := newUser(t, "alice", clk, startRelay(t))
	if cfg, err := u.c.Network(bg); err != nil || cfg != api.DefaultNetwork() {
		t.Fatalf("default: %+v %v", cfg, err)
	}
	if d := api.DefaultNetwork(); d.PrivateRouting != api.RoutingUnknown || d.RoutingFallback != api.FallbackProtected || d.OnionHosts != api.OnionNo {
		t.Fatalf("default: %+v", d)
	}
	bad := map[string]api.NetworkConfig{
		"host:port":                 {SOCKSProxy: "localhost"},
		"port must":                 {SOCKSProxy: "127.0.0.1:0"},
		"from 1 to":                 {SOCKSProxy: "127.0.0.1:70000"},
		"a number":                  {SOCKSProxy: "127.0.0.1:x"},
		"e.g.":                      {SOCKSProxy: ":9050"},
		"not a host":                {SOCKSProxy: "a b:9050"},
		"needs a SOCKS proxy (e.g.": {OnionHosts: api.OnionRequired},
		"isolating":                 {SOCKSIsolate: true},
		"onion hosts mode 7":        {OnionHosts: 7},
		"private routing mode -1":   {PrivateRouting: -1},
		"routing fallback 3":        {RoutingFallback: 3},
	}
	for want, cfg := range bad {
		err := u.c.SetNetwork(bg, cfg)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: %v, want %q", cfg, err, want)
		}
	}
	if cfg, _ := u.c.Network(bg); cfg != api.DefaultNetwork() {
		t.Fatalf("a refused config was saved: %+v", cfg)
	}
	want := api.NetworkConfig{SOCKSProxy: "127.0.0.1:9050", SOCKSIsolate: true, OnionHosts: api.OnionRequired,
		PrivateRouting: api.RoutingAlways, RoutingFallback: api.FallbackProhibit}
	if err := u.c.SetNetwork(bg, want); err != nil {
		t.Fatal(err)
	}
	if u.c.network != (AgentRouting{Mode: api.RoutingAlways, Fallback: api.FallbackProhibit, IPProtected: true}) {
		t.Fatalf("agent routing: %+v", u.c.network)
	}
	u.restart()
	if cfg, err := u.c.Network(bg); err != nil || cfg != want {
		t.Fatalf("after restart: %+v %v", cfg, err)
	}
	if u.c.network.Mode != api.RoutingAlways {
		t.Fatalf("agent routing after restart: %+v", u.c.network)
	}
}

func TestNetworkEnumNames(t *testing.T) {
	for _, s := range []string{"no", "prefer", "required"} {
		if v, err := api.ParseOnionHosts(s); err != nil || v.String() != s {
			t.Errorf("%s: %v %v", s, v, err)
		}
	}
	for _, s := range []string{"always", "unknown", "unprotected", "never"} {
		if v, err := api.ParsePrivateRouting(s); err != nil || v.String() != s {
			t.Errorf("%s: %v %v", s, v, err)
		}
	}
	for _, s := range []string{"allow", "protected", "prohibit"} {
		if v, err := api.ParseRoutingFallback(s); err != nil || v.String() != s {
			t.Errorf("%s: %v %v", s, v, err)
		}
	}
	for _, s := range []string{"", "Always", "yes", "allowProtected"} {
		_, e1 := api.ParsePrivateRouting(s)
		_, e2 := api.ParseRoutingFallback(s)
		_, e3 := api.ParseOnionHosts(s)
		if e1 == nil || e2 == nil || e3 == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

// microsocks starts Debian's microsocks on 127.0.0.1, its outgoing
// connections bound to 127.0.0.2, so the relay can tell a proxied
// connection from a direct one (as net/smp's SOCKS tests).
func microsocks(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("microsocks")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("microsocks not installed (scripts/apt-test.txt lists it)")
		}
		t.Skip("microsocks not installed")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	l.Close()
	cmd := exec.Command(bin, "-i", "127.0.0.1", "-p", port, "-b", "127.0.0.2")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return addr
		}
		if i == 250 {
			t.Fatalf("microsocks did not start: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// seenFrom records the remote IPs a relay executed commands from.
type seenFrom struct {
	mu  sync.Mutex
	ips map[string]bool
}

func (s *seenFrom) option() smptest.Option {
	return func(cfg *server.Config) {
		cfg.Observe = func(o server.Observation) {
			host, _, _ := net.SplitHostPort(o.Remote)
			s.mu.Lock()
			s.ips[host] = true
			s.mu.Unlock()
		}
	}
}

func (s *seenFrom) take() map[string]bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.ips
	s.ips = map[string]bool{}
	return m
}

// With a SOCKS proxy set, the relay sees the proxy's address, both for
// the agent's queues (after SetNetwork restarted it) and for a server
// test; before, it saw ours.
func TestNetworkSOCKSReachesRelay(t *testing.T) {
	proxy := microsocks(t)
	seen := &seenFrom{ips: map[string]bool{}}
	relay := smptest.StartRelay(t, smptest.WithStore(t.TempDir()), seen.option())
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	u := newUser(t, "alice", clk, relay)
	bg := ctx(t)

	if _, err := u.c.CreateLink(bg, u.p, false); err != nil {
		t.Fatal(err)
	}
	if ips := seen.take(); !ips["127.0.0.1"] || ips["127.0.0.2"] {
		t.Fatalf("direct: relay saw %v", ips)
	}
	if err := u.c.SetNetwork(bg, api.NetworkConfig{SOCKSProxy: proxy}); err != nil {
		t.Fatal(err)
	}
	seen.take() // the restarted agent resubscribing
	if _, err := u.c.CreateLink(bg, u.p, false); err != nil {
		t.Fatal(err)
	}
	if ips := seen.take(); !ips["127.0.0.2"] || ips["127.0.0.1"] {
		t.Fatalf("through the proxy: relay saw %v", ips)
	}
	res, err := u.c.TestServer(bg, u.p, relay.Address().String())
	if err != nil || !res.OK {
		t.Fatalf("server test through the proxy: %+v %v", res, err)
	}
	if ips := seen.take(); !ips["127.0.0.2"] || ips["127.0.0.1"] {
		t.Fatalf("server test: relay saw %v", ips)
	}

	// Onion hosts required: a relay without one cannot be reached, and the
	// server test says so rather than going direct.
	if err := u.c.SetNetwork(bg, api.NetworkConfig{SOCKSProxy: proxy, OnionHosts: api.OnionRequired}); err != nil {
		t.Fatal(err)
	}
	seen.take()
	res, err = u.c.TestServer(bg, u.p, relay.Address().String())
	if err != nil || res.OK || !strings.Contains(res.Err, smp.ErrNoOnionHost.Error()) {
		t.Fatalf("onion required: %+v %v", res, err)
	}
	if ips := seen.take(); len(ips) != 0 {
		t.Fatalf("onion required: relay saw %v", ips)
	}
}
