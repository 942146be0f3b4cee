package ratchet

// E2E ratchet versions (upstream VersionE2E).
const (
	// VersionKDFX3DH (2) is the oldest version we speak: X3DH through HKDF.
	VersionKDFX3DH uint16 = 2
	// VersionPQ (3) adds sntrup761 KEM fields and 2-byte length prefixes.
	VersionPQ uint16 = 3
	// MinVersion and CurrentVersion bound the range we negotiate.
	MinVersion     = VersionKDFX3DH
	CurrentVersion = VersionPQ
)

// Padded sizes. Headers are padded before encryption so that their length
// reveals nothing but "PQ supported or not"; the body sizes are what the
// agent passes to Encrypt (they keep the whole ratchet message inside the
// 16000-byte SMP e2e envelope: 142 + 15840 and 2364 + 13618 both fit).
const (
	HeaderPadLen   = 88   // padded MsgHeader without PQ support
	HeaderPadLenPQ = 2310 // padded MsgHeader once PQ is supported

	MsgPadLen        = 15840 // AgentMsgEnvelope body, no PQ
	MsgPadLenPQ      = 13618 // AgentMsgEnvelope body, PQ supported
	ConnInfoPadLen   = 14832 // AgentConfirmation body, no PQ
	ConnInfoPadLenPQ = 11106 // AgentConfirmation body, PQ supported

	// Overhead is the ratchet message length minus the padded body length
	// for version 3 (OverheadPQ once PQ is supported).
	Overhead   = 2 + encHeaderFixed + 2 + HeaderPadLen + tagSize
	OverheadPQ = 2 + encHeaderFixed + 2 + HeaderPadLenPQ + tagSize
)

// MaxSkip bounds how many message keys one received message may skip in a
// chain (upstream maxSkip): more is TooManySkippedError, state unchanged.
const MaxSkip = 512

// MaxStoredSkipped bounds the skipped-key store across all chains. Upstream
// keeps skipped keys in an unbounded table; we keep them in the state, so a
// peer that keeps skipping could otherwise grow it without limit. When full,
// the oldest keys go first (their messages become undecryptable).
const MaxStoredSkipped = 4 * MaxSkip

// MessagePadLen is the body padding the agent uses for ordinary messages.
func MessagePadLen(pqSupport bool) int {
	if pqSupport {
		return MsgPadLenPQ
	}
	return MsgPadLen
}

// ConnInfoPadLenFor is the body padding for confirmations.
func ConnInfoPadLenFor(pqSupport bool) int {
	if pqSupport {
		return ConnInfoPadLenPQ
	}
	return ConnInfoPadLen
}

const (
	keySize        = 32
	ivSize         = 16
	tagSize        = 16
	dhSize         = 56
	encHeaderFixed = 2 + ivSize + tagSize // version, IV, tag of EncMessageHeader
)

func headerPadLen(v uint16, pqSupport bool) int {
	if pqSupport && v >= VersionPQ {
		return HeaderPadLenPQ
	}
	return HeaderPadLen
}
