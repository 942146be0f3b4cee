package main

// Network flags: --socks-proxy, --onion-hosts, --private-routing,
// --routing-fallback. Each one given replaces that part of the stored
// network settings at start (and is saved, so the next start without the
// flag keeps it); the parts not given keep their stored values. The
// values are checked when the flags are parsed, and the whole
// configuration again by the core before it is saved.

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"duplex/core/api"
)

// netFlags are the network flags given (nil: not given).
type netFlags struct {
	socks    *socksFlag
	onion    *api.OnionHosts
	routing  *api.PrivateRouting
	fallback *api.RoutingFallback
}

func (n netFlags) any() bool {
	return n.socks != nil || n.onion != nil || n.routing != nil || n.fallback != nil
}

// socksFlag is --socks-proxy: "host:port" isolates connections by
// credentials (Tor's IsolateSOCKSAuth), "@host:port" offers none (proxies
// without authentication), as upstream's SocksProxyWithAuth is written;
// "off" or "" connects directly.
type socksFlag struct {
	addr    string
	isolate bool
}

// apply returns cur with the given flags applied.
func (n netFlags) apply(cur api.NetworkConfig) api.NetworkConfig {
	if n.socks != nil {
		cur.SOCKSProxy, cur.SOCKSIsolate = n.socks.addr, n.socks.isolate
	}
	if n.onion != nil {
		cur.OnionHosts = *n.onion
	}
	if n.routing != nil {
		cur.PrivateRouting = *n.routing
	}
	if n.fallback != nil {
		cur.RoutingFallback = *n.fallback
	}
	return cur
}

// parsedFlag is a flag.Value whose Set stores parse(v) in *dst.
type parsedFlag[T any] struct {
	dst   **T
	parse func(string) (T, error)
}

func (f parsedFlag[T]) String() string { return "" }
func (f parsedFlag[T]) Set(v string) error {
	x, err := f.parse(v)
	if err != nil {
		return err
	}
	*f.dst = &x
	return nil
}

func parseSocks(v string) (socksFlag, error) {
	if v == "off" || v == "" {
		return socksFlag{}, nil
	}
	f := socksFlag{addr: v, isolate: true}
	if a, ok := strings.CutPrefix(v, "@"); ok {
		f = socksFlag{addr: a}
	}
	if f.addr == "" {
		return socksFlag{}, fmt.Errorf("SOCKS proxy %q: write it as host:port, e.g. 127.0.0.1:9050", v)
	}
	if err := (api.NetworkConfig{SOCKSProxy: f.addr}).Validate(); err != nil {
		return socksFlag{}, err
	}
	return f, nil
}

func (n *netFlags) register(fs *flag.FlagSet) {
	fs.Var(parsedFlag[socksFlag]{&n.socks, parseSocks}, "socks-proxy",
		"connect to relays through the SOCKS5 proxy at `host:port` (e.g. Tor at 127.0.0.1:9050), each connection with its own credentials; \"@host:port\": without credentials; \"off\": directly; saved")
	fs.Var(parsedFlag[api.OnionHosts]{&n.onion, api.ParseOnionHosts}, "onion-hosts",
		"use relays' .onion hosts: `no|prefer|required` (prefer and required need --socks-proxy); saved")
	fs.Var(parsedFlag[api.PrivateRouting]{&n.routing, api.ParsePrivateRouting}, "private-routing",
		"send through a proxy relay: `always|unknown|unprotected|never` (default unknown: to relays not among yours); saved")
	fs.Var(parsedFlag[api.RoutingFallback]{&n.fallback, api.ParseRoutingFallback}, "routing-fallback",
		"send directly when private routing fails: `allow|protected|prohibit` (default protected: only with a SOCKS proxy); saved")
}

// applyNetworkFlags saves the network flags given into the core's settings
// (the core re-makes its relay connections with them) and says what is in
// force.
func applyNetworkFlags(ctx context.Context, c api.NetworkClient, n netFlags, stdout io.Writer) error {
	if !n.any() {
		return nil
	}
	cur, err := c.Network(ctx)
	if err != nil {
		return err
	}
	cfg := n.apply(cur)
	if err := c.SetNetwork(ctx, cfg); err != nil {
		return fmt.Errorf("network settings: %w", err)
	}
	socks := "none"
	if cfg.SOCKSProxy != "" {
		socks = cfg.SOCKSProxy
		if cfg.SOCKSIsolate {
			socks += " (connections isolated)"
		}
	}
	fmt.Fprintf(stdout, "network: SOCKS proxy %s, onion hosts %s, private routing %s, fallback %s\n",
		socks, cfg.OnionHosts, cfg.PrivateRouting, cfg.RoutingFallback)
	return nil
}
