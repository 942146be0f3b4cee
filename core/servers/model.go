package servers

import (
	"strings"
	"time"

	"duplex/net/smp"
)

// Protocol is a server protocol a profile configures.
type Protocol string

const (
	SMP  Protocol = "smp"
	XFTP Protocol = "xftp"
)

// Roles say what an operator's servers are used for. For SMP, Storage means
// receive queues are created there and Proxy means the server may forward
// messages for private routing; for XFTP, Storage means file chunks are
// uploaded there.
type Roles struct {
	Storage bool
	Proxy   bool
}

// AllRoles is what servers of no operator ("your servers") always get.
var AllRoles = Roles{Storage: true, Proxy: true}

// Operator is a server operator. Operators are global: every profile sees
// the same operators, enabled flags, roles and conditions.
type Operator struct {
	ID        int64  // 0 until stored
	Tag       string // "simplex", "flux"
	TradeName string
	LegalName string
	Domains   []string // host suffixes, e.g. "simplex.im"
	Enabled   bool
	SMPRoles  Roles
	XFTPRoles Roles
	// Acceptance of the current usage conditions (computed, not stored as such).
	Acceptance Acceptance
}

// RolesFor returns the operator's roles for protocol p.
func (o *Operator) RolesFor(p Protocol) Roles {
	if p == XFTP {
		return o.XFTPRoles
	}
	return o.SMPRoles
}

// Owns reports whether any domain-name host of srv ends with one of the
// operator's domains. Onion hosts and IP addresses never match: attribution
// is by domain only, as upstream's matchingHost.
func (o *Operator) Owns(srv smp.Server) bool {
	for _, h := range srv.Hosts {
		if !isDomainName(h) {
			continue
		}
		for _, d := range o.Domains {
			if d != "" && strings.HasSuffix(h, d) {
				return true
			}
		}
	}
	return false
}

func isDomainName(h string) bool {
	if strings.HasSuffix(h, ".onion") || strings.HasPrefix(h, "[") || strings.Contains(h, ":") {
		return false
	}
	// All-digit dotted hosts are IPv4 addresses.
	for _, c := range h {
		if c != '.' && (c < '0' || c > '9') {
			return true
		}
	}
	return false
}

// Server is one configured server of a profile.
type Server struct {
	ID       int64 // 0 until stored
	Protocol Protocol
	Address  smp.ServerAddress
	Preset   bool
	Enabled  bool
	Deleted  bool  // marked for deletion; a deleted preset stays as a tombstone
	Tested   *bool // nil: never tested
}

// Hosts returns the server's hosts.
func (s *Server) Hosts() []string { return s.Address.Hosts }

// ProfileServers is everything a profile's server settings hold: the global
// operators and the profile's own server list.
type ProfileServers struct {
	Operators []Operator
	SMP       []Server
	XFTP      []Server
}

// List returns the servers of protocol p.
func (ps *ProfileServers) List(p Protocol) []Server {
	if p == XFTP {
		return ps.XFTP
	}
	return ps.SMP
}

// OperatorOf returns the operator that owns srv, or nil for a custom server
// ("your servers"). The first operator in order wins, as upstream's find
// over the (domain, operator) list.
func OperatorOf(ops []Operator, srv smp.Server) *Operator {
	for i := range ops {
		if ops[i].Owns(srv) {
			return &ops[i]
		}
	}
	return nil
}

// Acceptance is an operator's state for the current usage conditions.
type Acceptance struct {
	Accepted     bool
	AcceptedAt   time.Time // zero: unknown (accepted before times were recorded)
	AutoAccepted bool      // accepted because the review deadline passed
	// Deadline applies when !Accepted: the conditions will be accepted
	// automatically then. Zero: no deadline, acceptance is required now.
	Deadline time.Time
}
