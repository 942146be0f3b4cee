package agent

import (
	"context"
	"testing"

	"duplex/net/links"
)

// legacyConnect runs the KEY + HELLO handshake: CONF and INFO as usual,
// then CON on both sides only after the HELLOs.
func legacyConnect(t *testing.T, alice, bob *peer, req *links.ConnRequest, aid string) string {
	t.Helper()
	ctx := context.Background()
	bid, err := bob.a.Join(ctx, req, []byte("bob"))
	if err != nil {
		t.Fatal(err)
	}
	conf := alice.next(EvCONF)
	if conf.ConnID != aid || string(conf.Info) != "bob" {
		t.Fatalf("CONF %+v", conf)
	}
	alice.a.mu.Lock()
	legacy := alice.a.conns[aid].Legacy
	alice.a.mu.Unlock()
	if !legacy {
		t.Fatal("the joiner's confirmation carried no sender key ('K' header)")
	}
	if err := alice.a.AllowConnection(ctx, aid, conf.ConfirmationID, []byte("alice")); err != nil {
		t.Fatal(err)
	}
	if ev := bob.next(EvINFO); ev.ConnID != bid || string(ev.Info) != "alice" {
		t.Fatalf("INFO %+v", ev)
	}
	if ev := bob.next(EvCON); ev.ConnID != bid {
		t.Fatalf("bob CON %+v", ev)
	}
	if ev := alice.next(EvCON); ev.ConnID != aid {
		t.Fatalf("alice CON %+v", ev)
	}
	for _, p := range []struct {
		p  *peer
		id string
	}{{alice, aid}, {bob, bid}} {
		p.p.a.mu.Lock()
		c := p.p.a.conns[p.id]
		if !c.Legacy || !c.HelloSent || !c.HelloRcvd || c.Status != stActive {
			t.Errorf("%s: legacy %v hello sent %v received %v status %s", p.id, c.Legacy, c.HelloSent, c.HelloRcvd, c.Status)
		}
		p.p.a.mu.Unlock()
	}
	return bid
}

// Both agents create queues without the sender-can-secure mode, as an
// agent before SKEY does: the joiner cannot SKEY, so both sides KEY their
// own queue with the key from the peer's confirmation.
func TestLegacyHandshakeQueueMode(t *testing.T) {
	r1, r2 := startRelay(t), startRelay(t)
	alice, bob := newPeerWith(t, true, r1), newPeerWith(t, true, r2)
	ctx := context.Background()
	aid, req, err := alice.a.CreateInvitation(ctx, InvitationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if req.Queues[0].Mode.SenderCanSecure() {
		t.Fatal("legacy invitation queue is sender-securable")
	}
	req = viaText(t, req)
	bid := legacyConnect(t, alice, bob, req, aid)
	exchange(t, alice, bob, aid, bid)
	// The queues are secured: after a restart everything still flows.
	alice.close()
	alice.open()
	exchange(t, alice, bob, aid, bid)
}

// A peer agent below v6 (no SKEY): the inviter's queues are modern, but
// the agent range in its link says 2–5, so the joiner takes the legacy path.
func TestLegacyHandshakeOldAgent(t *testing.T) {
	r := startRelay(t)
	alice, bob := newPeer(t, r), newPeer(t, r)
	ctx := context.Background()
	aid, req, err := alice.a.CreateInvitation(ctx, InvitationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	req.AgentVersions = links.VersionRange{Min: 2, Max: 5}
	bid := legacyConnect(t, alice, bob, viaText(t, req), aid)
	exchange(t, alice, bob, aid, bid)
}

func viaText(t *testing.T, req *links.ConnRequest) *links.ConnRequest {
	t.Helper()
	r, err := links.ParseConnRequest(req.String())
	if err != nil {
		t.Fatal(err)
	}
	return r
}
