package agent

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"duplex/db"
	"duplex/net/smp"
	"duplex/net/smp/server/smptest"
)

// relay is the in-process SMP relay on 127.0.0.1:0 with its store kept in a
// temp dir, so Restart brings back its queues on the same address.
type relay = smptest.Relay

func startRelay(t testing.TB) *relay {
	return smptest.StartRelay(t, smptest.WithStore(t.TempDir()))
}

var cheapKDF = &db.KDFParams{Time: 1, Memory: 64, Threads: 1}

func openDB(t testing.TB, dir string) *db.DB {
	t.Helper()
	d, err := db.Open(dir, db.Options{Key: db.Passphrase("agent test"), KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func testSMP() smp.ClientConfig {
	return smp.ClientConfig{RequestTimeout: 10 * time.Second, ReconnectMin: 50 * time.Millisecond, ReconnectMax: time.Second, PingInterval: -1}
}

// peer is one agent with its own database.
type peer struct {
	t   testing.TB
	dir string
	d   *db.DB
	a   *Agent
	srv []smp.ServerAddress
	// intercept is passed to Config (the faulty relay).
	intercept func(rcvID []byte, m smp.MSG, deliver func(smp.MSG), ack func())
	legacy    bool         // Config.legacyQueues
	picker    ServerPicker // nil: RandomPicker over srv
	routing   RoutingPolicy
	protected bool // Config.IPProtected
}

func newPeer(t testing.TB, servers ...*relay) *peer { return newPeerWith(t, false, servers...) }

// newPeerWith makes a peer whose agent creates legacy (not sender-securable) queues.
func newPeerWith(t testing.TB, legacy bool, servers ...*relay) *peer {
	p := &peer{t: t, dir: filepath.Join(t.TempDir(), "db"), legacy: legacy}
	for _, r := range servers {
		p.srv = append(p.srv, r.Address())
	}
	p.open()
	t.Cleanup(p.close)
	return p
}

func (p *peer) open() {
	p.d = openDB(p.t, p.dir)
	var pick ServerPicker = RandomPicker{Servers: p.srv}
	if p.picker != nil {
		pick = p.picker
	}
	a, err := New(context.Background(), Config{DB: p.d, Picker: pick, SMP: testSMP(), RetryMin: 20 * time.Millisecond, RetryMax: 500 * time.Millisecond, QuotaWait: time.Minute, intercept: p.intercept, legacyQueues: p.legacy, Routing: p.routing, IPProtected: p.protected}) // no test may depend on the QUOTA timer
	if err != nil {
		p.t.Fatal(err)
	}
	p.a = a
}

func (p *peer) close() {
	if p.a != nil {
		p.a.Close()
		p.d.Close()
		p.a = nil
	}
}

// next waits for the next event of one of the types, skipping UP/DOWN (and
// any type in skip).
func (p *peer) next(types ...EventType) Event {
	p.t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case ev, ok := <-p.a.Events():
			if !ok {
				p.t.Fatal("events closed")
			}
			if ev.Type == EvUP || ev.Type == EvDOWN || ev.Type == EvSENT && !contains(types, EvSENT) || ev.Type == EvINV && !contains(types, EvINV) {
				continue
			}
			if contains(types, ev.Type) {
				return ev
			}
			p.t.Fatalf("unexpected event %s %+v (want %v)", ev.Type, ev, types)
		case <-timeout:
			p.t.Fatalf("no %v event", types)
		}
	}
}

func contains(ts []EventType, t EventType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// connect runs the fast handshake between two peers and returns the
// connection ids (alice's, bob's).
func connect(t testing.TB, alice, bob *peer) (string, string) {
	t.Helper()
	ctx := context.Background()
	aid, req, err := alice.a.CreateInvitation(ctx, InvitationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	bid, err := bob.a.Join(ctx, req, []byte("bob's profile"))
	if err != nil {
		t.Fatal(err)
	}
	conf := alice.next(EvCONF)
	if conf.ConnID != aid || string(conf.Info) != "bob's profile" {
		t.Fatalf("CONF %+v", conf)
	}
	if err := alice.a.AllowConnection(ctx, aid, conf.ConfirmationID, []byte("alice's profile")); err != nil {
		t.Fatal(err)
	}
	if ev := alice.next(EvCON); ev.ConnID != aid {
		t.Fatalf("alice CON %+v", ev)
	}
	if ev := bob.next(EvINFO); ev.ConnID != bid || string(ev.Info) != "alice's profile" {
		t.Fatalf("bob INFO %+v", ev)
	}
	if ev := bob.next(EvCON); ev.ConnID != bid {
		t.Fatalf("bob CON %+v", ev)
	}
	return aid, bid
}
