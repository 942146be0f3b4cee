package notify

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"duplex/app/prefs"
	"duplex/resources"
)

// notificationServer is a real org.freedesktop.Notifications service on a
// private D-Bus daemon; it records what it is asked to show.
type notificationServer struct {
	mu   sync.Mutex
	seen []shown
}

type shown struct{ app, summary, body string }

func (s *notificationServer) Notify(app string, replaces uint32, icon, summary, body string,
	actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen = append(s.seen, shown{app, summary, body})
	return uint32(len(s.seen)), nil
}

func (s *notificationServer) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"body"}, nil
}

func (s *notificationServer) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "duplex-test", "duplex", "1", "1.2", nil
}

// startBus runs a private session bus for this test and points
// DBUS_SESSION_BUS_ADDRESS at it.
func startBus(t *testing.T) {
	t.Helper()
	bin, err := exec.LookPath("dbus-daemon")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("dbus-daemon is missing: scripts/setup.sh --test installs it")
		}
		t.Skip("dbus-daemon not installed")
	}
	cmd := exec.Command(bin, "--session", "--nofork", "--print-address")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		addr <- strings.TrimSpace(line)
	}()
	select {
	case a := <-addr:
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", a)
	case <-time.After(10 * time.Second):
		t.Fatal("dbus-daemon printed no address")
	}
}

func TestNotifyReachesDaemon(t *testing.T) {
	startBus(t)
	srv := &notificationServer{}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.Export(srv, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("cannot own the notifications name: %v %v", reply, err)
	}

	n := New("Duplex", resources.IconPNG)
	if err := n.Notify("Alice", "hello from Duplex"); err != nil {
		t.Fatal(err)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.seen) != 1 || srv.seen[0] != (shown{"Duplex", "Alice", "hello from Duplex"}) {
		t.Fatalf("daemon saw %+v", srv.seen)
	}
}

func TestMessagePreviewModes(t *testing.T) {
	for _, c := range []struct{ mode, title, body string }{
		{prefs.PreviewMessage, "bob", "hi there"},
		{prefs.PreviewName, "bob", HiddenBody},
		{prefs.PreviewHidden, HiddenTitle, HiddenBody},
		{"bogus", HiddenTitle, HiddenBody},
	} {
		title, body := Message(c.mode, "bob", "hi there")
		if title != c.title || body != c.body {
			t.Errorf("%s: %q/%q, want %q/%q", c.mode, title, body, c.title, c.body)
		}
	}
}
