package agent

import (
	"context"
	"errors"
	"testing"
	"time"

	"duplex/net/smp"
)

// waitRowGone waits until the connection's row (the pending deletion) is
// removed, i.e. every relay confirmed DEL.
func waitRowGone(t *testing.T, p *peer, id string) {
	t.Helper()
	for i := 0; i < 400; i++ {
		rows, err := p.a.st.Conns(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rows {
			found = found || string(r.ConnID) == id
		}
		if !found {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("connection row still there: relay never confirmed DEL")
}

// peerGone sends on the peer's side and expects the relay to refuse it.
func peerGone(t *testing.T, bob *peer, bid string) {
	t.Helper()
	id, err := bob.a.Send(context.Background(), bid, []byte("anyone there?"))
	if err != nil {
		t.Fatal(err)
	}
	for {
		ev := bob.next(EvMSG, EvMERR)
		if ev.Type == EvMSG || ev.MsgID != id {
			continue // alice's messages that made it before the delete
		}
		if !errors.Is(ev.Err, ErrPeerGone) || !errors.Is(ev.Err, smp.ErrAuth) {
			t.Fatalf("MERR %v, want ErrPeerGone wrapping AUTH", ev.Err)
		}
		return
	}
}

// noEvents asserts that no event for id is reported while the peer's
// events are drained for a moment.
func noEvents(t *testing.T, p *peer, id string) {
	t.Helper()
	for {
		select {
		case ev := <-p.a.Events():
			if ev.ConnID == id {
				t.Fatalf("event %s for a deleted connection", ev.Type)
			}
		case <-time.After(300 * time.Millisecond):
			return
		}
	}
}

func TestDeleteConnectionWithPendingSends(t *testing.T) {
	r := startRelay(t)
	alice, bob := newPeer(t, r), newPeer(t, r)
	aid, bid := connect(t, alice, bob)
	ctx := context.Background()
	for i := 0; i < 20; i++ {
		if _, err := alice.a.Send(ctx, aid, []byte("bye")); err != nil {
			t.Fatal(err)
		}
	}
	if err := alice.a.DeleteConnection(ctx, aid); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.a.Send(ctx, aid, []byte("x")); !errors.Is(err, ErrNoConnection) {
		t.Fatalf("Send after delete: %v", err)
	}
	if err := alice.a.DeleteConnection(ctx, aid); !errors.Is(err, ErrNoConnection) {
		t.Fatalf("second delete: %v", err)
	}
	waitRowGone(t, alice, aid)
	peerGone(t, bob, bid)
	noEvents(t, alice, aid)
	// Nothing is left for it: no pending sends, no inbox rows.
	if p, ok, err := alice.a.st.NextPending(ctx, []byte(aid)); err != nil || ok {
		t.Fatalf("pending row left: %+v %v", p, err)
	}
	in, err := alice.a.st.Inbox(ctx)
	if err != nil || len(in) != 0 {
		t.Fatalf("inbox left: %d %v", len(in), err)
	}
}

// The relay holding our queue is down when we delete: the deletion stays
// pending in the database and completes after a restart.
func TestDeleteConnectionRetriedAfterRestart(t *testing.T) {
	r1, r2 := startRelay(t), startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r2)
	aid, bid := connect(t, alice, bob)
	ctx := context.Background()
	r1.Stop()
	if err := alice.a.DeleteConnection(ctx, aid); err != nil {
		t.Fatal(err)
	}
	alice.close()
	r1.Restart()
	alice.open()
	if _, err := alice.a.Send(ctx, aid, []byte("x")); !errors.Is(err, ErrNoConnection) {
		t.Fatalf("deleted connection came back: %v", err)
	}
	waitRowGone(t, alice, aid)
	peerGone(t, bob, bid)
	noEvents(t, alice, aid)
}

func TestDeleteContactAddress(t *testing.T) {
	r := startRelay(t)
	alice, bob := newPeer(t, r), newPeer(t, r)
	ctx := context.Background()
	addrID, addr, err := alice.a.CreateContactAddress(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := alice.a.DeleteConnection(ctx, addrID); err != nil {
		t.Fatal(err)
	}
	waitRowGone(t, alice, addrID)
	if _, err := bob.a.JoinContact(ctx, addr, []byte("bob")); !errors.Is(err, smp.ErrAuth) {
		t.Fatalf("JoinContact on a deleted address: %v", err)
	}
}
