package agent

import (
	"context"
	"crypto/rand"
	"errors"
	"testing"

	"duplex/crypto/keys"
	"duplex/net/links"
	"duplex/net/smp"
)

// viaString hands a short link over as text, as a user would.
func viaString(t *testing.T, sl *links.ShortLink) *links.ShortLink {
	t.Helper()
	l, err := links.ParseLink(sl.String())
	if err != nil || l.Short == nil {
		t.Fatalf("parse %s: %v", sl, err)
	}
	return l.Short
}

// finishHandshake completes an invitation joined by bob and checks one
// message each way.
func finishHandshake(t *testing.T, alice, bob *peer, aid, bid string) {
	t.Helper()
	ctx := context.Background()
	conf := alice.next(EvCONF)
	if conf.ConnID != aid || string(conf.Info) != "bob" {
		t.Fatalf("CONF %+v", conf)
	}
	if err := alice.a.AllowConnection(ctx, aid, conf.ConfirmationID, []byte("alice")); err != nil {
		t.Fatal(err)
	}
	alice.next(EvCON)
	if ev := bob.next(EvINFO); string(ev.Info) != "alice" || ev.ConnID != bid {
		t.Fatalf("INFO %+v", ev)
	}
	bob.next(EvCON)
	exchange(t, alice, bob, aid, bid)
}

func exchange(t *testing.T, alice, bob *peer, aid, bid string) {
	t.Helper()
	ctx := context.Background()
	if _, err := alice.a.Send(ctx, aid, []byte("hi bob")); err != nil {
		t.Fatal(err)
	}
	if ev := bob.next(EvMSG); string(ev.Body) != "hi bob" {
		t.Fatalf("bob MSG %+v", ev)
	}
	if _, err := bob.a.Send(ctx, bid, []byte("hi alice")); err != nil {
		t.Fatal(err)
	}
	if ev := alice.next(EvMSG); string(ev.Body) != "hi alice" {
		t.Fatalf("alice MSG %+v", ev)
	}
}

func TestShortLinkInvitation(t *testing.T) {
	r1, r2 := startRelay(t), startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r2)
	ctx := context.Background()
	aid, _, sl, err := alice.a.CreateInvitationLink(ctx, InvitationOptions{}, []byte("alice's card"))
	if err != nil {
		t.Fatal(err)
	}
	if sl.Type != links.LinkInvitation || len(sl.LinkID) != links.LinkIDSize {
		t.Fatalf("link %s", sl)
	}
	bid, ud, err := bob.a.JoinLink(ctx, viaString(t, sl), []byte("bob"))
	if err != nil {
		t.Fatal(err)
	}
	if string(ud) != "alice's card" {
		t.Fatalf("user data %q", ud)
	}
	finishHandshake(t, alice, bob, aid, bid)
	// One-time: the queue is secured by bob's key now.
	carol := newPeer(t, r2)
	if _, _, err := carol.a.JoinLink(ctx, sl, []byte("carol")); !errors.Is(err, smp.ErrAuth) {
		t.Fatalf("second join: %v", err)
	}
	noConns(t, carol)
}

func TestShortLinkContactAddress(t *testing.T) {
	r1, r2 := startRelay(t), startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r2)
	ctx := context.Background()
	cid, _, sl, err := alice.a.CreateContactAddressLink(ctx, []byte("alice's address"))
	if err != nil {
		t.Fatal(err)
	}
	if sl.Type != links.LinkContact || sl.LinkID != nil {
		t.Fatalf("link %s", sl)
	}
	bid, ud, err := bob.a.JoinLink(ctx, viaString(t, sl), []byte("bob"))
	if err != nil {
		t.Fatal(err)
	}
	if string(ud) != "alice's address" {
		t.Fatalf("user data %q", ud)
	}
	req := alice.next(EvREQ)
	if req.ConnID != cid || string(req.Info) != "bob" {
		t.Fatalf("REQ %+v", req)
	}
	aid, err := alice.a.AcceptContact(ctx, cid, req.ConfirmationID, []byte("alice"))
	if err != nil {
		t.Fatal(err)
	}
	conf := bob.next(EvCONF)
	if err := bob.a.AllowConnection(ctx, bid, conf.ConfirmationID, []byte("bob")); err != nil {
		t.Fatal(err)
	}
	bob.next(EvCON)
	alice.next(EvINFO)
	alice.next(EvCON)
	exchange(t, alice, bob, aid, bid)
}

func noConns(t *testing.T, p *peer) {
	t.Helper()
	rows, err := p.a.st.Conns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p.a.mu.Lock()
	n := len(p.a.conns)
	p.a.mu.Unlock()
	if len(rows) != 0 || n != 0 {
		t.Fatalf("%d connection rows, %d in memory, want none", len(rows), n)
	}
}

// forgedLink makes a link a relay could serve but no honest agent makes:
// a fresh queue of alice's whose data is sealed for req (or, with req nil,
// for a request naming the new queue itself). With hashMismatch the data
// is encrypted under a random link key instead of the hash of the fixed data.
func forgedLink(t *testing.T, alice *peer, template, req *links.ConnRequest, hashMismatch bool) *links.ShortLink {
	t.Helper()
	ctx := context.Background()
	q, uri, err := alice.a.newRcvQueue(ctx, nil, smp.QueueModeMessaging)
	if err != nil {
		t.Fatal(err)
	}
	if req == nil {
		c := *template
		c.Queues = []*links.QueueURI{uri}
		req = &c
	}
	root, err := keys.GenerateEd25519(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	fd := &links.FixedLinkData{AgentVersions: links.AgentVersions, ConnReq: req}
	ud := &links.ConnLinkData{Mode: req.Mode, AgentVersions: links.AgentVersions, UserData: []byte("forged")}
	sealed, err := links.SealLinkData(rand.Reader, root, fd, ud)
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := serverOf(q.Server)
	sl := &links.ShortLink{Scheme: links.SchemeSimplex, Type: links.LinkInvitation, Server: srv.Server, Key: sealed.Key,
		LinkID: make([]byte, links.LinkIDSize)}
	rand.Read(sl.LinkID)
	if hashMismatch {
		rand.Read(sl.Key[:])
		_, signedFixed, _ := links.SignFixedData(root, fd)
		signedUser, _ := links.SignUserData(root, ud)
		k := sl.DataKey()
		if sealed.Fixed, err = links.EncryptFixedData(rand.Reader, k, signedFixed); err != nil {
			t.Fatal(err)
		}
		if sealed.User, err = links.EncryptUserData(rand.Reader, k, signedUser); err != nil {
			t.Fatal(err)
		}
	}
	cl, err := alice.a.client(ctx, q.Server)
	if err != nil {
		t.Fatal(err)
	}
	if err := cl.SetLinkData(ctx, q.RcvID, ed25519(q.RcvKey), sl.LinkID, smp.LinkData{Fixed: sealed.Fixed, User: sealed.User}); err != nil {
		t.Fatal(err)
	}
	return sl
}

func TestShortLinkTampered(t *testing.T) {
	r := startRelay(t)
	alice := newPeer(t, r)
	ctx := context.Background()
	mk := func() (string, *links.ConnRequest, *links.ShortLink) {
		id, req, sl, err := alice.a.CreateInvitationLink(ctx, InvitationOptions{}, []byte("card"))
		if err != nil {
			t.Fatal(err)
		}
		return id, req, sl
	}
	join := func(sl *links.ShortLink, want error) {
		t.Helper()
		bob := newPeer(t, r)
		if _, _, err := bob.a.JoinLink(ctx, sl, []byte("bob")); !errors.Is(err, want) {
			t.Fatalf("join: %v, want %v", err, want)
		}
		noConns(t, bob)
	}

	// Wrong link key: the data does not decrypt.
	_, _, sl := mk()
	bad := *sl
	bad.Key[0] ^= 1
	join(&bad, links.ErrDecrypt)

	// Fixed data that does not hash to the link key (it decrypts: the
	// relay, not the key holder, swapped it).
	_, req, _ := mk()
	join(forgedLink(t, alice, req, nil, true), links.ErrLinkDataHash)

	// Consistent data and key, but naming another queue than the one queried.
	join(forgedLink(t, alice, req, req, false), links.ErrDifferentAddress)
	// The same forgery without the swap is a valid link (the test's own check).
	if _, _, err := newPeer(t, r).a.JoinLink(ctx, forgedLink(t, alice, req, nil, false), []byte("x")); err != nil {
		t.Fatalf("honest forged link: %v", err)
	}

	// Contact address: a wrong key is a wrong link id.
	_, _, csl, err := alice.a.CreateContactAddressLink(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	cbad := *csl
	cbad.Key[5] ^= 1
	join(&cbad, smp.ErrAuth)

	// Alice's side is unharmed: a fresh link still works end to end.
	bob := newPeer(t, r)
	aid, _, sl := mk()
	bid, _, err := bob.a.JoinLink(ctx, sl, []byte("bob"))
	if err != nil {
		t.Fatal(err)
	}
	for {
		ev := alice.next(EvCONF)
		if ev.ConnID == aid {
			if err := alice.a.AllowConnection(ctx, aid, ev.ConfirmationID, []byte("alice")); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	bob.next(EvINFO)
	bob.next(EvCON)
	_ = bid
}
