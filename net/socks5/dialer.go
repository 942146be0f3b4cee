package socks5

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strconv"
	"time"
)

// Config describes a SOCKS5 proxy, e.g. Tor's SocksPort at 127.0.0.1:9050.
type Config struct {
	// Proxy is host:port of the proxy.
	Proxy string
	// Username and Password are fixed RFC 1929 credentials (both "" = no
	// authentication offered, unless Isolate).
	Username, Password string
	// Isolate gives every Session its own random credentials, so a proxy
	// that isolates by credentials (Tor's IsolateSOCKSAuth, on by default)
	// puts each session on its own circuit. It overrides Username/Password.
	Isolate bool
	// DialContext reaches the proxy itself (nil = net.Dialer).
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Dialer opens connections through the proxy with one session's credentials.
type Dialer struct {
	cfg        Config
	user, pass string
}

// Session returns a Dialer for one session: with Isolate, a fresh
// 16-byte-random username and password read from r (nil = crypto/rand);
// otherwise the configured credentials.
func (c Config) Session(r io.Reader) (*Dialer, error) {
	if c.Proxy == "" {
		return nil, errors.New("socks5: no proxy address configured")
	}
	d := &Dialer{cfg: c, user: c.Username, pass: c.Password}
	if (d.user == "") != (d.pass == "") && !c.Isolate {
		return nil, errors.New("socks5: username and password must both be set or both be empty")
	}
	if c.Isolate {
		if r == nil {
			r = rand.Reader
		}
		var b [32]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("socks5: session credentials: %w", err)
		}
		d.user, d.pass = hex.EncodeToString(b[:16]), hex.EncodeToString(b[16:])
	}
	return d, nil
}

// Username is the RFC 1929 username this session sends ("" = none).
func (d *Dialer) Username() string { return d.user }

// String names the proxy and whether credentials are used, never the password.
func (d *Dialer) String() string {
	if d.user == "" {
		return "socks5://" + d.cfg.Proxy
	}
	return "socks5://" + d.user + ":***@" + d.cfg.Proxy
}

// DialContext connects to addr (host:port) through the proxy. A host that
// is not an IP literal — a domain or a .onion name — is sent to the proxy as
// a name (ATYP 3) and never resolved here.
func (d *Dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return nil, fmt.Errorf("socks5: network %q not supported", network)
	}
	dst, err := splitAddr(addr)
	if err != nil {
		return nil, err
	}
	dial := d.cfg.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	conn, err := dial(ctx, "tcp", d.cfg.Proxy)
	if err != nil {
		return nil, fmt.Errorf("socks5: proxy %s: %w", d.cfg.Proxy, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	err = d.handshake(conn, dst)
	if !stop() && err == nil {
		err = ctx.Err()
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	conn.SetDeadline(time.Time{})
	return conn, nil
}

func splitAddr(addr string) (Addr, error) {
	host, ps, err := net.SplitHostPort(addr)
	if err != nil {
		return Addr{}, fmt.Errorf("socks5: %w", err)
	}
	port, err := strconv.ParseUint(ps, 10, 16)
	if err != nil {
		return Addr{}, fmt.Errorf("socks5: bad port %q", ps)
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if ip.Zone() != "" {
			return Addr{}, fmt.Errorf("socks5: zoned address %q", host)
		}
		return Addr{IP: ip.Unmap(), Port: uint16(port)}, nil
	}
	return Addr{Host: host, Port: uint16(port)}, nil
}

// handshake: method selection, optional RFC 1929 auth, CONNECT. Only the
// method we can do is offered: with credentials only user/pass, so a proxy
// cannot silently drop the isolation by choosing "no authentication".
func (d *Dialer) handshake(conn net.Conn, dst Addr) error {
	method := byte(methodNone)
	if d.user != "" {
		method = methodUser
	}
	if _, err := conn.Write([]byte{version5, 1, method}); err != nil {
		return fmt.Errorf("socks5: greeting: %w", err)
	}
	var sel [2]byte
	if _, err := io.ReadFull(conn, sel[:]); err != nil {
		return fmt.Errorf("socks5: method selection: %w", err)
	}
	switch {
	case sel[0] != version5:
		return fmt.Errorf("socks5: proxy answered version %d (not a SOCKS5 proxy?)", sel[0])
	case sel[1] == methodReject:
		return ErrNoAcceptableMethod
	case sel[1] != method:
		return fmt.Errorf("socks5: proxy chose method %d, which was not offered", sel[1])
	}
	if method == methodUser {
		req, err := AppendUserPass(nil, d.user, d.pass)
		if err != nil {
			return err
		}
		if _, err := conn.Write(req); err != nil {
			return fmt.Errorf("socks5: auth: %w", err)
		}
		if _, err := io.ReadFull(conn, sel[:]); err != nil {
			return fmt.Errorf("socks5: auth status: %w", err)
		}
		if sel[0] != authVersion || sel[1] != 0 {
			return ErrAuthFailed
		}
	}
	req, err := AppendConnect(nil, dst)
	if err != nil {
		return err
	}
	if _, err := conn.Write(req); err != nil {
		return fmt.Errorf("socks5: connect request: %w", err)
	}
	raw, err := readReply(conn)
	if err != nil {
		return err
	}
	rep, err := ParseReply(raw)
	if err != nil {
		return err
	}
	if rep.Code != 0 {
		return &ReplyError{Code: rep.Code, Dst: dst.String()}
	}
	return nil
}

// readReply reads one reply: its first 5 bytes fix its length.
func readReply(r io.Reader) ([]byte, error) {
	b := make([]byte, 5, 3+2+255+2)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("socks5: connect reply: %w", err)
	}
	if b[0] != version5 {
		return nil, ErrMalformed
	}
	n, err := addrLen(b[3:])
	if err != nil {
		return nil, err
	}
	b = b[:3+n]
	if _, err := io.ReadFull(r, b[5:]); err != nil {
		return nil, fmt.Errorf("socks5: connect reply: %w", err)
	}
	return b, nil
}
