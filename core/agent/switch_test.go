package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"duplex/net/smp"
)

// firstFreePicker picks the first server the connection does not use yet
// (else the first one), so tests know which relay each queue is on.
type firstFreePicker struct{ servers []smp.ServerAddress }

func (p firstFreePicker) Pick(used []smp.ServerAddress) (smp.ServerAddress, error) {
	for _, s := range p.servers {
		free := true
		for _, u := range used {
			free = free && u.String() != s.String()
		}
		if free {
			return s, nil
		}
	}
	return p.servers[0], nil
}

// threeRelays: alice's queue on r1, bob's on r2; a switch by alice goes to
// r3, one by bob to r1 (the one relay his connection no longer uses).
// With intercept, alice's agent gets it (Config.intercept).
func threeRelays(t *testing.T, intercept func(rcvID []byte, m smp.MSG, deliver func(smp.MSG), ack func())) (*conversation, [3]*relay) {
	rs := [3]*relay{startRelay(t), startRelay(t), startRelay(t)}
	alice, bob := newPeer(t, rs[0], rs[1], rs[2]), newPeer(t, rs[1], rs[0])
	alice.intercept = intercept
	for _, p := range []*peer{alice, bob} {
		p.picker = firstFreePicker{p.srv}
		p.close()
		p.open()
	}
	aid, bid := connect(t, alice, bob)
	cv := &conversation{t: t, alice: alice, bob: bob, aid: aid, bid: bid}
	cv.aliceLog, cv.bobLog = newLog(t, alice, aid), newLog(t, bob, bid)
	return cv, rs
}

func queuesOn(r *relay) int { return r.Server.Stats().Queues }

// Alice moves her receive queue from r1 to r3 in the middle of a two-way
// conversation; then bob moves his from r2 to r1. Every message arrives
// once, in order, and the old queues are gone from their relays.
func TestQueueRotation(t *testing.T) {
	cv, rs := threeRelays(t, nil)
	ctx := context.Background()
	cv.say(20, "before")
	if err := cv.alice.a.SwitchConnection(ctx, cv.aid); err != nil {
		t.Fatal(err)
	}
	if err := cv.alice.a.SwitchConnection(ctx, cv.aid); !errors.Is(err, ErrState) {
		t.Fatalf("second switch: %v", err)
	}
	cv.say(20, "during")
	cv.aliceLog.waitSwitch(QueueRcv, SwitchCompleted)
	cv.bobLog.waitSwitch(QueueSnd, SwitchCompleted)
	cv.say(20, "after")
	cv.check()
	for _, c := range []struct {
		l *evlog
		d QueueDirection
	}{{cv.aliceLog, QueueRcv}, {cv.bobLog, QueueSnd}} {
		if got := fmt.Sprint(c.l.phases(c.d)); got != "[started confirmed secured completed]" {
			t.Errorf("%s phases %s", c.d, got)
		}
	}
	if n := queuesOn(rs[0]); n != 0 {
		t.Errorf("r1 still has %d queues", n)
	}
	if n := queuesOn(rs[2]); n != 1 {
		t.Errorf("r3 has %d queues, want alice's new one", n)
	}

	// The other side: bob's queue leaves r2 for r1.
	if err := cv.bob.a.SwitchConnection(ctx, cv.bid); err != nil {
		t.Fatal(err)
	}
	cv.say(10, "bob switching")
	cv.bobLog.waitSwitch(QueueRcv, SwitchCompleted)
	cv.aliceLog.waitSwitch(QueueSnd, SwitchCompleted)
	cv.say(10, "bob switched")
	cv.check()
	if n := queuesOn(rs[1]); n != 0 {
		t.Errorf("r2 still has %d queues", n)
	}
	if n := queuesOn(rs[0]); n != 1 {
		t.Errorf("r1 has %d queues, want bob's new one", n)
	}
}

// checkPhases: each side reported every phase of its side of the switch,
// once and in order.
func checkPhases(t *testing.T, l *evlog, d QueueDirection) {
	t.Helper()
	if got := fmt.Sprint(l.phases(d)); got != "[started confirmed secured completed]" {
		t.Errorf("%s phases %s", d, got)
	}
}

// Both agents restart at every phase of a switch (each phase happens while
// the other side is offline), with messages sent in between: the switch
// resumes from the database and completes, nothing is lost or repeated.
func TestQueueRotationRestart(t *testing.T) {
	cv, rs := threeRelays(t, nil)
	ctx := context.Background()
	cv.say(5, "before")
	cv.check()

	cv.bobLog.stop() // QADD will wait on r2
	if err := cv.alice.a.SwitchConnection(ctx, cv.aid); err != nil {
		t.Fatal(err)
	}
	cv.fromAlice(3, "started")
	cv.aliceLog.drained()
	cv.aliceLog.stop()

	cv.bobLog.open() // QADD → QKEY on the old queue
	cv.bobLog.waitSwitch(QueueSnd, SwitchConfirmed)
	cv.fromBob(3, "snd confirmed") // still to r1
	cv.bobLog.drained()
	cv.bobLog.stop()

	cv.aliceLog.open() // QKEY → KEY on r3 → QUSE
	cv.aliceLog.waitSwitch(QueueRcv, SwitchSecured)
	cv.fromAlice(3, "rcv secured")
	cv.aliceLog.drained()
	cv.aliceLog.stop()

	cv.bobLog.open() // QUSE → QTEST on r3, old queue forgotten
	cv.bobLog.waitSwitch(QueueSnd, SwitchCompleted)
	cv.fromBob(3, "snd completed") // to r3
	cv.aliceLog.open()             // old queue drained, QTEST → DEL on r1
	cv.aliceLog.waitSwitch(QueueRcv, SwitchCompleted)
	cv.say(5, "after")
	cv.check()
	checkPhases(t, cv.aliceLog, QueueRcv)
	checkPhases(t, cv.bobLog, QueueSnd)
	if n0, n2 := queuesOn(rs[0]), queuesOn(rs[2]); n0 != 0 || n2 != 1 {
		t.Errorf("queues on r1 %d, r3 %d; want 0, 1", n0, n2)
	}
}

// A message on the new queue that overtakes older ones still on the old
// queue (the relays deliver independently) is held back, unACKed, until
// they are in: shown in order, and the old queue is deleted only when
// drained. The test makes the race certain: r2 is stopped so that bob
// gets QUSE only after his messages went to the old queue, and alice's
// intercept holds the first of those until a message on the new queue came.
func TestQueueRotationHoldsBackOvertakingMessage(t *testing.T) {
	var mu sync.Mutex
	var oldQueue []byte
	var pause, hold, overtaken bool
	var held func()
	intercept := func(rcvID []byte, m smp.MSG, deliver func(smp.MSG), ack func()) {
		mu.Lock()
		old := bytes.Equal(rcvID, oldQueue)
		if (pause || hold) && old && held == nil {
			held = func() { deliver(m) }
			mu.Unlock()
			return
		}
		var release func()
		if hold && held != nil && !old {
			release, held, hold, overtaken = held, nil, false, true
		}
		mu.Unlock()
		deliver(m) // the new queue's message first: it must wait
		if release != nil {
			release()
		}
	}
	cv, rs := threeRelays(t, intercept)
	ctx := context.Background()
	cv.say(5, "before")
	cv.check()
	cv.bobLog.drained() // receipts
	cv.alice.a.mu.Lock()
	mu.Lock()
	oldQueue, pause = cv.alice.a.conns[cv.aid].Rcv[0].RcvID, true // QKEY waits
	mu.Unlock()
	cv.alice.a.mu.Unlock()
	isHeld := func([]Event) bool {
		mu.Lock()
		defer mu.Unlock()
		return held != nil
	}

	if err := cv.alice.a.SwitchConnection(ctx, cv.aid); err != nil {
		t.Fatal(err)
	}
	cv.bobLog.waitSwitch(QueueSnd, SwitchConfirmed)
	cv.aliceLog.wait("QKEY held", isHeld)
	rs[1].Stop() // alice's QUSE cannot reach bob
	mu.Lock()
	release := held
	held, pause = nil, false
	mu.Unlock()
	release()
	cv.aliceLog.waitSwitch(QueueRcv, SwitchSecured)
	mu.Lock()
	hold = true
	mu.Unlock()
	cv.fromBob(5, "to the old queue")
	cv.aliceLog.wait("a held message", isHeld)
	rs[1].Restart()
	cv.aliceLog.waitSwitch(QueueRcv, SwitchCompleted)
	cv.bobLog.waitSwitch(QueueSnd, SwitchCompleted)
	cv.say(5, "after")
	cv.check()
	mu.Lock()
	defer mu.Unlock()
	if !overtaken {
		t.Fatal("no message on the new queue overtook one on the old queue")
	}
}

// AbortSwitch before the peer switched deletes the new queue; the peer's
// late QKEY for it is ignored, messages keep flowing on the old queues,
// and a later switch (which the peer takes as replacing the aborted one)
// completes.
func TestQueueRotationAbort(t *testing.T) {
	cv, rs := threeRelays(t, nil)
	ctx := context.Background()
	cv.say(3, "before")
	if err := cv.alice.a.AbortSwitch(ctx, cv.aid); !errors.Is(err, ErrState) {
		t.Fatalf("abort without a switch: %v", err)
	}
	cv.bobLog.stop()
	if err := cv.alice.a.SwitchConnection(ctx, cv.aid); err != nil {
		t.Fatal(err)
	}
	if err := cv.alice.a.AbortSwitch(ctx, cv.aid); err != nil {
		t.Fatal(err)
	}
	cv.aliceLog.wait("the new queue deleted", func([]Event) bool { return queuesOn(rs[2]) == 0 })
	cv.bobLog.open() // QADD arrives anyway, QKEY comes back for the deleted queue
	cv.bobLog.waitSwitch(QueueSnd, SwitchConfirmed)
	cv.say(3, "aborted")
	cv.check()
	if n := queuesOn(rs[0]); n != 1 {
		t.Fatalf("r1 has %d queues, want alice's first one", n)
	}

	if err := cv.alice.a.SwitchConnection(ctx, cv.aid); err != nil {
		t.Fatal(err)
	}
	cv.say(3, "again")
	cv.aliceLog.waitSwitch(QueueRcv, SwitchCompleted)
	cv.bobLog.waitSwitch(QueueSnd, SwitchCompleted)
	cv.check()
	if n0, n2 := queuesOn(rs[0]), queuesOn(rs[2]); n0 != 0 || n2 != 1 {
		t.Errorf("queues on r1 %d, r3 %d; want 0, 1", n0, n2)
	}
	if got := fmt.Sprint(cv.bobLog.phases(QueueSnd)); got != "[started confirmed started confirmed secured completed]" {
		t.Errorf("bob's phases %s", got)
	}
}

// A connection made with the legacy handshake (queues without the
// messaging mode, KEY + HELLO) rotates the same way; the new queue is
// created without a mode as well.
func TestQueueRotationLegacy(t *testing.T) {
	r1, r2, r3 := startRelay(t), startRelay(t), startRelay(t)
	alice, bob := newPeerWith(t, true, r1, r2, r3), newPeerWith(t, true, r2)
	alice.picker = firstFreePicker{alice.srv}
	alice.close()
	alice.open()
	ctx := context.Background()
	aid, req, err := alice.a.CreateInvitation(ctx, InvitationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	bid := legacyConnect(t, alice, bob, req, aid)
	cv := &conversation{t: t, alice: alice, bob: bob, aid: aid, bid: bid}
	cv.aliceLog, cv.bobLog = newLog(t, alice, aid), newLog(t, bob, bid)
	cv.say(3, "before")
	if err := alice.a.SwitchConnection(ctx, aid); err != nil {
		t.Fatal(err)
	}
	cv.say(3, "during")
	cv.aliceLog.waitSwitch(QueueRcv, SwitchCompleted)
	cv.bobLog.waitSwitch(QueueSnd, SwitchCompleted)
	cv.say(3, "after")
	cv.check()
	if n1, n3 := queuesOn(r1), queuesOn(r3); n1 != 0 || n3 != 1 {
		t.Errorf("queues on r1 %d, r3 %d; want 0, 1", n1, n3)
	}
}
