package agent

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"duplex/net/agentproto"
)

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
