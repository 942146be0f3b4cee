package core

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"duplex/core/servers"
	"duplex/crypto/enc"
	"duplex/net/smp"
)

// A server address as people paste it:
//
//	smp://<fingerprint>[:<password>]@<host>[,<host>…][:<port>]
//	xftp://…  (the same shape)
//
// parseServerInput accepts a subset of what servers.ParseServer (and the
// reference's strP) accept: on top of it, domain hosts are letter-digit-
// hyphen labels (lowercased, DNS being case-insensitive, so that duplicate
// hosts are found), onion hosts are v2 or v3 onion names, the port is
// 1–65535 and no host appears twice. When the address is refused the
// message names the part that is wrong, because "malformed address" does
// not tell anyone what to fix.

// errNotServerAddress is the root of every address refusal (errors.Is).
var errNotServerAddress = errors.New("invalid server address")

func addrErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errNotServerAddress, fmt.Sprintf(format, args...))
}

// parseServerInput reads a pasted SMP or XFTP server address.
func parseServerInput(s string) (servers.Protocol, smp.ServerAddress, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", smp.ServerAddress{}, addrErr("it is empty")
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return "", smp.ServerAddress{}, addrErr("expected smp://<fingerprint>@<host> or xftp://<fingerprint>@<host>")
	}
	var p servers.Protocol
	switch scheme {
	case "smp":
		p = servers.SMP
	case "xftp":
		p = servers.XFTP
	case "https", "http", "simplex":
		return "", smp.ServerAddress{}, addrErr("this is a link, not a server address: a server address starts with smp:// or xftp://")
	default:
		return "", smp.ServerAddress{}, addrErr("not an SMP or XFTP server: the address starts with %q, not smp:// or xftp://", scheme+"://")
	}
	a, err := servers.ParseServer(p, s)
	if err != nil {
		return "", smp.ServerAddress{}, diagnoseAddress(p, rest)
	}
	if err := stricter(&a); err != nil {
		return "", smp.ServerAddress{}, err
	}
	return p, a, nil
}

// diagnoseAddress names the first bad part of an address (after the
// scheme) that servers.ParseServer refused.
func diagnoseAddress(p servers.Protocol, rest string) error {
	proto := strings.ToUpper(string(p))
	cred, hostPart, ok := strings.Cut(rest, "@")
	if !ok {
		return addrErr("missing fingerprint: expected %s://<fingerprint>@<host>", p)
	}
	fp, pw, hasPW := strings.Cut(cred, ":")
	if err := checkFingerprint(fp); err != nil {
		return err
	}
	if hasPW {
		if err := checkPassword(pw); err != nil {
			return err
		}
	}
	if hostPart == "" {
		return addrErr("missing host after '@'")
	}
	hosts, port := splitPort(hostPart)
	if port != nil {
		if err := checkPort(*port); err != nil {
			return err
		}
	}
	for _, h := range strings.Split(hosts, ",") {
		if h == "" {
			return addrErr("empty host in %q", hostPart)
		}
		if err := checkHost(h); err != nil {
			return err
		}
	}
	return addrErr("malformed %s server address: expected %s://<fingerprint>[:<password>]@<host>[,<host>][:<port>]", proto, p)
}

func checkFingerprint(fp string) error {
	if fp == "" {
		return addrErr("missing fingerprint before '@'")
	}
	kh, err := enc.ParseB64Lenient(fp)
	if err != nil || len(kh) != 32 {
		return addrErr("bad fingerprint %q: it must be the base64url SHA-256 of the server's identity certificate (43 characters, or 44 ending in '=')", fp)
	}
	return nil
}

func checkPassword(pw string) error {
	if pw == "" {
		return addrErr("empty password after ':' (remove the ':' or write the password)")
	}
	if len(pw) > 255 {
		return addrErr("password longer than 255 characters")
	}
	for _, c := range []byte(pw) {
		if c <= ' ' || c >= 0x7f || c == '@' || c == ':' || c == '/' {
			return addrErr("bad character %q in the password (printable ASCII except '@', ':' and '/')", c)
		}
	}
	return nil
}

// splitPort splits "<hosts>[:<port>]"; a colon inside the last bracketed
// IPv6 host is not a port separator.
func splitPort(s string) (hosts string, port *string) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 || i < strings.LastIndexByte(s, ']') || strings.Count(s[strings.LastIndexByte(s, ',')+1:], ":") > 1 {
		return s, nil
	}
	p := s[i+1:]
	return s[:i], &p
}

func checkPort(p string) error {
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != p {
		return addrErr("bad port %q: it must be a number from 1 to 65535", p)
	}
	return nil
}

// checkHost applies the rules that go beyond the reference's grammar.
func checkHost(h string) error {
	k, ok := smp.ClassifyHost(h)
	if !ok {
		return addrErr("bad host %q", h)
	}
	switch k {
	case smp.HostOnion:
		name := strings.TrimSuffix(h, ".onion")
		if len(name) != 16 && len(name) != 56 || strings.Trim(name, "abcdefghijklmnopqrstuvwxyz234567") != "" {
			return addrErr("bad onion host %q: expected 56 (or 16) base32 characters before .onion", h)
		}
	case smp.HostDomain:
		if len(h) > 253 {
			return addrErr("bad host %q: longer than 253 characters", h)
		}
		for _, label := range strings.Split(h, ".") {
			if label == "" {
				return addrErr("bad host %q: empty part between dots", h)
			}
			if len(label) > 63 {
				return addrErr("bad host %q: a part longer than 63 characters", h)
			}
			if label[0] == '-' || label[len(label)-1] == '-' {
				return addrErr("bad host %q: a part starts or ends with '-'", h)
			}
			for _, c := range []byte(label) {
				if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
					return addrErr("bad host %q: character %q (a host name has letters, digits, '-' and dots)", h, c)
				}
			}
		}
	}
	return nil
}

// stricter checks and normalises an address servers.ParseServer accepted.
func stricter(a *smp.ServerAddress) error {
	seen := map[string]bool{}
	for i, h := range a.Hosts {
		if k, _ := smp.ClassifyHost(h); k == smp.HostDomain {
			// Checked after lowercasing: "…A….onion00" is a domain, but
			// "…a….onion00" is an onion host followed by garbage.
			h = strings.ToLower(h)
			a.Hosts[i] = h
		}
		if err := checkHost(h); err != nil {
			return err
		}
		if seen[h] {
			return addrErr("host %q appears twice in the address", h)
		}
		seen[h] = true
	}
	if a.Port != "" {
		if err := checkPort(a.Port); err != nil {
			return err
		}
	}
	if a.BasicAuth != nil {
		if err := checkPassword(string(a.BasicAuth)); err != nil {
			return err
		}
	}
	return nil
}
