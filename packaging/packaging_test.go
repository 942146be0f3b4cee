// Package packaging holds no code: its tests check the freedesktop files in
// linux/ and scripts/install-desktop.sh with the tools desktops use
// (desktop-file-validate, appstreamcli, xdg-mime, xdg-open).
package packaging

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const appID = "im.duplex.desktop" // app.ID; not imported to keep this test free of cgo

// need fails in CI (scripts/apt-test.txt installs the tools) and skips
// elsewhere when a tool is missing.
func need(t *testing.T, tools ...string) {
	t.Helper()
	for _, n := range tools {
		if _, err := exec.LookPath(n); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is missing: scripts/setup.sh --test installs it", n)
			}
			t.Skipf("%s not installed (run scripts/setup.sh --test)", n)
		}
	}
}

func run(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = ".."
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func desktopKeys(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			keys[k] = v
		}
	}
	return keys
}

func TestDesktopEntry(t *testing.T) {
	toml, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^\s*ID\s*=\s*"` + regexp.QuoteMeta(appID) + `"`).Match(toml) {
		t.Fatalf("FyneApp.toml ID is not %s: the desktop entry and metainfo are named after it", appID)
	}
	need(t, "desktop-file-validate")
	entry := filepath.Join("linux", appID+".desktop")
	run(t, os.Environ(), "desktop-file-validate", filepath.Join("packaging", entry))
	k := desktopKeys(t, entry)
	if !strings.Contains(k["MimeType"], "x-scheme-handler/simplex;") {
		t.Errorf("MimeType = %q: simplex: links are not claimed", k["MimeType"])
	}
	if k["Exec"] != "duplex %u" {
		t.Errorf("Exec = %q, want the link passed as one argument (%%u)", k["Exec"])
	}
	if k["Icon"] != appID {
		t.Errorf("Icon = %q, want %q", k["Icon"], appID)
	}
}

func TestMetainfo(t *testing.T) {
	need(t, "appstreamcli")
	run(t, os.Environ(), "appstreamcli", "validate", "--no-net", "--pedantic",
		filepath.Join("packaging", "linux", appID+".metainfo.xml"))
}

// TestInstallDesktop installs into a temporary HOME with a stand-in binary
// that records its arguments, then asks xdg-mime who handles simplex: and
// lets xdg-open follow the registration to the binary with a link.
func TestInstallDesktop(t *testing.T) {
	need(t, "desktop-file-validate", "xdg-mime", "xdg-open")
	home := t.TempDir()
	got := filepath.Join(home, "args.txt")
	fake := filepath.Join(home, "fake-duplex")
	script := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > " + got + "\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	// A bare session: no desktop environment, so xdg-utils use their
	// generic (freedesktop) code paths and only this HOME. xdg-open consults
	// scheme handlers only when a display is named; nothing connects to it.
	env := []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8", "DISPLAY=:duplex-test-none"}
	out := run(t, env, "scripts/install-desktop.sh", "--binary", fake)
	t.Log(strings.TrimSpace(out))

	data := filepath.Join(home, ".local", "share")
	app := filepath.Join(data, "applications", appID+".desktop")
	exe := filepath.Join(home, ".local", "bin", "duplex")
	for _, p := range []string{app, exe,
		filepath.Join(data, "icons", "hicolor", "256x256", "apps", appID+".png"),
		filepath.Join(data, "metainfo", appID+".metainfo.xml")} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("not installed: %v", err)
		}
	}
	run(t, env, "desktop-file-validate", app)
	if e := desktopKeys(t, app)["Exec"]; e != exe+" %u" {
		t.Errorf("installed Exec = %q, want %q", e, exe+" %u")
	}
	if h := strings.TrimSpace(run(t, env, "xdg-mime", "query", "default", "x-scheme-handler/simplex")); h != appID+".desktop" {
		t.Fatalf("xdg-mime query default x-scheme-handler/simplex = %q", h)
	}

	link := "simplex:/contact#/?v=2-7&smp=smp%3A%2F%2Fu2dS9sG8nMNURyZwqASV4yROM28Er0luVTx5X1CsMrU%3D%40localhost%2FabCD"
	run(t, env, "xdg-open", link)
	var b []byte
	var err error
	for i := 0; i < 100; i++ { // xdg-open may return before its child wrote
		if b, err = os.ReadFile(got); err == nil && len(b) > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("xdg-open did not start the installed binary: %v", err)
	}
	if args := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"); len(args) != 1 || args[0] != link {
		t.Fatalf("binary started with %q, want the link as its one argument", args)
	}

	out = run(t, env, "scripts/install-desktop.sh", "--uninstall")
	if _, err := os.Stat(app); !os.IsNotExist(err) {
		t.Errorf("uninstall left %s", app)
	}
	if _, err := os.Stat(exe); !os.IsNotExist(err) {
		t.Errorf("uninstall left %s", exe)
	}
	if !regexp.MustCompile(`removed Duplex`).MatchString(out) {
		t.Errorf("uninstall said %q", out)
	}
}
