package core

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"duplex/core/api"
	"duplex/core/servers"
	"duplex/db"
	"duplex/net/smp/server"
	"duplex/net/smp/server/smptest"
)

// loopDial maps every relay host name to loopback (the port tells the
// relays apart), for the clients and for the relays' proxy side.
func loopDial(ctx context.Context, network, addr string) (net.Conn, error) {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	return (&net.Dialer{}).DialContext(ctx, network, net.JoinHostPort("127.0.0.1", port))
}

// namedRelay is an in-process relay known under a host name, recording
// every command it executed.
type namedRelay struct {
	name string
	r    *smptest.Relay
	mu   sync.Mutex
	obs  []server.Observation
}

func startNamed(t *testing.T, name string, opts ...smptest.Option) *namedRelay {
	n := &namedRelay{name: name}
	opts = append([]smptest.Option{smptest.WithStore(t.TempDir()), func(c *server.Config) {
		c.ProxyDial = loopDial
		c.Observe = func(o server.Observation) {
			n.mu.Lock()
			n.obs = append(n.obs, o)
			n.mu.Unlock()
		}
	}}, opts...)
	n.r = smptest.StartRelay(t, opts...)
	return n
}

func (n *namedRelay) addr() string {
	a := n.r.Address()
	a.Hosts = []string{n.name}
	return a.String()
}

func (n *namedRelay) observations() []server.Observation {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.obs)
}

// withOperators installs the test hooks for one test.
func withOperators(t *testing.T, ops ...servers.Operator) {
	testOperators, testDial = ops, loopDial
	t.Cleanup(func() { testOperators, testDial = nil, nil })
}

// routedUser is a user whose core knows the relays addrs (by name) and
// routes privately per netCfg; its logs go to logs.
func routedUser(t *testing.T, name string, clk *clock, addrs []string, netCfg api.NetworkConfig, logs *syncBuf) *user {
	t.Helper()
	u := &user{t: t, name: name, dir: t.TempDir(), clk: clk}
	u.key = filepath.Join(u.dir, "key")
	if err := db.WriteKeyFile(u.key, rand.Reader); err != nil {
		t.Fatal(err)
	}
	var lg *slog.Logger
	if logs != nil {
		lg = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	c, err := Open(Options{DataDir: filepath.Join(u.dir, "data"), KeyFile: u.key, KDF: cheapKDF, Now: clk.Now, Servers: addrs, Logger: lg,
		SMP: &SMPTuning{RequestTimeout: 5 * time.Second, ReconnectMin: 50 * time.Millisecond, ReconnectMax: 300 * time.Millisecond,
			RetryMin: 50 * time.Millisecond, RetryMax: 300 * time.Millisecond, NoPing: true}})
	if err != nil {
		t.Fatal(err)
	}
	u.c = c
	wctx, cancel := context.WithCancel(context.Background())
	u.cancel = cancel
	if u.ev, err = c.Watch(wctx, api.AllEvents); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(u.close)
	if err := c.CreateStorage(ctx(t), api.ProtectionKeyFile, ""); err != nil {
		t.Fatal(err)
	}
	if err := c.SetNetwork(ctx(t), netCfg); err != nil {
		t.Fatal(err)
	}
	p, err := c.CreateProfile(ctx(t), api.NewProfile{DisplayName: name})
	if err != nil {
		t.Fatal(err)
	}
	u.p = p.ID
	return u
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// sendVia sends text and returns the item once the relay accepted it
// (its Via says how it went).
func (u *user) sendVia(c api.ContactID, text string) api.ChatItem {
	u.t.Helper()
	it := u.send(c, text)
	return u.waitItem(api.EvItemStatus, "sent "+text, func(x api.ChatItem) bool {
		return x.ID == it.ID && (x.Status == api.StatusSent || x.Status == api.StatusDelivered)
	})
}

var senderTags = map[string]bool{"SEND": true, "SKEY": true, "LKEY": true, "LGET": true}

// Four relays of three operators (SimpleX Chat: smp1/smp2.simplex.im,
// Flux: smp1.flux.example, "your servers": smp1.own.example); both users
// know all four, route privately always, and may not fall back. Each
// direction's queue is on another operator; every sender command reached
// its relay through a proxy of another operator, so no relay saw a
// sender's connection together with the queue it sends to.
func TestRoutingFourRelaysThreeOperators(t *testing.T) {
	withOperators(t,
		servers.Operator{Tag: "simplex", TradeName: "SimpleX Chat", Domains: []string{"simplex.im"}, Enabled: true, SMPRoles: servers.AllRoles},
		servers.Operator{Tag: "flux", TradeName: "Flux", Domains: []string{"flux.example"}, Enabled: true, SMPRoles: servers.AllRoles})
	relays := []*namedRelay{startNamed(t, "smp1.simplex.im"), startNamed(t, "smp2.simplex.im"), startNamed(t, "smp1.flux.example"), startNamed(t, "smp1.own.example")}
	var addrs []string
	for _, r := range relays {
		addrs = append(addrs, r.addr())
	}
	operatorOf := func(host string) string {
		switch {
		case strings.HasSuffix(host, ".simplex.im"):
			return "SimpleX Chat"
		case strings.HasSuffix(host, ".flux.example"):
			return "Flux"
		}
		return "your servers"
	}
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	netCfg := api.NetworkConfig{PrivateRouting: api.RoutingAlways, RoutingFallback: api.FallbackProhibit}
	alice := routedUser(t, "alice", clk, addrs, netCfg, nil)
	bob := routedUser(t, "bob", clk, addrs, netCfg, nil)
	// Through the short link, so that LKEY is a sender command too.
	pc, err := alice.c.CreateLink(ctx(t), alice.p, false)
	if err != nil || pc.ShortLink == "" {
		t.Fatalf("link %+v %v", pc, err)
	}
	if _, err := bob.c.Connect(ctx(t), bob.p, pc.ShortLink, false); err != nil {
		t.Fatal(err)
	}
	ca, cb := *alice.waitType(api.EvContactConnected).Contact, *bob.waitType(api.EvContactConnected).Contact

	for i := range 2 {
		for _, d := range []struct {
			from, to *user
			c        api.ContactID
		}{{alice, bob, ca.ID}, {bob, alice, cb.ID}} {
			text := fmt.Sprintf("%s #%d", d.from.name, i)
			it := d.from.sendVia(d.c, text)
			d.to.waitText(text)
			v, err := d.from.c.ContactServers(ctx(t), d.c)
			if err != nil {
				t.Fatal(err)
			}
			if it.Via == "" || operatorOf(it.Via) == operatorOf(v.Send[0].Host) {
				t.Errorf("%q went via %q to %s", text, it.Via, v.Send[0].Label())
			}
		}
	}

	for _, u := range []struct {
		*user
		id api.ContactID
	}{{alice, ca.ID}, {bob, cb.ID}} {
		v, err := u.c.ContactServers(ctx(t), u.id)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: receive %v, send %v, proxies %v, warnings %q", u.name, labels(v.Receive), labels(v.Send), labels(v.Proxies), v.Warnings)
		if len(v.Receive) != 1 || len(v.Send) != 1 || len(v.Proxies) == 0 {
			t.Fatalf("%s: visibility %+v", u.name, v)
		}
		if operatorOf(v.Receive[0].Host) == operatorOf(v.Send[0].Host) || v.SameOperator {
			t.Errorf("%s: both directions on %s", u.name, operatorOf(v.Send[0].Host))
		}
		for _, p := range v.Proxies {
			if operatorOf(p.Host) == operatorOf(v.Send[0].Host) {
				t.Errorf("%s: proxy %s of the destination's operator", u.name, p.Host)
			}
		}
		if v.ProxyIsDestination || len(v.Warnings) != 0 {
			t.Errorf("%s: warnings %q", u.name, v.Warnings)
		}
	}

	// What each relay saw.
	var table strings.Builder
	fmt.Fprintf(&table, "%-18s %-13s %-6s %-44s %-36s %s\n", "relay", "operator", "conns", "direct commands", "forwarded (from a proxy)", "queue/link ids seen")
	for _, r := range relays {
		obs := r.observations()
		direct, fwd := map[string]int{}, map[string]int{}
		conns := map[string]bool{}
		ids := map[string]bool{}
		proxiedIDs := map[string]bool{}
		for _, o := range obs {
			if o.Proxied {
				fwd[o.Tag]++
				proxiedIDs[string(o.EntityID)] = true
			} else {
				direct[o.Tag]++
				conns[o.Remote] = true
			}
			if o.Tag != "PRXY" && o.Tag != "PFWD" && o.Tag != "PING" && len(o.EntityID) > 0 {
				ids[hex.EncodeToString(o.EntityID)[:8]] = true
			}
		}
		for _, o := range obs {
			switch {
			case !o.Proxied && senderTags[o.Tag]:
				t.Errorf("%s: %s from %s directly: the relay saw the sender with queue %x", r.name, o.Tag, o.Remote, o.EntityID)
			case !o.Proxied && len(o.EntityID) > 0 && proxiedIDs[string(o.EntityID)] && o.Tag != "PFWD":
				t.Errorf("%s: %s from %s names the forwarded queue %x", r.name, o.Tag, o.Remote, o.EntityID)
			}
		}
		fmt.Fprintf(&table, "%-18s %-13s %-6d %-44s %-36s %s\n", r.name, operatorOf(r.name), len(conns), counts(direct), counts(fwd), strings.Join(sorted(ids), " "))
	}
	// A proxy sees PRXY/PFWD only: never an id of a queue at a destination.
	for _, r := range relays {
		for _, o := range r.observations() {
			if o.Tag != "PFWD" {
				continue
			}
			for _, d := range relays {
				for _, x := range d.observations() {
					if x.Proxied && bytes.Equal(x.EntityID, o.EntityID) {
						t.Errorf("proxy %s saw queue id %x of %s", r.name, o.EntityID, d.name)
					}
				}
			}
		}
	}
	t.Log("per-relay visibility:\n" + table.String())
	if err := os.MkdirAll(filepath.Join("..", "test-output"), 0o755); err == nil {
		os.WriteFile(filepath.Join("..", "test-output", "visibility.txt"), []byte(table.String()), 0o644)
	}
}

func labels(rs []api.RelayView) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Label())
	}
	return out
}

func counts(m map[string]int) string {
	var out []string
	for k, n := range m {
		out = append(out, fmt.Sprintf("%s×%d", k, n))
	}
	sort.Strings(out)
	if len(out) == 0 {
		return "-"
	}
	return strings.Join(out, " ")
}

func sorted(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// failureSetup: alice stores on smp1.simplex.im, bob on smp1.flux.example,
// and the only proxy is smp1.proxy.example (an operator with the proxy role
// only), so every route is known in advance.
func failureSetup(t *testing.T, fb api.RoutingFallback, proxyOpts ...smptest.Option) (alice, bob *user, ca, cb api.ContactID, a, b, p *namedRelay, aliceLogs *syncBuf) {
	withOperators(t,
		servers.Operator{Tag: "simplex", TradeName: "SimpleX Chat", Domains: []string{"simplex.im"}, Enabled: true, SMPRoles: servers.Roles{Storage: true}},
		servers.Operator{Tag: "flux", TradeName: "Flux", Domains: []string{"flux.example"}, Enabled: true, SMPRoles: servers.Roles{Storage: true}},
		servers.Operator{Tag: "px", TradeName: "Proxy Co", Domains: []string{"proxy.example"}, Enabled: true, SMPRoles: servers.Roles{Proxy: true}})
	a, b, p = startNamed(t, "smp1.simplex.im"), startNamed(t, "smp1.flux.example"), startNamed(t, "smp1.proxy.example", proxyOpts...)
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	netCfg := api.NetworkConfig{PrivateRouting: api.RoutingAlways, RoutingFallback: fb}
	aliceLogs = &syncBuf{}
	alice = routedUser(t, "alice", clk, []string{a.addr(), p.addr()}, netCfg, aliceLogs)
	bob = routedUser(t, "bob", clk, []string{b.addr(), p.addr()}, netCfg, nil)
	x, y := connect(t, alice, bob)
	return alice, bob, x.ID, y.ID, a, b, p, aliceLogs
}

// Proxy failures: the configured fallback happens and is reported (the
// item's Via is empty and the core logs why), and nothing is lost.
func TestRoutingFailureModes(t *testing.T) {
	t.Run("proxy down, fallback allow", func(t *testing.T) {
		alice, bob, ca, _, _, b, p, logs := failureSetup(t, api.FallbackAllow)
		if it := alice.sendVia(ca, "via proxy"); it.Via != "smp1.proxy.example" {
			t.Fatalf("Via %q", it.Via)
		}
		bob.waitText("via proxy")
		p.r.Stop()
		if it := alice.sendVia(ca, "direct"); it.Via != "" {
			t.Fatalf("Via %q, want direct", it.Via)
		}
		bob.waitText("direct")
		if !strings.Contains(logs.String(), "private routing failed") || !strings.Contains(logs.String(), "proxy unavailable") {
			t.Errorf("the fallback is not in the log:\n%s", logs.String())
		}
		if n := directSends(b); n != 1 {
			t.Errorf("bob's relay got %d direct SENDs, want 1", n)
		}
	})
	t.Run("proxy down, fallback prohibit", func(t *testing.T) {
		alice, bob, ca, _, _, b, p, _ := failureSetup(t, api.FallbackProhibit)
		p.r.Stop()
		it := alice.send(ca, "waits for the proxy")
		time.Sleep(300 * time.Millisecond) // several failed attempts (retries every ≤ 300 ms)
		if n := directSends(b); n != 0 {
			t.Fatalf("bob's relay got %d direct SENDs", n)
		}
		p.r.Restart()
		sent := alice.waitItem(api.EvItemStatus, "sent", func(x api.ChatItem) bool { return x.ID == it.ID && x.Status == api.StatusSent })
		if sent.Via != "smp1.proxy.example" {
			t.Errorf("Via %q", sent.Via)
		}
		bob.waitText("waits for the proxy")
	})
	t.Run("destination down", func(t *testing.T) {
		alice, bob, ca, _, _, b, _, _ := failureSetup(t, api.FallbackAllow)
		b.r.Stop()
		it := alice.send(ca, "after the outage")
		time.Sleep(300 * time.Millisecond)
		b.r.Restart()
		alice.waitItem(api.EvItemStatus, "sent", func(x api.ChatItem) bool { return x.ID == it.ID && x.Status == api.StatusSent })
		bob.waitText("after the outage")
	})
	t.Run("proxy refuses", func(t *testing.T) {
		alice, bob, ca, cb, _, _, _, logs := failureSetup(t, api.FallbackAllow, func(c *server.Config) { c.ProxyDisabled = true })
		if it := alice.sendVia(ca, "refused"); it.Via != "" {
			t.Fatalf("Via %q, want direct", it.Via)
		}
		bob.waitText("refused")
		if it := bob.sendVia(cb, "back"); it.Via != "" {
			t.Fatalf("Via %q, want direct", it.Via)
		}
		alice.waitText("back")
		if !strings.Contains(logs.String(), "proxy refused") {
			t.Errorf("the refusal is not in the log:\n%s", logs.String())
		}
	})
}

func directSends(r *namedRelay) int {
	n := 0
	for _, o := range r.observations() {
		if o.Tag == "SEND" && !o.Proxied {
			n++
		}
	}
	return n
}

// The default mode, "unknown relays": a message to a relay the sender
// does not have among its servers goes through a proxy (its own relay,
// another operator), one to a relay it knows goes directly.
func TestRoutingUnknownRelaysByDefault(t *testing.T) {
	withOperators(t,
		servers.Operator{Tag: "simplex", TradeName: "SimpleX Chat", Domains: []string{"simplex.im"}, Enabled: true, SMPRoles: servers.AllRoles},
		servers.Operator{Tag: "flux", TradeName: "Flux", Domains: []string{"flux.example"}, Enabled: true, SMPRoles: servers.AllRoles})
	s, f := startNamed(t, "smp1.simplex.im"), startNamed(t, "smp1.flux.example")
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	for _, tc := range []struct {
		name             string
		aliceSrv, bobSrv []string
		aliceVia, bobVia string
	}{
		{"each knows only its own relay", []string{s.addr()}, []string{f.addr()}, "smp1.simplex.im", "smp1.flux.example"},
		{"both know both relays", []string{s.addr(), f.addr()}, []string{s.addr(), f.addr()}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			alice := routedUser(t, "alice", clk, tc.aliceSrv, api.DefaultNetwork(), nil)
			bob := routedUser(t, "bob", clk, tc.bobSrv, api.DefaultNetwork(), nil)
			ca, cb := connect(t, alice, bob)
			if it := alice.sendVia(ca.ID, "hello bob"); it.Via != tc.aliceVia {
				t.Errorf("alice's message via %q, want %q", it.Via, tc.aliceVia)
			}
			bob.waitText("hello bob")
			if it := bob.sendVia(cb.ID, "hello alice"); it.Via != tc.bobVia {
				t.Errorf("bob's message via %q, want %q", it.Via, tc.bobVia)
			}
			alice.waitText("hello alice")
		})
	}
}
