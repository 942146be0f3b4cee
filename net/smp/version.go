package smp

import "fmt"

// Version is an SMP relay protocol version (Transport.hs).
type Version uint16

// Versions that change the wire format or behaviour. Values are protocol
// numbers, never iota.
const (
	VersionBatch          Version = 6  // batching, basic auth: the minimum we speak
	VersionAuthCmds       Version = 7  // cbAuthenticator, session id implied (not sent)
	VersionSendingProxy   Version = 8  // PRXY/PFWD/RFWD
	VersionSndAuthKey     Version = 9  // SKEY, senderCanSecure in NEW/IDS
	VersionDeletedEvent   Version = 10 // DELD event (older peers get END)
	VersionEncryptedBlock Version = 11 // per-block encryption inside TLS
	VersionBlockedEntity  Version = 12 // ERR BLOCKED (older peers get AUTH)
	VersionProxyHandshake Version = 14 // proxyServer flag in the client hello
	VersionShortLinks     Version = 15 // queue mode + link data in NEW/IDS, LSET/LDEL/LKEY/LGET/LNK
	VersionServiceCerts   Version = 16 // service signature slot, SOK/SOKS/ENDS, SUBS/NSUBS
	VersionNewNtfCreds    Version = 17 // notifier credentials inside NEW/IDS
	VersionClientNotices  Version = 18 // BLOCKED info carries a notice

	MinVersion     = VersionBatch
	CurrentVersion = VersionClientNotices
	// ProxiedMaxVersion caps the range a proxy reports for a relay (PKEY).
	ProxiedMaxVersion Version = 17
)

// VersionRange is an inclusive range of versions, encoded as w16 min ‖ w16 max.
type VersionRange struct{ Min, Max Version }

// SupportedRange is what both our client and relay speak.
var SupportedRange = VersionRange{MinVersion, CurrentVersion}

// LegacyRange is what a relay offers when the client did not negotiate ALPN smp/1.
var LegacyRange = VersionRange{MinVersion, MinVersion}

// Valid reports whether Min ≤ Max.
func (r VersionRange) Valid() bool { return r.Min <= r.Max }

// Contains reports whether v is in the range.
func (r VersionRange) Contains(v Version) bool { return r.Min <= v && v <= r.Max }

// Intersect returns the common range, or ok=false if the ranges are disjoint.
func (r VersionRange) Intersect(o VersionRange) (VersionRange, bool) {
	x := VersionRange{max(r.Min, o.Min), min(r.Max, o.Max)}
	return x, x.Valid()
}

func (r VersionRange) String() string {
	if r.Min == r.Max {
		return fmt.Sprint(r.Min)
	}
	return fmt.Sprintf("%d-%d", r.Min, r.Max)
}

// MaxMessageLength is the largest SEND body a relay of version v accepts.
func MaxMessageLength(v Version) int {
	switch {
	case v >= VersionEncryptedBlock:
		return 16048
	case v >= VersionSendingProxy:
		return 16064
	default:
		return 16088
	}
}
