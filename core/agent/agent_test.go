package agent

import (
	"context"
	"fmt"
	"testing"
)

func TestHandshakeAndMessages(t *testing.T) {
	r1, r2 := startRelay(t), startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r2)
	aid, bid := connect(t, alice, bob)
	ctx := context.Background()

	n := testN
	// Both directions at once: each side sends n, receives n, acknowledges
	// each (which sends a receipt) and gets n receipts.
	errc := make(chan error, 2)
	run := func(me *peer, myID string, tag string) {
		sentIDs := map[int64]bool{}
		for i := 0; i < n; i++ {
			id, err := me.a.Send(ctx, myID, []byte(fmt.Sprintf("%s %d", tag, i)))
			if err != nil {
				errc <- err
				return
			}
			sentIDs[id] = true
		}
		errc <- nil
	}
	go run(alice, aid, "a")
	go run(bob, bid, "b")
	for i := 0; i < 2; i++ {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
	check := func(me *peer, myID, peerTag string) {
		got, rcvd, sent := 0, 0, 0
		for got < n || rcvd < n || sent < n {
			ev := me.next(EvMSG, EvRCVD, EvSENT)
			if ev.ConnID != myID {
				t.Fatalf("event for %s", ev.ConnID)
			}
			switch ev.Type {
			case EvMSG:
				if want := fmt.Sprintf("%s %d", peerTag, got); string(ev.Body) != want || ev.Integrity.Kind != 0 {
					t.Fatalf("MSG %q %v, want %q", ev.Body, ev.Integrity, want)
				}
				got++
				if err := me.a.AckMessage(ctx, myID, ev.MsgID); err != nil {
					t.Fatal(err)
				}
			case EvRCVD:
				if !ev.RcptOK {
					t.Fatalf("receipt hash mismatch for %d", ev.MsgID)
				}
				rcvd++
			case EvSENT:
				sent++
			}
		}
	}
	done := make(chan struct{})
	go func() { check(bob, bid, "a"); close(done) }()
	check(alice, aid, "b")
	<-done
}

var testN = 1000 // each way, both directions full at once: ~18 s on 2 cores
