package db

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

func TestAgentStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	k := newKeyFile(t)
	d := mustOpen(t, dir, k)
	s := d.Agent()
	cid := []byte("conn-1")
	var pid int64
	err := s.Update(ctx, func(tx AgentTx) error {
		if err := tx.PutConn(AgentConn{ConnID: cid, State: []byte("s1")}); err != nil {
			return err
		}
		var err error
		if pid, err = tx.AddPending(AgentPending{ConnID: cid, SndMsgID: 2, Kind: 1, Queue: []byte("q"), Body: []byte("b1")}); err != nil {
			return err
		}
		if _, err = tx.AddPending(AgentPending{ConnID: cid, SndMsgID: 3, Kind: 1, Queue: []byte("q"), Body: []byte("b2")}); err != nil {
			return err
		}
		if err := tx.AddSent(cid, 2, []byte("h2")); err != nil {
			return err
		}
		return tx.AddInbox(AgentInboxMsg{ConnID: cid, MsgID: 1, SndMsgID: 5, Integrity: []byte("ok"), Body: []byte("hello"), BrokerTS: 7})
	})
	if err != nil {
		t.Fatal(err)
	}
	// A failed update leaves nothing behind.
	boom := errors.New("boom")
	if err := s.Update(ctx, func(tx AgentTx) error {
		tx.PutConn(AgentConn{ConnID: cid, State: []byte("s2"), Ratchet: []byte("r")})
		tx.AddInbox(AgentInboxMsg{ConnID: cid, MsgID: 2, Integrity: []byte{}, Body: []byte("x")})
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("update error %v", err)
	}
	d.Close()

	d = mustOpen(t, dir, k)
	defer d.Close()
	s = d.Agent()
	cs, err := s.Conns(ctx)
	if err != nil || len(cs) != 1 || string(cs[0].State) != "s1" || cs[0].Ratchet != nil {
		t.Fatalf("conns %+v %v", cs, err)
	}
	ps, err := s.Pending(ctx, cid)
	if err != nil || len(ps) != 2 || ps[0].ID != pid || string(ps[0].Body) != "b1" || ps[1].SndMsgID != 3 {
		t.Fatalf("pending %+v %v", ps, err)
	}
	if np, ok, err := s.NextPending(ctx, cid); err != nil || !ok || np.ID != pid {
		t.Fatalf("next pending %+v %v %v", np, ok, err)
	}
	if _, ok, err := s.NextPending(ctx, []byte("none")); err != nil || ok {
		t.Fatalf("next pending of nothing: %v %v", ok, err)
	}
	in, err := s.Inbox(ctx)
	if err != nil || len(in) != 1 || string(in[0].Body) != "hello" || in[0].BrokerTS != 7 {
		t.Fatalf("inbox %+v %v", in, err)
	}
	err = s.Update(ctx, func(tx AgentTx) error {
		if err := tx.DeletePending(pid); err != nil {
			return err
		}
		h, ok, err := tx.TakeSent(cid, 2)
		if err != nil || !ok || !bytes.Equal(h, []byte("h2")) {
			t.Errorf("sent %q %v %v", h, ok, err)
		}
		if _, ok, _ := tx.TakeSent(cid, 2); ok {
			t.Error("sent hash taken twice")
		}
		m, ok, err := tx.TakeInbox(cid, 1)
		if err != nil || !ok || string(m.Body) != "hello" {
			t.Errorf("inbox %+v %v %v", m, ok, err)
		}
		if _, ok, _ := tx.TakeInbox(cid, 1); ok {
			t.Error("inbox message taken twice")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if ps, _ := s.Pending(ctx, cid); len(ps) != 1 {
		t.Fatalf("pending after delete: %d", len(ps))
	}
	if err := s.Update(ctx, func(tx AgentTx) error { return tx.DeleteConn(cid) }); err != nil {
		t.Fatal(err)
	}
	if cs, _ := s.Conns(ctx); len(cs) != 0 {
		t.Fatal("connection not deleted")
	}
	if ps, _ := s.Pending(ctx, cid); len(ps) != 0 {
		t.Fatal("pending not deleted with the connection")
	}
}

// Received-ciphertext hashes: kept for the last keep numbers, gone with the
// connection.
func TestAgentRcvHashes(t *testing.T) {
	ctx := context.Background()
	d := mustOpen(t, t.TempDir(), newKeyFile(t))
	defer d.Close()
	s := d.Agent()
	cid, other := []byte("c"), []byte("o")
	add := func(conn []byte, seq int64) {
		t.Helper()
		if err := s.Update(ctx, func(tx AgentTx) error {
			return tx.AddRcvHash(conn, []byte{byte(seq)}, seq, 3)
		}); err != nil {
			t.Fatal(err)
		}
	}
	has := func(conn []byte, seq int64) bool {
		t.Helper()
		ok, err := s.HasRcvHash(ctx, conn, []byte{byte(seq)})
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	for seq := int64(1); seq <= 5; seq++ {
		add(cid, seq)
	}
	add(other, 1)
	for seq, want := range map[int64]bool{1: false, 2: false, 3: true, 4: true, 5: true, 6: false} {
		if has(cid, seq) != want {
			t.Errorf("hash %d kept %v, want %v", seq, !want, want)
		}
	}
	if err := s.Update(ctx, func(tx AgentTx) error { return tx.DeleteConn(cid) }); err != nil {
		t.Fatal(err)
	}
	if has(cid, 5) || !has(other, 1) {
		t.Fatal("hashes not deleted with their connection only")
	}
}
