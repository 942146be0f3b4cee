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
	smp.AppendServer(w, a.Server)
	w.ShortBytes(a.SenderID)
}

func readQueueAddr(r *enc.Reader) QueueAddr {
	srv := smp.ReadServer(r)
	return QueueAddr{Server: srv, SenderID: clone(r.ShortBytes())}
}

// Agent messages embed queues in lists; net/links owns their grammar and
// says how many bytes each one used. b is the buffer r reads.

func readQueueInfo(r *enc.Reader, b []byte) *links.QueueInfo {
	if r.Err() != nil {
		return nil
	}
	q, n, err := links.DecodeQueueInfo(b[r.Offset():])
	if err != nil {
		r.Fail(err)
		return nil
	}
	r.Fixed(n)
	return q
}

func readQueueURI(r *enc.Reader, b []byte) *links.QueueURI {
	if r.Err() != nil {
		return nil
	}
	q, n, err := links.DecodeQueueURI(b[r.Offset():])
	if err != nil {
		r.Fail(err)
		return nil
	}
	r.Fixed(n)
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
