package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func newQ(n byte) *Queue {
	return &Queue{RecipientID: id(n), SenderID: id(n + 100), RecipientKeys: [][]byte{{n}}, Mode: ModeMessaging}
}

func TestQueueStorePersistence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.log")
	s, st, err := OpenQueueStore(path, false)
	if err != nil || st.Queues != 0 {
		t.Fatal(err, st)
	}
	for i := byte(1); i <= 5; i++ {
		if err := s.Add(newQ(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Add(newQ(1)); !errors.Is(err, ErrDuplicate) {
		t.Fatalf("duplicate: %v", err)
	}
	// a new queue whose sender id is another queue's recipient id
	dup := newQ(50)
	dup.SenderID = id(2)
	if err := s.Add(dup); !errors.Is(err, ErrDuplicate) {
		t.Fatalf("cross-role duplicate: %v", err)
	}
	must(t, s.Secure(id(1), []byte("k1")))
	must(t, s.Secure(id(1), []byte("k1"))) // retry with the same key
	if err := s.Secure(id(1), []byte("k2")); !errors.Is(err, ErrAuth) {
		t.Fatalf("re-secure: %v", err)
	}
	must(t, s.SetLink(id(2), &Link{ID: id(200), Fixed: []byte("f"), User: []byte("u1")}))
	must(t, s.SetLink(id(2), &Link{ID: id(200), Fixed: []byte("f"), User: []byte("u2")}))
	if err := s.SetLink(id(2), &Link{ID: id(201), Fixed: []byte("f")}); !errors.Is(err, ErrAuth) {
		t.Fatalf("link id change: %v", err)
	}
	must(t, s.SetNotifier(id(3), &Notifier{ID: id(203), Key: []byte("n")}))
	must(t, s.UpdateKeys(id(3), [][]byte{[]byte("r1"), []byte("r2")}))
	must(t, s.Suspend(id(4)))
	if _, err := s.Delete(id(5)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Delete(id(5)); !errors.Is(err, ErrNoQueue) {
		t.Fatalf("delete twice: %v", err)
	}
	must(t, s.Close())

	for round := 0; round < 2; round++ { // second round reads the compacted log
		s, st, err = OpenQueueStore(path, false)
		if err != nil {
			t.Fatal(err)
		}
		if st.Queues != 4 || s.Count() != 4 {
			t.Fatalf("round %d: %+v", round, st)
		}
		if round == 1 && st.Records != 4 {
			t.Fatalf("not compacted: %d records", st.Records)
		}
		if q := s.ByRecipient(id(1)); string(q.SenderKey) != "k1" || !q.Secured() {
			t.Fatalf("secure lost: %+v", q)
		}
		if q := s.ByLink(id(200)); q == nil || string(q.Link.User) != "u2" {
			t.Fatalf("link lost")
		}
		if q := s.ByNotifier(id(203)); q == nil || len(q.RecipientKeys) != 2 {
			t.Fatalf("notifier/keys lost")
		}
		if q := s.BySender(id(104)); q == nil || q.Status != StatusOff {
			t.Fatalf("suspend lost")
		}
		if s.ByRecipient(id(5)) != nil || s.BySender(id(105)) != nil {
			t.Fatal("deleted queue came back")
		}
		must(t, s.Close())
	}
}

func TestQueueStoreTornTail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.log")
	s, _, err := OpenQueueStore(path, true)
	must(t, err)
	must(t, s.Add(newQ(1)))
	must(t, s.Add(newQ(2)))
	must(t, s.Close())
	full, _ := os.ReadFile(path)
	p, _ := (&Record{Op: OpCreate, Queue: newQ(3)}).Encode()
	frame := AppendFrame(nil, p)
	for cut := 1; cut < len(frame); cut++ {
		must(t, os.WriteFile(path, append(append([]byte{}, full...), frame[:cut]...), 0o600))
		s, st, err := OpenQueueStore(path, true)
		if err != nil {
			t.Fatalf("cut %d: %v", cut, err)
		}
		if st.Queues != 2 || st.TornBytes != int64(cut) {
			t.Fatalf("cut %d: %+v", cut, st)
		}
		s.Close()
	}
	// a damaged frame followed by a good one is corruption, not a torn tail
	bad := append([]byte{}, frame...)
	bad[len(bad)-1] ^= 1
	data := append(append(append([]byte{}, full...), bad...), frame...)
	must(t, os.WriteFile(path, data, 0o600))
	if _, _, err := OpenQueueStore(path, true); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("mid-file damage: %v", err)
	}
	must(t, os.WriteFile(path, []byte("garbage!"), 0o600))
	if _, _, err := OpenQueueStore(path, true); err == nil {
		t.Fatal("bad magic accepted")
	}
}

func TestMsgStoreQuota(t *testing.T) {
	s := NewMsgStore(3)
	rid := id(1)
	for i := byte(0); i < 3; i++ {
		wasEmpty, err := s.Write(rid, &Message{ID: id(10 + i), Ts: int64(i)})
		must(t, err)
		if wasEmpty != (i == 0) {
			t.Fatalf("msg %d wasEmpty=%v", i, wasEmpty)
		}
	}
	if _, err := s.Write(rid, &Message{ID: id(20), Ts: 9}); !errors.Is(err, ErrQuota) {
		t.Fatalf("4th: %v", err)
	}
	if _, err := s.Write(rid, &Message{ID: id(21), Ts: 9}); !errors.Is(err, ErrQuota) {
		t.Fatalf("5th: %v", err)
	}
	if s.Size(rid) != 4 {
		t.Fatalf("size %d, want 3 messages + marker", s.Size(rid))
	}
	// ACK everything: the marker comes last, then writing resumes
	for i := byte(0); i < 3; i++ {
		d, next, err := s.DeletePeek(rid, id(10+i))
		must(t, err)
		if d == nil || next == nil {
			t.Fatalf("ack %d", i)
		}
		if i == 2 && (!next.Quota || !bytes.Equal(next.ID, id(20)) || next.Ts != 9) {
			t.Fatalf("marker: %+v", next)
		}
	}
	if _, err := s.Write(rid, &Message{ID: id(22)}); !errors.Is(err, ErrQuota) {
		t.Fatal("write allowed while the marker is pending")
	}
	d, next, _ := s.DeletePeek(rid, id(20))
	if d == nil || next != nil {
		t.Fatal("marker ack")
	}
	if _, err := s.Write(rid, &Message{ID: id(23)}); err != nil {
		t.Fatalf("after drain: %v", err)
	}
	// wrong id: nothing deleted, head returned
	d, next, _ = s.DeletePeek(rid, id(99))
	if d != nil || next == nil || !bytes.Equal(next.ID, id(23)) {
		t.Fatal("wrong-id ack")
	}
}

func TestMsgStoreRestartAndExpiry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "msgs.log")
	s, _, err := OpenMsgStore(path, 2, false, nil)
	must(t, err)
	for q := byte(1); q <= 3; q++ {
		for i := byte(0); i < 3; i++ { // 2 messages + marker
			s.Write(id(q), &Message{ID: id(10*q + i), Ts: int64(q) * 100, Body: []byte{q, i}, Notify: i == 1})
		}
	}
	s.DeletePeek(id(1), id(10))
	n, err := s.DeleteQueue(id(2))
	must(t, err)
	if n != 3 {
		t.Fatalf("deleted %d", n)
	}
	if n, _ := s.Expire(250); n != 2 { // queue 1: its remaining message and marker
		t.Fatalf("expired %d", n)
	}
	must(t, s.Close())
	keep := func(rid []byte) bool { return bytes.Equal(rid, id(3)) }
	s, st, err := OpenMsgStore(path, 2, false, keep)
	must(t, err)
	if st.Messages != 3 || st.Queues != 1 || s.Size(id(3)) != 3 {
		t.Fatalf("restored %+v", st)
	}
	m := s.Peek(id(3))
	if !bytes.Equal(m.ID, id(30)) || !bytes.Equal(m.Body, []byte{3, 0}) || m.Ts != 300 {
		t.Fatalf("head %+v", m)
	}
	if _, err := s.Write(id(3), &Message{ID: id(99)}); !errors.Is(err, ErrQuota) {
		t.Fatal("restored queue lost its over-quota state")
	}
	must(t, s.Close())
	// orphans: queue 3 no longer exists
	s, st, err = OpenMsgStore(path, 2, false, func([]byte) bool { return false })
	must(t, err)
	if st.Messages != 0 || st.Orphans != 3 || s.Count() != 0 {
		t.Fatalf("orphans %+v", st)
	}
	must(t, s.Close())
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
