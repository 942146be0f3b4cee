package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"duplex/net/agentproto"
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

// evlog collects one peer's events across restarts; MSGs are acknowledged
// as they come (which sends receipts).
type evlog struct {
	t    *testing.T
	p    *peer
	id   string
	mu   sync.Mutex
	evs  []Event
	seen map[int64]bool
	// okErr accepts an expected MERR (nil: only redelivered duplicates).
	okErr func(error) bool
	done  chan struct{}
}

func newLog(t *testing.T, p *peer, id string) *evlog {
	l := &evlog{t: t, p: p, id: id, seen: map[int64]bool{}}
	l.start()
	return l
}

func (l *evlog) start() {
	l.done = make(chan struct{})
	a, done := l.p.a, l.done
	go func() {
		defer close(done)
		for ev := range a.Events() {
			if ev.Type == EvUP || ev.Type == EvDOWN {
				continue
			}
			if ev.Type == EvMSG {
				// Acknowledged (receipt queued) before it is recorded, so
				// a test that saw it can count on the receipt being queued.
				a.AckMessage(context.Background(), ev.ConnID, ev.MsgID)
			}
			l.mu.Lock()
			// An ACK lost to a restart: the same message is reported again
			// with the same id (API contract); it is not a new one.
			if ev.Type != EvMSG || !l.seen[ev.MsgID] {
				l.evs = append(l.evs, ev)
			}
			if ev.Type == EvMSG {
				l.seen[ev.MsgID] = true
			}
			l.mu.Unlock()
		}
	}()
}

// restart closes and reopens the peer's agent.
func (l *evlog) stop() {
	l.p.close()
	<-l.done
}

func (l *evlog) open() {
	l.p.open()
	l.start()
}

// wait waits until cond holds for the events so far.
func (l *evlog) wait(what string, cond func([]Event) bool) {
	l.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		l.mu.Lock()
		ok := cond(l.evs)
		l.mu.Unlock()
		if ok {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	l.dump()
	l.t.Fatalf("timeout waiting for %s", what)
}

func (l *evlog) dump() {
	l.mu.Lock()
	for _, ev := range l.evs {
		if ev.Type != EvMSG && ev.Type != EvRCVD && ev.Type != EvSENT {
			l.t.Logf("event %s %s %s %s %v", ev.Type, ev.SwitchDir, ev.SwitchPhase, ev.Sync, ev.Err)
		} else if ev.Type == EvMSG {
			l.t.Logf("MSG %q %v", ev.Body, ev.Integrity)
		}
	}
	l.mu.Unlock()
}

// drained waits until the send loop delivered everything queued.
func (l *evlog) drained() {
	l.t.Helper()
	l.wait("pending sends delivered", func([]Event) bool {
		rows, err := l.p.d.Agent().Pending(context.Background(), []byte(l.id))
		return err == nil && len(rows) == 0
	})
}

// acked waits until every received message was acknowledged.
func (l *evlog) acked() {
	l.t.Helper()
	l.wait("inbox empty", func([]Event) bool {
		rows, err := l.p.d.Agent().Inbox(context.Background())
		return err == nil && len(rows) == 0
	})
}

// has reports whether an event matching f came.
func (l *evlog) has(f func(Event) bool) func([]Event) bool {
	return func(evs []Event) bool {
		for _, ev := range evs {
			if f(ev) {
				return true
			}
		}
		return false
	}
}

func (l *evlog) waitSwitch(d QueueDirection, p SwitchPhase) {
	l.t.Helper()
	l.wait(fmt.Sprintf("SWITCH %s %s", d, p), func(evs []Event) bool {
		for _, ev := range evs {
			if ev.Type == EvSWITCH && ev.SwitchDir == d && ev.SwitchPhase == p {
				return true
			}
		}
		return false
	})
}

// msgs returns the bodies of the MSGs so far.
func (l *evlog) msgs() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, ev := range l.evs {
		if ev.Type == EvMSG {
			out = append(out, string(ev.Body))
		}
	}
	return out
}

// check fails on any MERR except redelivered duplicates (a restart between
// commit and ACK), and checks the MSGs are exactly want, in order.
func (l *evlog) check(want []string) {
	l.t.Helper()
	l.wait(fmt.Sprintf("%d messages", len(want)), func(evs []Event) bool {
		n := 0
		for _, ev := range evs {
			if ev.Type == EvMSG {
				n++
			}
		}
		return n >= len(want)
	})
	l.mu.Lock()
	for _, ev := range l.evs {
		if ev.Type == EvMERR && !errors.Is(ev.Err, agentproto.ErrDuplicate) && (l.okErr == nil || !l.okErr(ev.Err)) {
			l.t.Errorf("MERR %v", ev.Err)
		}
	}
	l.mu.Unlock()
	got := l.msgs()
	if len(got) != len(want) {
		l.t.Fatalf("%d messages, want %d:\n%q", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			l.t.Fatalf("message %d is %q, want %q", i, got[i], want[i])
		}
	}
}

func (l *evlog) phases(d QueueDirection) []SwitchPhase {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []SwitchPhase
	for _, ev := range l.evs {
		if ev.Type == EvSWITCH && ev.SwitchDir == d {
			out = append(out, ev.SwitchPhase)
		}
	}
	return out
}

// conversation sends numbered messages and remembers what each side should get.
type conversation struct {
	t                *testing.T
	alice, bob       *peer
	aid, bid         string
	toAlice, toBob   []string
	aliceLog, bobLog *evlog
}

// say sends n messages each way, interleaved.
func (cv *conversation) say(n int, tag string) {
	cv.t.Helper()
	for i := 0; i < n; i++ {
		cv.fromAlice(1, fmt.Sprint(tag, i))
		cv.fromBob(1, fmt.Sprint(tag, i))
	}
}

func (cv *conversation) fromAlice(n int, tag string) {
	cv.t.Helper()
	cv.toBob = cv.send(cv.alice, cv.aid, n, tag+" a→b", cv.toBob)
}

func (cv *conversation) fromBob(n int, tag string) {
	cv.t.Helper()
	cv.toAlice = cv.send(cv.bob, cv.bid, n, tag+" b→a", cv.toAlice)
}

func (cv *conversation) send(p *peer, id string, n int, tag string, sent []string) []string {
	cv.t.Helper()
	for i := 0; i < n; i++ {
		m := fmt.Sprintf("%s %d", tag, i)
		if _, err := p.a.Send(context.Background(), id, []byte(m)); err != nil {
			cv.t.Fatal(err)
		}
		sent = append(sent, m)
	}
	return sent
}

func (cv *conversation) check() {
	cv.t.Helper()
	cv.aliceLog.check(cv.toAlice)
	cv.bobLog.check(cv.toBob)
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
