package agentproto

import (
	"crypto/sha256"
	"fmt"

	"duplex/crypto/enc"
	"duplex/net/links"
)

// AgentMessage is what the ratchet decrypts (or, for RatchetInfo, what the
// per-queue layer carries) — upstream AgentMessage:
//
//	ConnInfo       'I' tail(connInfo)                              initiator's confirmation
//	ConnInfoReply  'D' nonempty(SMPQueueInfo) tail(connInfo)       joiner's confirmation, with reply queue(s)
//	RatchetInfo    'R' tail(info)                                  inside RatchetKey
//	Message        'M' i64 sndMsgId ‖ sb(prevMsgHash) ‖ aMessage   everything after the handshake
//
// Its encoded bytes are what MessageHash hashes.
type AgentMessage interface {
	encodeAgent(w *enc.Writer)
}

// ConnInfo is the initiator's confirmation payload (the chat layer's
// profile message, opaque here).
type ConnInfo struct{ Info []byte }

// ConnInfoReply is the joiner's confirmation payload: its reply queue(s)
// and its profile.
type ConnInfoReply struct {
	Queues []*links.QueueInfo // 1..255
	Info   []byte
}

// RatchetInfo rides in a RatchetKey envelope.
type RatchetInfo struct{ Info []byte }

// Message is a numbered agent message (upstream AgentMessage with
// APrivHeader). SndMsgID counts every message the sender sent on the
// connection, the confirmation being 1; PrevMsgHash is MessageHash of the
// previous one (empty before the first).
type Message struct {
	SndMsgID    int64
	PrevMsgHash []byte
	Body        AMessage
}

func (m *ConnInfo) encodeAgent(w *enc.Writer) {
	w.Byte('I')
	w.Tail(m.Info)
}

func (m *ConnInfoReply) encodeAgent(w *enc.Writer) {
	w.Byte('D')
	w.NonEmptyCount(len(m.Queues))
	for _, q := range m.Queues {
		writeQueueInfo(w, q)
	}
	w.Tail(m.Info)
}

func (m *RatchetInfo) encodeAgent(w *enc.Writer) {
	w.Byte('R')
	w.Tail(m.Info)
}

func (m *Message) encodeAgent(w *enc.Writer) {
	w.Byte('M')
	w.I64(m.SndMsgID)
	w.ShortBytes(m.PrevMsgHash)
	if m.Body == nil {
		w.Fail(fmt.Errorf("agent message without body"))
		return
	}
	m.Body.encodeA(w)
}

// EncodeAgentMessage returns the encoded message: the ratchet plaintext,
// and the input of MessageHash.
func EncodeAgentMessage(m AgentMessage) ([]byte, error) {
	w := enc.NewWriter(nil)
	m.encodeAgent(w)
	return w.Bytes()
}

// ParseAgentMessage decodes a decrypted agent message. Byte fields alias b.
func ParseAgentMessage(b []byte) (AgentMessage, error) {
	r := enc.NewReader(b)
	var m AgentMessage
	switch tag := r.Byte(); tag {
	case 'I':
		m = &ConnInfo{Info: r.Tail()}
	case 'D':
		d := &ConnInfoReply{}
		n := r.NonEmptyCount()
		for range n {
			if q := readQueueInfo(r, b); q != nil {
				d.Queues = append(d.Queues, q)
			}
		}
		d.Info = r.Tail()
		m = d
	case 'R':
		m = &RatchetInfo{Info: r.Tail()}
	case 'M':
		msg := &Message{SndMsgID: r.I64(), PrevMsgHash: r.ShortBytes()}
		msg.Body = readAMessage(r, b)
		m = msg
	default:
		if r.Err() == nil {
			r.Failf("agent message tag 0x%02x", tag)
		}
	}
	if err := r.Done(); err != nil {
		return nil, parseError("agent message", err)
	}
	return m, nil
}

// MessageHash is SHA-256 of an encoded AgentMessage (the ratchet plaintext
// before padding). The receiver stores it as the hash the next message's
// PrevMsgHash must equal, and sends it back in A_RCVD receipts; the sender
// keeps its own to compare.
func MessageHash(encodedAgentMessage []byte) []byte {
	h := sha256.Sum256(encodedAgentMessage)
	return h[:]
}
