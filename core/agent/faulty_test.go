package agent

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"duplex/net/agentproto"
	"duplex/net/smp"
)

// faultyRelay stands between a relay's MSG pushes and the agent (traffic
// is encrypted end to end, so a TCP proxy could not pick messages). Once
// on, it applies a fault to the n-th push: "drop" ACKs it on the relay
// without delivering (a lost message), "dup" delivers it twice, "hold" ACKs
// it, delivers the next push first and then it (a reordering).
type faultyRelay struct {
	mu     sync.Mutex
	on     bool
	n      int
	faults map[int]string
	held   func()
}

func (f *faultyRelay) intercept(_ []byte, m smp.MSG, deliver func(smp.MSG), ack func()) {
	f.mu.Lock()
	fault := ""
	if f.on {
		fault = f.faults[f.n]
		f.n++
	}
	held := f.held
	f.held = nil
	if fault == "hold" {
		f.held = func() { deliver(m) }
	}
	f.mu.Unlock()
	switch fault {
	case "drop", "hold":
		ack()
	case "dup":
		deliver(m)
		deliver(m)
	default:
		deliver(m)
	}
	if held != nil {
		held()
	}
}

// A relay that loses, duplicates and reorders messages: the receiver
// flags the gaps (skipped ranges) and the late message (bad id), reports
// the duplicate as MERR A_DUPLICATE, and shows no message twice.
func TestFaultyRelay(t *testing.T) {
	r1 := startRelay(t)
	fr := &faultyRelay{faults: map[int]string{5: "drop", 10: "dup", 15: "hold", 20: "drop", 21: "drop"}}
	alice := newPeer(t, r1)
	bob := &peer{t: t, dir: filepath.Join(t.TempDir(), "db"), srv: []smp.ServerAddress{r1.Address()}, intercept: fr.intercept}
	bob.open()
	t.Cleanup(bob.close)
	aid, bid := connect(t, alice, bob)
	fr.mu.Lock()
	fr.on = true
	fr.mu.Unlock()

	ctx := context.Background()
	const n = 30
	for i := 0; i < n; i++ {
		if _, err := alice.a.Send(ctx, aid, []byte(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	var shown []string
	integ := map[string]agentproto.Integrity{}
	dups := 0
	for len(shown) == 0 || shown[len(shown)-1] != fmt.Sprint(n-1) {
		ev := bob.next(EvMSG, EvMERR)
		if ev.Type == EvMERR {
			if !errors.Is(ev.Err, agentproto.ErrDuplicate) {
				t.Fatalf("MERR %v", ev.Err)
			}
			dups++
			continue
		}
		b := string(ev.Body)
		if _, seen := integ[b]; seen {
			t.Fatalf("message %s shown twice", b)
		}
		shown = append(shown, b)
		integ[b] = ev.Integrity
		if err := bob.a.AckMessage(ctx, bid, ev.MsgID); err != nil {
			t.Fatal(err)
		}
	}
	var want []string
	for i := 0; i < n; i++ {
		switch i {
		case 5, 20, 21:
		case 15:
		case 16:
			want = append(want, "16", "15")
		default:
			want = append(want, fmt.Sprint(i))
		}
	}
	if !reflect.DeepEqual(shown, want) {
		t.Fatalf("shown %v\nwant  %v", shown, want)
	}
	if dups != 1 {
		t.Fatalf("%d duplicates reported, want 1", dups)
	}
	gap := func(b string, size int64) {
		t.Helper()
		if g := integ[b]; g.Kind != agentproto.IntegritySkipped || g.To-g.From+1 != size {
			t.Fatalf("message %s: %v, want %d skipped", b, g, size)
		}
	}
	gap("6", 1)
	gap("16", 1)
	gap("22", 2)
	if g := integ["15"]; g.Kind != agentproto.IntegrityBadID {
		t.Fatalf("late message 15: %v, want a bad id", g)
	}
	for b, g := range integ {
		if b != "6" && b != "16" && b != "22" && b != "15" && g.Kind != agentproto.IntegrityOK {
			t.Fatalf("message %s: %v", b, g)
		}
	}
	// The skipped message's successor chains on: the next send is OK.
	if _, err := alice.a.Send(ctx, aid, []byte("after")); err != nil {
		t.Fatal(err)
	}
	if ev := bob.next(EvMSG); string(ev.Body) != "after" || ev.Integrity.Kind != agentproto.IntegrityOK {
		t.Fatalf("after the faults: %q %v", ev.Body, ev.Integrity)
	}
	t.Logf("shown %d of %d, integrity: 6 %v, 16 %v, 15 %v, 22 %v", len(shown), n, integ["6"], integ["16"], integ["15"], integ["22"])
}
