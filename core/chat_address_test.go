package core

import (
	"testing"

	"duplex/core/api"
)

func TestAddressRequestsAcceptReject(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob, carol := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r), newUser(t, "carol", clk, r)
	if _, err := alice.c.Address(ctx(t), alice.p); err != api.ErrNoAddress {
		t.Fatalf("no address yet: %v", err)
	}
	addr, err := alice.c.CreateAddress(ctx(t), alice.p)
	if err != nil || addr.Link == "" || addr.ShortLink == "" || addr.AutoAccept {
		t.Fatalf("address %+v %v", addr, err)
	}
	if _, err := alice.c.CreateAddress(ctx(t), alice.p); err != api.ErrHasAddress {
		t.Fatalf("second address: %v", err)
	}
	if got, _ := alice.c.Address(ctx(t), alice.p); got != addr {
		t.Fatalf("shown %+v", got)
	}

	// Bob asks through the full link, carol through the short one.
	if _, err := bob.c.Connect(ctx(t), bob.p, addr.Link, false); err != nil {
		t.Fatal(err)
	}
	reqB := alice.waitType(api.EvContactRequest).Request
	if _, err := carol.c.Connect(ctx(t), carol.p, addr.ShortLink, false); err != nil {
		t.Fatal(err)
	}
	reqC := alice.waitType(api.EvContactRequest).Request
	if reqB.DisplayName != "bob" || reqC.DisplayName != "carol" {
		t.Fatalf("requests %+v %+v", reqB, reqC)
	}
	if rs, _ := alice.c.ContactRequests(ctx(t), alice.p); len(rs) != 2 {
		t.Fatalf("request list %+v", rs)
	}
	if err := alice.c.RejectRequest(ctx(t), reqC.ID); err != nil {
		t.Fatal(err)
	}
	if err := alice.c.RejectRequest(ctx(t), reqC.ID); err != api.ErrNoSuchRequest {
		t.Fatalf("reject twice: %v", err)
	}
	c, err := alice.c.AcceptRequest(ctx(t), reqB.ID, false)
	if err != nil || c.DisplayName != "bob" {
		t.Fatalf("accept %+v %v", c, err)
	}
	ea := alice.waitType(api.EvContactConnected)
	eb := bob.waitType(api.EvContactConnected)
	if ea.Contact.ID != c.ID || eb.Contact.DisplayName != "alice" {
		t.Fatalf("connected %+v %+v", ea.Contact, eb.Contact)
	}
	if rs, _ := alice.c.ContactRequests(ctx(t), alice.p); len(rs) != 0 {
		t.Fatalf("requests left %+v", rs)
	}
	// Bob's plan for the address now names the contact.
	if plan, _ := bob.c.PlanConnect(ctx(t), bob.p, addr.Link); plan.Kind != api.PlanKnownContact {
		t.Fatalf("plan after connecting %+v", plan)
	}
	bob.send(eb.Contact.ID, "thanks")
	alice.waitText("thanks")
	// A contact made through an address is quantum resistant as well, in
	// the contact record and in the chat list.
	for _, u := range []*user{alice, bob} {
		cs, err := u.c.Contacts(ctx(t), u.p)
		if err != nil || len(cs) != 1 || !cs[0].PQ {
			t.Fatalf("%s contacts %+v %v: want PQ", u.name, cs, err)
		}
		chats, err := u.c.Chats(ctx(t), u.p)
		if err != nil || len(chats) != 1 || !chats[0].Contact.PQ {
			t.Fatalf("%s chat list %+v %v: want PQ", u.name, chats, err)
		}
	}

	// Auto-accept with a welcome message.
	if _, err := alice.c.SetAddressSettings(ctx(t), alice.p, true, "Welcome!"); err != nil {
		t.Fatal(err)
	}
	dave := newUser(t, "dave", clk, r)
	if _, err := dave.c.Connect(ctx(t), dave.p, addr.ShortLink, false); err != nil {
		t.Fatal(err)
	}
	alice.wait("dave connected", func(ev api.Event) bool {
		return ev.Type == api.EvContactConnected && ev.Contact.DisplayName == "dave"
	})
	dave.waitType(api.EvContactConnected)
	w := dave.waitText("Welcome!")
	if w.Sent {
		t.Fatal("welcome shown as sent")
	}

	// Deleting the address keeps the contacts made through it.
	if err := alice.c.DeleteAddress(ctx(t), alice.p); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.c.Address(ctx(t), alice.p); err != api.ErrNoAddress {
		t.Fatalf("after delete: %v", err)
	}
	bob.send(eb.Contact.ID, "still here")
	alice.waitText("still here")
}

func TestAddressIncognitoBothWays(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r)
	addr, err := alice.c.CreateAddress(ctx(t), alice.p)
	if err != nil {
		t.Fatal(err)
	}
	res, err := bob.c.Connect(ctx(t), bob.p, addr.Link, true)
	if err != nil || !res.Pending.Incognito {
		t.Fatalf("incognito request %+v %v", res, err)
	}
	req := alice.waitType(api.EvContactRequest).Request
	if req.DisplayName == "bob" || req.DisplayName == "" {
		t.Fatalf("request shows %q", req.DisplayName)
	}
	c, err := alice.c.AcceptRequest(ctx(t), req.ID, true)
	if err != nil || !c.Incognito {
		t.Fatalf("accept incognito %+v %v", c, err)
	}
	ea := alice.waitType(api.EvContactConnected).Contact
	eb := bob.waitType(api.EvContactConnected).Contact
	if ea.DisplayName != req.DisplayName || eb.DisplayName != ea.IncognitoName || eb.IncognitoName != req.DisplayName || eb.DisplayName == "alice" {
		t.Fatalf("alice sees %+v, bob sees %+v", ea, eb)
	}
}
