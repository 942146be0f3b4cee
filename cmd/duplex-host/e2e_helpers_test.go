package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// The end-to-end tests run the real binaries: cmd/smp-server as the relay
// and cmd/duplex-host twice, driven over WebSocket as a SimpleX bot
// drives simplex-chat.

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

func binaries(t testing.TB) (host, relay string) {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "duplex-host-e2e")
		if buildErr != nil {
			return
		}
		for _, b := range []struct{ out, pkg string }{{"duplex-host", "."}, {"smp-server", "../smp-server"}} {
			args := []string{"build", "-o", filepath.Join(binDir, b.out)}
			if os.Getenv("DUPLEX_E2E_RACE") != "" {
				args = append(args, "-race") // the binaries under the race detector
			}
			out, err := exec.Command("go", append(args, b.pkg)...).CombinedOutput()
			if err != nil {
				buildErr = fmt.Errorf("go build %s: %v\n%s", b.pkg, err, out)
				return
			}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(binDir, "duplex-host"), filepath.Join(binDir, "smp-server")
}

func TestMain(m *testing.M) {
	// No test may reach the developer's keychain.
	os.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/duplex-test-no-bus")
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func freePort(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// syncBuf is a goroutine-safe output buffer.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// proc is a running binary whose stdout lines are watched.
type proc struct {
	cmd    *exec.Cmd
	out    syncBuf
	errb   syncBuf
	done   chan struct{}
	err    error
	lineCh chan string
	stdin  io.WriteCloser // set by startProcIn
}

func startProc(t testing.TB, env []string, bin string, args ...string) *proc {
	t.Helper()
	return startProcIn(t, false, env, bin, args...)
}

// startProcIn starts a binary; withStdin gives it a pipe as stdin (p.stdin).
func startProcIn(t testing.TB, withStdin bool, env []string, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), done: make(chan struct{}), lineCh: make(chan string, 1000)}
	p.cmd.Env = append(os.Environ(), env...)
	if withStdin {
		w, err := p.cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		p.stdin = w
	}
	p.cmd.Stderr = &p.errb
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			p.out.Write([]byte(sc.Text() + "\n"))
			select {
			case p.lineCh <- sc.Text():
			default:
			}
		}
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// waitLine waits for a stdout line starting with prefix and returns the rest.
func (p *proc) waitLine(t testing.TB, prefix string) string {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case l := <-p.lineCh:
			if rest, ok := strings.CutPrefix(l, prefix); ok {
				return rest
			}
		case <-p.done:
			t.Fatalf("%s exited (%v) before %q\nstdout:\n%s\nstderr:\n%s", p.cmd.Path, p.err, prefix, p.out.String(), p.errb.String())
		case <-timeout:
			t.Fatalf("no %q from %s\nstdout:\n%s\nstderr:\n%s", prefix, p.cmd.Path, p.out.String(), p.errb.String())
		}
	}
}

// stop sends SIGTERM and expects a clean exit.
func (p *proc) stop(t testing.TB) {
	t.Helper()
	p.stopWith(t, syscall.SIGTERM)
}

// stopWith sends sig and expects a clean exit (status 0).
func (p *proc) stopWith(t testing.TB, sig syscall.Signal) {
	t.Helper()
	p.cmd.Process.Signal(sig)
	select {
	case <-p.done:
		if p.err != nil {
			t.Fatalf("%s: exit after %v: %v\n%s", p.cmd.Path, sig, p.err, p.errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not stop on %v", p.cmd.Path, sig)
	}
}

// relay is an smp-server on 127.0.0.1.
type relay struct {
	bin, cfg, address string
	p                 *proc
}

func startRelay(t testing.TB) *relay {
	t.Helper()
	_, bin := binaries(t)
	dir := t.TempDir()
	r := &relay{bin: bin, cfg: filepath.Join(dir, "etc")}
	out, err := exec.Command(bin, "init", "--ip", "127.0.0.1", "--port", freePort(t), "--config-dir", r.cfg,
		"--log-dir", filepath.Join(dir, "var")).CombinedOutput()
	if err != nil {
		t.Fatalf("smp-server init: %v\n%s", err, out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if a, ok := strings.CutPrefix(l, "Server address: "); ok {
			r.address = strings.TrimSpace(a)
		}
	}
	if r.address == "" {
		t.Fatalf("smp-server init printed no address:\n%s", out)
	}
	r.start(t)
	return r
}

func (r *relay) start(t testing.TB) {
	r.p = startProc(t, nil, r.bin, "start", "--config-dir", r.cfg)
	r.p.waitLine(t, "SMP server listening")
}

// host is a running duplex-host with its chat API client.
type host struct {
	t       testing.TB
	name    string
	dataDir string
	pass    string
	relay   *relay
	p       *proc
	addr    string // ws://127.0.0.1:port
	ws      *apiClient
}

func startHost(t testing.TB, name, dataDir, pass string, r *relay) *host {
	h := &host{t: t, name: name, dataDir: dataDir, pass: pass, relay: r}
	h.start()
	return h
}

func (h *host) start() {
	t := h.t
	t.Helper()
	bin, _ := binaries(t)
	h.p = startProc(t, []string{"DUPLEX_PASSPHRASE=" + h.pass}, bin, "--data-dir", h.dataDir, "--ws-port", "0",
		"--server", h.relay.address, "--argon2", "1,64,1")
	h.addr = strings.TrimSpace(h.p.waitLine(t, "chat API: "))
	h.ws = dialAPI(t, h.addr)
}

func (h *host) stop() {
	h.ws.close()
	h.p.stop(h.t)
}

// apiClient speaks the chat API: commands with a corrId, events kept in
// order for the test to wait on.
type apiClient struct {
	t    testing.TB
	c    *websocket.Conn
	ctx  context.Context
	stop context.CancelFunc

	mu      sync.Mutex
	next    int
	waiting map[string]chan map[string]any
	events  []map[string]any
	evSig   chan struct{}
}

func dialAPI(t testing.TB, addr string) *apiClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	c, _, err := websocket.Dial(ctx, addr, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	c.SetReadLimit(16 << 20)
	a := &apiClient{t: t, c: c, ctx: ctx, stop: cancel, waiting: map[string]chan map[string]any{}, evSig: make(chan struct{}, 1)}
	go a.read()
	t.Cleanup(a.close)
	return a
}

func (a *apiClient) close() { a.stop(); a.c.CloseNow() }

func (a *apiClient) read() {
	for {
		_, b, err := a.c.Read(a.ctx)
		if err != nil {
			return
		}
		var m struct {
			CorrID *string         `json:"corrId"`
			Resp   json.RawMessage `json:"resp"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			continue
		}
		var resp map[string]any
		json.Unmarshal(m.Resp, &resp)
		a.mu.Lock()
		if m.CorrID != nil {
			if ch := a.waiting[*m.CorrID]; ch != nil {
				ch <- resp
				delete(a.waiting, *m.CorrID)
			}
		} else {
			a.events = append(a.events, resp)
			select {
			case a.evSig <- struct{}{}:
			default:
			}
		}
		a.mu.Unlock()
	}
}

// cmd sends a command and returns its response.
func (a *apiClient) cmd(line string) map[string]any {
	a.t.Helper()
	a.mu.Lock()
	a.next++
	id := strconv.Itoa(a.next)
	ch := make(chan map[string]any, 1)
	a.waiting[id] = ch
	a.mu.Unlock()
	b, _ := json.Marshal(map[string]string{"corrId": id, "cmd": line})
	if err := a.c.Write(a.ctx, websocket.MessageText, b); err != nil {
		a.t.Fatalf("send %q: %v", line, err)
	}
	select {
	case r := <-ch:
		return r
	case <-time.After(60 * time.Second):
		a.t.Fatalf("no answer to %q", line)
	}
	return nil
}

// must runs a command and checks its response type.
func (a *apiClient) must(line, typ string) map[string]any {
	a.t.Helper()
	r := a.cmd(line)
	if r["type"] != typ {
		a.t.Fatalf("%q → %s, want %s", line, js(r), typ)
	}
	return r
}

// waitEvent waits for an event of type typ satisfying ok (nil: any) and
// removes it (and nothing else) from the queue.
func (a *apiClient) waitEvent(typ string, ok func(map[string]any) bool) map[string]any {
	a.t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		a.mu.Lock()
		for i, e := range a.events {
			if e["type"] == typ && (ok == nil || ok(e)) {
				a.events = append(a.events[:i:i], a.events[i+1:]...)
				a.mu.Unlock()
				return e
			}
		}
		a.mu.Unlock()
		select {
		case <-a.evSig:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			a.mu.Lock()
			defer a.mu.Unlock()
			var seen []string
			for _, e := range a.events {
				seen = append(seen, js(e))
			}
			a.t.Fatalf("no %s event; queued: %s", typ, strings.Join(seen, "\n"))
		}
	}
}

// noEvent checks that no event of type typ is queued.
func (a *apiClient) noEvent(typ string) {
	a.t.Helper()
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, e := range a.events {
		if e["type"] == typ {
			a.t.Fatalf("unexpected event %s", js(e))
		}
	}
}

func js(v any) string { b, _ := json.Marshal(v); return string(b) }

// get walks a decoded JSON value: get(m, "chatItems", 0, "chatItem", "meta", "itemId").
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			s, _ := v.([]any)
			if k >= len(s) {
				return nil
			}
			v = s[k]
		}
	}
	return v
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func num(v any) int64 { f, _ := v.(float64); return int64(f) }

// itemText is the text of an AChatItem's item.
func itemText(aci any) string {
	s, _ := get(aci, "chatItem", "meta", "itemText").(string)
	return s
}
