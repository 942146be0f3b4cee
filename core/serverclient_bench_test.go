package core

import (
	"context"
	"testing"
	"time"

	"duplex/core/api"
	"duplex/net/smp"
	"duplex/net/smp/server/smptest"
)

func benchCore(b *testing.B) (*Local, api.ProfileID) {
	b.Helper()
	c, err := Open(Options{DataDir: b.TempDir(), KDF: cheapKDF})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	ctx := context.Background()
	if err := c.CreateStorage(ctx, api.ProtectionPassphrase, "pw"); err != nil {
		b.Fatal(err)
	}
	p, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: "alice"})
	if err != nil {
		b.Fatal(err)
	}
	return c, p.ID
}

// Servers opens the operators model on every call (no cached Manager); the
// floor is Profiles, the cheapest database-backed call of the core.
func BenchmarkServersCall(b *testing.B) {
	c, p := benchCore(b)
	ctx := context.Background()
	if _, err := c.Servers(ctx, p); err != nil { // presets written once
		b.Fatal(err)
	}
	var srv, floor time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := c.Servers(ctx, p); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := c.Profiles(ctx); err != nil {
			b.Fatal(err)
		}
		srv, floor = srv+t1.Sub(t0), floor+time.Since(t1)
	}
	b.ReportMetric(float64(srv)/float64(floor), "ratio")
}

// A full server test against a loopback relay; the floor is connecting
// (TCP, TLS, SMP handshake) and closing a bare client.
func BenchmarkTestServer(b *testing.B) {
	c, p := benchCore(b)
	r := smptest.StartRelay(b)
	ctx := context.Background()
	addr := r.Address()
	var test, floor time.Duration
	for b.Loop() {
		t0 := time.Now()
		res, err := c.TestServer(ctx, p, addr.String())
		if err != nil || !res.OK {
			b.Fatal(res, err)
		}
		t1 := time.Now()
		cl, err := smp.Connect(ctx, smp.ClientConfig{Server: addr, PingInterval: -1})
		if err != nil {
			b.Fatal(err)
		}
		cl.Close()
		test, floor = test+t1.Sub(t0), floor+time.Since(t1)
	}
	b.ReportMetric(float64(test)/float64(floor), "ratio")
}
