package server

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"duplex/net/smp"
	"duplex/net/smp/server/store"
	"duplex/net/tls13"
	"duplex/net/tls13/certs"
)

// The floor for the relay benchmarks: a raw TLS (net/tls13, same profile)
// echo of 16 KB blocks on the same loopback — what one block round trip
// costs without SMP, crypto boxes, stores or delivery.

func echoServer(b *testing.B) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { l.Close() })
	cfg := &tls13.Config{Certificate: testChain(b, certs.Ed25519), NextProtos: []string{"smp/1"}}
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

func echoClient(b *testing.B, addr string) *tls13.Conn {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	fp := certs.Fingerprint(testChain(b, certs.Ed25519).Certs[1])
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

func percentile(d []time.Duration, p float64) time.Duration {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[min(len(d)-1, int(float64(len(d))*p))]
}

// BenchmarkSendToMSG: latency from writing SEND to receiving the MSG on the
// subscribed connection, vs the raw TLS block echo round trip.
func BenchmarkSendToMSG(b *testing.B) {
	for _, mode := range []string{"memory", "journal-fsync"} {
		b.Run(mode, func(b *testing.B) {
			cfg := Config{}
			if mode != "memory" {
				dir := b.TempDir()
				cfg.StorePath, cfg.MessagesPath = filepath.Join(dir, "s.log"), filepath.Join(dir, "m.log")
			}
			s := startServer(b, cfg)
			rcv, snd := dial(b, s), dial(b, s)
			q := rcv.mustCreate(smp.SubModeSubscribe)
			expect[smp.OK](b, snd.call(q.sndKey, q.ids.SndID, smp.SKEY{SenderKey: q.sndKey.Public()}))
			body := make([]byte, 1000)
			echo := echoClient(b, echoServer(b))
			buf := make([]byte, smp.BlockSize)
			n := max(b.N, 50)
			floor := make([]time.Duration, n)
			for i := range floor {
				t0 := time.Now()
				echoRoundTrip(b, echo, buf)
				floor[i] = time.Since(t0)
			}
			relay := make([]time.Duration, 0, n)
			b.ResetTimer()
			for i := 0; i < n; i++ {
				t0 := time.Now()
				corr := snd.send(q.sndKey, q.ids.SndID, smp.SEND{Body: body})
				m := expect[smp.MSG](b, rcv.event().resp)
				relay = append(relay, time.Since(t0))
				snd.reply(corr)
				expect[smp.OK](b, rcv.call(q.rcvKey, q.ids.RcvID, smp.ACK{MsgID: m.MsgID}))
			}
			b.StopTimer()
			p50, p99 := percentile(relay, 0.5), percentile(relay, 0.99)
			f50, f99 := percentile(floor, 0.5), percentile(floor, 0.99)
			b.ReportMetric(float64(p50.Microseconds()), "p50-µs")
			b.ReportMetric(float64(p99.Microseconds()), "p99-µs")
			b.ReportMetric(float64(f50.Microseconds()), "floor-p50-µs")
			b.ReportMetric(float64(f99.Microseconds()), "floor-p99-µs")
			b.ReportMetric(float64(p50)/float64(f50), "ratio")
		})
	}
}

// BenchmarkThroughput: messages/s with N concurrent clients, each sending
// to its own subscribed queue and ACKing what it receives, vs N raw TLS
// echo clients' blocks/s.
func BenchmarkThroughput(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(strconv.Itoa(n)+"-clients", func(b *testing.B) {
			s := startServer(b, Config{})
			addr := echoServer(b)
			clients := make([]*tclient, n)
			queues := make([]*tqueue, n)
			echoes := make([]*tls13.Conn, n)
			for i := range clients {
				clients[i] = dial(b, s)
				queues[i] = clients[i].mustCreate(smp.SubModeSubscribe)
				echoes[i] = echoClient(b, addr)
			}
			per := max(b.N/n, 20)
			total := float64(per * n)
			run := func(f func(i int)) time.Duration {
				var wg sync.WaitGroup
				t0 := time.Now()
				for i := 0; i < n; i++ {
					wg.Add(1)
					go func(i int) { defer wg.Done(); f(i) }(i)
				}
				wg.Wait()
				return time.Since(t0)
			}
			floor := run(func(i int) {
				buf := make([]byte, smp.BlockSize)
				for k := 0; k < per; k++ {
					echoRoundTrip(b, echoes[i], buf)
				}
			})
			b.ResetTimer()
			relay := run(func(i int) {
				c, q := clients[i], queues[i]
				body := make([]byte, 1000)
				for k := 0; k < per; k++ {
					c.call(nil, q.ids.SndID, smp.SEND{Body: body})
					m := c.event().resp.(smp.MSG)
					c.call(q.rcvKey, q.ids.RcvID, smp.ACK{MsgID: m.MsgID})
				}
			})
			b.StopTimer()
			relayRate, floorRate := total/relay.Seconds(), total/floor.Seconds()
			b.ReportMetric(relayRate, "msgs/s")
			b.ReportMetric(floorRate, "floor-blocks/s")
			b.ReportMetric(relayRate/floorRate, "ratio")
		})
	}
}

func rssBytes() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// BenchmarkIdleQueueMemory: memory per idle queue at 100,000 queues created
// through the protocol (4 connections, 50 NEW per block). The ratio is
// against the queue's encoded store-log record: what a queue must hold.
func BenchmarkIdleQueueMemory(b *testing.B) {
	nQueues, conns, perBlock := benchQueues(), 4, 50
	for it := 0; it < b.N; it++ {
		s := startServer(b, Config{})
		cs := make([]*tclient, conns)
		for i := range cs {
			cs[i] = dial(b, s)
		}
		rk, dh := newKeys(b)
		newCmd := smp.NEW{RcvAuthKey: rk.Public(), RcvDHKey: dh.Public(), SubMode: smp.SubModeOnlyCreate,
			QueueReq: &smp.QueueReq{Mode: smp.QueueModeMessaging}}
		runtime.GC()
		var m0 runtime.MemStats
		runtime.ReadMemStats(&m0)
		rss0 := rssBytes()
		var wg sync.WaitGroup
		for _, c := range cs {
			wg.Add(1)
			go func(c *tclient, share int) {
				defer wg.Done()
				for done := 0; done < share; done += perBlock {
					ts := make([][]byte, perBlock)
					corrs := make([][]byte, perBlock)
					for k := range ts {
						corrs[k] = randBytes(24)
						ts[k] = c.transmission(rk, corrs[k], nil, newCmd)
					}
					c.writeRaw(ts...)
					for _, corr := range corrs {
						c.reply(corr)
					}
				}
			}(c, nQueues/conns)
		}
		wg.Wait()
		if s.Stats().Queues != nQueues {
			b.Fatalf("%d queues", s.Stats().Queues)
		}
		runtime.GC()
		var m1 runtime.MemStats
		runtime.ReadMemStats(&m1)
		heapPer := float64(m1.HeapAlloc-m0.HeapAlloc) / float64(nQueues)
		rssPer := float64(rssBytes()-rss0) / float64(nQueues)
		q := s.queues.ByRecipient(firstQueue(s))
		rec, _ := (&store.Record{Op: store.OpCreate, Queue: q}).Encode()
		b.ReportMetric(heapPer, "heap-B/queue")
		b.ReportMetric(rssPer, "rss-B/queue")
		b.ReportMetric(heapPer/float64(len(rec)), "ratio")
	}
}

func firstQueue(s *testServer) []byte { return s.queues.AnyRecipientID() }

// BenchmarkRestart: New() on logs holding 100,000 queues and 100,000
// pending messages (replay + compaction), vs reading the same files.
func BenchmarkRestart(b *testing.B) {
	const n = 100000
	dir := b.TempDir()
	sp, mp := filepath.Join(dir, "store.log"), filepath.Join(dir, "msgs.log")
	qs, _, err := store.OpenQueueStore(sp, true)
	if err != nil {
		b.Fatal(err)
	}
	ms, _, err := store.OpenMsgStore(mp, 128, true, nil)
	if err != nil {
		b.Fatal(err)
	}
	key := make([]byte, 44)
	body := make([]byte, 200)
	for i := 0; i < n; i++ {
		rid, sid := randBytes(24), randBytes(24)
		q := &store.Queue{RecipientID: rid, SenderID: sid, RecipientKeys: [][]byte{key}, Mode: store.ModeMessaging}
		if err := qs.Add(q); err != nil {
			b.Fatal(err)
		}
		if _, err := ms.Write(rid, &store.Message{ID: randBytes(24), Ts: time.Now().Unix(), Body: body}); err != nil {
			b.Fatal(err)
		}
	}
	qs.Close()
	ms.Close()
	var restart, read time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		for _, p := range []string{sp, mp} {
			if _, err := os.ReadFile(p); err != nil {
				b.Fatal(err)
			}
		}
		read += time.Since(t0)
		t0 = time.Now()
		srv, rs, err := New(Config{Chain: testChain(b, certs.Ed25519), StorePath: sp, MessagesPath: mp, Logger: quietLogger(), NoFsync: true})
		if err != nil {
			b.Fatal(err)
		}
		restart += time.Since(t0)
		if rs.Queues != n || rs.Messages != n {
			b.Fatalf("restored %+v", rs)
		}
		srv.Close()
	}
	b.ReportMetric(float64(restart.Milliseconds())/float64(b.N), "restart-ms")
	b.ReportMetric(float64(read.Milliseconds())/float64(b.N), "read-files-ms")
	b.ReportMetric(float64(restart)/float64(read), "ratio")
}

// benchQueues is 100,000 unless SMP_BENCH_QUEUES says otherwise (profiling).
func benchQueues() int {
	if n, err := strconv.Atoi(os.Getenv("SMP_BENCH_QUEUES")); err == nil && n > 0 {
		return n
	}
	return 100000
}
