package db

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

	"github.com/zalando/go-keyring"
)

var (
	secretOnce sync.Once
	secretAddr string
	secretErr  error
	secretHome string
	// secretIn keeps dbus-run-session's stdin open (and reachable, so no finalizer
	// closes it): `cat` holds the session up until the test binary exits.
	secretIn io.WriteCloser
)

// startSecretService runs a real Secret Service for this test binary: a private
// D-Bus session (dbus-run-session) with Debian's gnome-keyring-daemon, its login
// keyring created and unlocked with a test password in a throw-away HOME. It points
// DBUS_SESSION_BUS_ADDRESS at it, so go-keyring talks to it over real D-Bus. Under
// CI the tools must be installed (scripts/apt-test.txt); locally the test skips.
func startSecretService(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s missing (install dbus and gnome-keyring)", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	secretOnce.Do(func() {
		home, err := os.MkdirTemp("", "duplex-keyring")
		if err != nil {
			secretErr = err
			return
		}
		secretHome = home
		run := filepath.Join(home, "run")
		os.Mkdir(run, 0o700)
		script := `echo "ADDR=$DBUS_SESSION_BUS_ADDRESS"; printf %s duplex-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; echo READY; exec cat`
		cmd := exec.Command("dbus-run-session", "--", "sh", "-c", script)
		cmd.Env = append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"),
			"XDG_RUNTIME_DIR="+run, "XDG_CONFIG_HOME="+filepath.Join(home, "config"))
		out, _ := cmd.StdoutPipe()
		if secretIn, err = cmd.StdinPipe(); err != nil {
			secretErr = err
			return
		}
		if err := cmd.Start(); err != nil {
			secretErr = err
			return
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			l := sc.Text()
			if a, ok := strings.CutPrefix(l, "ADDR="); ok {
				secretAddr = a
			}
			if l == "READY" {
				break
			}
		}
		if secretAddr == "" {
			secretErr = errors.New("dbus-run-session printed no address")
		}
		// The session ends with the test binary (stdin closes when we exit).
	})
	if secretErr != nil {
		t.Fatal(secretErr)
	}
	os.Setenv("DBUS_SESSION_BUS_ADDRESS", secretAddr)
}

func TestKeychainLifecycle(t *testing.T) {
	startSecretService(t)
	dir := t.TempDir()
	d, err := Open(dir, Options{Key: Keychain(), KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, d, `CREATE TABLE t(x)`)
	mustExec(t, d, `INSERT INTO t VALUES ('kept')`)
	user1 := keychainUser(d.slot)
	if v, err := keyring.Get(keychainService(), user1); err != nil || len(v) != 64 {
		t.Fatalf("keychain entry after create: %q %v", v, err)
	}
	d.Close()

	d = mustOpen(t, dir, Keychain())
	// keychain -> passphrase: the entry goes away, the keychain no longer opens it.
	if err := d.Rekey(Passphrase("pw1"), cheapKDF); err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Get(keychainService(), user1); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("old keychain entry still there: %v", err)
	}
	d.Close()
	if _, err := Open(dir, Options{Key: Keychain()}); !errors.Is(err, ErrKeyKind) {
		t.Fatalf("keychain after moving to a passphrase: %v", err)
	}
	// passphrase -> keychain (the passphrase is removed) -> keychain (rotation).
	d = mustOpen(t, dir, Passphrase("pw1"))
	if err := d.Rekey(Keychain(), nil); err != nil {
		t.Fatal(err)
	}
	user3 := keychainUser(d.slot)
	if err := d.Rekey(Keychain(), nil); err != nil {
		t.Fatal(err)
	}
	user4 := keychainUser(d.slot)
	if _, err := keyring.Get(keychainService(), user3); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("rotated-out entry still there: %v", err)
	}
	d.Close()
	if _, err := Open(dir, Options{Key: Passphrase("pw1")}); !errors.Is(err, ErrKeyKind) {
		t.Fatalf("old passphrase after moving to the keychain: %v", err)
	}
	d = mustOpen(t, dir, Keychain())
	var x string
	if err := d.SQL().QueryRow(`SELECT x FROM t`).Scan(&x); err != nil || x != "kept" {
		t.Fatalf("data after re-keys: %q %v", x, err)
	}
	d.Close()

	// The entry deleted behind our back: a clear message, not "wrong passphrase".
	if err := keyring.Delete(keychainService(), user4); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{Key: Keychain()}); !errors.Is(err, ErrKeyNotInKeychain) {
		t.Fatalf("missing entry: %v", err)
	}
}

// An interrupted keychain re-key (crash after the first slot write) opens with
// either entry and the repair deletes the orphan.
func TestKeychainInterruptedRekey(t *testing.T) {
	startSecretService(t)
	dir := t.TempDir()
	d, err := Open(dir, Options{Key: Keychain()})
	if err != nil {
		t.Fatal(err)
	}
	old := *d.slot
	path := d.path
	ns := &slot{Seq: old.Seq + 1, FileID: old.FileID, Block: old.Block}
	if err := protect(ns, d.st.dek, Keychain(), d.opts); err != nil {
		t.Fatal(err)
	}
	d.Close()
	// Only the first slot write happened.
	f, _ := os.OpenFile(path, os.O_RDWR, 0)
	f.WriteAt(ns.marshal(), int64(ns.Seq%2)*slotStride)
	f.Close()
	d = mustOpen(t, dir, Keychain())
	if d.slot.Seq != ns.Seq {
		t.Fatalf("opened with seq %d, want the newer %d", d.slot.Seq, ns.Seq)
	}
	d.Close()
	if _, err := keyring.Get(keychainService(), keychainUser(&old)); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("orphaned old entry not removed: %v", err)
	}
}
