package ratchet

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestRandomConversation sends ≥ 10,000 messages with random turn-taking
// (so the DH ratchet turns often), reordering within a window, drops,
// duplicates and tampering. Every delivered message must decrypt exactly
// once; duplicates and tampered copies must fail without changing state.
func TestRandomConversation(t *testing.T) {
	for _, tc := range []struct {
		name string
		mode pqMode
		n    int
	}{
		{"noPQ", pqNone, 10000},
		{"PQ", pqAccepted, 10000}, // each DH step runs sntrup761 three times
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			randomConversation(t, tc.mode, tc.n, 60)
			t.Logf("%d messages in %v", tc.n, time.Since(start))
		})
	}
}

type rmsg struct {
	to    string
	plain string
	wire  []byte
}

func randomConversation(t *testing.T, mode pqMode, total int, seed uint64) {
	c := newPair(t, mode, seed)
	c.reload = false
	rng := rand.New(rand.NewPCG(seed, 1))
	inflight := map[string][]*rmsg{"I": nil, "J": nil} // by receiver
	var delivered []*rmsg
	sent, got, drops, dups, tampers := 0, 0, 0, 0, 0
	sender := "J"

	deliver := func(m *rmsg) {
		p := c.p[m.to]
		pt, err := p.r.Decrypt(p.rnd, m.wire)
		if err != nil {
			t.Fatalf("message %q: %v", m.plain, err)
		}
		if string(pt) != m.plain {
			t.Fatalf("got %q want %q", pt, m.plain)
		}
		got++
		delivered = append(delivered, m)
	}
	mustFail := func(to string, wire []byte, what string) {
		p := c.p[to]
		before, _ := p.r.MarshalBinary()
		if _, err := p.r.Decrypt(p.rnd, wire); err == nil {
			t.Fatalf("%s accepted", what)
		}
		after, _ := p.r.MarshalBinary()
		if !bytes.Equal(before, after) {
			t.Fatalf("%s changed state", what)
		}
	}

	for sent < total || len(inflight["I"])+len(inflight["J"]) > 0 {
		switch x := rng.IntN(100); {
		case x < 45 && sent < total:
			// The joiner speaks first; after that turns switch often.
			if c.p["I"].r.CanSend() && rng.IntN(100) < 30 {
				sender = other(sender)
			}
			plain := fmt.Sprintf("%s#%d:%x", sender, sent, rng.Uint64())
			w, err := c.p[sender].r.Encrypt([]byte(plain), 64+rng.IntN(64))
			if err != nil {
				t.Fatal(err)
			}
			to := other(sender)
			inflight[to] = append(inflight[to], &rmsg{to: to, plain: plain, wire: w})
			sent++
		case x < 90 || sent >= total:
			to := "I"
			if rng.IntN(2) == 0 || len(inflight["I"]) == 0 {
				to = "J"
			}
			q := inflight[to]
			if len(q) == 0 {
				continue
			}
			// Reorder: pick among the 40 oldest undelivered messages.
			k := rng.IntN(min(len(q), 40))
			m := q[k]
			inflight[to] = append(q[:k:k], q[k+1:]...)
			if rng.IntN(100) < 2 && sent < total {
				drops++ // lost on the way
				continue
			}
			if rng.IntN(100) < 3 {
				w := bytes.Clone(m.wire)
				w[rng.IntN(len(w))] ^= byte(1 << rng.IntN(8))
				mustFail(to, w, "tampered message")
				tampers++
			}
			deliver(m)
		default:
			if len(delivered) == 0 {
				continue
			}
			m := delivered[rng.IntN(len(delivered))]
			mustFail(m.to, m.wire, "duplicate")
			dups++
		}
		if (sent+got)%500 == 0 {
			c.saveLoad()
		}
	}
	if mode == pqAccepted {
		c.run("expect I sup=1 enc=1\nexpect J sup=1 enc=1")
	}
	if got != sent-drops {
		t.Fatalf("sent %d, dropped %d, decrypted %d", sent, drops, got)
	}
	t.Logf("sent %d, dropped %d, duplicates %d, tampered %d; skipped keys left I=%d J=%d",
		sent, drops, dups, tampers, c.p["I"].r.SkippedCount(), c.p["J"].r.SkippedCount())
}
