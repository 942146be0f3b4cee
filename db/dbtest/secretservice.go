// Package dbtest is test support shared by duplex/db and the packages above
// it (core, app). It is not under db/internal because Go's internal rule
// would hide it from core and app tests.
//
// StartSecretService runs a real Secret Service for tests: a private D-Bus
// session (dbus-run-session) with Debian's gnome-keyring-daemon, its login
// keyring created and unlocked with a test password in a throw-away HOME.
// It points DBUS_SESSION_BUS_ADDRESS at it, so go-keyring (and through it
// duplex/db's keychain keys) talks to it over real D-Bus.
//
// One session serves a whole test binary; call StopSecretService from TestMain. Under CI
// (CI set) the tools must be installed (scripts/apt-test.txt: dbus,
// gnome-keyring); elsewhere a test that needs them skips.
package dbtest

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	once sync.Once
	addr string
	err0 error
	home string
	// in keeps dbus-run-session's stdin open (and reachable, so no finalizer
	// closes it): `cat` holds the session up until StopSecretService or the binary exits.
	in io.WriteCloser
)

// StartSecretService runs the session once per test binary and exports its address.
func StartSecretService(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s missing (install dbus and gnome-keyring)", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	once.Do(start)
	if err0 != nil {
		t.Fatal(err0)
	}
	os.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
}

func start() {
	h, err := os.MkdirTemp("", "duplex-keyring")
	if err != nil {
		err0 = err
		return
	}
	home = h
	run := filepath.Join(h, "run")
	os.Mkdir(run, 0o700)
	script := `echo "ADDR=$DBUS_SESSION_BUS_ADDRESS"; printf %s duplex-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; echo READY; exec cat`
	cmd := exec.Command("dbus-run-session", "--", "sh", "-c", script)
	cmd.Env = append(os.Environ(), "HOME="+h, "XDG_DATA_HOME="+filepath.Join(h, "data"),
		"XDG_RUNTIME_DIR="+run, "XDG_CONFIG_HOME="+filepath.Join(h, "config"))
	out, _ := cmd.StdoutPipe()
	if in, err = cmd.StdinPipe(); err != nil {
		err0 = err
		return
	}
	if err := cmd.Start(); err != nil {
		err0 = err
		return
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		l := sc.Text()
		if a, ok := strings.CutPrefix(l, "ADDR="); ok {
			addr = a
		}
		if l == "READY" {
			break
		}
	}
	if addr == "" {
		err0 = errors.New("dbus-run-session printed no address")
	}
}

// StopSecretService ends the session (closing its stdin ends dbus-run-session) and
// removes its HOME. Safe to call when StartSecretService never ran.
func StopSecretService() {
	if in != nil {
		in.Close()
	}
	if home != "" {
		os.RemoveAll(home)
	}
}

// SecretServiceStarted reports whether this binary has reached the test
// Secret Service. godbus keeps its session-bus connection for the life of
// the process, so after that a test can no longer simulate "no keychain"
// by pointing DBUS_SESSION_BUS_ADDRESS elsewhere (matters with -count > 1).
func SecretServiceStarted() bool { return addr != "" }
