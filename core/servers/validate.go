package servers

import (
	"fmt"
	"strings"

	"duplex/net/smp"
)

// ProblemKind classifies a validation error (upstream UserServersError).
type ProblemKind int

const (
	NoServers       ProblemKind = 1 // no enabled server of enabled operators or custom
	StorageMissing  ProblemKind = 2 // none of those has the storage role
	ProxyMissing    ProblemKind = 3 // none of those has the proxy role
	DuplicateServer ProblemKind = 4 // one host in two servers
)

// Problem is one reason a server configuration cannot be saved.
type Problem struct {
	Kind      ProblemKind
	Protocol  Protocol
	ProfileID int64  // 0: the profile being edited; else another profile this change would break
	Server    string // DuplicateServer: the address
	Host      string // DuplicateServer: the repeated host
}

func (p Problem) Error() string {
	proto := strings.ToUpper(string(p.Protocol))
	var msg string
	switch p.Kind {
	case NoServers:
		msg = fmt.Sprintf("no %s servers are enabled: enable an operator or add and enable a server", proto)
	case StorageMissing:
		if p.Protocol == XFTP {
			msg = "no XFTP servers to send files: turn on \"Use for files\" for an operator or add a server"
		} else {
			msg = "no SMP servers to receive messages: turn on \"To receive\" for an operator or add a server"
		}
	case ProxyMissing:
		msg = fmt.Sprintf("no %s servers for private routing: turn on \"For private routing\" for an operator or add a server", proto)
	case DuplicateServer:
		msg = fmt.Sprintf("host %s is used by more than one %s server (%s)", p.Host, proto, p.Server)
	default:
		msg = "unknown server problem"
	}
	if p.ProfileID != 0 {
		return fmt.Sprintf("profile %d: %s", p.ProfileID, msg)
	}
	return msg
}

// Validate checks the profile being edited (all checks) and, because
// operators are global, every other profile for the checks an operator
// change can break (no servers, no storage, no proxy) — upstream's
// validateUserServers.
func Validate(cur *ProfileServers, others map[int64]*ProfileServers) []Problem {
	var out []Problem
	for _, p := range []Protocol{SMP, XFTP} {
		out = append(out, roleProblems(cur, p, 0)...)
	}
	for _, p := range []Protocol{SMP, XFTP} {
		out = append(out, duplicateProblems(cur, p)...)
	}
	for _, id := range sortedIDs(others) {
		for _, p := range []Protocol{SMP, XFTP} {
			out = append(out, roleProblems(others[id], p, id)...)
		}
	}
	return out
}

func roleProblems(ps *ProfileServers, p Protocol, profile int64) []Problem {
	usable := func(need func(Roles) bool) bool {
		for _, s := range ps.List(p) {
			if !s.Enabled || s.Deleted {
				continue
			}
			op := OperatorOf(ps.Operators, s.Address.Server)
			if op == nil || op.Enabled && need(op.RolesFor(p)) {
				return true
			}
		}
		return false
	}
	if !usable(func(Roles) bool { return true }) {
		return []Problem{{Kind: NoServers, Protocol: p, ProfileID: profile}}
	}
	var out []Problem
	if !usable(func(r Roles) bool { return r.Storage }) {
		out = append(out, Problem{Kind: StorageMissing, Protocol: p, ProfileID: profile})
	}
	if !usable(func(r Roles) bool { return r.Proxy }) {
		out = append(out, Problem{Kind: ProxyMissing, Protocol: p, ProfileID: profile})
	}
	return out
}

func duplicateProblems(ps *ProfileServers, p Protocol) []Problem {
	count := map[string]int{}
	for _, s := range ps.List(p) {
		if !s.Deleted {
			for _, h := range s.Address.Hosts {
				count[h]++
			}
		}
	}
	var out []Problem
	for _, s := range ps.List(p) {
		if s.Deleted {
			continue
		}
		for _, h := range s.Address.Hosts {
			if count[h] > 1 {
				out = append(out, Problem{Kind: DuplicateServer, Protocol: p, Server: s.Address.String(), Host: h})
				break
			}
		}
	}
	return out
}

func sortedIDs(m map[int64]*ProfileServers) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
	return ids
}

// ParseServer reads a server address the user pasted for protocol p:
// <p>://<key hash>[:<password>]@<host>[,<host>…][:<port>].
func ParseServer(p Protocol, s string) (smp.ServerAddress, error) {
	s = strings.TrimSpace(s)
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || (scheme != "smp" && scheme != "xftp") {
		return smp.ServerAddress{}, fmt.Errorf("not a server address: it must start with %s://", p)
	}
	if Protocol(scheme) != p {
		return smp.ServerAddress{}, fmt.Errorf("this is an %s server address, not %s", strings.ToUpper(scheme), strings.ToUpper(string(p)))
	}
	a, err := smp.ParseServerAddress("smp://" + rest)
	if err != nil {
		return smp.ServerAddress{}, fmt.Errorf("malformed %s server address: expected %s://<key hash>@<host>[:port] (%v)", strings.ToUpper(string(p)), p, err)
	}
	for _, h := range a.Hosts {
		// A user typo, not a host: "smp8." or "a..b".
		if !strings.Contains(h, ":") && (strings.HasPrefix(h, ".") || strings.HasSuffix(h, ".") || strings.Contains(h, "..")) {
			return smp.ServerAddress{}, fmt.Errorf("malformed %s server address: bad host %q", strings.ToUpper(string(p)), h)
		}
	}
	return a, nil
}

// AddressString writes a server address with the scheme of protocol p.
func AddressString(p Protocol, a smp.ServerAddress) string {
	s := a.String()
	if p == XFTP {
		return "xftp" + strings.TrimPrefix(s, "smp")
	}
	return s
}
