package main

import (
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"duplex/net/smp/server"
	"duplex/net/smp/server/smptest"
)

// microsocks starts Debian's microsocks on 127.0.0.1 with its outgoing
// connections bound to 127.0.0.2, so a relay can tell proxied connections.
func microsocks(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("microsocks")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("microsocks not installed (scripts/apt-test.txt lists it)")
		}
		t.Skip("microsocks not installed")
	}
	port := freePort(t)
	cmd := exec.Command(bin, "-i", "127.0.0.1", "-p", port, "-b", "127.0.0.2")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := "127.0.0.1:" + port
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

// TestHostSOCKSFlag: --socks-proxy is applied at start (the relay sees
// the proxy's address when the host creates a queue) and saved (a start
// without the flag keeps it).
func TestHostSOCKSFlag(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs binaries")
	}
	proxy := microsocks(t)
	var mu sync.Mutex
	seen := map[string]bool{}
	relay := smptest.StartRelay(t, smptest.WithStore(t.TempDir()), func(cfg *server.Config) {
		cfg.Observe = func(o server.Observation) {
			host, _, _ := net.SplitHostPort(o.Remote)
			mu.Lock()
			seen[host] = true
			mu.Unlock()
		}
	})
	bin, _ := binaries(t)
	dir := t.TempDir()
	args := []string{"--terminal", "--data-dir", dir, "--server", relay.Address().String(), "--argon2", "1,64,1"}
	// microsocks offers no authentication: "@" says to send no credentials.
	host := startProcIn(t, true, []string{"DUPLEX_PASSPHRASE=t"}, bin, append(args, "--socks-proxy", "@"+proxy, "--private-routing", "never")...)
	say := func(p *proc, line string) {
		t.Helper()
		if _, err := io.WriteString(p.stdin, line+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	if l := host.waitLine(t, "network: "); l != "SOCKS proxy "+proxy+", onion hosts no, private routing never, fallback protected" {
		t.Fatalf("network line %q", l)
	}
	say(host, "/create user alice")
	host.waitLine(t, `  "type": "activeUser"`)
	say(host, "/c")
	host.waitLine(t, "Give this one-time link")
	mu.Lock()
	got := map[string]bool{}
	for k := range seen {
		got[k] = true
	}
	mu.Unlock()
	if !got["127.0.0.2"] || got["127.0.0.1"] {
		t.Fatalf("relay saw %v, want only the proxy (127.0.0.2)", got)
	}
	host.stop(t)

	again := startProcIn(t, true, []string{"DUPLEX_PASSPHRASE=t"}, bin, args...)
	again.waitLine(t, "Type /help")
	if strings.Contains(again.out.String(), "network: ") {
		t.Fatal("network line without network flags")
	}
	say(again, "/network")
	if l := again.waitLine(t, `    "socksProxy": `); l != `"@`+proxy+`",` {
		t.Fatalf("saved proxy %q", l)
	}
	again.stop(t)
}
