package protocol

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// VersionRange is the chat protocol version range a message advertises in
// "v": "1" (Min == Max) or "1-16".
type VersionRange struct{ Min, Max uint16 }

const (
	// UpstreamCurrentVersion is the newest chat protocol version in the
	// newest upstream Protocol.hs read (2026-04: 18, comments on channel
	// posts). Recorded so the gap to SupportedRange stays visible.
	UpstreamCurrentVersion = 18

	// InitialVersion is the range assumed when "v" is absent.
	InitialVersion = 1
)

// SupportedRange is what Duplex advertises. 16 (short link data) is the
// newest version whose semantics the chat service implements, and what the
// released apps we met advertise ("1-16"). 17 (host voice during member
// approval) and 18 (channel comments) are group features we do not honour
// yet; advertising them would promise behaviour we lack. UNSURE: revisit
// when groups land.
var SupportedRange = VersionRange{Min: 1, Max: 16}

// Versions that change the wire format, named as in upstream.
const (
	VersionBatchSend     = 5  // JSON array batches in groups
	VersionCompression   = 8  // 'X' compressed bodies, PQ e2e
	VersionBatchSend2    = 9  // batches in direct connections
	VersionShortLinkData = 16 // short link data
)

// ParseVersionRange parses "N" or "N-M" (decimal, N <= M, each < 65536).
func ParseVersionRange(s string) (VersionRange, error) {
	lo, hi, dash := strings.Cut(s, "-")
	a, err := parseVersion(lo)
	if err != nil {
		return VersionRange{}, fmt.Errorf("version range %q: %v", s, err)
	}
	b := a
	if dash {
		if b, err = parseVersion(hi); err != nil {
			return VersionRange{}, fmt.Errorf("version range %q: %v", s, err)
		}
	}
	if a > b {
		return VersionRange{}, fmt.Errorf("version range %q: min > max", s)
	}
	return VersionRange{a, b}, nil
}

func parseVersion(s string) (uint16, error) {
	if s == "" || len(s) > 5 {
		return 0, fmt.Errorf("bad version %q", s)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("bad version %q", s)
		}
	}
	n, err := strconv.ParseUint(s, 10, 16)
	if err != nil {
		return 0, fmt.Errorf("bad version %q", s)
	}
	return uint16(n), nil
}

func (r VersionRange) String() string {
	if r.Min == r.Max {
		return strconv.Itoa(int(r.Min))
	}
	return strconv.Itoa(int(r.Min)) + "-" + strconv.Itoa(int(r.Max))
}

// Contains reports whether v is in the range.
func (r VersionRange) Contains(v uint16) bool { return r.Min <= v && v <= r.Max }

// Compatible returns the highest version both ranges share.
func (r VersionRange) Compatible(o VersionRange) (uint16, bool) {
	lo, hi := max(r.Min, o.Min), min(r.Max, o.Max)
	if lo > hi {
		return 0, false
	}
	return hi, true
}

func (r VersionRange) MarshalJSON() ([]byte, error) { return jstr(r.String()), nil }

func (r *VersionRange) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("version range: want a string")
	}
	v, err := ParseVersionRange(s)
	if err != nil {
		return err
	}
	*r = v
	return nil
}
