package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckDisplay(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	for _, c := range []struct {
		goos string
		env  map[string]string
		ok   bool
	}{
		{"linux", nil, false},
		{"linux", map[string]string{"DISPLAY": ":0"}, true},
		{"linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, true},
		{"freebsd", nil, false},
		{"windows", nil, true}, // no such variables there
		{"darwin", nil, true},
	} {
		if err := checkDisplay(c.goos, env(c.env)); (err == nil) != c.ok {
			t.Errorf("%s %v: %v", c.goos, c.env, err)
		}
	}
}

// Without a display the binary says so and exits 1, before touching the
// data directory — not a toolkit panic.
func TestNoDisplayIsAClearError(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real binary")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "duplex")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dataDir := filepath.Join(tmp, "data")
	cmd := exec.Command(bin, "--data-dir", dataDir)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "no display") || strings.Contains(string(out), "panic") {
		t.Fatalf("output:\n%s", out)
	}
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Fatalf("data directory touched: %v", err)
	}
}
