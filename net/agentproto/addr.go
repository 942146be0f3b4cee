package agentproto

import (
	"fmt"

	"duplex/crypto/enc"
	"duplex/net/links"
	"duplex/net/smp"
)

// QueueAddr names a queue the way the sender sees it (upstream SndQAddr):
// its server and sender id. Binary: server ‖ sb(senderId).
type QueueAddr struct {
	Server   smp.Server
	SenderID []byte
}

func (a *QueueAddr) encode(w *enc.Writer) {
	writeServer(w, a.Server)
	w.ShortBytes(a.SenderID)
}

func readQueueAddr(r *enc.Reader, b []byte) QueueAddr {
	srv := readServer(r, b)
	return QueueAddr{Server: srv, SenderID: clone(r.ShortBytes())}
}

func writeServer(w *enc.Writer, s smp.Server) {
	b, err := smp.EncodeServer(s)
	if err != nil {
		w.Fail(fmt.Errorf("server: %w", err))
		return
	}
	w.Raw(b)
}

// The parsers in net/smp and net/links consume their input exactly, while
// agent messages embed servers and queues in lists. The helpers below
// measure one embedded field from its length prefixes (never reading past
// b) and hand exactly those bytes to the owning package's parser, so there
// is one definition of each form.

// sbRun returns the length of n consecutive sb fields at off, or -1.
func sbRun(b []byte, off, n int) int {
	start := off
	for range n {
		if off >= len(b) {
			return -1
		}
		off += 1 + int(b[off])
		if off > len(b) {
			return -1
		}
	}
	return off - start
}

// serverLen measures nonempty(sb host) ‖ sb(port) ‖ sb(keyHash) at off.
func serverLen(b []byte, off int) int {
	if off >= len(b) || b[off] == 0 {
		return -1
	}
	n := sbRun(b, off+1, int(b[off])+2)
	if n < 0 {
		return -1
	}
	return 1 + n
}

func readServer(r *enc.Reader, b []byte) smp.Server {
	if r.Err() != nil {
		return smp.Server{}
	}
	n := serverLen(b, r.Offset())
	if n < 0 {
		r.Failf("server: truncated or empty host list")
		return smp.Server{}
	}
	s, err := smp.ParseServer(r.Fixed(n))
	if err != nil {
		r.Fail(fmt.Errorf("server: %w", err))
	}
	return s
}

// modeLen is 1 if the byte at off is an optional queue mode ('M'/'C') or
// sender-can-secure bool ('T'/'F'): the reference's queueModeP takes it
// whenever it is there, whatever the version.
func modeLen(b []byte, off int) int {
	if off < len(b) {
		switch b[off] {
		case 'M', 'C', 'T', 'F':
			return 1
		}
	}
	return 0
}

// queueInfoLen measures an SMPQueueInfo at off.
func queueInfoLen(b []byte, off int) int {
	if off+2 > len(b) {
		return -1
	}
	v := uint16(b[off])<<8 | uint16(b[off+1])
	p := off + 2
	var n int
	if v > ClientVersionInitial {
		n = serverLen(b, p)
	} else {
		n = sbRun(b, p, 3) // legacy single-host server
	}
	if n < 0 {
		return -1
	}
	p += n
	if n = sbRun(b, p, 2); n < 0 { // senderId, dh key
		return -1
	}
	p += n
	p += modeLen(b, p)
	return p - off
}

// queueURILen measures a binary SMPQueueUri at off.
func queueURILen(b []byte, off int) int {
	p := off + 4 // version range
	n := serverLen(b, p)
	if n < 0 {
		return -1
	}
	p += n
	if n = sbRun(b, p, 2); n < 0 {
		return -1
	}
	p += n
	p += modeLen(b, p)
	return p - off
}

func readQueueInfo(r *enc.Reader, b []byte) *links.QueueInfo {
	if r.Err() != nil {
		return nil
	}
	n := queueInfoLen(b, r.Offset())
	if n < 0 {
		r.Failf("queue info: truncated")
		return nil
	}
	q, err := links.ParseQueueInfo(r.Fixed(n))
	if err != nil {
		r.Fail(err)
		return nil
	}
	return q
}

func readQueueURI(r *enc.Reader, b []byte) *links.QueueURI {
	if r.Err() != nil {
		return nil
	}
	n := queueURILen(b, r.Offset())
	if n < 0 {
		r.Failf("queue URI: truncated")
		return nil
	}
	q, err := links.ParseQueueURIBinary(r.Fixed(n))
	if err != nil {
		r.Fail(err)
		return nil
	}
	return q
}

func writeQueueURI(w *enc.Writer, q *links.QueueURI) {
	if q == nil {
		w.Fail(fmt.Errorf("nil queue URI"))
		return
	}
	b, err := q.MarshalBinary()
	if err != nil {
		w.Fail(err)
		return
	}
	w.Raw(b)
}

func writeQueueInfo(w *enc.Writer, q *links.QueueInfo) {
	if q == nil {
		w.Fail(fmt.Errorf("nil queue info"))
		return
	}
	q.Encode(w)
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}
