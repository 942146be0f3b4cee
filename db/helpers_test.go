package db

import (
	"bufio"
	"crypto/rand"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// cheapKDF keeps Argon2id out of the test budget; the real cost is tuned at creation.
var cheapKDF = &KDFParams{Time: 1, Memory: 64, Threads: 1}

func newKeyFile(t testing.TB) Key {
	t.Helper()
	p := filepath.Join(t.TempDir(), "key")
	if err := WriteKeyFile(p, rand.Reader); err != nil {
		t.Fatal(err)
	}
	return KeyFromFile(p)
}

func mustOpen(t testing.TB, dir string, k Key) *DB {
	t.Helper()
	d, err := Open(dir, Options{Key: k, KDF: cheapKDF})
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	return d
}

func mustExec(t testing.TB, d *DB, q string, args ...any) {
	t.Helper()
	if _, err := d.SQL().Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func integrityOK(t testing.TB, d *DB) {
	t.Helper()
	var s string
	if err := d.SQL().QueryRow(`PRAGMA integrity_check`).Scan(&s); err != nil || s != "ok" {
		t.Fatalf("integrity_check: %q %v", s, err)
	}
}

var (
	helperOnce sync.Once
	helperPath string
	helperErr  error
)

// crashHelper builds internal/crashproc once per test binary.
func crashHelper(t testing.TB) string {
	t.Helper()
	helperOnce.Do(func() {
		dir, err := os.MkdirTemp("", "duplex-crashproc")
		if err != nil {
			helperErr = err
			return
		}
		helperPath = filepath.Join(dir, "crashproc")
		out, err := exec.Command("go", "build", "-o", helperPath, "duplex/db/internal/crashproc").CombinedOutput()
		if err != nil {
			helperErr = err
			helperPath = string(out)
		}
	})
	if helperErr != nil {
		t.Fatalf("building crashproc: %v\n%s", helperErr, helperPath)
	}
	return helperPath
}

// proc is a running helper whose stdout lines arrive on a channel.
type proc struct {
	cmd   *exec.Cmd
	lines chan string
	stdin io.WriteCloser
}

func startHelper(t testing.TB, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(crashHelper(t), args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, lines: make(chan string, 1<<16), stdin: in}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return p
}

// expect waits for a line with the prefix, failing on "ERR" or timeout.
func (p *proc) expect(t testing.TB, prefix string) string {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case l, ok := <-p.lines:
			if !ok {
				t.Fatalf("helper exited before %q", prefix)
			}
			if strings.HasPrefix(l, prefix) {
				return l
			}
			if strings.HasPrefix(l, "ERR") {
				t.Fatalf("helper: %s", l)
			}
		case <-timeout:
			t.Fatalf("timeout waiting for %q", prefix)
		}
	}
}

// killAndDrain sends SIGKILL and returns every line printed before death.
func (p *proc) killAndDrain() []string {
	p.cmd.Process.Kill()
	p.cmd.Wait()
	var ls []string
	for l := range p.lines {
		ls = append(ls, l)
	}
	return ls
}
