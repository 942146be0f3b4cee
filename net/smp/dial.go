package smp

import (
	"context"
	"io"
	"net"
	"time"

	"duplex/net/socks5"
	"duplex/net/tls13"
)

// DialConfig configures DialTransport.
type DialConfig struct {
	KeyHash []byte       // relay identity (required)
	Range   VersionRange // zero = SupportedRange
	Rand    io.Reader    // nil = crypto/rand
	// Now is the clock for certificate validity (nil = time.Now).
	Now func() time.Time
	// Timeout bounds TCP connect + TLS + SMP handshake (0 = none beyond ctx).
	Timeout time.Duration
	// DialContext opens the TCP connection (nil = net.Dialer). A SOCKS
	// proxy for onion hosts plugs in here.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// NoALPN omits ALPN smp/1, so the relay offers v6 only (tests, and
	// the way very old clients connected).
	NoALPN bool
	// ALPN overrides the offered protocols (nil = [smp/1]); the client uses
	// [http/1.1] on port 443 of preset hosts, as the reference app does.
	ALPN []string
	// ProxyServer: see ClientHandshakeConfig.
	ProxyServer bool
	// SOCKS, if set, carries the TCP connection through a SOCKS5 proxy
	// (one session per DialTransport; a set DialContext takes precedence).
	// The host name goes to the proxy unresolved.
	SOCKS *socks5.Config
	// HostMode is checked against hostPort: a .onion host needs SOCKS (or
	// DialContext), HostOnionRequired refuses any other host.
	HostMode HostMode
}

// DialTransport connects to hostPort with TLS 1.3 (no SNI, relay pinned by
// KeyHash) and runs the client handshake.
func DialTransport(ctx context.Context, hostPort string, cfg DialConfig) (*Transport, error) {
	if cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.Timeout)
		defer cancel()
	}
	dial := cfg.DialContext
	if dial == nil && cfg.SOCKS != nil {
		d, err := cfg.SOCKS.Session(cfg.Rand)
		if err != nil {
			return nil, err
		}
		dial = d.DialContext
	}
	host, _, err := net.SplitHostPort(hostPort)
	if err != nil {
		return nil, err
	}
	if _, err := SelectHosts([]string{host}, cfg.HostMode, dial != nil); err != nil {
		return nil, err
	}
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	raw, err := dial(ctx, "tcp", hostPort)
	if err != nil {
		return nil, err
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	tcfg := &tls13.Config{Rand: cfg.Rand, Time: now, VerifyPeer: tls13.PinnedChain(cfg.KeyHash, now)}
	switch {
	case cfg.NoALPN:
	case cfg.ALPN != nil:
		tcfg.NextProtos = cfg.ALPN
	default:
		tcfg.NextProtos = []string{ALPN}
	}
	conn := tls13.Client(raw, tcfg)
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { raw.SetDeadline(time.Unix(1, 0)) })
	if err := conn.Handshake(ctx); err != nil {
		stop()
		raw.Close()
		return nil, err
	}
	t, err := ClientHandshake(conn, ClientHandshakeConfig{KeyHash: cfg.KeyHash, Range: cfg.Range, Rand: cfg.Rand, ProxyServer: cfg.ProxyServer})
	if !stop() || err != nil {
		conn.Close()
		if err == nil {
			err = ctx.Err()
		}
		return nil, err
	}
	conn.SetDeadline(time.Time{})
	return t, nil
}
