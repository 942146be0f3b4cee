package agent

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"duplex/crypto/ratchet"
	"duplex/net/agentproto"
)

// Sends queued while the sender restarts and while the receiver is down
// are all delivered once, in order; a message received but not acknowledged
// before a restart is reported again with the same id, and nothing is shown
// twice.
func TestRestartKeepsPendingAndInbox(t *testing.T) {
	r1, r2 := startRelay(t), startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r2)
	aid, bid := connect(t, alice, bob)
	ctx := context.Background()

	bob.close() // bob offline: alice's messages wait on the relay
	const n = 40
	for i := 0; i < n; i++ {
		if _, err := alice.a.Send(ctx, aid, []byte(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	alice.close() // whatever was not sent yet is in alice's database
	alice.open()
	bob.open()

	got := 0
	var unacked []Event
	for got < n {
		ev := bob.next(EvMSG, EvMERR)
		if ev.Type == EvMERR {
			// A redelivery of what was committed but not yet ACKed at close.
			if !errors.Is(ev.Err, agentproto.ErrDuplicate) {
				t.Fatalf("MERR %v", ev.Err)
			}
			continue
		}
		if string(ev.Body) != fmt.Sprint(got) {
			t.Fatalf("MSG %q, want %d", ev.Body, got)
		}
		got++
		if got <= n/2 {
			if err := bob.a.AckMessage(ctx, bid, ev.MsgID); err != nil {
				t.Fatal(err)
			}
		} else {
			unacked = append(unacked, ev)
		}
	}
	bob.close()
	bob.open()
	for _, want := range unacked {
		ev := bob.next(EvMSG, EvMERR)
		for ev.Type == EvMERR && errors.Is(ev.Err, agentproto.ErrDuplicate) {
			ev = bob.next(EvMSG, EvMERR)
		}
		if ev.MsgID != want.MsgID || string(ev.Body) != string(want.Body) {
			t.Fatalf("re-reported %d %q, want %d %q", ev.MsgID, ev.Body, want.MsgID, want.Body)
		}
		if err := bob.a.AckMessage(ctx, bid, ev.MsgID); err != nil {
			t.Fatal(err)
		}
	}
	// The connection still works both ways after all that.
	if _, err := bob.a.Send(ctx, bid, []byte("still here")); err != nil {
		t.Fatal(err)
	}
	for {
		ev := alice.next(EvMSG, EvRCVD)
		if ev.Type == EvMSG {
			if string(ev.Body) != "still here" {
				t.Fatalf("alice got %q", ev.Body)
			}
			break
		}
	}
}

// A message whose ratchet ciphertext was altered is reported as an error,
// ACKed, and leaves the connection as it was.
func TestTamperedCiphertext(t *testing.T) {
	r1 := startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r1)
	aid, bid := connect(t, alice, bob)
	ctx := context.Background()

	// Bob's next message, made from a copy of his ratchet, with one bit flipped.
	bob.a.mu.Lock()
	c := bob.a.conns[bid]
	st, _ := c.ratchet.MarshalBinary()
	var r ratchet.Ratchet
	if err := r.UnmarshalBinary(st); err != nil {
		t.Fatal(err)
	}
	plain, _ := agentproto.EncodeAgentMessage(&agentproto.Message{SndMsgID: c.SndMsgID + 1, PrevMsgHash: c.LastSndHash, Body: &agentproto.AMsg{Body: []byte("forged")}})
	ct, err := r.Encrypt(plain, agentproto.MessagePadLen(c.AgentVersion, false))
	if err != nil {
		t.Fatal(err)
	}
	ct[len(ct)-100] ^= 1
	env, _ := agentproto.EncodeEnvelope(&agentproto.MsgEnvelope{Version: c.AgentVersion, EncAgentMessage: ct})
	snd := c.Snd[0]
	body, err := agentproto.SealClientMessage(bob.a.rand, secret(snd.E2ESecret), snd.Version, nil, &agentproto.ClientMessage{Body: env})
	bob.a.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bob.a.deliver(bid, snd, body, true); err != nil {
		t.Fatal(err)
	}
	ev := alice.next(EvMERR)
	var ae *agentproto.Error
	if !errors.As(ev.Err, &ae) || ae.Kind != agentproto.KindCrypto {
		t.Fatalf("MERR %v, want A_CRYPTO", ev.Err)
	}
	t.Logf("tampered message: %v", ev.Err)
	// A damaged body (not a diverged ratchet): re-sync is allowed, not required.
	if ev := alice.next(EvRSYNC); ev.Sync != SyncAllowed {
		t.Fatalf("RSYNC %s, want allowed", ev.Sync)
	}
	// The real message with the same number still goes through, and the
	// connection is OK again.
	if _, err := bob.a.Send(ctx, bid, []byte("genuine")); err != nil {
		t.Fatal(err)
	}
	if ev := alice.next(EvRSYNC); ev.Sync != SyncOK {
		t.Fatalf("RSYNC %s, want ok", ev.Sync)
	}
	if ev := alice.next(EvMSG); string(ev.Body) != "genuine" || ev.Integrity.Kind != agentproto.IntegrityOK || ev.ConnID != aid {
		t.Fatalf("after tampering: %+v", ev)
	}
}
