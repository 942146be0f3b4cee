package agent

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"duplex/net/smp"
	"duplex/net/tls13"
	"duplex/net/tls13/certs"
)

// The agent benchmarks run two agents (separate encrypted databases) and two
// in-process relays on loopback, as the tests do: alice receives on one
// relay, bob on the other, so a message alice sends crosses alice → relay 2
// → bob. Their floor, measured in the same run, is a raw TLS 1.3 (net/tls13,
// the relays' profile) echo of 16 KB blocks on the same loopback: what one
// block costs with no SMP, no crypto boxes, no ratchet and no database.

// BenchmarkLatency: from the Send call on alice to the MSG event on bob. Send
// returns after alice committed the encrypted message; MSG is reported only
// after bob committed the decrypted message and its ratchet, so both ends of
// the interval are persisted. Bob acknowledges each message outside the timed
// interval, and the next message waits (untimed) for the receipt to reach
// alice, so each sample starts from quiet agents: contention under load is
// what the throughput benchmarks measure. send-p50-ns is the Send call alone
// (alice's encrypt and commit), the first part of the interval.
func BenchmarkLatency(b *testing.B) {
	r1, r2 := startRelay(b), startRelay(b)
	alice, bob := newPeer(b, r1), newPeer(b, r2)
	ar, br := route(b, alice), route(b, bob)
	aid, bid := routedConnect(b, alice, bob, ar, br)
	ctx := context.Background()
	n := max(b.N, 20)

	echo := echoDial(b, echoListen(b))
	buf := make([]byte, smp.BlockSize)
	floor := make([]time.Duration, n)
	for i := range floor {
		t0 := time.Now()
		echoRoundTrip(b, echo, buf)
		floor[i] = time.Since(t0)
	}

	lat, send := make([]time.Duration, n), make([]time.Duration, n)
	msgs := br.conn(bid)
	b.ResetTimer()
	for i := 0; i < n; i++ {
		body := fmt.Appendf(nil, "latency %d", i)
		t0 := time.Now()
		if _, err := alice.a.Send(ctx, aid, body); err != nil {
			b.Fatal(err)
		}
		send[i] = time.Since(t0)
		ev := waitEvent(b, msgs)
		lat[i] = time.Since(t0)
		if ev.Type != EvMSG || string(ev.Body) != string(body) || ev.Integrity.Kind != 0 {
			b.Fatalf("bob got %s %q %v, want MSG %q", ev.Type, ev.Body, ev.Integrity, body)
		}
		if err := bob.a.AckMessage(ctx, bid, ev.MsgID); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		ar.waitReceipts(b, int64(i+1))
		b.StartTimer()
	}
	b.StopTimer()

	p50, p99 := percentile(lat, 0.50), percentile(lat, 0.99)
	f50, f99 := percentile(floor, 0.50), percentile(floor, 0.99)
	b.ReportMetric(float64(p50.Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(p99.Nanoseconds()), "p99-ns")
	b.ReportMetric(float64(percentile(send, 0.50).Nanoseconds()), "send-p50-ns")
	b.ReportMetric(float64(f50.Nanoseconds()), "floor-p50-ns")
	b.ReportMetric(float64(f99.Nanoseconds()), "floor-p99-ns")
	b.ReportMetric(float64(p50)/float64(f50), "p50-ratio")
	b.ReportMetric(float64(p99)/float64(f99), "p99-ratio")
}

func BenchmarkThroughput1(b *testing.B)   { benchThroughput(b, 1) }
func BenchmarkThroughput100(b *testing.B) { benchThroughput(b, 100) }

// benchThroughput: b.N messages (at least one per connection) spread evenly
// over conns connections between alice and bob. Alice sends as fast as Send
// returns; bob checks each MSG (body, order, integrity) and acknowledges it.
// The clock stops when bob has acknowledged the last one; the receipts are
// then awaited (and checked) untimed. The floor is the same number of 16 KB
// blocks echoed over as many raw TLS connections, each pipelined (a writer
// and a reader per connection), since the agent pipelines too.
func benchThroughput(b *testing.B, conns int) {
	r1, r2 := startRelay(b), startRelay(b)
	alice, bob := newPeer(b, r1), newPeer(b, r2)
	ar, br := route(b, alice), route(b, bob)

	t0 := time.Now()
	aids, bids := make([]string, conns), make([]string, conns)
	parallel(b, conns, 8, func(i int) { aids[i], bids[i] = routedConnect(b, alice, bob, ar, br) })
	b.Logf("%d connections set up in %v", conns, time.Since(t0).Round(time.Millisecond))

	per := (max(b.N, conns) + conns - 1) / conns
	total := per * conns

	addr := echoListen(b)
	echoes := make([]*tls13.Conn, conns)
	for i := range echoes {
		echoes[i] = echoDial(b, addr)
	}
	t0 = time.Now()
	parallel(b, conns, conns, func(i int) { echoPipelined(b, echoes[i], per) })
	floor := time.Since(t0)

	ctx := context.Background()
	b.ResetTimer()
	t0 = time.Now()
	var wg sync.WaitGroup
	for i := 0; i < conns; i++ {
		wg.Add(2)
		go func() { // bob's consumer for this connection
			defer wg.Done()
			msgs := br.conn(bids[i])
			for k := 0; k < per; k++ {
				ev := waitEvent(b, msgs)
				if want := fmt.Sprintf("c%d m%d", i, k); ev.Type != EvMSG || string(ev.Body) != want || ev.Integrity.Kind != 0 {
					b.Errorf("bob got %s %q %v, want MSG %q", ev.Type, ev.Body, ev.Integrity, want)
					return
				}
				if err := bob.a.AckMessage(ctx, bids[i], ev.MsgID); err != nil {
					b.Error(err)
					return
				}
			}
		}()
		go func() { // alice's sender for this connection
			defer wg.Done()
			for k := 0; k < per; k++ {
				if _, err := alice.a.Send(ctx, aids[i], fmt.Appendf(nil, "c%d m%d", i, k)); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(t0)
	b.StopTimer()
	if b.Failed() {
		b.FailNow()
	}
	ar.waitReceipts(b, int64(total))

	rate, floorRate := float64(total)/elapsed.Seconds(), float64(total)/floor.Seconds()
	b.ReportMetric(rate, "msgs/s")
	b.ReportMetric(floorRate, "floor-blocks/s")
	b.ReportMetric(rate/floorRate, "ratio")
}

// parallel runs f(0..n-1) on at most width goroutines. The handshakes of the
// 100-connection benchmark go 8 at a time: each is a few relay round trips
// and database commits, so overlapping them hides the round trips without
// piling up on the agents' locks.
func parallel(b *testing.B, n, width int, f func(i int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, width)
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			f(i)
		}()
	}
	wg.Wait()
	if b.Failed() {
		b.FailNow()
	}
}

// router reads one agent's events and hands each connection's events to
// that connection's channel, so handshakes and consumers of many
// connections can run concurrently on one agent. SENT events are dropped
// and receipts only counted (a bad receipt or an MERR fails the benchmark):
// alice gets two per message and nobody reads them one by one.
type router struct {
	mu    sync.Mutex
	chans map[string]chan Event
	rcvd  atomic.Int64
	errs  chan error
	stop  chan struct{} // cleanup: stop handing out events nobody reads
	done  chan struct{}
}

func route(b *testing.B, p *peer) *router {
	r := &router{chans: map[string]chan Event{}, errs: make(chan error, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		for ev := range p.a.Events() {
			switch ev.Type {
			case EvUP, EvDOWN, EvSENT, EvINV:
			case EvRCVD:
				if !ev.RcptOK {
					r.fail(fmt.Errorf("receipt hash mismatch for %s/%d", ev.ConnID, ev.MsgID))
				}
				r.rcvd.Add(1)
			case EvMERR:
				r.fail(fmt.Errorf("MERR %s/%d: %v", ev.ConnID, ev.MsgID, ev.Err))
			default:
				select {
				case r.conn(ev.ConnID) <- ev:
				case <-r.stop:
				}
			}
		}
	}()
	// Registered after newPeer, so it runs first: the agent closes its event
	// channel and this goroutine ends before the test's cleanup finishes.
	b.Cleanup(func() { close(r.stop); p.close(); <-r.done })
	return r
}

func (r *router) fail(err error) {
	select {
	case r.errs <- err:
	default:
	}
}

// conn is the event channel of one connection. A consumer reads each one
// while the benchmark runs, so the buffer only absorbs bursts.
func (r *router) conn(id string) chan Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.chans[id]
	if c == nil {
		c = make(chan Event, 256)
		r.chans[id] = c
	}
	return c
}

// waitReceipts waits until n receipts (all with a matching hash) arrived.
func (r *router) waitReceipts(b *testing.B, n int64) {
	deadline := time.Now().Add(time.Minute)
	for r.rcvd.Load() < n {
		select {
		case err := <-r.errs:
			b.Fatal(err)
		default:
		}
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d receipts", r.rcvd.Load(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func waitEvent(b *testing.B, c chan Event) Event {
	select {
	case ev := <-c:
		return ev
	case <-time.After(time.Minute):
		b.Error("no event for a minute")
		return Event{}
	}
}

// routedConnect is connect (helpers_test.go) over routers, safe to run for
// many connections at once.
func routedConnect(b *testing.B, alice, bob *peer, ar, br *router) (string, string) {
	ctx := context.Background()
	aid, req, err := alice.a.CreateInvitation(ctx, InvitationOptions{})
	if err != nil {
		b.Error(err)
		return "", ""
	}
	bid, err := bob.a.Join(ctx, req, []byte("bob's profile"))
	if err != nil {
		b.Error(err)
		return "", ""
	}
	expect := func(r *router, id string, t EventType) Event {
		ev := waitEvent(b, r.conn(id))
		if ev.Type != t {
			b.Errorf("%s: got %s %+v, want %s", id, ev.Type, ev, t)
		}
		return ev
	}
	conf := expect(ar, aid, EvCONF)
	if string(conf.Info) != "bob's profile" {
		b.Errorf("CONF info %q", conf.Info)
	}
	if err := alice.a.AllowConnection(ctx, aid, conf.ConfirmationID, []byte("alice's profile")); err != nil {
		b.Error(err)
		return "", ""
	}
	expect(ar, aid, EvCON)
	if info := expect(br, bid, EvINFO); string(info.Info) != "alice's profile" {
		b.Errorf("INFO %q", info.Info)
	}
	expect(br, bid, EvCON)
	return aid, bid
}

func percentile(d []time.Duration, p float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// echoListen starts a net/tls13 server on loopback that echoes 16 KB blocks.
func echoListen(b *testing.B) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { l.Close() })
	cfg := &tls13.Config{Certificate: echoChain(b), NextProtos: []string{"smp/1"}}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				tc := tls13.Server(c, cfg)
				defer tc.Close()
				buf := make([]byte, smp.BlockSize)
				for {
					if _, err := io.ReadFull(tc, buf); err != nil {
						return
					}
					if _, err := tc.Write(buf); err != nil {
						return
					}
				}
			}()
		}
	}()
	return l.Addr().String()
}

var (
	echoOnce  sync.Once
	echoCerts *certs.Chain
	echoErr   error
)

func echoChain(b *testing.B) *certs.Chain {
	echoOnce.Do(func() {
		now := time.Now()
		echoCerts, _, echoErr = certs.NewChain(rand.Reader, certs.Ed25519, "bench CA", "localhost", now.Add(-time.Hour), now.Add(24*time.Hour))
	})
	if echoErr != nil {
		b.Fatal(echoErr)
	}
	return echoCerts
}

func echoDial(b *testing.B, addr string) *tls13.Conn {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	fp := certs.Fingerprint(echoChain(b).Certs[1])
	tc := tls13.Client(c, &tls13.Config{VerifyPeer: tls13.PinnedChain(fp, time.Now), NextProtos: []string{"smp/1"}})
	if err := tc.Handshake(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { tc.Close() })
	return tc
}

func echoRoundTrip(b *testing.B, tc *tls13.Conn, buf []byte) {
	if _, err := tc.Write(buf); err != nil {
		b.Fatal(err)
	}
	if _, err := io.ReadFull(tc, buf); err != nil {
		b.Fatal(err)
	}
}

// echoPipelined writes n blocks while reading the n echoes back.
func echoPipelined(b *testing.B, tc *tls13.Conn, n int) {
	errc := make(chan error, 1)
	go func() {
		buf := make([]byte, smp.BlockSize)
		for k := 0; k < n; k++ {
			if _, err := tc.Write(buf); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	buf := make([]byte, smp.BlockSize)
	for k := 0; k < n; k++ {
		if _, err := io.ReadFull(tc, buf); err != nil {
			b.Error(err)
			return
		}
	}
	if err := <-errc; err != nil {
		b.Error(err)
	}
}
