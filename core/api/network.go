package api

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// OnionHosts says when relays' .onion hosts are used. Wire numbers; the
// zero value is the default.
type OnionHosts int

const (
	// OnionNo: public hosts only (an onion-only relay is still reached by
	// its onion host).
	OnionNo OnionHosts = 0
	// OnionPrefer: the .onion host when the relay has one and a SOCKS proxy
	// is set, else the public host.
	OnionPrefer OnionHosts = 1
	// OnionRequired: only .onion hosts; needs a SOCKS proxy, and relays
	// without an onion host cannot be reached.
	OnionRequired OnionHosts = 2
)

// PrivateRouting is when messages are sent through a proxy relay so that
// the destination relay never sees our IP address (upstream SMPProxyMode).
// Wire numbers; the zero value is our default, RoutingUnknown.
type PrivateRouting int

const (
	// RoutingUnknown: for destination relays that are not among our own
	// configured servers.
	RoutingUnknown PrivateRouting = 0
	// RoutingAlways: for every destination.
	RoutingAlways PrivateRouting = 1
	// RoutingUnprotected: for unknown relays when our IP address is not
	// protected (no SOCKS proxy).
	RoutingUnprotected PrivateRouting = 2
	// RoutingNever: send directly.
	RoutingNever PrivateRouting = 3
)

// RoutingFallback is whether to send directly when the destination relay
// does not support private routing (upstream SMPProxyFallback). Wire
// numbers; the zero value is our default, FallbackProtected.
type RoutingFallback int

const (
	// FallbackProtected: send directly only when our IP address is
	// protected (a SOCKS proxy is set).
	FallbackProtected RoutingFallback = 0
	// FallbackAllow: send directly.
	FallbackAllow RoutingFallback = 1
	// FallbackProhibit: never; the message fails.
	FallbackProhibit RoutingFallback = 2
)

var (
	onionNames    = []string{OnionNo: "no", OnionPrefer: "prefer", OnionRequired: "required"}
	routingNames  = []string{RoutingUnknown: "unknown", RoutingAlways: "always", RoutingUnprotected: "unprotected", RoutingNever: "never"}
	fallbackNames = []string{FallbackProtected: "protected", FallbackAllow: "allow", FallbackProhibit: "prohibit"}
)

func enumName(names []string, v int, kind string) string {
	if v >= 0 && v < len(names) {
		return names[v]
	}
	return kind + "(" + strconv.Itoa(v) + ")"
}

func parseEnum(names []string, s, kind string) (int, error) {
	for i, n := range names {
		if n == s {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q (one of %s)", kind, s, strings.Join(names, ", "))
}

func (o OnionHosts) String() string      { return enumName(onionNames, int(o), "OnionHosts") }
func (r PrivateRouting) String() string  { return enumName(routingNames, int(r), "PrivateRouting") }
func (f RoutingFallback) String() string { return enumName(fallbackNames, int(f), "RoutingFallback") }

// ParseOnionHosts reads "no", "prefer" or "required".
func ParseOnionHosts(s string) (OnionHosts, error) {
	v, err := parseEnum(onionNames, s, "onion hosts mode")
	return OnionHosts(v), err
}

// ParsePrivateRouting reads "always", "unknown", "unprotected" or "never".
func ParsePrivateRouting(s string) (PrivateRouting, error) {
	v, err := parseEnum(routingNames, s, "private routing mode")
	return PrivateRouting(v), err
}

// ParseRoutingFallback reads "allow", "protected" or "prohibit".
func ParseRoutingFallback(s string) (RoutingFallback, error) {
	v, err := parseEnum(fallbackNames, s, "routing fallback")
	return RoutingFallback(v), err
}

// NetworkConfig is how the core reaches relays. The zero value is the
// default: no proxy, public hosts, private routing to unknown relays, direct
// fallback only when the IP address is protected.
type NetworkConfig struct {
	// SOCKSProxy is host:port of a SOCKS5 proxy (e.g. Tor at
	// 127.0.0.1:9050) carrying every relay connection; empty = none.
	SOCKSProxy string `json:"socksProxy,omitempty"`
	// SOCKSIsolate gives each relay connection its own proxy credentials,
	// so Tor puts it on its own circuit.
	SOCKSIsolate    bool            `json:"socksIsolate,omitempty"`
	OnionHosts      OnionHosts      `json:"onionHosts"`
	PrivateRouting  PrivateRouting  `json:"privateRouting"`
	RoutingFallback RoutingFallback `json:"routingFallback"`
}

// DefaultNetwork is the configuration of a new install.
func DefaultNetwork() NetworkConfig { return NetworkConfig{} }

// Validate reports the first problem of c as a sentence for the user.
func (c NetworkConfig) Validate() error {
	if c.SOCKSProxy != "" {
		host, port, err := net.SplitHostPort(c.SOCKSProxy)
		if err != nil || host == "" {
			return fmt.Errorf("SOCKS proxy %q: write it as host:port, e.g. 127.0.0.1:9050", c.SOCKSProxy)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != port {
			return fmt.Errorf("SOCKS proxy %q: the port must be a number from 1 to 65535", c.SOCKSProxy)
		}
		if strings.ContainsAny(host, " \t/@") {
			return fmt.Errorf("SOCKS proxy %q: %q is not a host name or IP address", c.SOCKSProxy, host)
		}
	}
	if c.OnionHosts < OnionNo || c.OnionHosts > OnionRequired {
		return fmt.Errorf("unknown onion hosts mode %d", int(c.OnionHosts))
	}
	if c.PrivateRouting < RoutingUnknown || c.PrivateRouting > RoutingNever {
		return fmt.Errorf("unknown private routing mode %d", int(c.PrivateRouting))
	}
	if c.RoutingFallback < FallbackProtected || c.RoutingFallback > FallbackProhibit {
		return fmt.Errorf("unknown routing fallback %d", int(c.RoutingFallback))
	}
	if c.OnionHosts == OnionRequired && c.SOCKSProxy == "" {
		return fmt.Errorf("onion hosts \"required\" needs a SOCKS proxy (e.g. Tor at 127.0.0.1:9050)")
	}
	if c.SOCKSIsolate && c.SOCKSProxy == "" {
		return fmt.Errorf("isolating connections needs a SOCKS proxy")
	}
	return nil
}

// NetworkClient reads and changes the network configuration. It is kept
// in the database, so both need the storage open (ErrLocked otherwise).
type NetworkClient interface {
	Network(ctx context.Context) (NetworkConfig, error)
	// SetNetwork validates cfg (errors say what to fix), saves it and
	// applies it: relay connections are re-established with the new
	// proxy and host mode.
	SetNetwork(ctx context.Context, cfg NetworkConfig) error
}
