package agent

import (
	"bytes"
	"context"
	"fmt"
	"testing"
)

// pqOn reports, for connection id of p, whether its ratchet is PQ in
// both directions (support, encryption, a KEM each way).
func pqOn(t *testing.T, p *peer, id string) bool {
	t.Helper()
	p.a.mu.Lock()
	defer p.a.mu.Unlock()
	c := p.a.conns[id]
	if c == nil {
		t.Fatalf("no connection %s", id)
	}
	r := c.ratchet
	return c.PQ && r.PQSupport() && r.PQEncryption() && r.SndKEM() && r.RcvKEM()
}

// A PQ invitation (the default of the chat service for new contacts): the
// joiner accepts the sntrup761 proposal, messages flow both ways with a KEM
// in each direction, and the PQ ratchet state survives a restart of both
// sides.
func TestPQInvitationRestart(t *testing.T) {
	r1, r2 := startRelay(t), startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r2)
	ctx := context.Background()
	aid, req, err := alice.a.CreateInvitation(ctx, InvitationOptions{PQ: true})
	if err != nil {
		t.Fatal(err)
	}
	if req.E2E.KEMKey == nil {
		t.Fatal("PQ invitation without a KEM key")
	}
	bid, err := bob.a.Join(ctx, req, []byte("bob"))
	if err != nil {
		t.Fatal(err)
	}
	conf := alice.next(EvCONF)
	if err := alice.a.AllowConnection(ctx, aid, conf.ConfirmationID, []byte("alice")); err != nil {
		t.Fatal(err)
	}
	alice.next(EvCON)
	bob.next(EvINFO)
	bob.next(EvCON)
	cv := &conversation{t: t, alice: alice, bob: bob, aid: aid, bid: bid}
	cv.aliceLog, cv.bobLog = newLog(t, alice, aid), newLog(t, bob, bid)
	cv.say(2, "before")
	cv.check()
	cv.aliceLog.acked()
	cv.bobLog.acked()
	if !pqOn(t, alice, aid) || !pqOn(t, bob, bid) {
		t.Fatal("PQ ratchet not in use both ways after the first messages")
	}

	cv.aliceLog.drained()
	cv.bobLog.drained()
	cv.aliceLog.stop()
	cv.bobLog.stop()
	cv.aliceLog.open()
	cv.bobLog.open()
	if !pqOn(t, alice, aid) || !pqOn(t, bob, bid) {
		t.Fatal("PQ ratchet state lost across a restart")
	}
	cv.say(2, "after")
	cv.check()
	if !pqOn(t, alice, aid) || !pqOn(t, bob, bid) {
		t.Fatal("PQ ratchet not in use after the restart")
	}
}

// A PQ invitation still fits a short link (the KEM key is in the link
// data on the relay, not in the link), and joining it gives a PQ ratchet.
func TestPQShortLink(t *testing.T) {
	r1, r2 := startRelay(t), startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r2)
	ctx := context.Background()
	aid, req, sl, err := alice.a.CreateInvitationLink(ctx, InvitationOptions{PQ: true}, []byte("alice's card"))
	if err != nil {
		t.Fatal(err)
	}
	if req.E2E.KEMKey == nil {
		t.Fatal("no KEM key in the invitation")
	}
	if n, full := len(sl.String()), len(req.String()); n > 300 || n*4 > full {
		t.Errorf("short link %d chars (full link %d)", n, full)
	}
	bid, _, err := bob.a.JoinLink(ctx, viaString(t, sl), []byte("bob"))
	if err != nil {
		t.Fatal(err)
	}
	finishHandshake(t, alice, bob, aid, bid)
	for i, d := range []struct {
		from, to *peer
		fid, tid string
	}{{alice, bob, aid, bid}, {bob, alice, bid, aid}, {alice, bob, aid, bid}} {
		text := fmt.Sprint("msg ", i)
		if _, err := d.from.a.Send(ctx, d.fid, []byte(text)); err != nil {
			t.Fatal(err)
		}
		ev := d.to.next(EvMSG, EvRCVD)
		for ev.Type == EvRCVD { // the receipt of the previous message
			ev = d.to.next(EvMSG, EvRCVD)
		}
		if string(ev.Body) != text {
			t.Fatalf("got %q, want %q", ev.Body, text)
		}
		if err := d.to.a.AckMessage(ctx, d.tid, ev.MsgID); err != nil {
			t.Fatal(err)
		}
	}
	if !pqOn(t, alice, aid) || !pqOn(t, bob, bid) {
		t.Fatal("PQ ratchet not in use both ways")
	}
}

// contactVia connects bob to alice's contact address with bob's profile
// info and returns both connection ids once the handshake is done.
func contactVia(t *testing.T, alice, bob *peer, info []byte) (aid, bid string) {
	t.Helper()
	ctx := context.Background()
	cid, addr, err := alice.a.CreateContactAddress(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if bid, err = bob.a.JoinContact(ctx, addr, info); err != nil {
		t.Fatal(err)
	}
	req := alice.next(EvREQ)
	if !bytes.Equal(req.Info, info) {
		t.Fatalf("REQ carried %d bytes of info, want %d", len(req.Info), len(info))
	}
	if aid, err = alice.a.AcceptContact(ctx, cid, req.ConfirmationID, []byte("alice")); err != nil {
		t.Fatal(err)
	}
	conf := bob.next(EvCONF)
	if err := bob.a.AllowConnection(ctx, bid, conf.ConfirmationID, []byte("bob")); err != nil {
		t.Fatal(err)
	}
	bob.next(EvCON)
	alice.next(EvINFO)
	alice.next(EvCON)
	return aid, bid
}

// A contact made through an address is post-quantum too: the invitation
// in the request proposes sntrup761 and the accepting side takes it.
func TestPQContactRequest(t *testing.T) {
	r1, r2 := startRelay(t), startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r2)
	aid, bid := contactVia(t, alice, bob, []byte("bob's profile"))
	exchange(t, alice, bob, aid, bid)
	exchange(t, alice, bob, aid, bid)
	if !pqOn(t, alice, aid) || !pqOn(t, bob, bid) {
		t.Fatal("contact via an address is not PQ both ways")
	}
}

// A profile too large to travel with the KEM key (a big picture) still
// connects: the request leaves the key out and the contact starts without
// PQ rather than failing.
func TestContactRequestLargeProfileWithoutPQ(t *testing.T) {
	r1, r2 := startRelay(t), startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r2)
	info := bytes.Repeat([]byte("p"), 14000) // fits the padding alone, not with ~1.5 KB of KEM key
	aid, bid := contactVia(t, alice, bob, info)
	exchange(t, alice, bob, aid, bid)
	exchange(t, alice, bob, aid, bid)
	if pqOn(t, alice, aid) || pqOn(t, bob, bid) {
		t.Fatal("PQ reported although the request carried no KEM key")
	}
}
