package socks5

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
)

// Wire constants (RFC 1928 §3–6, RFC 1929 §2).
const (
	version5     = 0x05
	authVersion  = 0x01 // RFC 1929 sub-negotiation version
	methodNone   = 0x00
	methodUser   = 0x02
	methodReject = 0xFF
	cmdConnect   = 0x01
	atypIPv4     = 0x01
	atypDomain   = 0x03
	atypIPv6     = 0x04
)

// ErrMalformed is returned for bytes that are not a valid SOCKS5 message.
var ErrMalformed = errors.New("socks5: malformed message")

// Addr is a SOCKS5 address: a domain name (sent as ATYP 3, resolved by the
// proxy) or an IP address (ATYP 1 or 4), with a port.
type Addr struct {
	Host string     // domain name; "" when IP is set
	IP   netip.Addr // valid for ATYP 1/4
	Port uint16
}

func (a Addr) String() string {
	if a.IP.IsValid() {
		return netip.AddrPortFrom(a.IP, a.Port).String()
	}
	return a.Host + ":" + strconv.Itoa(int(a.Port))
}

// appendAddr writes ATYP ‖ address ‖ port(u16 BE).
func appendAddr(b []byte, a Addr) ([]byte, error) {
	switch {
	case a.IP.Is4():
		v := a.IP.As4()
		b = append(append(b, atypIPv4), v[:]...)
	case a.IP.IsValid():
		v := a.IP.As16()
		b = append(append(b, atypIPv6), v[:]...)
	default:
		if len(a.Host) == 0 || len(a.Host) > 255 {
			return nil, fmt.Errorf("socks5: host name length %d not in 1..255", len(a.Host))
		}
		b = append(append(b, atypDomain, byte(len(a.Host))), a.Host...)
	}
	return append(b, byte(a.Port>>8), byte(a.Port)), nil
}

// addrLen says how many bytes the address starting at b (ATYP first) takes:
// n > 0 when known, or need > 0 more bytes to decide (only the domain
// length byte), or an error for an unknown ATYP.
func addrLen(b []byte) (n int, err error) {
	if len(b) < 1 {
		return 0, ErrMalformed
	}
	switch b[0] {
	case atypIPv4:
		return 1 + 4 + 2, nil
	case atypIPv6:
		return 1 + 16 + 2, nil
	case atypDomain:
		if len(b) < 2 {
			return 0, ErrMalformed
		}
		return 2 + int(b[1]) + 2, nil
	}
	return 0, ErrMalformed
}

// parseAddr parses exactly one address (no trailing bytes).
func parseAddr(b []byte) (Addr, error) {
	n, err := addrLen(b)
	if err != nil || n != len(b) {
		return Addr{}, ErrMalformed
	}
	port := uint16(b[n-2])<<8 | uint16(b[n-1])
	switch b[0] {
	case atypIPv4:
		return Addr{IP: netip.AddrFrom4([4]byte(b[1:5])), Port: port}, nil
	case atypIPv6:
		return Addr{IP: netip.AddrFrom16([16]byte(b[1:17])), Port: port}, nil
	}
	if b[1] == 0 {
		return Addr{}, ErrMalformed
	}
	return Addr{Host: string(b[2 : 2+b[1]]), Port: port}, nil
}

// Reply is the proxy's answer to a request: VER ‖ REP ‖ RSV(0) ‖ BND.ADDR.
type Reply struct {
	Code  byte // 0 = succeeded, 1–8 RFC 1928 errors
	Bound Addr
}

// AppendReply encodes r (used by test servers and round-trip tests).
func AppendReply(b []byte, r Reply) ([]byte, error) {
	return appendAddr(append(b, version5, r.Code, 0), r.Bound)
}

// ParseReply parses exactly one reply; anything short, longer, with another
// version, a non-zero reserved byte or an unknown address type is rejected.
func ParseReply(b []byte) (Reply, error) {
	if len(b) < 4 || b[0] != version5 || b[2] != 0 {
		return Reply{}, ErrMalformed
	}
	a, err := parseAddr(b[3:])
	if err != nil {
		return Reply{}, err
	}
	return Reply{Code: b[1], Bound: a}, nil
}

// AppendConnect encodes a CONNECT request: VER ‖ CMD(1) ‖ RSV(0) ‖ DST.ADDR.
func AppendConnect(b []byte, dst Addr) ([]byte, error) {
	return appendAddr(append(b, version5, cmdConnect, 0), dst)
}

// ParseConnect parses exactly one CONNECT request (test servers).
func ParseConnect(b []byte) (Addr, error) {
	if len(b) < 4 || b[0] != version5 || b[1] != cmdConnect || b[2] != 0 {
		return Addr{}, ErrMalformed
	}
	return parseAddr(b[3:])
}

// AppendUserPass encodes the RFC 1929 request: VER(1) ‖ ULEN ‖ UNAME ‖ PLEN ‖ PASSWD.
func AppendUserPass(b []byte, user, pass string) ([]byte, error) {
	if len(user) < 1 || len(user) > 255 || len(pass) < 1 || len(pass) > 255 {
		return nil, errors.New("socks5: username and password must be 1..255 bytes")
	}
	b = append(append(b, authVersion, byte(len(user))), user...)
	return append(append(b, byte(len(pass))), pass...), nil
}

// ParseUserPass parses exactly one RFC 1929 request (test servers).
func ParseUserPass(b []byte) (user, pass string, err error) {
	if len(b) < 2 || b[0] != authVersion || b[1] == 0 || len(b) < 3+int(b[1]) {
		return "", "", ErrMalformed
	}
	u := 2 + int(b[1])
	pl := int(b[u])
	if pl == 0 || len(b) != u+1+pl {
		return "", "", ErrMalformed
	}
	return string(b[2:u]), string(b[u+1:]), nil
}
