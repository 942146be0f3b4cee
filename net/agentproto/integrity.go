package agentproto

import (
	"bytes"
	"fmt"
)

// IntegrityKind is the receiver's verdict on a message's id and hash chain
// (upstream MsgIntegrity / MsgErrorType).
type IntegrityKind uint8

// Values are stored by the agent: explicit numbers, never reordered.
const (
	IntegrityOK        IntegrityKind = 0
	IntegrityBadID     IntegrityKind = 1 // id lower than the last one received
	IntegrityDuplicate IntegrityKind = 2 // same id as the last one received
	IntegritySkipped   IntegrityKind = 3 // ids From..To never arrived
	IntegrityBadHash   IntegrityKind = 4 // next id, but the chain hash differs
)

// Integrity is the verdict. From/To are set for IntegritySkipped, ID for
// IntegrityBadID. Integrity errors are reported, not fatal: the reference
// still delivers the message.
type Integrity struct {
	Kind     IntegrityKind
	From, To int64
	ID       int64
}

// String uses the reference's wording (MsgIntegrity strEncode).
func (i Integrity) String() string {
	switch i.Kind {
	case IntegrityOK:
		return "OK"
	case IntegrityBadID:
		return fmt.Sprintf("ERR ID %d", i.ID)
	case IntegrityDuplicate:
		return "ERR DUPLICATE"
	case IntegritySkipped:
		return fmt.Sprintf("ERR NO_ID %d %d", i.From, i.To)
	case IntegrityBadHash:
		return "ERR HASH"
	}
	return fmt.Sprintf("Integrity(%d)", i.Kind)
}

// CheckIntegrityStrict is the reference's checkMsgIntegrity: lastRcvdID and
// lastHash are what the receiver stored for the previous message (after a
// confirmation: 1 and MessageHash of its ConnInfo/ConnInfoReply), msgID and
// prevHash come from the new Message.
func CheckIntegrityStrict(lastRcvdID int64, lastHash []byte, msgID int64, prevHash []byte) Integrity {
	switch {
	case msgID == lastRcvdID+1 && bytes.Equal(lastHash, prevHash):
		return Integrity{Kind: IntegrityOK}
	case msgID < lastRcvdID:
		return Integrity{Kind: IntegrityBadID, ID: msgID}
	case msgID == lastRcvdID:
		return Integrity{Kind: IntegrityDuplicate}
	case msgID > lastRcvdID+1:
		return Integrity{Kind: IntegritySkipped, From: lastRcvdID + 1, To: msgID - 1}
	default: // next id, hash differs
		return Integrity{Kind: IntegrityBadHash}
	}
}

// CheckIntegrity is CheckIntegrityStrict plus one tolerance the official
// app has (interop-notes "Agent handshake"): a peer that does not count its
// confirmation numbers its first message (HELLO) 1 with an empty previous
// hash. When the only thing received so far is the confirmation (lastRcvdID
// 1 with its hash) such a message is OK; the agent then stores id 1 and the
// message's hash, and the peer's message 2 chains normally. A redelivery of
// that message is stopped earlier by the ratchet (duplicate message key).
func CheckIntegrity(lastRcvdID int64, lastHash []byte, msgID int64, prevHash []byte) Integrity {
	if lastRcvdID == 1 && msgID == 1 && len(prevHash) == 0 && len(lastHash) != 0 {
		return Integrity{Kind: IntegrityOK}
	}
	return CheckIntegrityStrict(lastRcvdID, lastHash, msgID, prevHash)
}
