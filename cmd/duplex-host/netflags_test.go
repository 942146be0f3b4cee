package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"duplex/core"
	"duplex/core/api"
)

func TestNetworkFlagsParse(t *testing.T) {
	var errb bytes.Buffer
	o, err := parseFlags([]string{"--socks-proxy", "127.0.0.1:9050", "--onion-hosts", "prefer", "--private-routing", "always", "--routing-fallback", "prohibit"}, &errb)
	if err != nil {
		t.Fatal(err, errb.String())
	}
	got := o.net.apply(api.DefaultNetwork())
	want := api.NetworkConfig{SOCKSProxy: "127.0.0.1:9050", SOCKSIsolate: true, OnionHosts: api.OnionPrefer, PrivateRouting: api.RoutingAlways, RoutingFallback: api.FallbackProhibit}
	if got != want {
		t.Fatalf("%+v", got)
	}
	if o, _ := parseFlags(nil, &errb); o.net.any() {
		t.Fatal("network flags set without any given")
	}
	if o, _ := parseFlags([]string{"--socks-proxy", "off"}, &errb); o.net.socks == nil || *o.net.socks != (socksFlag{}) {
		t.Fatal("--socks-proxy off")
	}
	if o, _ := parseFlags([]string{"--socks-proxy", "@127.0.0.1:1080"}, &errb); o.net.socks == nil || *o.net.socks != (socksFlag{addr: "127.0.0.1:1080"}) {
		t.Fatal("--socks-proxy @host:port")
	}
	for _, args := range [][]string{
		{"--socks-proxy", "localhost"}, {"--socks-proxy", "h:0"}, {"--socks-proxy", "@"}, {"--socks-proxy", "u:p@h:1"}, {"--onion-hosts", "yes"},
		{"--private-routing", "sometimes"}, {"--routing-fallback", "allowProtected"}, {"--routing-fallback"},
	} {
		var out bytes.Buffer
		errb.Reset()
		if code := run(args, nil, &out, &errb); code != 2 || errb.Len() == 0 {
			t.Errorf("%v: exit %d %q", args, code, errb.String())
		}
	}
}

// The flags given are saved over the stored settings; those not given
// keep their stored value; an inconsistent result is refused by the core.
func TestNetworkFlagsApplied(t *testing.T) {
	ctx := context.Background()
	c, err := core.Open(core.Options{DataDir: t.TempDir(), KDF: &core.KDFCost{Time: 1, MemoryKiB: 64, Threads: 1},
		Now: func() time.Time { return time.Unix(1_800_000_000, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.CreateStorage(ctx, api.ProtectionPassphrase, "pw"); err != nil {
		t.Fatal(err)
	}
	flags := func(args ...string) netFlags {
		var errb bytes.Buffer
		o, err := parseFlags(args, &errb)
		if err != nil {
			t.Fatal(err, errb.String())
		}
		return o.net
	}
	var out bytes.Buffer
	if err := applyNetworkFlags(ctx, c, flags(), &out); err != nil || out.Len() != 0 {
		t.Fatalf("no flags: %v %q", err, out.String())
	}
	if err := applyNetworkFlags(ctx, c, flags("--socks-proxy", "127.0.0.1:9050", "--onion-hosts", "required"), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "SOCKS proxy 127.0.0.1:9050 (connections isolated), onion hosts required, private routing unknown, fallback protected") {
		t.Fatalf("%q", out.String())
	}
	if err := applyNetworkFlags(ctx, c, flags("--private-routing", "never"), &out); err != nil {
		t.Fatal(err)
	}
	want := api.NetworkConfig{SOCKSProxy: "127.0.0.1:9050", SOCKSIsolate: true, OnionHosts: api.OnionRequired, PrivateRouting: api.RoutingNever}
	if got, _ := c.Network(ctx); got != want {
		t.Fatalf("%+v", got)
	}
	err = applyNetworkFlags(ctx, c, flags("--socks-proxy", "off"), &out)
	if err == nil || !strings.Contains(err.Error(), "needs a SOCKS proxy") {
		t.Fatalf("onion hosts required without a proxy: %v", err)
	}
	if got, _ := c.Network(ctx); got != want {
		t.Fatalf("refused flags saved: %+v", got)
	}
}
