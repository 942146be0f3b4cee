package agent

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"duplex/net/agentproto"
	"duplex/net/smp"
)

// copyDir copies the files of a (closed) database directory.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.RemoveAll(to); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(to, 0o700); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func (l *evlog) syncStates() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []RatchetSyncState
	for _, ev := range l.evs {
		if ev.Type == EvRSYNC {
			out = append(out, ev.Sync)
		}
	}
	return fmt.Sprint(out)
}

func (l *evlog) waitSync(s RatchetSyncState) {
	l.t.Helper()
	l.wait("RSYNC "+s.String(), l.has(func(ev Event) bool { return ev.Type == EvRSYNC && ev.Sync == s }))
}

// Alice's database is rolled back to an earlier copy (a restored backup):
// her ratchet no longer decrypts bob's messages (RSYNC required), she
// cannot send, SynchronizeRatchet agrees new ratchets with bob, and then
// messages flow both ways again; nobody sees a message twice.
func TestRatchetResyncAfterRestore(t *testing.T) {
	r1, r2 := startRelay(t), startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r2)
	aid, bid := connect(t, alice, bob)
	cv := &conversation{t: t, alice: alice, bob: bob, aid: aid, bid: bid}
	cv.aliceLog, cv.bobLog = newLog(t, alice, aid), newLog(t, bob, bid)
	ctx := context.Background()
	cv.say(3, "before")
	cv.check()
	cv.aliceLog.acked()
	cv.aliceLog.drained()
	cv.bobLog.drained()

	cv.aliceLog.stop()
	backup := filepath.Join(t.TempDir(), "backup")
	copyDir(t, alice.dir, backup)
	cv.aliceLog.open()
	// Turns back and forth move both ratchets several DH steps past the copy.
	for i := 0; i < 3; i++ {
		cv.fromAlice(1, fmt.Sprint("more ", i))
		cv.bobLog.check(cv.toBob)
		cv.fromBob(1, fmt.Sprint("more ", i))
		cv.aliceLog.check(cv.toAlice)
	}
	cv.aliceLog.acked()
	cv.aliceLog.drained()
	cv.bobLog.drained()
	cv.aliceLog.stop()
	copyDir(t, backup, alice.dir)
	// Inbox ids restart from the copy's (its inbox was empty): new
	// messages may reuse ids the log saw before, and are not re-reports.
	cv.aliceLog.seen = map[int64]bool{}
	cv.aliceLog.open()

	// Bob's next message is lost to alice: her old ratchet cannot read it.
	cv.aliceLog.okErr = func(err error) bool { return errors.Is(err, agentproto.ErrCrypto) }
	if _, err := bob.a.Send(ctx, bid, []byte("lost")); err != nil {
		t.Fatal(err)
	}
	cv.aliceLog.waitSync(SyncRequired)
	if _, err := alice.a.Send(ctx, aid, []byte("too early")); !errors.Is(err, ErrState) {
		t.Fatalf("send while re-sync is required: %v", err)
	}
	if err := alice.a.SwitchConnection(ctx, aid); !errors.Is(err, ErrState) {
		t.Fatalf("switch while re-sync is required: %v", err)
	}
	if err := bob.a.SynchronizeRatchet(ctx, bid, false); !errors.Is(err, ErrState) {
		cv.bobLog.dump()
		t.Fatalf("re-sync without a reason: %v", err)
	}
	if err := alice.a.SynchronizeRatchet(ctx, aid, false); err != nil {
		t.Fatal(err)
	}
	cv.aliceLog.waitSync(SyncOK)
	cv.bobLog.waitSync(SyncOK)
	if got := cv.aliceLog.syncStates(); got != fmt.Sprint([]RatchetSyncState{SyncRequired, SyncStarted, SyncAgreed, SyncOK}) {
		t.Errorf("alice RSYNC %s", got)
	}
	if got := cv.bobLog.syncStates(); got != fmt.Sprint([]RatchetSyncState{SyncAgreed, SyncOK}) {
		t.Errorf("bob RSYNC %s", got)
	}
	cv.say(5, "after")
	t.Cleanup(func() {
		if t.Failed() {
			t.Log("bob:")
			cv.bobLog.dump()
		}
	})
	cv.check()
	// Alice's messages after the re-sync are in bob's chain without a flag.
	cv.bobLog.mu.Lock()
	defer cv.bobLog.mu.Unlock()
	for _, ev := range cv.bobLog.evs {
		if ev.Type == EvMSG && ev.Integrity.Kind != agentproto.IntegrityOK {
			t.Errorf("bob: %q flagged %v", ev.Body, ev.Integrity)
		}
	}
}

// Both sides start a re-sync at once (force, nothing failed): each uses
// the keys it sent, both pick the same roles from the key hashes, and the
// connection works afterwards.
func TestRatchetResyncBothSides(t *testing.T) {
	r1 := startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r1)
	aid, bid := connect(t, alice, bob)
	cv := &conversation{t: t, alice: alice, bob: bob, aid: aid, bid: bid}
	cv.aliceLog, cv.bobLog = newLog(t, alice, aid), newLog(t, bob, bid)
	ctx := context.Background()
	cv.say(2, "before")
	cv.check()
	cv.aliceLog.acked()
	cv.bobLog.acked()
	cv.aliceLog.drained()
	cv.bobLog.drained()
	r1.Stop() // neither sees the other's keys before sending its own
	if err := alice.a.SynchronizeRatchet(ctx, aid, true); err != nil {
		t.Fatal(err)
	}
	if err := bob.a.SynchronizeRatchet(ctx, bid, true); err != nil {
		t.Fatal(err)
	}
	r1.Restart()
	cv.aliceLog.waitSync(SyncOK)
	cv.bobLog.waitSync(SyncOK)
	want := fmt.Sprint([]RatchetSyncState{SyncStarted, SyncAgreed, SyncOK})
	if a, b := cv.aliceLog.syncStates(), cv.bobLog.syncStates(); a != want || b != want {
		t.Errorf("RSYNC alice %s, bob %s", a, b)
	}
	cv.say(3, "after")
	cv.check()
}

// A PQ connection re-syncs with sntrup761 proposals in both key sets, and
// a re-sync survives a restart of the side that started it while the peer
// is offline (its keys are in the database).
func TestRatchetResyncPQAndRestart(t *testing.T) {
	r1, r2 := startRelay(t), startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r2)
	ctx := context.Background()
	aid, req, err := alice.a.CreateInvitation(ctx, InvitationOptions{PQ: true})
	if err != nil {
		t.Fatal(err)
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
	cv.bobLog.drained()
	cv.aliceLog.drained()

	cv.bobLog.stop()
	if err := alice.a.SynchronizeRatchet(ctx, aid, true); err != nil {
		t.Fatal(err)
	}
	cv.aliceLog.drained()
	cv.aliceLog.stop() // started, our keys on the relay and in the database
	cv.aliceLog.open()
	cv.bobLog.open()
	cv.aliceLog.waitSync(SyncOK)
	cv.bobLog.waitSync(SyncOK)
	if got := cv.aliceLog.syncStates(); got != fmt.Sprint([]RatchetSyncState{SyncStarted, SyncAgreed, SyncOK}) {
		t.Errorf("alice RSYNC %s", got)
	}
	cv.say(3, "after")
	cv.check()
	for _, p := range []*peer{alice, bob} {
		p.a.mu.Lock()
		for _, c := range p.a.conns {
			if !c.ratchet.PQSupport() || !c.ratchet.PQEncryption() || !c.ratchet.SndKEM() || !c.ratchet.RcvKEM() {
				t.Errorf("re-synced ratchet %v: want PQ on both ways", c.ratchet)
			}
		}
		p.a.mu.Unlock()
	}
}

// A relay that delivers an old message again after both ratchets moved on
// (its keys are gone) is reported as a duplicate, not as diverged ratchets:
// the agent knows the hashes of the ciphertexts it decrypted.
func TestRedeliveredOldMessageIsNoResync(t *testing.T) {
	r1, r2 := startRelay(t), startRelay(t)
	var mu sync.Mutex
	capture := false
	var replay func()
	alice, bob := newPeer(t, r1), newPeer(t, r2)
	alice.intercept = func(_ []byte, m smp.MSG, deliver func(smp.MSG), ack func()) {
		mu.Lock()
		if capture && replay == nil {
			replay = func() { deliver(m) }
		}
		mu.Unlock()
		deliver(m)
	}
	alice.close()
	alice.open()
	aid, bid := connect(t, alice, bob)
	cv := &conversation{t: t, alice: alice, bob: bob, aid: aid, bid: bid}
	cv.aliceLog, cv.bobLog = newLog(t, alice, aid), newLog(t, bob, bid)
	cv.say(1, "before")
	cv.check()
	cv.aliceLog.drained()
	cv.bobLog.drained()
	mu.Lock()
	capture = true
	mu.Unlock()
	for i := 0; i < 3; i++ { // DH steps: the first message's chain is gone
		cv.fromBob(1, fmt.Sprint("turn ", i))
		cv.aliceLog.check(cv.toAlice)
		cv.fromAlice(1, fmt.Sprint("turn ", i))
		cv.bobLog.check(cv.toBob)
	}
	mu.Lock()
	again := replay
	mu.Unlock()
	again()
	cv.aliceLog.wait("MERR duplicate", cv.aliceLog.has(func(ev Event) bool {
		return ev.Type == EvMERR && errors.Is(ev.Err, agentproto.ErrDuplicate)
	}))
	cv.say(2, "after")
	cv.check()
	if got := cv.aliceLog.syncStates(); got != "[]" {
		t.Fatalf("RSYNC %s after a redelivery", got)
	}
}
