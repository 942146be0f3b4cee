package core

import (
	"context"
	"crypto/rand"
	"errors"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"duplex/core/api"
	"duplex/net/smp/server"
	"duplex/net/smp/server/smptest"
)

// testingCore is a core with one profile and a clock that advances 1 ms
// per reading, so latencies are positive and reproducible in kind.
func serverTestCore(t *testing.T) (*Local, api.ProfileID) {
	t.Helper()
	var ticks atomic.Int64
	c := openCore(t, t.TempDir(), func(o *Options) {
		o.Now = func() time.Time {
			return time.Unix(1_800_000_000, 0).Add(time.Duration(ticks.Add(1)) * time.Millisecond)
		}
	})
	ctx := context.Background()
	if err := c.CreateStorage(ctx, api.ProtectionPassphrase, "pw"); err != nil {
		t.Fatal(err)
	}
	p, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	return c, p.ID
}

// noQueueLeft asserts that every queue the test created is gone.
func noQueueLeft(t *testing.T, r *smptest.Relay) {
	t.Helper()
	st := r.Server.Stats()
	if st.Queues != 0 || st.QueuesCreated != st.QueuesDeleted {
		t.Fatalf("relay keeps queues: %+v", st)
	}
}

func TestServerTestOK(t *testing.T) {
	c, p := serverTestCore(t)
	r := smptest.StartRelay(t)
	res, err := c.TestServer(context.Background(), p, r.Address().String())
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK || res.Step != "" || res.Err != "" || res.Latency <= 0 {
		t.Fatalf("result %+v", res)
	}
	st := r.Server.Stats()
	if st.QueuesCreated != 1 || st.QueuesSecured != 1 || st.QueuesDeleted != 1 {
		t.Fatalf("relay saw %+v, want one queue created, secured, deleted", st)
	}
	noQueueLeft(t, r)
}

func TestServerTestWrongFingerprint(t *testing.T) {
	c, p := serverTestCore(t)
	r := smptest.StartRelay(t)
	a := r.Address()
	a.KeyHash = smptest.StartRelay(t).Fingerprint // another relay's identity
	res, err := c.TestServer(context.Background(), p, a.String())
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || res.Step != "tls" || !strings.Contains(res.Err, "does not match the fingerprint") {
		t.Fatalf("result %+v", res)
	}
	if st := r.Server.Stats(); st.QueuesCreated != 0 {
		t.Fatalf("a queue was created: %+v", st)
	}
}

func TestServerTestRelayDown(t *testing.T) {
	c, p := serverTestCore(t)
	r := smptest.StartRelay(t)
	addr := r.Address().String()
	r.Stop()
	res, err := c.TestServer(context.Background(), p, addr)
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || res.Step != "connect" || !strings.Contains(res.Err, "cannot connect to 127.0.0.1") {
		t.Fatalf("result %+v", res)
	}
}

func TestServerTestPassword(t *testing.T) {
	ctx := context.Background()
	c, p := serverTestCore(t)
	r := smptest.StartRelay(t, func(cfg *server.Config) { cfg.Password = []byte("s3cret") })
	a := r.Address()

	res, err := c.TestServer(ctx, p, a.String())
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || res.Step != "create queue" || !strings.Contains(res.Err, "needs a password") || !strings.Contains(res.Err, "AUTH") {
		t.Fatalf("without password: %+v", res)
	}
	a.BasicAuth = []byte("wrong")
	if res, _ = c.TestServer(ctx, p, a.String()); res.Step != "create queue" || !strings.Contains(res.Err, "refused the password") {
		t.Fatalf("wrong password: %+v", res)
	}
	a.BasicAuth = []byte("s3cret")
	if res, _ = c.TestServer(ctx, p, a.String()); !res.OK {
		t.Fatalf("right password: %+v", res)
	}
	noQueueLeft(t, r)
}

func TestServerTestRefusals(t *testing.T) {
	ctx := context.Background()
	c, p := serverTestCore(t)
	if _, err := c.TestServer(ctx, p, "smp://nothing"); !errors.Is(err, errNotServerAddress) {
		t.Fatalf("malformed: %v", err)
	}
	if _, err := c.TestServer(ctx, p, "xftp://"+fpOf("f")+"@files.example.com"); err == nil || !strings.Contains(err.Error(), "XFTP") {
		t.Fatalf("xftp: %v", err)
	}
	if _, err := c.TestServer(ctx, p+7, "smp://"+fpOf("f")+"@127.0.0.1:1"); !errors.Is(err, api.ErrNoSuchProfile) {
		t.Fatalf("unknown profile: %v", err)
	}
}

// cancelOnceCreated is a context cancelled at the moment the relay has
// created a queue: Done closes when Err first sees the queue. That puts the
// cancellation exactly between NEW and the secure step, every run.
type cancelOnceCreated struct {
	context.Context
	r    *smptest.Relay
	once sync.Once
	done chan struct{}
}

func (c *cancelOnceCreated) Done() <-chan struct{} { return c.done }

func (c *cancelOnceCreated) Err() error {
	if c.r.Server.Stats().QueuesCreated > 0 {
		c.once.Do(func() { close(c.done) })
		return context.Canceled
	}
	return nil
}

// A test the caller gives up on after NEW skips the secure step and still
// deletes its queue: the requests do not follow the caller's cancellation.
func TestServerTestCancelledStillDeletes(t *testing.T) {
	c, p := serverTestCore(t)
	r := smptest.StartRelay(t)
	ctx := &cancelOnceCreated{Context: context.Background(), r: r, done: make(chan struct{})}
	res, err := c.TestServer(ctx, p, r.Address().String())
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || res.Step != "secure queue" || !strings.Contains(res.Err, "context canceled") {
		t.Fatalf("result %+v", res)
	}
	if st := r.Server.Stats(); st.QueuesSecured != 0 {
		t.Fatalf("secured after cancel: %+v", st)
	}
	noQueueLeft(t, r)
}

// dropAfterNEW closes the first connection at its first write after the
// relay created a queue: the secure step's request never leaves.
type dropAfterNEW struct {
	net.Conn
	r       *smptest.Relay
	dropped *atomic.Bool
}

func (d *dropAfterNEW) Write(b []byte) (int, error) {
	if d.r.Server.Stats().QueuesCreated > 0 && d.dropped.CompareAndSwap(false, true) {
		d.Conn.Close()
		return 0, net.ErrClosed
	}
	return d.Conn.Write(b)
}

// A connection lost between NEW and the secure step fails the test at
// "secure queue", and the DEL goes out again on the reconnected client: the
// relay keeps no queue.
func TestServerTestConnectionLostAfterNEW(t *testing.T) {
	r := smptest.StartRelay(t)
	var dials atomic.Int32
	var dropped atomic.Bool
	var ticks atomic.Int64
	res := runServerTest(context.Background(), serverTestConfig{
		Server: r.Address(),
		Rand:   rand.Reader,
		Now:    func() time.Time { return time.Unix(0, ticks.Add(1)) },
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if err != nil || dials.Add(1) > 1 {
				return c, err
			}
			return &dropAfterNEW{Conn: c, r: r, dropped: &dropped}, nil
		},
	})
	if res.OK || res.Step != "secure queue" || strings.Contains(res.Err, "deleting it failed") || strings.Contains(res.Err, "\n") || !dropped.Load() {
		t.Fatalf("result %+v (dropped %v)", res, dropped.Load())
	}
	if dials.Load() < 2 {
		t.Fatalf("no reconnect: %d dials", dials.Load())
	}
	noQueueLeft(t, r)
}
