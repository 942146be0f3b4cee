package agent

import (
	"context"
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
