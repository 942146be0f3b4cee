package links

import (
	"fmt"
	"strconv"
	"strings"

	"duplex/crypto/enc"
)

// VersionRange is an inclusive range of protocol versions. Which protocol
// depends on the field: SMP client versions in queue URIs, agent versions in
// connection requests and link data, e2e versions in ratchet parameters.
//
//	string: "<min>" when min == max, else "<min>-<max>"
//	binary: w16 min ‖ w16 max
type VersionRange struct{ Min, Max uint16 }

// Versions we write (ARCHITECTURE.md "Versions we speak").
var (
	// SMPClientVersions: SMP client (queue URI) versions 1–4.
	SMPClientVersions = VersionRange{1, 4}
	// AgentVersions: agent versions 2–7.
	AgentVersions = VersionRange{2, 7}
	// E2EVersions: ratchet versions 2–3 (3 = sntrup761).
	E2EVersions = VersionRange{2, 3}
)

// SMP client versions that change the queue URI (Protocol.hs).
const (
	smpClientInitial   = 1 // legacy: one host in the authority, others in srv=
	smpClientHostnames = 2 // all hosts in the authority
	smpClientSndAuth   = 3 // sender can secure (k=s / bool in binary)
	smpClientShortLink = 4 // queue mode byte in binary, no k=s
	agentMinSupported  = 2 // contact links are raised to at least this
	e2eVersionPQ       = 3 // kem_key in ratchet parameters
)

func (v VersionRange) String() string {
	if v.Min == v.Max {
		return strconv.Itoa(int(v.Min))
	}
	return strconv.Itoa(int(v.Min)) + "-" + strconv.Itoa(int(v.Max))
}

// Contains reports whether x is in the range.
func (v VersionRange) Contains(x uint16) bool { return v.Min <= x && x <= v.Max }

// Intersect returns the common range, ok=false if there is none.
func (v VersionRange) Intersect(o VersionRange) (VersionRange, bool) {
	r := VersionRange{max(v.Min, o.Min), min(v.Max, o.Max)}
	return r, r.Min <= r.Max
}

func parseVersion(s string) (uint16, error) {
	if s == "" {
		return 0, fmt.Errorf("empty version")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("version %q is not a number", s)
		}
	}
	n, err := strconv.ParseUint(s, 10, 16)
	if err != nil {
		return 0, fmt.Errorf("version %q out of range", s)
	}
	return uint16(n), nil
}

// ParseVersionRange parses "<min>" or "<min>-<max>" (min ≤ max).
func ParseVersionRange(s string) (VersionRange, error) {
	a, b, dash := strings.Cut(s, "-")
	lo, err := parseVersion(a)
	if err != nil {
		return VersionRange{}, err
	}
	hi := lo
	if dash {
		if hi, err = parseVersion(b); err != nil {
			return VersionRange{}, err
		}
	}
	if lo > hi {
		return VersionRange{}, fmt.Errorf("invalid version range %s (min > max)", s)
	}
	return VersionRange{lo, hi}, nil
}

func (v VersionRange) encode(w *enc.Writer) {
	w.W16(v.Min)
	w.W16(v.Max)
}

func readVersionRange(r *enc.Reader) VersionRange {
	v := VersionRange{r.W16(), r.W16()}
	if r.Err() == nil && v.Min > v.Max {
		r.Failf("invalid version range %d-%d", v.Min, v.Max)
	}
	return v
}
