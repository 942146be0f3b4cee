package store

import (
	"bytes"
	"errors"
	"sync"
)

// ErrQuota is returned by Write when the queue is full; a quota marker was
// queued in place of the message (once), and writing resumes when the
// recipient has drained the queue.
var ErrQuota = errors.New("store: queue quota exceeded")

// Message is a stored message or a quota marker.
type Message struct {
	ID     []byte
	Ts     int64 // Unix seconds, as the recipient sees it
	Notify bool
	Body   []byte
	Quota  bool // marker: the sender hit the quota at Ts
}

type msgQueue struct {
	msgs     []*Message // FIFO from head
	head     int
	canWrite bool
}

func (q *msgQueue) size() int { return len(q.msgs) - q.head }

func (q *msgQueue) peek() *Message {
	if q.size() == 0 {
		return nil
	}
	return q.msgs[q.head]
}

func (q *msgQueue) pop() *Message {
	m := q.msgs[q.head]
	q.msgs[q.head] = nil
	q.head++
	if q.head == len(q.msgs) {
		q.msgs, q.head = q.msgs[:0], 0
	} else if q.head > 32 && q.head*2 > len(q.msgs) {
		q.msgs = append(q.msgs[:0], q.msgs[q.head:]...)
		q.head = 0
	}
	return m
}

// MsgStore holds the undelivered messages of every queue in memory and
// journals each change. One mutex guards it all: every operation is a few
// slice operations plus one write(2); fsync happens outside the lock.
type MsgStore struct {
	mu     sync.Mutex
	queues map[string]*msgQueue
	count  int
	quota  int
	log    *Log
}

// NewMsgStore returns an in-memory store with the per-queue quota.
func NewMsgStore(quota int) *MsgStore {
	if quota < 1 {
		quota = 1
	}
	return &MsgStore{queues: map[string]*msgQueue{}, quota: quota}
}

// MsgLoadStats is what OpenMsgStore found.
type MsgLoadStats struct {
	ReadStats
	Messages int // pending messages restored (quota markers included)
	Queues   int // queues with pending messages
	Orphans  int // messages dropped because their queue no longer exists
}

// OpenMsgStore replays the journal at path, keeps the messages of queues
// for which keep returns true, rewrites the journal with only those
// (compaction) and opens it for appending.
func OpenMsgStore(path string, quota int, noSync bool, keep func(rid []byte) bool) (*MsgStore, MsgLoadStats, error) {
	s := NewMsgStore(quota)
	var st MsgLoadStats
	rs, err := readLog(path, func(p []byte) error {
		rec, err := ParseRecord(p)
		if err != nil {
			return err
		}
		s.replay(rec)
		return nil
	})
	st.ReadStats = rs
	if err != nil {
		return nil, st, err
	}
	for rid, q := range s.queues {
		if keep != nil && !keep([]byte(rid)) {
			st.Orphans += q.size()
			s.count -= q.size()
			delete(s.queues, rid)
			continue
		}
		// A queue restored with a marker in it stays closed to senders
		// until drained, as it was before the restart.
		for _, m := range q.msgs[q.head:] {
			if m.Quota {
				q.canWrite = false
			}
		}
	}
	st.Messages, st.Queues = s.count, len(s.queues)
	s.log, err = createLog(path, noSync, func(add func([]byte) error) error {
		for rid, q := range s.queues {
			for _, m := range q.msgs[q.head:] {
				op := OpMessage
				if m.Quota {
					op = OpQuota
				}
				p, err := (&Record{Op: op, RID: []byte(rid), Msg: m}).Encode()
				if err != nil {
					return err
				}
				if err := add(p); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, st, err
	}
	return s, st, nil
}

func (s *MsgStore) replay(rec *Record) {
	k := string(rec.RID)
	switch rec.Op {
	case OpMessage, OpQuota:
		q := s.queues[k]
		if q == nil {
			q = &msgQueue{canWrite: true}
			s.queues[k] = q
		}
		q.msgs = append(q.msgs, rec.Msg)
		s.count++
	case OpRemove:
		q := s.queues[k]
		if q == nil {
			return
		}
		// Removals are always of the head in the running server; search
		// anyway so that a damaged order cannot resurrect a message.
		for i := q.head; i < len(q.msgs); i++ {
			if bytes.Equal(q.msgs[i].ID, rec.MsgID) {
				q.msgs = append(q.msgs[:i], q.msgs[i+1:]...)
				s.count--
				break
			}
		}
		if q.size() == 0 {
			delete(s.queues, k)
		}
	case OpRemoveQueue:
		if q := s.queues[k]; q != nil {
			s.count -= q.size()
			delete(s.queues, k)
		}
	}
}

// journal appends a record; the caller holds s.mu. It returns the sequence
// number to Sync on, 0 when there is no journal.
func (s *MsgStore) journal(rec *Record) (uint64, error) {
	if s.log == nil {
		return 0, nil
	}
	p, err := rec.Encode()
	if err != nil {
		return 0, err
	}
	return s.log.Append(p)
}

func (s *MsgStore) sync(seq uint64) error {
	if s.log == nil || seq == 0 {
		return nil
	}
	return s.log.Sync(seq)
}

// Write queues m for rid and returns once it is durable. wasEmpty tells the
// caller to try delivering it to a subscriber. When the queue holds quota
// messages, a marker is stored instead and ErrQuota returned; further
// writes fail until the queue is empty again.
func (s *MsgStore) Write(rid []byte, m *Message) (wasEmpty bool, err error) {
	s.mu.Lock()
	q := s.queues[string(rid)]
	if q == nil {
		q = &msgQueue{canWrite: true}
		s.queues[string(rid)] = q
	}
	empty := q.size() == 0
	if !q.canWrite && !empty {
		s.mu.Unlock()
		return false, ErrQuota
	}
	q.canWrite = q.size() < s.quota
	stored := m
	op := OpMessage
	if !q.canWrite {
		stored = &Message{ID: m.ID, Ts: m.Ts, Quota: true}
		op = OpQuota
	}
	seq, err := s.journal(&Record{Op: op, RID: rid, Msg: stored})
	if err != nil {
		if empty {
			delete(s.queues, string(rid))
		}
		s.mu.Unlock()
		return false, err
	}
	q.msgs = append(q.msgs, stored)
	s.count++
	s.mu.Unlock()
	if err := s.sync(seq); err != nil {
		return false, err
	}
	if op == OpQuota {
		return false, ErrQuota
	}
	return empty, nil
}

// Peek returns the oldest message of rid, or nil.
func (s *MsgStore) Peek(rid []byte) *Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if q := s.queues[string(rid)]; q != nil {
		return q.peek()
	}
	return nil
}

// DeletePeek removes the oldest message if its id is msgID and returns it
// (nil if the id did not match) together with the message now at the head.
func (s *MsgStore) DeletePeek(rid, msgID []byte) (deleted, next *Message, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queues[string(rid)]
	if q == nil {
		return nil, nil, nil
	}
	h := q.peek()
	if h == nil || !bytes.Equal(h.ID, msgID) {
		return nil, h, nil
	}
	// The removal is written before it takes effect; it is not fsynced here
	// (see doc.go): losing it to a power cut re-delivers the same msgId.
	if _, err := s.journal(&Record{Op: OpRemove, RID: rid, MsgID: msgID}); err != nil {
		return nil, h, err
	}
	q.pop()
	s.count--
	if q.size() == 0 {
		delete(s.queues, string(rid))
	}
	return h, q.peek(), nil
}

// DeleteQueue drops every message of rid and returns how many there were.
func (s *MsgStore) DeleteQueue(rid []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queues[string(rid)]
	if q == nil {
		return 0, nil
	}
	if _, err := s.journal(&Record{Op: OpRemoveQueue, RID: rid}); err != nil {
		return 0, err
	}
	n := q.size()
	s.count -= n
	delete(s.queues, string(rid))
	return n, nil
}

// Expire removes, from every queue, the leading messages older than
// before (Unix seconds) and returns how many went. Messages are in time
// order within a queue, so only heads need checking.
func (s *MsgStore) Expire(before int64) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for rid, q := range s.queues {
		for q.size() > 0 && q.peek().Ts < before {
			m := q.peek()
			if _, err := s.journal(&Record{Op: OpRemove, RID: []byte(rid), MsgID: m.ID}); err != nil {
				return n, err
			}
			q.pop()
			s.count--
			n++
		}
		if q.size() == 0 {
			delete(s.queues, rid)
		}
	}
	return n, nil
}

// Size returns the number of pending entries (markers included) of rid.
func (s *MsgStore) Size(rid []byte) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if q := s.queues[string(rid)]; q != nil {
		return q.size()
	}
	return 0
}

// Count returns all pending entries.
func (s *MsgStore) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

// Close closes the journal.
func (s *MsgStore) Close() error {
	if s.log == nil {
		return nil
	}
	return s.log.Close()
}
