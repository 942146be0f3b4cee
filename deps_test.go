package main

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// The dependency rules of ARCHITECTURE.md, checked on what each package
// really links (go list -deps, tests excluded), in the spirit of tailscale's
// tstest/deptest. A rule over a tree that does not exist yet checks nothing
// and says so in -v output; it starts biting when the tree lands.

type listed struct {
	ImportPath string
	Standard   bool
	Deps       []string
}

// goList returns every package matching pattern with its transitive deps.
func goList(t *testing.T, pattern string) []listed {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-json=ImportPath,Standard,Deps", pattern)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var pkgs []listed
	dec := json.NewDecoder(out)
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("go list %s: %v", pattern, err)
		}
		pkgs = append(pkgs, p)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("go list %s: %v\n%s", pattern, err, stderr.String())
	}
	if strings.Contains(stderr.String(), "matched no packages") {
		return nil
	}
	return pkgs
}

// stdlib is the set of standard-library import paths.
func stdlib(t *testing.T) map[string]bool {
	out, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		m[p] = true
	}
	return m
}

func hasPrefix(path string, prefixes ...string) bool {
	for _, p := range prefixes {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

const relayWhy = "relays link neither core, db, SQLite nor fyne"

func relayBanned(d string) bool {
	return hasPrefix(d, "fyne.io", "duplex/core", "duplex/db", "duplex/app",
		"github.com/mattn/go-sqlite3", "github.com/psanford/sqlite3vfs")
}

func TestDependencyRules(t *testing.T) {
	std := stdlib(t)
	rules := []struct {
		tree   string
		why    string
		banned func(dep string) bool
	}{
		{"./core/...", "core never imports fyne or the UI", func(d string) bool { return hasPrefix(d, "fyne.io", "duplex/app") }},
		{"./net/...", "net never imports fyne, db, core or app", func(d string) bool {
			return hasPrefix(d, "fyne.io", "duplex/db", "duplex/core", "duplex/app")
		}},
		{"./db/...", "db imports no other project package and no fyne", func(d string) bool {
			return hasPrefix(d, "fyne.io", "duplex") && !hasPrefix(d, "duplex/db")
		}},
		{"./crypto/...", "crypto imports only stdlib, x/crypto, circl and itself", func(d string) bool {
			return !std[d] && !hasPrefix(d, "golang.org/x/crypto", "golang.org/x/sys", "github.com/cloudflare/circl", "duplex/crypto")
		}},
		{"./core/api", "core/api is a leaf: no other project package", func(d string) bool { return hasPrefix(d, "duplex") }},
		{"./app/...", "app talks to the core only through core/api", func(d string) bool {
			return hasPrefix(d, "duplex/core", "duplex/net", "duplex/crypto", "duplex/db") && !hasPrefix(d, "duplex/core/api")
		}},
		{"./cmd/duplex-host/...", "the headless host links no fyne", func(d string) bool { return hasPrefix(d, "fyne.io") }},
		{"./cmd/smp-server/...", relayWhy, relayBanned},
		{"./net/smp/server/...", relayWhy, relayBanned},
		{"./cmd/xftp-server/...", relayWhy, relayBanned},
		// Test helpers import testing and start listeners: never in a binary.
		{"./...", "net/smp/server/smptest is for tests only", func(d string) bool {
			return hasPrefix(d, "duplex/net/smp/server/smptest")
		}},
	}
	for _, r := range rules {
		pkgs := goList(t, r.tree)
		if len(pkgs) == 0 {
			t.Logf("%s: no packages yet", r.tree)
			continue
		}
		for _, p := range pkgs {
			for _, d := range p.Deps {
				if r.banned(d) {
					t.Errorf("%s imports %s: %s", p.ImportPath, d, r.why)
				}
			}
		}
	}
}

// TestRulesBite proves the checker sees real imports: the desktop binary
// must link fyne and core, or every rule above could pass vacuously.
func TestRulesBite(t *testing.T) {
	pkgs := goList(t, ".")
	if len(pkgs) != 1 {
		t.Fatalf("go list . returned %d packages", len(pkgs))
	}
	var fyne, core bool
	for _, d := range pkgs[0].Deps {
		fyne = fyne || hasPrefix(d, "fyne.io/fyne/v2")
		core = core || d == "duplex/core"
	}
	if !fyne || !core {
		t.Fatalf("desktop binary deps: fyne=%v core=%v; go list output is not what the rules assume", fyne, core)
	}
}
