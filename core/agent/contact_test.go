package agent

import (
	"context"
	"errors"
	"testing"
)

// A contact address: two requests arrive as REQ with the requester's
// profile; one is accepted (the connection completes and carries messages
// both ways), the other rejected (and cannot be accepted afterwards).
func TestContactAddress(t *testing.T) {
	r1, r2 := startRelay(t), startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r2)
	ctx := context.Background()
	cid, addr, err := alice.a.CreateContactAddress(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bobConn, err := bob.a.JoinContact(ctx, addr, []byte("bob's profile"))
	if err != nil {
		t.Fatal(err)
	}
	req := alice.next(EvREQ)
	if req.ConnID != cid || string(req.Info) != "bob's profile" {
		t.Fatalf("REQ %+v", req)
	}
	if _, err := bob.a.JoinContact(ctx, addr, []byte("bob again")); err != nil {
		t.Fatal(err)
	}
	req2 := alice.next(EvREQ)
	if string(req2.Info) != "bob again" || req2.ConfirmationID == req.ConfirmationID {
		t.Fatalf("second REQ %+v", req2)
	}
	if err := alice.a.RejectContact(ctx, cid, req2.ConfirmationID); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.a.AcceptContact(ctx, cid, req2.ConfirmationID, nil); !errors.Is(err, ErrNoRequest) {
		t.Fatalf("accept after reject: %v", err)
	}
	aliceConn, err := alice.a.AcceptContact(ctx, cid, req.ConfirmationID, []byte("alice's profile"))
	if err != nil {
		t.Fatal(err)
	}
	conf := bob.next(EvCONF)
	if conf.ConnID != bobConn || string(conf.Info) != "alice's profile" {
		t.Fatalf("CONF %+v", conf)
	}
	if err := bob.a.AllowConnection(ctx, bobConn, conf.ConfirmationID, []byte("bob's profile")); err != nil {
		t.Fatal(err)
	}
	if ev := bob.next(EvCON); ev.ConnID != bobConn {
		t.Fatalf("bob CON %+v", ev)
	}
	if ev := alice.next(EvINFO); ev.ConnID != aliceConn || string(ev.Info) != "bob's profile" {
		t.Fatalf("alice INFO %+v", ev)
	}
	alice.next(EvCON)
	if _, err := alice.a.Send(ctx, aliceConn, []byte("hi bob")); err != nil {
		t.Fatal(err)
	}
	if ev := bob.next(EvMSG); string(ev.Body) != "hi bob" {
		t.Fatalf("bob got %q", ev.Body)
	}
	if _, err := bob.a.Send(ctx, bobConn, []byte("hi alice")); err != nil {
		t.Fatal(err)
	}
	ev := alice.next(EvMSG)
	if string(ev.Body) != "hi alice" {
		t.Fatalf("alice got %q", ev.Body)
	}
	if err := alice.a.AckMessage(ctx, aliceConn, ev.MsgID); err != nil {
		t.Fatal(err)
	}
	// The address still takes requests after a restart.
	alice.close()
	alice.open()
	if _, err := bob.a.JoinContact(ctx, addr, []byte("third")); err != nil {
		t.Fatal(err)
	}
	if ev := alice.next(EvREQ, EvRCVD); ev.Type != EvREQ || string(ev.Info) != "third" {
		t.Fatalf("REQ after restart %+v", ev)
	}
}
