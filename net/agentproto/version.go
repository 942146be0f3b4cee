package agentproto

// Agent protocol versions (upstream Agent/Protocol.hs). Each names the first
// version with a feature; a connection uses the highest version both agents
// support.
const (
	AgentVersionDuplex       uint16 = 2 // duplex handshake: reply queues in the confirmation
	AgentVersionRatchetSync  uint16 = 3 // AgentRatchetKey / EREADY
	AgentVersionReceipts     uint16 = 4 // A_RCVD delivery receipts
	AgentVersionPQ           uint16 = 5 // sntrup761 in the double ratchet (smaller paddings)
	AgentVersionSndAuthKey   uint16 = 6 // sender-secured reply queues (SKEY)
	AgentVersionRatchetOnCnf uint16 = 7 // initiator starts its ratchet on the confirmation

	MinAgentVersion     = AgentVersionDuplex
	CurrentAgentVersion = AgentVersionRatchetOnCnf
)

// SMP client versions (the per-queue layer, upstream SMPClientVersion).
const (
	ClientVersionInitial   uint16 = 1 // legacy single-host server encoding
	ClientVersionHostnames uint16 = 2 // several hosts per server
	ClientVersionSndAuth   uint16 = 3 // sender may secure the queue (SKEY)
	ClientVersionShortLink uint16 = 4 // queue mode byte, short links

	MinClientVersion     = ClientVersionInitial
	CurrentClientVersion = ClientVersionShortLink
)

// Paddings. Who pads what is drawn in doc.go.
const (
	// E2EConfirmationLen pads a ClientMessage whose envelope carries the
	// sender's X25519 key (confirmations, invitations to contact queues).
	E2EConfirmationLen = 15904
	// E2EMessageLen pads every other ClientMessage.
	E2EMessageLen = 16000
	// MaxSendBody is the largest SEND body a relay of SMP version ≥ 11
	// accepts; every envelope this package builds fits it.
	MaxSendBody = 16048

	connInfoLen     = 14832
	connInfoLenPQ   = 11106
	agentMsgLen     = 15840
	agentMsgLenPQ   = 13618
	x25519DERLength = 44
)

// ConnInfoPadLen is the ratchet padding of a confirmation's AgentConnInfo /
// AgentConnInfoReply at agent version v (smaller once PQ headers are in use).
func ConnInfoPadLen(v uint16, pq bool) int {
	if pq && v >= AgentVersionPQ {
		return connInfoLenPQ
	}
	return connInfoLen
}

// MessagePadLen is the ratchet padding of an AgentMessage at agent version v.
func MessagePadLen(v uint16, pq bool) int {
	if pq && v >= AgentVersionPQ {
		return agentMsgLenPQ
	}
	return agentMsgLen
}

// CheckClientVersion applies the reference's check on the public header of
// a received envelope: the sender's SMP client version must be in our range
// or not above the version agreed for the queue (0 = none agreed yet).
func CheckClientVersion(v, agreed uint16) error {
	if (v >= MinClientVersion && v <= CurrentClientVersion) || (agreed != 0 && v <= agreed) {
		return nil
	}
	return versionError("SMP client version %d", v)
}

// CheckAgentVersion reports A_VERSION for an agent version outside 2–7.
func CheckAgentVersion(v uint16) error {
	if v < MinAgentVersion || v > CurrentAgentVersion {
		return versionError("agent version %d", v)
	}
	return nil
}
