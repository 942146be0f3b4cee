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

	"duplex/core/api"
)

// netFlags are the network flags given (nil: not given).
type netFlags struct {
	socks    *string
	onion    *api.OnionHosts
	routing  *api.PrivateRouting
	fallback *api.RoutingFallback
}

func (n netFlags) any() bool {
	return n.socks != nil || n.onion != nil || n.routing != nil || n.fallback != nil
}

// apply returns cur with the given flags applied. A SOCKS proxy from the
// command line isolates connections (Tor's IsolateSOCKSAuth), as the
// reference client does for "socks=<host:port>".
func (n netFlags) apply(cur api.NetworkConfig) api.NetworkConfig {
	if n.socks != nil {
		cur.SOCKSProxy, cur.SOCKSIsolate = *n.socks, *n.socks != ""
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

func parseSocks(v string) (string, error) {
	if v == "off" || v == "" {
		return "", nil
	}
	if err := (api.NetworkConfig{SOCKSProxy: v}).Validate(); err != nil {
		return "", err
	}
	return v, nil
}

func (n *netFlags) register(fs *flag.FlagSet) {
	fs.Var(parsedFlag[string]{&n.socks, parseSocks}, "socks-proxy",
		"connect to relays through the SOCKS5 proxy at `host:port` (e.g. Tor at 127.0.0.1:9050; \"off\": directly); saved")
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
	}
	fmt.Fprintf(stdout, "network: SOCKS proxy %s, onion hosts %s, private routing %s, fallback %s\n",
		socks, cfg.OnionHosts, cfg.PrivateRouting, cfg.RoutingFallback)
	return nil
}
