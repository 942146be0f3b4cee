package links

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"duplex/crypto/enc"
	"duplex/net/smp"
)

// The server address type and its grammar belong to net/smp; links use its
// authority parser (any non-empty key hash: the reference's test links use
// 4-byte hashes) and its reader/writer forms for servers embedded in binary
// structures.

// parseAuthority parses "<keyHash>@<host>[,<host>…][:<port>]".
// Basic auth is never part of a link.
func parseAuthority(s string) (smp.Server, error) {
	srv, err := smp.ParseServerAuthority(s)
	var ae *smp.AuthorityError
	switch {
	case err == nil:
		return srv, nil
	case errors.Is(err, smp.ErrAuthorityBasicAuth):
		return smp.Server{}, errors.New("server: basic auth is not allowed in a link")
	case errors.As(err, &ae):
		return smp.Server{}, errors.New("server: " + ae.Reason)
	}
	return smp.Server{}, fmt.Errorf("server: %w", err)
}

// parseB64 is the reference's base64urlP: a non-empty run of base64url
// characters with optional '=' padding.
func parseB64(s string) ([]byte, error) {
	if s == "" {
		return nil, errors.New("empty base64url")
	}
	b, err := enc.ParseB64Lenient(s)
	if err != nil {
		return nil, fmt.Errorf("bad base64url %q", s)
	}
	return b, nil
}

// serverAuthority writes the authority with all hosts (or only the first
// when legacy is set, as SMP client v1 URIs do).
func serverAuthority(s smp.Server, legacy bool) string {
	if legacy && len(s.Hosts) > 1 {
		s.Hosts = s.Hosts[:1]
	}
	str := s.String() // "smp://<kh>@hosts[:port]"
	// smp prints the key hash with padding exactly as we need; strip the
	// scheme so the caller decides the prefix.
	return strings.TrimPrefix(str, "smp://")
}

// parseHostList parses comma-separated hosts (srv= and h= parameters);
// an empty string is an empty list, as the reference's TransportHosts_.
func parseHostList(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	var hs []string
	for _, h := range strings.Split(s, ",") {
		k, ok := smp.ClassifyHost(h)
		if !ok {
			return nil, fmt.Errorf("bad host %q", h)
		}
		if k == smp.HostIPv6 {
			ip, err := netip.ParseAddr(strings.Trim(h, "[]"))
			if err != nil {
				return nil, fmt.Errorf("bad host %q", h)
			}
			h = ip.String()
		}
		hs = append(hs, h)
	}
	return hs, nil
}

func formatHostList(hs []string) string {
	out := make([]string, len(hs))
	for i, h := range hs {
		if ip, err := netip.ParseAddr(h); err == nil && ip.Is6() {
			h = "[" + h + "]"
		}
		out[i] = h
	}
	return strings.Join(out, ",")
}

// extraSMPServerHosts are the onion aliases the reference adds to a
// single-host server in SMP-client-v1 queue URIs (Agent/Protocol.hs).
var extraSMPServerHosts = map[string]string{
	"smp4.simplex.im":  "o5vmywmrnaxalvz6wi3zicyftgio6psuvyniis6gco6bp6ekl4cqj4id.onion",
	"smp5.simplex.im":  "jjbyvoemxysm7qxap7m5d5m35jzv5qq6gnlv7s4rsn7tdwwmuqciwpid.onion",
	"smp6.simplex.im":  "bylepyau3ty4czmn77q4fglvperknl4bi2eb2fdy2bh4jxtf32kf73yd.onion",
	"smp8.simplex.im":  "beccx4yfxxbvyhqypaavemqurytl6hozr47wfc7uuecacjqdvwpw2xid.onion",
	"smp9.simplex.im":  "jssqzccmrcws6bhmn77vgmhfjmhwlyr3u7puw4erkyoosywgl67slqqd.onion",
	"smp10.simplex.im": "rb2pbttocvnbrngnwziclp2f4ckjq65kebafws6g4hy22cdaiv5dwjqd.onion",
}

func addOnionAlias(s smp.Server) smp.Server {
	if len(s.Hosts) == 1 {
		if o, ok := extraSMPServerHosts[s.Hosts[0]]; ok {
			s.Hosts = []string{s.Hosts[0], o}
		}
	}
	return s
}

func cloneServer(s smp.Server) smp.Server {
	return smp.Server{Hosts: slices.Clone(s.Hosts), Port: s.Port, KeyHash: slices.Clone(s.KeyHash)}
}

// SameServer reports whether two servers have the same hosts (in order),
// port and key hash.
func SameServer(a, b smp.Server) bool {
	return slices.Equal(a.Hosts, b.Hosts) && a.Port == b.Port && string(a.KeyHash) == string(b.KeyHash)
}

// sameServerAddr is the reference's sameSrvAddr: hosts and port, not the key hash.
func sameServerAddr(a, b smp.Server) bool {
	return slices.Equal(a.Hosts, b.Hosts) && a.Port == b.Port
}

// binReader is an enc.Reader that can also look at the next byte (it keeps
// the input), for the reference's optional trailing fields.
type binReader struct {
	*enc.Reader
	b []byte
}

func newBinReader(b []byte) *binReader { return &binReader{enc.NewReader(b), b} }

// peek returns the next byte without consuming it.
func (r *binReader) peek() (byte, bool) {
	if r.Err() != nil || r.Len() == 0 {
		return 0, false
	}
	return r.b[r.Offset()], true
}
