package smp_test

import (
	"context"
	"io"
	"net"
	"sync"
	"testing"

	"duplex/net/smp"
	"duplex/net/socks5"
)

// credProxy is a tiny forwarding SOCKS5 server that accepts any
// username/password (as Tor does) and records them: it checks what
// microsocks cannot show, that each Client is its own proxy session.
type credProxy struct {
	l     net.Listener
	mu    sync.Mutex
	users []string
}

func startCredProxy(t *testing.T) *credProxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &credProxy{l: l}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go p.serve(c)
		}
	}()
	return p
}

func (p *credProxy) serve(c net.Conn) {
	defer c.Close()
	b := make([]byte, 3)
	if _, err := io.ReadFull(c, b); err != nil || string(b) != "\x05\x01\x02" {
		return
	}
	c.Write([]byte{5, 2})
	auth := make([]byte, 2)
	io.ReadFull(c, auth)
	rest := make([]byte, int(auth[1])+1)
	io.ReadFull(c, rest)
	pw := make([]byte, rest[len(rest)-1])
	io.ReadFull(c, pw)
	user, _, err := socks5.ParseUserPass(append(append(auth, rest...), pw...))
	if err != nil {
		return
	}
	p.mu.Lock()
	p.users = append(p.users, user)
	p.mu.Unlock()
	c.Write([]byte{1, 0})
	head := make([]byte, 5)
	io.ReadFull(c, head)
	body := make([]byte, 4+1) // IPv4 target: 3 more address bytes + port
	io.ReadFull(c, body)
	dst, err := socks5.ParseConnect(append(head, body...))
	if err != nil {
		return
	}
	up, err := net.Dial("tcp", dst.String())
	if err != nil {
		return
	}
	defer up.Close()
	rep, _ := socks5.AppendReply(nil, socks5.Reply{Bound: dst})
	c.Write(rep)
	go io.Copy(up, c)
	io.Copy(c, up)
}

func (p *credProxy) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.users...)
}

func TestIsolatedClientsUseTheirOwnCredentials(t *testing.T) {
	p := startCredProxy(t)
	r := startRelay(t)
	cfg := &socks5.Config{Proxy: p.l.Addr().String(), Isolate: true}
	rec, recB := newRecorder(), newRecorder()
	a := connect(t, r, rec, func(c *smp.ClientConfig) { c.SOCKS = cfg })
	b := connect(t, r, recB, func(c *smp.ClientConfig) { c.SOCKS = cfg })
	wait(t, rec.up, "connected")
	wait(t, recB.up, "connected")
	newQueue(t, a, smp.QueueModeMessaging)
	newQueue(t, b, smp.QueueModeMessaging)
	// a reconnect of the same Client stays in its session
	r.Restart()
	wait(t, rec.down, "disconnected")
	wait(t, rec.up, "reconnected")
	wait(t, recB.down, "disconnected")
	wait(t, recB.up, "reconnected")
	if err := a.Ping(context.Background()); err != nil {
		t.Fatalf("PING after reconnect: %v", err)
	}
	u := p.seen()
	if len(u) != 4 || u[0] == u[1] || !(u[2] == u[0] && u[3] == u[1] || u[2] == u[1] && u[3] == u[0]) {
		t.Fatalf("usernames per connection %q: want two sessions, each reconnect reusing its own", u)
	}
}
