package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"duplex/crypto/box"
	"duplex/crypto/keys"
	"duplex/net/smp"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// relayBinary builds cmd/smp-server once per test run.
func relayBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "smp-server-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "smp-server")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
}

type relayProc struct {
	cmd    *exec.Cmd
	stderr *bytes.Buffer
	mu     *sync.Mutex
	done   chan error
}

type relayDirs struct{ cfg, log, port, address string }

func initRelay(t *testing.T, extra ...string) relayDirs {
	t.Helper()
	dir := t.TempDir()
	d := relayDirs{cfg: filepath.Join(dir, "etc"), log: filepath.Join(dir, "var"), port: freePort(t)}
	args := append([]string{"init", "--ip", "127.0.0.1", "--port", d.port, "--config-dir", d.cfg, "--log-dir", d.log}, extra...)
	out, err := exec.Command(relayBinary(t), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if a, ok := strings.CutPrefix(line, "Server address: "); ok {
			d.address = a
		}
	}
	if !strings.HasPrefix(d.address, "smp://") {
		t.Fatalf("init printed no address:\n%s", out)
	}
	return d
}

type lockedBuf struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedBuf) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// startRelay runs `smp-server start` and waits until it listens.
func startRelay(t *testing.T, d relayDirs) *relayProc {
	t.Helper()
	cmd := exec.Command(relayBinary(t), "start", "--config-dir", d.cfg)
	p := &relayProc{cmd: cmd, stderr: &bytes.Buffer{}, mu: &sync.Mutex{}, done: make(chan error, 1)}
	cmd.Stderr = lockedBuf{p.mu, p.stderr}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "SMP server listening") {
				ready <- true
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill(); <-p.done; p.done <- nil })
	select {
	case <-ready:
	case err := <-p.done:
		t.Fatalf("relay exited: %v\n%s", err, p.log())
	case <-time.After(20 * time.Second):
		t.Fatalf("relay did not start\n%s", p.log())
	}
	return p
}

// waitLog waits for s in stderr, which is copied by another goroutine
// and may lag behind stdout.
func (p *relayProc) waitLog(s string) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(p.log(), s) {
			return true
		}
	}
	return false
}

func (p *relayProc) log() string { p.mu.Lock(); defer p.mu.Unlock(); return p.stderr.String() }

func (p *relayProc) stop(t *testing.T, sig syscall.Signal) {
	t.Helper()
	p.cmd.Process.Signal(sig)
	select {
	case err := <-p.done:
		if sig == syscall.SIGTERM && err != nil {
			t.Fatalf("graceful stop: %v\n%s", err, p.log())
		}
		p.done <- err
	case <-time.After(20 * time.Second):
		t.Fatal("relay did not stop")
	}
}

// rqueue is a queue driven through probes.
type rqueue struct {
	rk, sk *keys.Ed25519Private
	ids    smp.IDS
	secret box.DHSecret
}

func connect(t *testing.T, address string) *probe {
	t.Helper()
	a, err := smp.ParseServerAddress(address)
	if err != nil {
		t.Fatal(err)
	}
	p, err := dialProbe(context.Background(), a, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func newRQueue(t *testing.T, p *probe) *rqueue {
	t.Helper()
	q := &rqueue{}
	q.rk, _ = keys.GenerateEd25519(rand.Reader)
	q.sk, _ = keys.GenerateEd25519(rand.Reader)
	dh, _ := keys.GenerateX25519(rand.Reader)
	r, err := p.call(q.rk, nil, smp.NEW{RcvAuthKey: q.rk.Public(), RcvDHKey: dh.Public(), SubMode: smp.SubModeOnlyCreate,
		QueueReq: &smp.QueueReq{Mode: smp.QueueModeMessaging}})
	if err != nil {
		t.Fatal(err)
	}
	q.ids = r.(smp.IDS)
	q.secret, _ = box.DH(q.ids.SrvDHKey, dh)
	if _, err := p.call(q.sk, q.ids.SndID, smp.SKEY{SenderKey: q.sk.Public()}); err != nil {
		t.Fatal(err)
	}
	return q
}

func (q *rqueue) send(t *testing.T, p *probe, body string) {
	t.Helper()
	if _, err := p.call(q.sk, q.ids.SndID, smp.SEND{Body: []byte(body)}); err != nil {
		t.Fatalf("SEND %s: %v", body, err)
	}
}

// subscribe returns the first delivered message.
func (q *rqueue) subscribe(t *testing.T, p *probe) (smp.MSG, string) {
	t.Helper()
	if _, err := p.call(q.rk, q.ids.RcvID, smp.SUB{}); err != nil {
		t.Fatal(err)
	}
	ev, err := p.event()
	if err != nil {
		t.Fatal(err)
	}
	return q.body(t, ev.resp)
}

func (q *rqueue) body(t *testing.T, r smp.Response) (smp.MSG, string) {
	t.Helper()
	m, ok := r.(smp.MSG)
	if !ok {
		t.Fatalf("want MSG, got %s", r.Tag())
	}
	b, err := openMsg(q.secret, m)
	if err != nil {
		t.Fatal(err)
	}
	return m, string(b)
}

// ack returns the next message body, or "" when the queue is empty.
func (q *rqueue) ack(t *testing.T, p *probe, m smp.MSG) (smp.MSG, string) {
	t.Helper()
	r, err := p.call(q.rk, q.ids.RcvID, smp.ACK{MsgID: m.MsgID})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.(smp.OK); ok {
		return smp.MSG{}, ""
	}
	return q.body(t, r)
}

// Queues and undelivered messages survive a graceful restart (SIGTERM) and
// kill -9; nothing acknowledged comes back.
func TestBinaryRestarts(t *testing.T) {
	d := initRelay(t)
	p := startRelay(t, d)
	c := connect(t, d.address)
	q := newRQueue(t, c)
	for _, b := range []string{"m1", "m2", "m3"} {
		q.send(t, c, b)
	}
	m, body := q.subscribe(t, c)
	if body != "m1" {
		t.Fatalf("first %q", body)
	}
	m2, body := q.ack(t, c, m) // m1 acknowledged; m2 delivered, not acknowledged
	if body != "m2" {
		t.Fatalf("second %q", body)
	}
	p.stop(t, syscall.SIGTERM)
	if !p.waitLog("server stopped") {
		t.Errorf("no clean shutdown in log:\n%s", p.log())
	}

	p = startRelay(t, d)
	if !p.waitLog("queues=1 messages=2") {
		t.Errorf("restore counts not logged:\n%s", p.log())
	}
	c = connect(t, d.address)
	m, body = q.subscribe(t, c)
	if body != "m2" || !bytes.Equal(m.MsgID, m2.MsgID) {
		t.Fatalf("after graceful restart got %q (same id %v)", body, bytes.Equal(m.MsgID, m2.MsgID))
	}
	m, body = q.ack(t, c, m)
	if body != "m3" {
		t.Fatalf("then %q", body)
	}
	m, body = q.ack(t, c, m)
	if body != "" {
		t.Fatalf("m1 came back: %q", body)
	}
	// a second queue, created after the compaction, and more messages
	q2 := newRQueue(t, c)
	q2.send(t, c, "k1")
	q2.send(t, c, "k2")
	q.send(t, c, "m4")
	m, body = q.body(t, mustEvent(t, c).resp) // q is subscribed: m4 is pushed
	if body != "m4" {
		t.Fatalf("pushed %q", body)
	}
	q.ack(t, c, m)
	p.stop(t, syscall.SIGKILL)

	p = startRelay(t, d)
	if !p.waitLog("queues=2 messages=2") {
		t.Errorf("restore counts after kill -9:\n%s", p.log())
	}
	c = connect(t, d.address)
	m, body = q2.subscribe(t, c)
	if body != "k1" {
		t.Fatalf("after kill -9: %q", body)
	}
	if m, body = q2.ack(t, c, m); body != "k2" {
		t.Fatalf("after kill -9 then %q", body)
	}
	q2.ack(t, c, m)
	if _, err := c.call(q.rk, q.ids.RcvID, smp.SUB{}); err != nil {
		t.Fatal(err)
	}
	if r, err := c.call(nil, nil, smp.PING{}); err != nil || r.Tag() != "PONG" {
		t.Fatal("PING", err)
	}
	for _, e := range c.inbox {
		if e.resp.Tag() == "MSG" {
			t.Fatal("an acknowledged message was delivered again after kill -9")
		}
	}
	p.stop(t, syscall.SIGTERM)
}

func mustEvent(t *testing.T, p *probe) probeEvent {
	t.Helper()
	ev, err := p.event()
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestBinaryCommandLine(t *testing.T) {
	d := initRelay(t, "--password", "secret", "-a", "ED448")
	if !strings.Contains(d.address, ":secret@127.0.0.1:"+d.port) {
		t.Fatalf("address %s", d.address)
	}
	startRelay(t, d)
	bin := relayBinary(t)
	// the operator's test passes with the password...
	out, err := exec.Command(bin, "test", d.address).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "passed") {
		t.Fatalf("test: %v\n%s", err, out)
	}
	for _, s := range []string{"connect", "create queue", "secure queue", "send", "receive", "delete queue"} {
		if !strings.Contains(string(out), "ok    "+s) {
			t.Errorf("step %q missing:\n%s", s, out)
		}
	}
	// ...and names the failing step with a wrong one
	wrong := strings.Replace(d.address, ":secret@", ":wrong@", 1)
	out, err = exec.Command(bin, "test", wrong).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "FAIL  create queue") || !strings.Contains(string(out), "wrong password") {
		t.Fatalf("wrong password: %v\n%s", err, out)
	}
	// a second relay on the same port
	out, err = exec.Command(bin, "start", "--config-dir", d.cfg).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "port in use") {
		t.Fatalf("port in use: %v\n%s", err, out)
	}
	// a bad configuration
	ini := filepath.Join(d.cfg, iniName)
	text, _ := os.ReadFile(ini)
	os.WriteFile(ini, append(text, "\n[AUTH]\nbogus = 1\n"...), 0o600)
	out, err = exec.Command(bin, "start", "--config-dir", d.cfg).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "bad configuration") {
		t.Fatalf("bad config: %v\n%s", err, out)
	}
	// delete removes everything
	out, err = exec.Command(bin, "delete", "--yes", "--config-dir", d.cfg, "--log-dir", d.log).CombinedOutput()
	if err != nil {
		t.Fatalf("delete: %v\n%s", err, out)
	}
	if _, err := os.Stat(ini); !os.IsNotExist(err) {
		t.Fatal("config not deleted")
	}
}
