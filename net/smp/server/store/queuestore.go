package store

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
)

// Store errors. The relay maps ErrNoQueue and ErrAuth to ERR AUTH (the
// reference does not tell an absent queue from a wrong key).
var (
	ErrNoQueue   = errors.New("store: no such queue")
	ErrAuth      = errors.New("store: not allowed")
	ErrDuplicate = errors.New("store: duplicate id")
)

// QueueStore indexes queues by recipient, sender, notifier and link id and
// logs every change to an append-only store log (when opened with a path).
type QueueStore struct {
	mu    sync.RWMutex
	byRcv map[string]*Queue
	bySnd map[string]string // sender id → recipient id
	byNtf map[string]string
	byLnk map[string]string
	log   *Log
}

// NewQueueStore returns an in-memory store (no persistence).
func NewQueueStore() *QueueStore {
	return &QueueStore{
		byRcv: map[string]*Queue{},
		bySnd: map[string]string{},
		byNtf: map[string]string{},
		byLnk: map[string]string{},
	}
}

// QueueLoadStats is what OpenQueueStore found.
type QueueLoadStats struct {
	ReadStats
	Queues int
}

// OpenQueueStore replays the store log at path, compacts it (one create
// record per live queue, written to a temporary file, fsynced and renamed
// over the old log) and opens it for appending. With noSync, Sync is a
// no-op: records still reach the OS at once (surviving kill -9) but not a
// power cut.
func OpenQueueStore(path string, noSync bool) (*QueueStore, QueueLoadStats, error) {
	s := NewQueueStore()
	var st QueueLoadStats
	rs, err := readLog(path, func(p []byte) error {
		rec, err := ParseRecord(p)
		if err != nil {
			return err
		}
		return s.apply(rec)
	})
	st.ReadStats = rs
	if err != nil {
		return nil, st, err
	}
	st.Queues = len(s.byRcv)
	s.log, err = createLog(path, noSync, func(add func([]byte) error) error {
		for _, q := range s.byRcv {
			p, err := (&Record{Op: OpCreate, Queue: q}).Encode()
			if err != nil {
				return err
			}
			if err := add(p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, st, err
	}
	return s, st, nil
}

// apply replays one record. A record for an unknown queue is an error:
// the log is written in order, so it means damage.
func (s *QueueStore) apply(rec *Record) error {
	if rec.Op == OpCreate {
		return s.insert(rec.Queue)
	}
	q := s.byRcv[string(rec.RID)]
	if q == nil {
		return fmt.Errorf("record %q for unknown queue", byte(rec.Op))
	}
	n := q.clone()
	switch rec.Op {
	case OpSecure:
		n.SenderKey = rec.Key
	case OpSetLink:
		if q.Link != nil {
			delete(s.byLnk, string(q.Link.ID))
		}
		n.Link = rec.Link
		s.byLnk[string(rec.Link.ID)] = string(rec.RID)
	case OpDeleteLink:
		if q.Link != nil {
			delete(s.byLnk, string(q.Link.ID))
		}
		n.Link = nil
	case OpUpdateKeys:
		n.RecipientKeys = rec.Keys
	case OpSetNotifier:
		if q.Notifier != nil {
			delete(s.byNtf, string(q.Notifier.ID))
		}
		n.Notifier = rec.Notifier
		s.byNtf[string(rec.Notifier.ID)] = string(rec.RID)
	case OpDeleteNotifier:
		if q.Notifier != nil {
			delete(s.byNtf, string(q.Notifier.ID))
		}
		n.Notifier = nil
	case OpSuspend:
		n.Status = StatusOff
	case OpDelete:
		s.remove(q)
		return nil
	default:
		return fmt.Errorf("record %q does not belong in a queue log", byte(rec.Op))
	}
	s.byRcv[string(rec.RID)] = n
	return nil
}

func (s *QueueStore) insert(q *Queue) error {
	if s.taken(q) {
		return ErrDuplicate
	}
	s.byRcv[string(q.RecipientID)] = q
	s.bySnd[string(q.SenderID)] = string(q.RecipientID)
	if q.Link != nil {
		s.byLnk[string(q.Link.ID)] = string(q.RecipientID)
	}
	if q.Notifier != nil {
		s.byNtf[string(q.Notifier.ID)] = string(q.RecipientID)
	}
	return nil
}

// taken reports whether any id of q is already used, in any role: ids
// share one namespace so that no id can be probed through another index.
func (s *QueueStore) taken(q *Queue) bool {
	ids := [][]byte{q.RecipientID, q.SenderID}
	if q.Link != nil {
		ids = append(ids, q.Link.ID)
	}
	if q.Notifier != nil {
		ids = append(ids, q.Notifier.ID)
	}
	for i, id := range ids {
		k := string(id)
		if s.byRcv[k] != nil || s.bySnd[k] != "" || s.byLnk[k] != "" || s.byNtf[k] != "" {
			return true
		}
		for _, o := range ids[:i] {
			if bytes.Equal(o, id) {
				return true
			}
		}
	}
	return false
}

func (s *QueueStore) remove(q *Queue) {
	delete(s.byRcv, string(q.RecipientID))
	delete(s.bySnd, string(q.SenderID))
	if q.Link != nil {
		delete(s.byLnk, string(q.Link.ID))
	}
	if q.Notifier != nil {
		delete(s.byNtf, string(q.Notifier.ID))
	}
}

// commit applies rec in memory and appends it to the log under the lock (so
// the log order is the memory order), then waits for durability outside it.
func (s *QueueStore) commit(rec *Record, check func(q *Queue) error) error {
	var p []byte
	if s.log != nil {
		var err error
		if p, err = rec.Encode(); err != nil {
			return err
		}
	}
	s.mu.Lock()
	if rec.Op != OpCreate {
		q := s.byRcv[string(rec.RID)]
		if q == nil {
			s.mu.Unlock()
			return ErrNoQueue
		}
		if check != nil {
			if err := check(q); err != nil {
				s.mu.Unlock()
				return err
			}
		}
	}
	if err := s.apply(rec); err != nil {
		s.mu.Unlock()
		return err
	}
	var seq uint64
	var err error
	if s.log != nil {
		seq, err = s.log.Append(p)
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if s.log != nil {
		return s.log.Sync(seq)
	}
	return nil
}

// Add stores a new queue; ErrDuplicate if any of its ids is in use.
func (s *QueueStore) Add(q *Queue) error {
	if q.Status == 0 {
		q.Status = StatusActive
	}
	return s.commit(&Record{Op: OpCreate, RID: q.RecipientID, Queue: q}, nil)
}

// ByRecipient, BySender, ByNotifier and ByLink return the current record.
func (s *QueueStore) ByRecipient(id []byte) *Queue {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.byRcv[string(id)]
}

func (s *QueueStore) BySender(id []byte) *Queue   { return s.byIndex(s.bySnd, id) }
func (s *QueueStore) ByNotifier(id []byte) *Queue { return s.byIndex(s.byNtf, id) }
func (s *QueueStore) ByLink(id []byte) *Queue     { return s.byIndex(s.byLnk, id) }
func (s *QueueStore) byIndex(m map[string]string, id []byte) *Queue {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if r, ok := m[string(id)]; ok {
		return s.byRcv[r]
	}
	return nil
}

// Secure sets the sender key; securing again with the same key succeeds
// (a retried KEY/SKEY), with another key it is ErrAuth.
func (s *QueueStore) Secure(rid, key []byte) error {
	return s.commit(&Record{Op: OpSecure, RID: rid, Key: key}, func(q *Queue) error {
		if q.SenderKey != nil && !bytes.Equal(q.SenderKey, key) {
			return ErrAuth
		}
		return nil
	})
}

// SetLink stores short-link data. The link id cannot change, and the fixed
// part cannot change once set (it is what the link key commits to).
func (s *QueueStore) SetLink(rid []byte, l *Link) error {
	return s.commit(&Record{Op: OpSetLink, RID: rid, Link: l}, func(q *Queue) error {
		if q.Link != nil && (!bytes.Equal(q.Link.ID, l.ID) || !bytes.Equal(q.Link.Fixed, l.Fixed)) {
			return ErrAuth
		}
		if q.Link == nil {
			if r, ok := s.byLnk[string(l.ID)]; ok && r != string(rid) || s.byRcv[string(l.ID)] != nil || s.bySnd[string(l.ID)] != "" {
				return ErrDuplicate
			}
		}
		return nil
	})
}

// DeleteLink removes short-link data (no-op without it).
func (s *QueueStore) DeleteLink(rid []byte) error {
	return s.commit(&Record{Op: OpDeleteLink, RID: rid}, nil)
}

// UpdateKeys replaces the recipient keys (RKEY).
func (s *QueueStore) UpdateKeys(rid []byte, keys [][]byte) error {
	return s.commit(&Record{Op: OpUpdateKeys, RID: rid, Keys: keys}, nil)
}

// SetNotifier stores notifier credentials, replacing earlier ones.
func (s *QueueStore) SetNotifier(rid []byte, n *Notifier) error {
	return s.commit(&Record{Op: OpSetNotifier, RID: rid, Notifier: n}, func(q *Queue) error {
		k := string(n.ID)
		if s.byNtf[k] != "" || s.byRcv[k] != nil || s.bySnd[k] != "" || s.byLnk[k] != "" {
			return ErrDuplicate
		}
		return nil
	})
}

// DeleteNotifier removes notifier credentials.
func (s *QueueStore) DeleteNotifier(rid []byte) error {
	return s.commit(&Record{Op: OpDeleteNotifier, RID: rid}, nil)
}

// Suspend marks the queue off: senders get AUTH, the recipient may still read.
func (s *QueueStore) Suspend(rid []byte) error {
	return s.commit(&Record{Op: OpSuspend, RID: rid}, nil)
}

// Delete removes the queue and returns its last record.
func (s *QueueStore) Delete(rid []byte) (*Queue, error) {
	var old *Queue
	err := s.commit(&Record{Op: OpDelete, RID: rid}, func(q *Queue) error { old = q; return nil })
	return old, err
}

// Count returns the number of queues.
func (s *QueueStore) Count() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.byRcv)
}

// Has reports whether a recipient id exists (used to drop orphan messages).
func (s *QueueStore) Has(rid []byte) bool { return s.ByRecipient(rid) != nil }

// Close closes the log.
func (s *QueueStore) Close() error {
	if s.log == nil {
		return nil
	}
	return s.log.Close()
}

// AnyRecipientID returns some recipient id (nil if empty); for sampling.
func (s *QueueStore) AnyRecipientID() []byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, q := range s.byRcv {
		return q.RecipientID
	}
	return nil
}
