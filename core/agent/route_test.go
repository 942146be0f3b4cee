package agent

import (
	"context"
	"errors"
	"sync"
	"testing"

	"duplex/net/smp"
	"duplex/net/smp/server"
	"duplex/net/smp/server/smptest"
)

// seen records what a relay executed: sender commands and whether each
// came directly or forwarded by a proxy.
type seen struct {
	mu  sync.Mutex
	obs []server.Observation
}

func (s *seen) relay(t *testing.T) *relay {
	return smptest.StartRelay(t, smptest.WithStore(t.TempDir()), func(c *server.Config) {
		c.Observe = func(o server.Observation) {
			s.mu.Lock()
			s.obs = append(s.obs, o)
			s.mu.Unlock()
		}
	})
}

// count returns how many tag commands came directly and through a proxy.
func (s *seen) count(tag string) (direct, proxied int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.obs {
		if o.Tag == tag && o.Proxied {
			proxied++
		} else if o.Tag == tag {
			direct++
		}
	}
	return
}

// routedPeers are alice (receiving on r1) and bob (on r2) sending to each
// other through the proxy relay px, with the given fallback.
func routedPeers(t *testing.T, fb RoutingFallback) (alice, bob *peer, s1, s2, sp *seen, px *relay) {
	s1, s2, sp = &seen{}, &seen{}, &seen{}
	r1, r2 := s1.relay(t), s2.relay(t)
	px = sp.relay(t)
	pol := RoutingPolicy{Mode: RouteAlways, Fallback: fb, MaxAttempts: 3,
		ProxyPicker: func(smp.Server) (smp.ServerAddress, error) { return px.Address(), nil }}
	mk := func(r *relay) *peer {
		p := &peer{t: t, dir: t.TempDir() + "/db", srv: []smp.ServerAddress{r.Address()}, routing: pol}
		p.open()
		t.Cleanup(p.close)
		return p
	}
	return mk(r1), mk(r2), s1, s2, sp, px
}

// nextSent waits for the SENT (or MERR) of msgID.
func nextSent(t *testing.T, p *peer, msgID int64) Event {
	t.Helper()
	for {
		ev := p.next(EvSENT, EvMERR, EvRCVD)
		if ev.MsgID == msgID && ev.Type != EvRCVD {
			return ev
		}
	}
}

// With private routing every sender command (SKEY of the handshake, the
// confirmations, messages, receipts) reaches the destination relays
// through the proxy, which sees no command on their queues; SENT says
// which proxy.
func TestPrivateRoutingAlways(t *testing.T) {
	alice, bob, s1, s2, sp, px := routedPeers(t, FallbackProhibit)
	aid, bid := connect(t, alice, bob)
	ctx := context.Background()
	id, err := alice.a.Send(ctx, aid, []byte("hi bob"))
	if err != nil {
		t.Fatal(err)
	}
	if ev := nextSent(t, alice, id); ev.Type != EvSENT || ev.Via != "127.0.0.1" || ev.Err != nil {
		t.Fatalf("SENT %+v: want via the proxy", ev)
	}
	if ev := bob.next(EvMSG); string(ev.Body) != "hi bob" {
		t.Fatalf("bob got %q", ev.Body)
	}
	id, err = bob.a.Send(ctx, bid, []byte("hi alice"))
	if err != nil {
		t.Fatal(err)
	}
	if ev := nextSent(t, bob, id); ev.Type != EvSENT || ev.Via != "127.0.0.1" {
		t.Fatalf("SENT %+v: want via the proxy", ev)
	}
	if ev := alice.next(EvMSG); string(ev.Body) != "hi alice" {
		t.Fatalf("alice got %q", ev.Body)
	}
	for i, s := range []*seen{s1, s2} {
		for _, tag := range []string{"SEND", "SKEY"} {
			if d, p := s.count(tag); d != 0 || p == 0 {
				t.Errorf("relay %d: %s direct %d, proxied %d; want all proxied", i+1, tag, d, p)
			}
		}
	}
	if d, _ := sp.count("PRXY"); d == 0 {
		t.Error("the proxy saw no PRXY")
	}
	if d, _ := sp.count("PFWD"); d < 4 {
		t.Errorf("the proxy forwarded %d commands", d)
	}
	cs, err := alice.a.ConnectionServers(aid)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs.Rcv) != 1 || cs.Rcv[0] != alice.srv[0].String() || len(cs.Snd) != 1 || cs.Snd[0] != bob.srv[0].String() ||
		len(cs.Proxies) != 1 || cs.Proxies[0] != px.Address().String() {
		t.Errorf("alice's connection servers %+v", cs)
	}
	if _, err := alice.a.ConnectionServers("nope"); !errors.Is(err, ErrNoConnection) {
		t.Errorf("unknown connection: %v", err)
	}
}

// The proxy goes down after the connection is made: with fallback "allow"
// the message goes directly and SENT says so (no Via, Err = the proxy
// failure); with "prohibit" (and with "protected" while the IP address is
// not protected) it stays queued, is retried and ends in MERR ErrNoRoute;
// "protected" with a SOCKS proxy set falls back.
func TestPrivateRoutingFallback(t *testing.T) {
	for _, tc := range []struct {
		name      string
		fb        RoutingFallback
		protected bool
		direct    bool
	}{
		{"allow", FallbackAllow, false, true},
		{"prohibit", FallbackProhibit, true, false},
		{"protected without SOCKS", FallbackProtected, false, false},
		{"protected with SOCKS", FallbackProtected, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			alice, bob, _, s2, _, px := routedPeers(t, tc.fb)
			aid, _ := connect(t, alice, bob)
			alice.a.cfg.IPProtected = tc.protected
			px.Stop()
			id, err := alice.a.Send(context.Background(), aid, []byte("still there?"))
			if err != nil {
				t.Fatal(err)
			}
			ev := nextSent(t, alice, id)
			if !tc.direct {
				if ev.Type != EvMERR || !errors.Is(ev.Err, ErrNoRoute) || !errors.Is(ev.Err, smp.ErrProxyDown) {
					t.Fatalf("got %s %v, want MERR ErrNoRoute (proxy down)", ev.Type, ev.Err)
				}
				if d, _ := s2.count("SEND"); d != 0 {
					t.Errorf("the destination saw %d direct SENDs", d)
				}
				return
			}
			if ev.Type != EvSENT || ev.Via != "" || !errors.Is(ev.Err, smp.ErrProxyDown) {
				t.Fatalf("got %s via %q err %v, want a direct SENT reporting the proxy failure", ev.Type, ev.Via, ev.Err)
			}
			if m := bob.next(EvMSG); string(m.Body) != "still there?" {
				t.Fatalf("bob got %q", m.Body)
			}
			if d, _ := s2.count("SEND"); d != 1 {
				t.Errorf("the destination saw %d direct SENDs, want 1", d)
			}
		})
	}
}

// Mode "unknown relays" proxies only to relays that are not ours; "never"
// and a missing picker send directly.
func TestRoutingModes(t *testing.T) {
	a := &Agent{}
	dest := smp.Server{Hosts: []string{"smp9.example"}}
	pick := func(smp.Server) (smp.ServerAddress, error) { return smp.ServerAddress{}, nil }
	known := func(s smp.Server) bool { return s.Hosts[0] == "smp9.example" }
	unknown := func(smp.Server) bool { return false }
	for _, tc := range []struct {
		mode      RoutingMode
		known     func(smp.Server) bool
		protected bool
		picker    bool
		want      bool
	}{
		{RouteAlways, known, false, true, true},
		{RouteAlways, known, false, false, false},
		{RouteUnknown, known, false, true, false},
		{RouteUnknown, unknown, true, true, true},
		{RouteUnknown, nil, false, true, true},
		{RouteUnprotected, unknown, false, true, true},
		{RouteUnprotected, unknown, true, true, false},
		{RouteUnprotected, known, false, true, false},
		{RouteNever, unknown, false, true, false},
	} {
		a.cfg.Routing = RoutingPolicy{Mode: tc.mode, Known: tc.known}
		if tc.picker {
			a.cfg.Routing.ProxyPicker = pick
		}
		a.cfg.IPProtected = tc.protected
		if got := a.useProxy(dest); got != tc.want {
			t.Errorf("mode %d known=%v protected=%v picker=%v: proxy %v, want %v", tc.mode, tc.known != nil && tc.known(dest), tc.protected, tc.picker, got, tc.want)
		}
	}
}
