package core

import (
	"strings"
	"testing"
	"time"

	"duplex/core/api"
	"duplex/core/chat/protocol"
	"duplex/net/smp/server/smptest"
)

func newClock() *clock { return &clock{t: time.Unix(1_800_000_000, 0)} }

func TestConnectOneTimeLink(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r)
	pc, err := alice.c.CreateLink(ctx(t), alice.p, false)
	if err != nil {
		t.Fatal(err)
	}
	if !pc.Invited || !strings.HasPrefix(pc.Link, "simplex:/invitation") || pc.ShortLink == "" {
		t.Fatalf("pending %+v", pc)
	}
	alice.wait("pending created", func(ev api.Event) bool { return ev.Type == api.EvPendingUpdated && !ev.Deleted })
	pend, err := alice.c.PendingConnections(ctx(t), alice.p)
	if err != nil || len(pend) != 1 || pend[0].ID != pc.ID {
		t.Fatalf("pending list %+v %v", pend, err)
	}
	res, err := bob.c.Connect(ctx(t), bob.p, pc.Link, false)
	if err != nil || res.Pending == nil || res.Pending.Invited {
		t.Fatalf("connect %+v %v", res, err)
	}
	ea := alice.waitType(api.EvContactConnected)
	eb := bob.waitType(api.EvContactConnected)
	if ea.Contact.DisplayName != "bob" || eb.Contact.DisplayName != "alice" || !ea.Contact.Ready || !eb.Contact.Ready {
		t.Fatalf("contacts %+v / %+v", ea.Contact, eb.Contact)
	}
	for _, u := range []*user{alice, bob} {
		cs, err := u.c.Contacts(ctx(t), u.p)
		if err != nil || len(cs) != 1 || !cs[0].Ready {
			t.Fatalf("%s contacts %+v %v", u.name, cs, err)
		}
		if !cs[0].PQ {
			t.Fatalf("%s: a one-time link contact is not PQ", u.name)
		}
		// The chat versions the other app advertised in its profile message.
		if r := protocol.SupportedRange; cs[0].PeerMinVersion != r.Min || cs[0].PeerMaxVersion != r.Max {
			t.Fatalf("%s sees peer chat versions %d-%d, want %d-%d", u.name, cs[0].PeerMinVersion, cs[0].PeerMaxVersion, r.Min, r.Max)
		}
		if pend, _ := u.c.PendingConnections(ctx(t), u.p); len(pend) != 0 {
			t.Fatalf("%s still pending %+v", u.name, pend)
		}
	}
	// Security codes: equal on both sides, groups of 5 digits.
	ca, err := alice.c.SecurityCode(ctx(t), ea.Contact.ID)
	if err != nil {
		t.Fatal(err)
	}
	cb, _ := bob.c.SecurityCode(ctx(t), eb.Contact.ID)
	if ca != cb || len(strings.Fields(ca)) < 10 || len(strings.Fields(ca)[0]) != 5 {
		t.Fatalf("codes %q / %q", ca, cb)
	}
	if ok, err := alice.c.VerifyContact(ctx(t), ea.Contact.ID, "12345 67890"); ok || err != nil {
		t.Fatalf("wrong code verified: %v %v", ok, err)
	}
	if ok, err := alice.c.VerifyContact(ctx(t), ea.Contact.ID, strings.ReplaceAll(cb, " ", "")); !ok || err != nil {
		t.Fatalf("right code: %v %v", ok, err)
	}
	if c, _ := alice.c.Contact(ctx(t), ea.Contact.ID); !c.Verified {
		t.Fatal("not marked verified")
	}
	if ok, _ := alice.c.VerifyContact(ctx(t), ea.Contact.ID, ""); ok {
		t.Fatal("clearing reported verified")
	}
	if c, _ := alice.c.Contact(ctx(t), ea.Contact.ID); c.Verified {
		t.Fatal("mark not cleared")
	}
}

func TestConnectShortLinkAndPlans(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r)
	pc, err := alice.c.CreateLink(ctx(t), alice.p, false)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := alice.c.PlanConnect(ctx(t), alice.p, pc.ShortLink)
	if err != nil || plan.Kind != api.PlanOwnLink {
		t.Fatalf("own short link plan %+v %v", plan, err)
	}
	if plan, _ := alice.c.PlanConnect(ctx(t), alice.p, pc.Link); plan.Kind != api.PlanOwnLink {
		t.Fatalf("own full link plan %+v", plan)
	}
	if _, err := alice.c.Connect(ctx(t), alice.p, pc.Link, false); err != api.ErrOwnLink {
		t.Fatalf("connect own link: %v", err)
	}
	if plan, err := bob.c.PlanConnect(ctx(t), bob.p, pc.ShortLink); err != nil || plan.Kind != api.PlanInvitation {
		t.Fatalf("invitation plan %+v %v", plan, err)
	}
	if _, err := bob.c.PlanConnect(ctx(t), bob.p, "simplex:/nonsense"); err == nil {
		t.Fatal("bad link planned")
	}
	res, err := bob.c.Connect(ctx(t), bob.p, pc.ShortLink, false)
	if err != nil || res.Pending == nil {
		t.Fatalf("connect %+v %v", res, err)
	}
	// Before the contact exists the link is "connecting" (unless it already connected).
	plan, err = bob.c.PlanConnect(ctx(t), bob.p, pc.ShortLink)
	if err != nil || (plan.Kind != api.PlanConnecting && plan.Kind != api.PlanKnownContact) {
		t.Fatalf("connecting plan %+v %v", plan, err)
	}
	alice.waitType(api.EvContactConnected)
	eb := bob.waitType(api.EvContactConnected)
	plan, err = bob.c.PlanConnect(ctx(t), bob.p, pc.ShortLink)
	if err != nil || plan.Kind != api.PlanKnownContact || plan.Contact == nil || plan.Contact.ID != eb.Contact.ID {
		t.Fatalf("known contact plan %+v %v", plan, err)
	}
	if res, err := bob.c.Connect(ctx(t), bob.p, pc.ShortLink, false); err != nil || res.Contact == nil {
		t.Fatalf("connect to a known contact %+v %v", res, err)
	}

	// Address plans.
	addr, err := alice.c.CreateAddress(ctx(t), alice.p)
	if err != nil {
		t.Fatal(err)
	}
	if plan, _ := alice.c.PlanConnect(ctx(t), alice.p, addr.Link); plan.Kind != api.PlanOwnLink {
		t.Fatalf("own address plan %+v", plan)
	}
	if plan, _ := alice.c.PlanConnect(ctx(t), alice.p, addr.ShortLink); plan.Kind != api.PlanOwnLink {
		t.Fatalf("own short address plan %+v", plan)
	}
	// A short address is resolved (LGET) into the full one and its owner's name.
	plan, err = bob.c.PlanConnect(ctx(t), bob.p, addr.ShortLink)
	if err != nil || plan.Kind != api.PlanAddress || plan.Link != addr.Link || plan.ProfileName != "alice" {
		t.Fatalf("address plan %+v %v", plan, err)
	}
	if _, err := bob.c.Connect(ctx(t), bob.p, addr.ShortLink, false); err != nil {
		t.Fatal(err)
	}
	// Connecting through the address: the full form of the link is known now.
	plan, err = bob.c.PlanConnect(ctx(t), bob.p, addr.Link)
	if err != nil || plan.Kind != api.PlanConnecting {
		t.Fatalf("plan after requesting %+v %v", plan, err)
	}
	if err := alice.c.DeleteAddress(ctx(t), alice.p); err != nil {
		t.Fatal(err)
	}
	if _, err := carolPlan(t, r, clk, addr.ShortLink); err == nil {
		t.Fatal("a deleted address still resolves")
	}
}

// carolPlan plans a link from a fresh user.
func carolPlan(t *testing.T, r *smptest.Relay, clk *clock, link string) (api.ConnectionPlan, error) {
	carol := newUser(t, "carol", clk, r)
	return carol.c.PlanConnect(ctx(t), carol.p, link)
}

func TestConnectUsedLinkFailsClearly(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob, carol := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r), newUser(t, "carol", clk, r)
	pc, err := alice.c.CreateLink(ctx(t), alice.p, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bob.c.Connect(ctx(t), bob.p, pc.ShortLink, false); err != nil {
		t.Fatal(err)
	}
	_, err = carol.c.Connect(ctx(t), carol.p, pc.ShortLink, false)
	if err == nil || !strings.Contains(err.Error(), "already used") {
		t.Fatalf("second use of a one-time link: %v", err)
	}
	if ps, _ := carol.c.PendingConnections(ctx(t), carol.p); len(ps) != 0 {
		t.Fatalf("failed connect left %+v", ps)
	}
}
