package server

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"net"
	"time"

	"duplex/net/tls13/certs"
)

// Defaults, as in the reference relay (Server/Env/STM.hs).
const (
	DefaultPort           = "5223"
	DefaultQuota          = 128                 // messages per queue
	DefaultMessageTTL     = 21 * 24 * time.Hour // message expiry
	DefaultExpireInterval = 2 * time.Hour       // how often expiry runs
	DefaultStatsInterval  = 60 * time.Minute
	defaultHandshake      = 30 * time.Second
	defaultSendQueue      = 64
)

// Config configures a relay. The zero value of every optional field means
// the default.
type Config struct {
	// Chain is the online certificate chain [leaf, identity CA] with the
	// leaf key. Required. The fingerprint is SHA-256 of Chain.Certs[1].
	Chain *certs.Chain

	// StorePath is the queue store log. Empty = queues in memory only.
	StorePath string
	// MessagesPath is the journal of undelivered messages; empty with a
	// StorePath means messages are not kept across restarts.
	MessagesPath string
	// NoFsync skips fsync: data survives a killed process, not a power cut.
	NoFsync bool

	Quota          int           // per-queue message quota (default 128)
	MessageTTL     time.Duration // default 21 days; negative = never expire
	ExpireInterval time.Duration // default 2 hours

	// NewQueuesDisabled refuses every NEW with ERR AUTH (decommissioning).
	NewQueuesDisabled bool
	// Password, if set, must be given in NEW (smp://fp:password@host).
	Password []byte

	Logger        *slog.Logger  // nil = slog.Default()
	StatsInterval time.Duration // default 60 minutes; negative = no stats line

	HandshakeTimeout time.Duration // default 30 s: TLS + SMP hello
	// IdleTimeout disconnects a client that sends nothing (not even PING)
	// for this long; 0 = never. Subscribed clients are kept.
	IdleTimeout time.Duration

	// ProxyDisabled refuses private routing (PRXY answers ERR PROXY
	// BASIC_AUTH, as upstream with allow_smp_proxy off). Proxying is on by
	// default, as upstream; PRXY needs Password when one is set.
	ProxyDisabled bool
	// ProxyDial opens TCP connections to destination relays (nil =
	// net.Dialer); a SOCKS proxy plugs in here.
	ProxyDial func(ctx context.Context, network, addr string) (net.Conn, error)
	// ProxyConnectTimeout and ProxyRequestTimeout bound the proxy→relay
	// handshake and each forwarded command (defaults 15 s and 10 s).
	ProxyConnectTimeout time.Duration
	ProxyRequestTimeout time.Duration
	// Observe, if set, is called with every command the relay executes,
	// forwarded ones included (tests record what a relay saw).
	Observe func(Observation)

	Rand io.Reader        // nil = crypto/rand
	Now  func() time.Time // nil = time.Now; tests inject a clock for expiry
}

func (c *Config) setDefaults() error {
	if c.Chain == nil || len(c.Chain.Certs) < 2 || c.Chain.Key == nil {
		return errors.New("server: Config.Chain needs [leaf, identity] certificates and the leaf key")
	}
	if c.Quota <= 0 {
		c.Quota = DefaultQuota
	}
	if c.MessageTTL == 0 {
		c.MessageTTL = DefaultMessageTTL
	}
	if c.ExpireInterval <= 0 {
		c.ExpireInterval = DefaultExpireInterval
	}
	if c.StatsInterval == 0 {
		c.StatsInterval = DefaultStatsInterval
	}
	if c.HandshakeTimeout <= 0 {
		c.HandshakeTimeout = defaultHandshake
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Rand == nil {
		c.Rand = rand.Reader
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.ProxyConnectTimeout <= 0 {
		c.ProxyConnectTimeout = 15 * time.Second
	}
	if c.ProxyRequestTimeout <= 0 {
		c.ProxyRequestTimeout = 10 * time.Second
	}
	return nil
}
