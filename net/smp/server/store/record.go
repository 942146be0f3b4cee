package store

import (
	"errors"
	"fmt"

	"duplex/crypto/enc"
)

// Op is the tag byte of a store log record. Values are stored on disk.
type Op byte

// Queue store log operations.
const (
	OpCreate         Op = 'N' // full queue record (also the only op after compaction)
	OpSecure         Op = 'S' // rid, sender key
	OpSetLink        Op = 'L' // rid, link
	OpDeleteLink     Op = 'l' // rid
	OpUpdateKeys     Op = 'K' // rid, recipient keys
	OpSetNotifier    Op = 'T' // rid, notifier
	OpDeleteNotifier Op = 't' // rid
	OpSuspend        Op = 'O' // rid
	OpDelete         Op = 'D' // rid
)

// Message journal operations.
const (
	OpMessage     Op = 'M' // rid, message
	OpQuota       Op = 'Q' // rid, quota marker
	OpRemove      Op = 'A' // rid, msgId: acknowledged or expired
	OpRemoveQueue Op = 'X' // rid: the queue and all its messages are gone
)

// Record is one decoded log record. Only the fields of its Op are set.
type Record struct {
	Op       Op
	RID      []byte
	Queue    *Queue    // OpCreate
	Key      []byte    // OpSecure
	Keys     [][]byte  // OpUpdateKeys
	Link     *Link     // OpSetLink
	Notifier *Notifier // OpSetNotifier
	Msg      *Message  // OpMessage, OpQuota
	MsgID    []byte    // OpRemove
}

var errRecord = errors.New("store: bad record")

// Encode returns the payload of r (without framing).
func (r *Record) Encode() ([]byte, error) {
	w := enc.NewWriter(make([]byte, 0, 64))
	w.Byte(byte(r.Op))
	switch r.Op {
	case OpCreate:
		if r.Queue == nil {
			return nil, errRecord
		}
		writeQueue(w, r.Queue)
		b, err := w.Bytes()
		return b, err
	}
	w.ShortBytes(r.RID)
	switch r.Op {
	case OpSecure:
		w.ShortBytes(r.Key)
	case OpSetLink:
		if r.Link == nil {
			return nil, errRecord
		}
		writeLink(w, r.Link)
	case OpUpdateKeys:
		w.NonEmptyCount(len(r.Keys))
		for _, k := range r.Keys {
			w.ShortBytes(k)
		}
	case OpSetNotifier:
		if r.Notifier == nil {
			return nil, errRecord
		}
		writeNotifier(w, r.Notifier)
	case OpMessage, OpQuota:
		if r.Msg == nil {
			return nil, errRecord
		}
		w.ShortBytes(r.Msg.ID)
		w.I64(r.Msg.Ts)
		if r.Op == OpMessage {
			w.Bool(r.Msg.Notify)
			w.LargeBytes(r.Msg.Body)
		}
	case OpRemove:
		w.ShortBytes(r.MsgID)
	case OpDeleteLink, OpDeleteNotifier, OpSuspend, OpDelete, OpRemoveQueue:
	default:
		return nil, fmt.Errorf("%w: unknown op %q", errRecord, byte(r.Op))
	}
	return w.Bytes()
}

// ParseRecord decodes one record payload. It rejects unknown ops, short
// input and trailing bytes, and never panics. The result does not alias p.
func ParseRecord(p []byte) (*Record, error) {
	r := enc.NewReader(p)
	rec := &Record{Op: Op(r.Byte())}
	if rec.Op == OpCreate {
		rec.Queue = readQueue(r)
		if err := r.Done(); err != nil {
			return nil, fmt.Errorf("%w: %v", errRecord, err)
		}
		rec.RID = rec.Queue.RecipientID
		return rec, nil
	}
	rec.RID = clone(r.ShortBytes())
	switch rec.Op {
	case OpSecure:
		rec.Key = clone(r.ShortBytes())
	case OpSetLink:
		rec.Link = readLink(r)
	case OpUpdateKeys:
		n := r.NonEmptyCount()
		for i := 0; i < n && r.Err() == nil; i++ {
			rec.Keys = append(rec.Keys, clone(r.ShortBytes()))
		}
	case OpSetNotifier:
		rec.Notifier = readNotifier(r)
	case OpMessage, OpQuota:
		m := &Message{ID: clone(r.ShortBytes()), Ts: r.I64(), Quota: rec.Op == OpQuota}
		if rec.Op == OpMessage {
			m.Notify = r.Bool()
			m.Body = clone(r.LargeBytes())
		}
		if r.Err() == nil && len(m.ID) == 0 {
			r.Failf("empty message id")
		}
		rec.Msg = m
	case OpRemove:
		rec.MsgID = clone(r.ShortBytes())
	case OpDeleteLink, OpDeleteNotifier, OpSuspend, OpDelete, OpRemoveQueue:
	default:
		r.Failf("unknown op %q", byte(rec.Op))
	}
	if err := r.Done(); err != nil {
		return nil, fmt.Errorf("%w: %v", errRecord, err)
	}
	if len(rec.RID) == 0 {
		return nil, fmt.Errorf("%w: empty recipient id", errRecord)
	}
	return rec, nil
}
