package agent

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"duplex/net/smp"
	"duplex/net/tls13"
	"duplex/net/tls13/certs"
)

// oldRelay speaks SMP v6–7 only (before proxying, v8), answers OK to
// every command and counts the SKEYs it got: a destination too old for
// private routing.
type oldRelay struct {
	srv   smp.Server
	skeys atomic.Int32
}

func startOldRelay(t *testing.T) *oldRelay {
	now := time.Now()
	chain, _, err := certs.NewChain(rand.Reader, certs.Ed25519, "old CA", "old", now.Add(-time.Hour), now.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	host, port, _ := net.SplitHostPort(l.Addr().String())
	o := &oldRelay{srv: smp.Server{Hosts: []string{host}, Port: port, KeyHash: certs.Fingerprint(chain.Certs[1])}}
	tcfg := &tls13.Config{Certificate: chain, NextProtos: []string{smp.ALPN}, Groups: []tls13.Group{tls13.X25519, tls13.X448}}
	go func() {
		for {
			nc, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer nc.Close()
				tr, err := smp.ServerHandshake(tls13.Server(nc, tcfg), smp.ServerHandshakeConfig{Chain: chain, Range: smp.VersionRange{Min: 6, Max: 7}, Timeout: 5 * time.Second})
				if err != nil {
					return
				}
				for {
					ts, err := tr.ReadTransmissions()
					if err != nil {
						return
					}
					for _, raw := range ts {
						tm, err := smp.ParseTransmission(tr.Version(), raw)
						if err != nil {
							continue
						}
						if bytes.HasPrefix(tm.Command, []byte("SKEY ")) {
							o.skeys.Add(1)
						}
						resp, _ := smp.EncodeResponse(tr.Version(), smp.OK{})
						out, _ := smp.EncodeTransmission(tr.Version(), &smp.Transmission{CorrID: tm.CorrID, EntityID: tm.EntityID, Command: resp})
						b, _ := smp.EncodeBatch([][]byte{out})
						if tr.WriteBlock(b) != nil {
							return
						}
					}
				}
			}()
		}
	}()
	return o
}

// A destination relay older than private routing (v8): the proxy reports
// it (ErrDestinationTooOld) and the fallback decides — prohibit: Join
// fails and the old relay never hears from us; allow: our SKEY goes
// directly.
func TestPrivateRoutingDestinationTooOld(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fb     RoutingFallback
		direct bool
	}{{"prohibit", FallbackProhibit, false}, {"allow", FallbackAllow, true}} {
		t.Run(tc.name, func(t *testing.T) {
			alice, bob, _, _, _, _ := routedPeers(t, tc.fb)
			old := startOldRelay(t)
			_, req, err := alice.a.CreateInvitation(context.Background(), InvitationOptions{})
			if err != nil {
				t.Fatal(err)
			}
			req.Queues[0].Server = old.srv // the inviter's queue on the old relay
			_, err = bob.a.Join(context.Background(), req, []byte("bob"))
			if !tc.direct {
				if !errors.Is(err, ErrNoRoute) || !errors.Is(err, smp.ErrDestinationTooOld) {
					t.Fatalf("Join: %v, want ErrNoRoute (destination too old)", err)
				}
				if n := old.skeys.Load(); n != 0 {
					t.Fatalf("the old relay got %d SKEYs", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n := old.skeys.Load(); n != 1 {
				t.Fatalf("the old relay got %d SKEYs, want 1 (directly)", n)
			}
		})
	}
}
