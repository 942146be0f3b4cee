package smp_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"duplex/net/smp"
	"duplex/net/smp/server"
	"duplex/net/socks5"
)

// microsocks starts Debian's microsocks on 127.0.0.1 with its outgoing
// connections bound to 127.0.0.2, so a relay on 127.0.0.1 can tell a
// proxied connection (from 127.0.0.2) from a direct one.
func microsocks(t *testing.T, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("microsocks")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("microsocks not installed (scripts/apt-test.txt lists it)")
		}
		t.Skip("microsocks not installed")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	l.Close()
	cmd := exec.Command(bin, append([]string{"-i", "127.0.0.1", "-p", port, "-b", "127.0.0.2"}, args...)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return addr
		}
		if i == 250 {
			t.Fatalf("microsocks did not start: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// observedRelay is an in-process relay that records the remote address of
// every command.
type observedRelay struct {
	addr  smp.ServerAddress
	mu    sync.Mutex
	froms map[string]bool // remote IPs seen
}

func startObservedRelay(t *testing.T) *observedRelay {
	r := &observedRelay{froms: map[string]bool{}}
	dir := t.TempDir()
	srv, _, err := server.New(server.Config{Chain: chain(t), StorePath: dir + "/q.log", MessagesPath: dir + "/m.log",
		NoFsync: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), StatsInterval: -1,
		Observe: func(o server.Observation) {
			host, _, _ := net.SplitHostPort(o.Remote)
			r.mu.Lock()
			r.froms[host] = true
			r.mu.Unlock()
		}})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	host, port, _ := net.SplitHostPort(l.Addr().String())
	r.addr = smp.ServerAddress{Server: smp.Server{Hosts: []string{host}, Port: port, KeyHash: srv.Fingerprint()}}
	return r
}

func (r *observedRelay) seen() map[string]bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := map[string]bool{}
	for k := range r.froms {
		m[k] = true
	}
	return m
}

func socksClient(t *testing.T, addr smp.ServerAddress, cfg *socks5.Config) (*smp.Client, error) {
	c, err := smp.Connect(context.Background(), smp.ClientConfig{Server: addr, SOCKS: cfg,
		RequestTimeout: 5 * time.Second, ConnectTimeout: 5 * time.Second})
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, err
}

func TestClientThroughMicrosocks(t *testing.T) {
	proxy := microsocks(t)
	r := startObservedRelay(t)
	c, err := socksClient(t, r.addr, &socks5.Config{Proxy: proxy})
	if err != nil {
		t.Fatalf("connect via microsocks: %v", err)
	}
	q := newQueue(t, c, smp.QueueModeMessaging)
	if err := c.Send(context.Background(), q.ids.SndID, nil, true, []byte("via proxy")); err != nil {
		t.Fatalf("SEND: %v", err)
	}
	if got := r.seen(); !got["127.0.0.2"] || got["127.0.0.1"] {
		t.Fatalf("relay saw commands from %v, want only the proxy's 127.0.0.2", got)
	}
	// Control: a direct client is seen from 127.0.0.1.
	d, err := socksClient(t, r.addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	newQueue(t, d, smp.QueueModeMessaging)
	if got := r.seen(); !got["127.0.0.1"] {
		t.Fatalf("direct client not seen from 127.0.0.1: %v", got)
	}
	// DialTransport alone (DialConfig.SOCKS) goes through the proxy too.
	host := net.JoinHostPort(r.addr.Hosts[0], r.addr.Port)
	tr, err := smp.DialTransport(context.Background(), host, smp.DialConfig{KeyHash: r.addr.KeyHash, SOCKS: &socks5.Config{Proxy: proxy, Isolate: false}, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("DialTransport via SOCKS: %v", err)
	}
	tr.Close()
	// A .onion host is sent to the proxy by name: microsocks cannot
	// resolve it and says so with a SOCKS reply, not a local DNS error.
	onion := r.addr
	onion.Hosts = []string{"duplexrelaytestxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion"}
	_, err = socksClient(t, onion, &socks5.Config{Proxy: proxy})
	var re *socks5.ReplyError
	if !errors.As(err, &re) {
		t.Fatalf("onion via microsocks: %v, want a SOCKS reply error", err)
	}
}

func TestClientThroughMicrosocksWithAuth(t *testing.T) {
	proxy := microsocks(t, "-u", "duplex", "-P", "pass word")
	r := startObservedRelay(t)
	c, err := socksClient(t, r.addr, &socks5.Config{Proxy: proxy, Username: "duplex", Password: "pass word"})
	if err != nil {
		t.Fatalf("connect with credentials: %v", err)
	}
	newQueue(t, c, smp.QueueModeMessaging)
	if got := r.seen(); !got["127.0.0.2"] || len(got) != 1 {
		t.Fatalf("relay saw %v, want only 127.0.0.2", got)
	}
	if _, err := socksClient(t, r.addr, &socks5.Config{Proxy: proxy}); !errors.Is(err, socks5.ErrNoAcceptableMethod) {
		t.Errorf("no credentials: %v", err)
	}
	if _, err := socksClient(t, r.addr, &socks5.Config{Proxy: proxy, Username: "duplex", Password: "wrong"}); !errors.Is(err, socks5.ErrAuthFailed) {
		t.Errorf("wrong password: %v", err)
	}
}

func TestClientHostModeErrors(t *testing.T) {
	r := startObservedRelay(t)
	onion := r.addr
	onion.Hosts = []string{"abcdef.onion"}
	if _, err := socksClient(t, onion, nil); !errors.Is(err, smp.ErrOnionNeedsProxy) {
		t.Errorf("onion without SOCKS: %v", err)
	}
	_, err := smp.Connect(context.Background(), smp.ClientConfig{Server: r.addr, HostMode: smp.HostOnionRequired})
	if !errors.Is(err, smp.ErrNoOnionHost) {
		t.Errorf("onion required, public address: %v", err)
	}
	if _, err := smp.DialTransport(context.Background(), "abcdef.onion:5223", smp.DialConfig{KeyHash: r.addr.KeyHash}); !errors.Is(err, smp.ErrOnionNeedsProxy) {
		t.Errorf("DialTransport onion without SOCKS: %v", err)
	}
	if len(r.seen()) != 0 {
		t.Errorf("relay was contacted: %v", r.seen())
	}
}
