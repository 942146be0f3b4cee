package smp

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"

	"duplex/crypto/enc"
	"duplex/net/tls13/certs"
)

// DefaultPort is the SMP port when an address names none (and the host is
// not a preset host, which uses 443 — see ClientConfig.PresetHosts).
const DefaultPort = "5223"

// Server identifies a relay: hosts (the first reachable one is used), port
// ("" = default) and the key hash (SHA-256 of the identity certificate).
type Server struct {
	Hosts   []string
	Port    string
	KeyHash []byte // 32 bytes
}

// ServerAddress is a server with optional basic auth ("password"):
//
//	smp://<keyHash base64url, padded>[:<basicAuth>]@<host>[,<host>…][:<port>]
//
// Hosts are domain names, IPv4, IPv6 (written in brackets) or *.onion.
type ServerAddress struct {
	Server
	BasicAuth []byte // nil = none
}

var errAddress = errors.New("smp: bad server address")

// ParseServerAddress parses the smp:// form (the reference's strP for
// ProtoServerWithAuth, plus bracketed IPv6 which it also accepts).
func ParseServerAddress(s string) (ServerAddress, error) {
	const scheme = "smp://"
	if !strings.HasPrefix(s, scheme) {
		return ServerAddress{}, errAddress
	}
	s = s[len(scheme):]
	at := strings.IndexByte(s, '@')
	if at < 0 {
		return ServerAddress{}, errAddress
	}
	cred, hostPart := s[:at], s[at+1:]
	var a ServerAddress
	fp := cred
	if i := strings.IndexByte(cred, ':'); i >= 0 {
		fp = cred[:i]
		a.BasicAuth = []byte(cred[i+1:])
		if len(a.BasicAuth) == 0 || !validBasicAuth(a.BasicAuth) {
			return ServerAddress{}, errAddress
		}
	}
	kh, err := enc.ParseB64Lenient(fp)
	if err != nil || len(kh) != 32 {
		return ServerAddress{}, errAddress
	}
	a.KeyHash = kh
	if a.Hosts, a.Port, err = parseHostsPort(hostPart); err != nil {
		return ServerAddress{}, errAddress
	}
	return a, nil
}

// parseHostsPort parses "<host>[,<host>…][:<port>]", consuming s exactly.
func parseHostsPort(s string) (hosts []string, port string, err error) {
	for {
		h, rest, err := parseHost(s)
		if err != nil {
			return nil, "", err
		}
		hosts = append(hosts, h)
		if strings.HasPrefix(rest, ",") {
			s = rest[1:]
			continue
		}
		s = rest
		break
	}
	if s != "" {
		if s[0] != ':' {
			return nil, "", errAddress
		}
		p := s[1:]
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 65535 || strconv.Itoa(n) != p {
			return nil, "", errAddress
		}
		port = p
	}
	return hosts, port, nil
}

// String returns the smp:// form.
func (a ServerAddress) String() string {
	s := "smp://" + enc.B64(a.KeyHash)
	if a.BasicAuth != nil {
		s += ":" + string(a.BasicAuth)
	}
	return s + "@" + a.Server.hostsPort()
}

// String returns the smp:// form without basic auth.
func (s Server) String() string { return ServerAddress{Server: s}.String() }

func (s Server) hostsPort() string {
	hs := make([]string, len(s.Hosts))
	for i, h := range s.Hosts {
		hs[i] = formatHost(h)
	}
	out := strings.Join(hs, ",")
	if s.Port != "" {
		out += ":" + s.Port
	}
	return out
}

// Fingerprint returns the key hash in its address form.
func (s Server) Fingerprint() string { return enc.B64(s.KeyHash) }

// formatHost writes IPv6 in brackets so a port can follow unambiguously.
func formatHost(h string) string {
	if ip, err := netip.ParseAddr(h); err == nil && ip.Is6() {
		return "[" + ip.String() + "]"
	}
	return h
}

// HostKind classifies a transport host.
type HostKind int

const (
	HostDomain HostKind = 1
	HostIPv4   HostKind = 2
	HostIPv6   HostKind = 3
	HostOnion  HostKind = 4
)

// ClassifyHost says what kind of host h is, with the reference's rules:
// four dotted decimals 0–255 are IPv4; lowercase letters and digits followed
// by ".onion" is an onion host; anything else without ":#,;/" or whitespace
// and not ending in ".onion" is a domain name.
func ClassifyHost(h string) (HostKind, bool) {
	k, rest, err := hostKind(h)
	return k, err == nil && rest == ""
}

func parseHost(s string) (host, rest string, err error) {
	k, rest, err := hostKind(s)
	if err != nil {
		return "", "", err
	}
	host = s[:len(s)-len(rest)]
	if k == HostIPv6 {
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
		ip, _ := netip.ParseAddr(host)
		host = ip.String()
	}
	return host, rest, nil
}

// hostKind recognises one host at the start of s (the reference's choice
// order: IPv4, IPv6, onion, domain). Like attoparsec's choice, a branch that
// matched is not retried: "192.168.0.0.1" is IPv4 "192.168.0.0" followed by
// garbage, hence invalid.
func hostKind(s string) (HostKind, string, error) {
	if n, ok := ipv4Prefix(s); ok {
		return HostIPv4, s[n:], nil
	}
	if strings.HasPrefix(s, "[") {
		if i := strings.IndexByte(s, ']'); i > 1 {
			if ip, err := netip.ParseAddr(s[1:i]); err == nil && ip.Is6() && ip.Zone() == "" {
				return HostIPv6, s[i+1:], nil
			}
		}
		return 0, "", errAddress
	}
	n := 0
	for n < len(s) && (isHex(s[n]) || s[n] == ':') {
		n++
	}
	if n > 0 {
		if ip, err := netip.ParseAddr(s[:n]); err == nil && ip.Is6() && ip.Zone() == "" {
			return HostIPv6, s[n:], nil
		}
	}
	n = 0
	for n < len(s) && (s[n] >= 'a' && s[n] <= 'z' || s[n] >= '0' && s[n] <= '9') {
		n++
	}
	if strings.HasPrefix(s[n:], ".onion") {
		return HostOnion, s[n+len(".onion"):], nil
	}
	n = 0
	for n < len(s) && !strings.ContainsRune(":#,;/ \n\r\t", rune(s[n])) {
		n++
	}
	if n == 0 || strings.HasSuffix(s[:n], ".onion") {
		return 0, "", errAddress
	}
	return HostDomain, s[n:], nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// ipv4Prefix matches d.d.d.d (each 0–255, decimal digits) at the start of s.
func ipv4Prefix(s string) (int, bool) {
	i := 0
	for part := 0; part < 4; part++ {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return 0, false
		}
		v, err := strconv.Atoi(s[i:j])
		if err != nil || (part < 3 && v > 255) {
			return 0, false
		}
		if part < 3 {
			if j >= len(s) || s[j] != '.' {
				return 0, false
			}
			j++
		} else if v > 255 {
			// The last number is read with A.decimal and overflows to
			// Word8 upstream; we reject it instead of wrapping.
			return 0, false
		}
		i = j
	}
	return i, true
}

// VerifyIdentity reports whether chain[1] of a peer chain has the server's key hash.
func (s Server) VerifyIdentity(chain [][]byte) bool {
	return len(chain) >= 2 && string(certs.Fingerprint(chain[1])) == string(s.KeyHash)
}
