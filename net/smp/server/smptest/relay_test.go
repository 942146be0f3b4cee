package smptest_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"testing"
	"time"

	"duplex/net/smp"
	"duplex/net/smp/server"
	"duplex/net/smp/server/smptest"
	"duplex/net/tls13/certs"
)

func handshake(t *testing.T, addr string, kh []byte) error {
	t.Helper()
	tr, err := smp.DialTransport(context.Background(), addr, smp.DialConfig{KeyHash: kh, Timeout: 5 * time.Second})
	if err == nil {
		tr.Close()
	}
	return err
}

func TestRelayLifecycle(t *testing.T) {
	var sawConfig bool
	r := smptest.StartRelay(t, smptest.WithStore(t.TempDir()), func(c *server.Config) {
		sawConfig = c.StorePath != "" && c.Chain == nil && c.StatsInterval < 0
	})
	if !sawConfig {
		t.Fatal("options did not see the defaults and earlier options")
	}
	a := r.Address()
	if a.Hosts[0] != "127.0.0.1" || a.Port == "" || a.Port == "0" || !bytes.Equal(a.KeyHash, r.Fingerprint) {
		t.Fatalf("address %v", a)
	}
	if err := handshake(t, r.Addr, r.Fingerprint); err != nil {
		t.Fatal(err)
	}
	if err := handshake(t, r.Addr, make([]byte, 32)); err == nil {
		t.Fatal("handshake with a wrong key hash succeeded")
	}
	addr, fp := r.Addr, r.Fingerprint
	r.Restart()
	if r.Addr != addr || !bytes.Equal(r.Fingerprint, fp) {
		t.Fatalf("restart moved the relay: %s %x, was %s %x", r.Addr, r.Fingerprint, addr, fp)
	}
	if err := handshake(t, r.Addr, r.Fingerprint); err != nil {
		t.Fatal("after restart:", err)
	}
	r.Stop()
	r.Stop() // idempotent, and cleanup runs it again
	if err := handshake(t, addr, fp); err == nil {
		t.Fatal("stopped relay answered")
	}
}

func TestRelayChain(t *testing.T) {
	now := time.Now()
	c, _, err := certs.NewChain(rand.Reader, certs.Ed448, "x CA", "x", now.Add(-time.Hour), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	r := smptest.StartRelay(t, smptest.WithChain(c))
	if !bytes.Equal(r.Fingerprint, certs.Fingerprint(c.Certs[1])) {
		t.Fatal("relay does not use the given chain")
	}
	// Without WithChain every relay has its own identity.
	if a, b := smptest.StartRelay(t), smptest.StartRelay(t); bytes.Equal(a.Fingerprint, b.Fingerprint) {
		t.Fatal("two default relays share an identity")
	}
}
