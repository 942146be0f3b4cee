package socks5

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeProxy is a minimal SOCKS5 server that records the raw bytes of each
// session. It exists only to check what microsocks cannot show: the exact
// request bytes, the credentials sent, and our mapping of every reply code.
type fakeProxy struct {
	l        net.Listener
	wantAuth bool // select user/pass; otherwise "none"
	authOK   bool
	reply    byte // reply code to CONNECT (0 = success, then echo)

	mu       sync.Mutex
	greeting [][]byte
	creds    [][2]string
	connects [][]byte
}

func startFakeProxy(t testing.TB, wantAuth, authOK bool, reply byte) *fakeProxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &fakeProxy{l: l, wantAuth: wantAuth, authOK: authOK, reply: reply}
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

func (p *fakeProxy) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	head := make([]byte, 2)
	if _, err := io.ReadFull(c, head); err != nil {
		return
	}
	methods := make([]byte, head[1])
	if _, err := io.ReadFull(c, methods); err != nil {
		return
	}
	p.mu.Lock()
	p.greeting = append(p.greeting, append(head, methods...))
	p.mu.Unlock()
	want := byte(methodNone)
	if p.wantAuth {
		want = methodUser
	}
	if !bytes.Contains(methods, []byte{want}) {
		c.Write([]byte{5, methodReject})
		return
	}
	c.Write([]byte{5, want})
	if p.wantAuth {
		b := make([]byte, 2)
		io.ReadFull(c, b)
		u := make([]byte, b[1]+1)
		io.ReadFull(c, u)
		pw := make([]byte, u[len(u)-1])
		io.ReadFull(c, pw)
		user, pass, err := ParseUserPass(append(append(b, u...), pw...))
		if err != nil {
			return
		}
		p.mu.Lock()
		p.creds = append(p.creds, [2]string{user, pass})
		p.mu.Unlock()
		if !p.authOK {
			c.Write([]byte{1, 1})
			return
		}
		c.Write([]byte{1, 0})
	}
	req, err := readReply(c) // a CONNECT has the same shape as a reply
	if err != nil {
		return
	}
	p.mu.Lock()
	p.connects = append(p.connects, req)
	p.mu.Unlock()
	rep, _ := AppendReply(nil, Reply{Code: p.reply, Bound: Addr{Host: "bound.example", Port: 7}})
	c.Write(rep)
	if p.reply == 0 {
		io.Copy(c, c)
	}
}

func (p *fakeProxy) dialer(t *testing.T, cfg Config) *Dialer {
	cfg.Proxy = p.l.Addr().String()
	d, err := cfg.Session(nil)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestConnectBytesUseNamesNeverResolvedIPs(t *testing.T) {
	p := startFakeProxy(t, false, true, 0)
	d := p.dialer(t, Config{})
	onion := "o5vmywmrnaxalvz6wi3zicyftgio6psuvyniis6gco6bp6ekl4cqj4id.onion"
	cases := []struct {
		addr string
		want []byte
	}{
		// .invalid never resolves: success proves no local lookup happened.
		{"relay.duplex.invalid:5223", append(append([]byte{5, 1, 0, 3, 19}, "relay.duplex.invalid"[:19]...), 0x14, 0x67)},
		{"localhost:443", append(append([]byte{5, 1, 0, 3, 9}, "localhost"...), 1, 0xbb)},
		{onion + ":5223", append(append([]byte{5, 1, 0, 3, byte(len(onion))}, onion...), 0x14, 0x67)},
		{"192.0.2.9:80", []byte{5, 1, 0, 1, 192, 0, 2, 9, 0, 80}},
		{"[2001:db8::1]:80", []byte{5, 1, 0, 4, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 80}},
	}
	cases[0].want = append(append([]byte{5, 1, 0, 3, 20}, "relay.duplex.invalid"...), 0x14, 0x67)
	for i, c := range cases {
		conn, err := d.DialContext(context.Background(), "tcp", c.addr)
		if err != nil {
			t.Fatalf("%s: %v", c.addr, err)
		}
		// the tunnel works end to end (the fake proxy echoes)
		conn.Write([]byte("ping"))
		buf := make([]byte, 4)
		if _, err := io.ReadFull(conn, buf); err != nil || string(buf) != "ping" {
			t.Fatalf("%s: echo %q %v", c.addr, buf, err)
		}
		conn.Close()
		p.mu.Lock()
		got, greet := p.connects[i], p.greeting[i]
		p.mu.Unlock()
		if !bytes.Equal(got, c.want) {
			t.Errorf("%s: CONNECT %x, want %x", c.addr, got, c.want)
		}
		if !bytes.Equal(greet, []byte{5, 1, 0}) {
			t.Errorf("greeting %x, want 050100 (only 'no auth' without credentials)", greet)
		}
	}
}

func TestIsolatedSessionsSendDifferentCredentials(t *testing.T) {
	p := startFakeProxy(t, true, true, 0)
	cfg := Config{Isolate: true, Proxy: p.l.Addr().String()}
	a, err := cfg.Session(strings.NewReader(strings.Repeat("a", 16) + strings.Repeat("c", 16)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := cfg.Session(strings.NewReader(strings.Repeat("b", 16) + strings.Repeat("d", 16)))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*Dialer{a, a, b} {
		c, err := d.DialContext(context.Background(), "tcp", "relay.example:5223")
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	p.mu.Lock()
	creds := append([][2]string(nil), p.creds...)
	greet0 := p.greeting[0]
	p.mu.Unlock()
	if !bytes.Equal(greet0, []byte{5, 1, 2}) {
		t.Errorf("greeting %x, want 050102 (only user/pass with credentials)", greet0)
	}
	if creds[0] != creds[1] {
		t.Errorf("one session sent two credentials: %q %q", creds[0], creds[1])
	}
	if creds[0][0] == creds[2][0] || creds[0][1] == creds[2][1] {
		t.Errorf("two sessions share credentials: %q %q", creds[0], creds[2])
	}
	if want := strings.Repeat("61", 16); creds[0][0] != want || a.Username() != want {
		t.Errorf("username %q, want %q from the injected randomness", creds[0][0], want)
	}
	if s := a.String(); strings.Contains(s, creds[0][1]) {
		t.Errorf("String() shows the password: %s", s)
	}
	// Fixed credentials are sent as configured, the same for every session.
	f := p.dialer(t, Config{Username: "alice", Password: "s3cret"})
	c, err := f.DialContext(context.Background(), "tcp", "relay.example:5223")
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	p.mu.Lock()
	last := p.creds[len(p.creds)-1]
	p.mu.Unlock()
	if got := last; got != [2]string{"alice", "s3cret"} {
		t.Errorf("fixed credentials sent as %q", got)
	}
}

func TestReplyCodesBecomeClearErrors(t *testing.T) {
	sentinels := []error{nil, ErrGeneralFailure, ErrNotAllowed, ErrNetworkUnreachable, ErrHostUnreachable,
		ErrConnectionRefused, ErrTTLExpired, ErrCommandNotSupported, ErrAddressNotSupported}
	words := []string{"", "general", "not allowed", "network unreachable", "host unreachable",
		"refused", "TTL expired", "command not supported", "address type not supported"}
	for code := byte(1); code <= 9; code++ {
		p := startFakeProxy(t, false, true, code)
		_, err := p.dialer(t, Config{}).DialContext(context.Background(), "tcp", "x.onion:5223")
		var re *ReplyError
		if !errors.As(err, &re) || re.Code != code || !strings.Contains(err.Error(), "x.onion:5223") {
			t.Fatalf("code %d: %v", code, err)
		}
		if code <= 8 {
			if !errors.Is(err, sentinels[code]) || !strings.Contains(err.Error(), words[code]) {
				t.Errorf("code %d: %v", code, err)
			}
			if errors.Is(err, sentinels[code%8+1]) {
				t.Errorf("code %d matches another sentinel", code)
			}
		} else if !strings.Contains(err.Error(), "unassigned") {
			t.Errorf("code 9: %v", err)
		}
	}
	p := startFakeProxy(t, true, true, 0)
	if _, err := p.dialer(t, Config{}).DialContext(context.Background(), "tcp", "a.b:1"); !errors.Is(err, ErrNoAcceptableMethod) {
		t.Errorf("proxy wanting auth, none configured: %v", err)
	}
	p = startFakeProxy(t, true, false, 0)
	if _, err := p.dialer(t, Config{Username: "u", Password: "bad"}).DialContext(context.Background(), "tcp", "a.b:1"); !errors.Is(err, ErrAuthFailed) {
		t.Errorf("bad password: %v", err)
	}
	if _, err := (Config{Proxy: "127.0.0.1:1", Username: "u"}).Session(nil); err == nil {
		t.Error("username without password accepted")
	}
	if _, err := p.dialer(t, Config{}).DialContext(context.Background(), "udp", "a.b:1"); err == nil {
		t.Error("udp accepted")
	}
}

func TestDialHonoursContext(t *testing.T) {
	// A proxy that accepts and never answers: the context ends the dial.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		c, err := l.Accept()
		if err == nil {
			defer c.Close()
			io.Copy(io.Discard, c)
		}
	}()
	d, _ := Config{Proxy: l.Addr().String()}.Session(nil)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if _, err := d.DialContext(ctx, "tcp", "a.b:1"); err == nil {
		t.Fatal("dial to a silent proxy succeeded")
	}
}
