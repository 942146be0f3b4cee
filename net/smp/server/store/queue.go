package store

import (
	"duplex/crypto/enc"
)

// Mode is the queue mode given at creation (0 = created by a pre-v15 client).
type Mode byte

// Queue modes as on the wire ('M' / 'C').
const (
	ModeNone      Mode = 0
	ModeMessaging Mode = 'M'
	ModeContact   Mode = 'C'
)

// Status of a queue; values are stored, so they are explicit.
type Status byte

const (
	StatusActive  Status = 'A'
	StatusOff     Status = 'O' // suspended by the recipient (OFF)
	StatusBlocked Status = 'B'
)

// Link is the short-link data of a queue (LSET / NEW with link data).
type Link struct {
	ID    []byte
	Fixed []byte // encrypted fixed part
	User  []byte // encrypted user part
}

// Notifier holds NKEY credentials; there is no notification server, they are
// only stored and reported.
type Notifier struct {
	ID       []byte
	Key      []byte // DER SPKI of the notifier auth key
	DHSecret [32]byte
}

// Queue is one queue record. Records are immutable once published by the
// QueueStore: mutations replace the pointer, so readers need no lock.
type Queue struct {
	RecipientID   []byte
	SenderID      []byte
	RecipientKeys [][]byte // DER SPKI; any of them authorises recipient commands
	RcvDHSecret   [32]byte // X25519(recipient DH key, server DH key): server→recipient box
	SenderKey     []byte   // DER SPKI, nil until secured
	Mode          Mode
	Status        Status
	Link          *Link
	Notifier      *Notifier
}

// Secured reports whether a messaging queue has a sender key.
func (q *Queue) Secured() bool { return q.Mode != ModeContact && q.SenderKey != nil }

// IsContact mirrors the reference rule: contact mode, or a pre-mode queue
// that was never secured.
func (q *Queue) IsContact() bool {
	switch q.Mode {
	case ModeContact:
		return true
	case ModeMessaging:
		return false
	}
	return q.SenderKey == nil
}

func (q *Queue) clone() *Queue {
	c := *q
	return &c
}

// String never prints keys or secrets; ids are operator-visible only at debug level.
func (q *Queue) String() string { return "queue(" + enc.B64(q.RecipientID) + ")" }

func writeQueue(w *enc.Writer, q *Queue) {
	w.ShortBytes(q.RecipientID)
	w.ShortBytes(q.SenderID)
	w.NonEmptyCount(len(q.RecipientKeys))
	for _, k := range q.RecipientKeys {
		w.ShortBytes(k)
	}
	w.Raw(q.RcvDHSecret[:])
	w.MaybeShortBytes(q.SenderKey)
	w.Byte(modeByte(q.Mode))
	w.Byte(byte(q.Status))
	w.MaybeTag(q.Link != nil)
	if q.Link != nil {
		writeLink(w, q.Link)
	}
	w.MaybeTag(q.Notifier != nil)
	if q.Notifier != nil {
		writeNotifier(w, q.Notifier)
	}
}

func readQueue(r *enc.Reader) *Queue {
	q := &Queue{RecipientID: clone(r.ShortBytes()), SenderID: clone(r.ShortBytes())}
	n := r.NonEmptyCount()
	for i := 0; i < n && r.Err() == nil; i++ {
		q.RecipientKeys = append(q.RecipientKeys, clone(r.ShortBytes()))
	}
	copy(q.RcvDHSecret[:], r.Fixed(32))
	q.SenderKey = clone(r.MaybeShortBytes())
	q.Mode = readMode(r)
	switch s := Status(r.Byte()); s {
	case StatusActive, StatusOff, StatusBlocked:
		q.Status = s
	default:
		r.Failf("bad queue status %q", byte(s))
	}
	if r.MaybeTag() {
		q.Link = readLink(r)
	}
	if r.MaybeTag() {
		q.Notifier = readNotifier(r)
	}
	if len(q.RecipientID) == 0 || len(q.SenderID) == 0 {
		r.Failf("empty queue id")
	}
	return q
}

func modeByte(m Mode) byte {
	if m == ModeNone {
		return '0'
	}
	return byte(m)
}

func readMode(r *enc.Reader) Mode {
	switch b := r.Byte(); b {
	case '0':
		return ModeNone
	case 'M', 'C':
		return Mode(b)
	default:
		r.Failf("bad queue mode %q", b)
		return ModeNone
	}
}

func writeLink(w *enc.Writer, l *Link) {
	w.ShortBytes(l.ID)
	w.LargeBytes(l.Fixed)
	w.LargeBytes(l.User)
}

func readLink(r *enc.Reader) *Link {
	return &Link{ID: clone(r.ShortBytes()), Fixed: clone(r.LargeBytes()), User: clone(r.LargeBytes())}
}

func writeNotifier(w *enc.Writer, n *Notifier) {
	w.ShortBytes(n.ID)
	w.ShortBytes(n.Key)
	w.Raw(n.DHSecret[:])
}

func readNotifier(r *enc.Reader) *Notifier {
	n := &Notifier{ID: clone(r.ShortBytes()), Key: clone(r.ShortBytes())}
	copy(n.DHSecret[:], r.Fixed(32))
	return n
}

// clone copies b so records never alias the read buffer (which is reused).
func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}
