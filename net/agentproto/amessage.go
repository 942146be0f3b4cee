package agentproto

import (
	"fmt"

	"duplex/crypto/enc"
	"duplex/crypto/keys"
	"duplex/net/links"
)

// AMessage is the body of a numbered agent Message (upstream AMessage):
//
//	HELLO    'H'
//	A_MSG    'M' tail(body)
//	A_RCVD   'V' nonempty(i64 sndMsgId ‖ sb(msgHash) ‖ lb(rcptInfo))
//	A_QCONT  'QC' server ‖ sb(sndId)
//	QADD     'QA' nonempty(SMPQueueUri ‖ maybe(server ‖ sb(sndId)))
//	QKEY     'QK' nonempty(SMPQueueInfo ‖ sb(senderAuthKey DER))
//	QUSE     'QU' nonempty(server ‖ sb(sndId) ‖ bool primary)
//	QTEST    'QT' nonempty(server ‖ sb(sndId))
//	EREADY   'E' i64 lastDecryptedSndMsgId
type AMessage interface {
	// MinAgentVersion is the first agent version that has the message.
	MinAgentVersion() uint16
	encodeA(w *enc.Writer)
}

// Hello confirms the queue is secured (legacy handshake).
type Hello struct{}

// AMsg carries a chat-layer message (opaque here).
type AMsg struct{ Body []byte }

// Receipt acknowledges one received message (A_RCVD).
type Receipt struct {
	SndMsgID int64  // the sender's id of the acknowledged message
	MsgHash  []byte // MessageHash the receiver computed
	Info     []byte // receipt info (empty from current clients)
}

// Receipts is A_RCVD (agent v4+).
type Receipts struct{ Receipts []Receipt }

// QCont tells the sender it may continue sending to a queue that was full.
type QCont struct{ Queue QueueAddr }

// QAddItem is one new queue, optionally replacing an old one.
type QAddItem struct {
	Queue    *links.QueueURI
	Replaces *QueueAddr
}

// QAdd (recipient → sender) adds queues to the connection.
type QAdd struct{ Queues []QAddItem }

// QKeyItem is a new queue with the key the sender will authorize with.
type QKeyItem struct {
	Queue     *links.QueueInfo
	SenderKey keys.PublicKey
}

// QKey (sender → recipient) secures added queues (legacy path).
type QKey struct{ Queues []QKeyItem }

// QUseItem says a queue is ready; Primary makes it the one to send to.
type QUseItem struct {
	Queue   QueueAddr
	Primary bool
}

// QUse (recipient → sender) tells the sender to use the queues.
type QUse struct{ Queues []QUseItem }

// QTest (sender → recipient, on the new queue) completes a switch.
type QTest struct{ Queues []QueueAddr }

// EReady completes a ratchet re-sync; LastDecryptedSndMsgID is the last
// message id the sender of EREADY decrypted before the re-sync.
type EReady struct{ LastDecryptedSndMsgID int64 }

func (Hello) MinAgentVersion() uint16     { return MinAgentVersion }
func (*AMsg) MinAgentVersion() uint16     { return MinAgentVersion }
func (*Receipts) MinAgentVersion() uint16 { return AgentVersionReceipts }
func (*QCont) MinAgentVersion() uint16    { return MinAgentVersion }
func (*QAdd) MinAgentVersion() uint16     { return MinAgentVersion }
func (*QKey) MinAgentVersion() uint16     { return MinAgentVersion }
func (*QUse) MinAgentVersion() uint16     { return MinAgentVersion }
func (*QTest) MinAgentVersion() uint16    { return MinAgentVersion }
func (*EReady) MinAgentVersion() uint16   { return AgentVersionRatchetSync }

func (Hello) encodeA(w *enc.Writer) { w.Byte('H') }

func (m *AMsg) encodeA(w *enc.Writer) {
	w.Byte('M')
	w.Tail(m.Body)
}

func (m *Receipts) encodeA(w *enc.Writer) {
	w.Byte('V')
	w.NonEmptyCount(len(m.Receipts))
	for _, r := range m.Receipts {
		w.I64(r.SndMsgID)
		w.ShortBytes(r.MsgHash)
		w.LargeBytes(r.Info)
	}
}

func (m *QCont) encodeA(w *enc.Writer) {
	w.String("QC")
	m.Queue.encode(w)
}

func (m *QAdd) encodeA(w *enc.Writer) {
	w.String("QA")
	w.NonEmptyCount(len(m.Queues))
	for _, q := range m.Queues {
		writeQueueURI(w, q.Queue)
		w.MaybeTag(q.Replaces != nil)
		if q.Replaces != nil {
			q.Replaces.encode(w)
		}
	}
}

func (m *QKey) encodeA(w *enc.Writer) {
	w.String("QK")
	w.NonEmptyCount(len(m.Queues))
	for _, q := range m.Queues {
		writeQueueInfo(w, q.Queue)
		if q.SenderKey == nil || !validAuthKey(q.SenderKey) {
			w.Fail(errAuthKeyAlg)
			return
		}
		w.ShortBytes(q.SenderKey.DER())
	}
}

func (m *QUse) encodeA(w *enc.Writer) {
	w.String("QU")
	w.NonEmptyCount(len(m.Queues))
	for _, q := range m.Queues {
		q.Queue.encode(w)
		w.Bool(q.Primary)
	}
}

func (m *QTest) encodeA(w *enc.Writer) {
	w.String("QT")
	w.NonEmptyCount(len(m.Queues))
	for i := range m.Queues {
		m.Queues[i].encode(w)
	}
}

func (m *EReady) encodeA(w *enc.Writer) {
	w.Byte('E')
	w.I64(m.LastDecryptedSndMsgID)
}

// readAMessage reads an AMessage from r; b is r's whole input (embedded
// queues are decoded by net/links from r's offset, see addr.go).
func readAMessage(r *enc.Reader, b []byte) AMessage {
	switch tag := r.Byte(); tag {
	case 'H':
		return Hello{}
	case 'M':
		return &AMsg{Body: r.Tail()}
	case 'V':
		m := &Receipts{}
		n := r.NonEmptyCount()
		for range n {
			rc := Receipt{SndMsgID: r.I64(), MsgHash: r.ShortBytes(), Info: r.LargeBytes()}
			if r.Err() != nil {
				break
			}
			m.Receipts = append(m.Receipts, rc)
		}
		return m
	case 'E':
		return &EReady{LastDecryptedSndMsgID: r.I64()}
	case 'Q':
		return readQMessage(r, b)
	default:
		if r.Err() == nil {
			r.Failf("agent message type 0x%02x", tag)
		}
	}
	return nil
}

func readQMessage(r *enc.Reader, b []byte) AMessage {
	switch tag := r.Byte(); tag {
	case 'C':
		return &QCont{Queue: readQueueAddr(r)}
	case 'A':
		m := &QAdd{}
		n := r.NonEmptyCount()
		for i := 0; i < n && r.Err() == nil; i++ {
			it := QAddItem{Queue: readQueueURI(r, b)}
			if r.MaybeTag() {
				a := readQueueAddr(r)
				it.Replaces = &a
			}
			m.Queues = append(m.Queues, it)
		}
		return m
	case 'K':
		m := &QKey{}
		n := r.NonEmptyCount()
		for i := 0; i < n && r.Err() == nil; i++ {
			it := QKeyItem{Queue: readQueueInfo(r, b)}
			it.SenderKey = readAuthKey(r)
			m.Queues = append(m.Queues, it)
		}
		return m
	case 'U':
		m := &QUse{}
		n := r.NonEmptyCount()
		for i := 0; i < n && r.Err() == nil; i++ {
			it := QUseItem{Queue: readQueueAddr(r)}
			it.Primary = r.Bool()
			m.Queues = append(m.Queues, it)
		}
		return m
	case 'T':
		m := &QTest{}
		n := r.NonEmptyCount()
		for i := 0; i < n && r.Err() == nil; i++ {
			m.Queues = append(m.Queues, readQueueAddr(r))
		}
		return m
	default:
		if r.Err() == nil {
			r.Failf("agent message type 'Q' 0x%02x", tag)
		}
	}
	return nil
}

// EncodeAMessage returns the binary form of an AMessage alone (what the
// reference stores per sent message before numbering).
func EncodeAMessage(m AMessage) ([]byte, error) {
	if m == nil {
		return nil, fmt.Errorf("nil agent message")
	}
	w := enc.NewWriter(nil)
	m.encodeA(w)
	return w.Bytes()
}

// ParseAMessage decodes an AMessage that fills b exactly.
func ParseAMessage(b []byte) (AMessage, error) {
	r := enc.NewReader(b)
	m := readAMessage(r, b)
	if err := r.Done(); err != nil {
		return nil, parseError("agent message body", err)
	}
	return m, nil
}
