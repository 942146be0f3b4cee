package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"duplex/app/desktop/single"
	"duplex/app/prefs"
)

// Desktop integration with the real binary under Xvfb and a private D-Bus
// session bus: the tray menu as a tray host reads it (StatusNotifierItem +
// com.canonical.dbusmenu), close to tray (a WM_DELETE_WINDOW leaves the app
// running, its window unmapped), a second launch with a link handing it over
// and exiting 0, the tray's Open and Quit, and a SIGKILLed primary's stale
// socket taken over by the next start.

// startSessionBus runs a private dbus-daemon and returns its address.
func startSessionBus(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	return strings.TrimSpace(line)
}

// startAppEnv is startApp with extra environment and arguments.
func startAppEnv(t testing.TB, bin string, env []string, args ...string) *runningApp {
	t.Helper()
	a := &runningApp{cmd: exec.Command(bin, args...), exited: make(chan error, 1), log: &strings.Builder{}}
	a.cmd.Env = append(os.Environ(), env...)
	a.cmd.Stdout, a.cmd.Stderr = &syncWriter{b: a.log}, &syncWriter{b: a.log}
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { a.exited <- a.cmd.Wait() }()
	t.Cleanup(func() { a.cmd.Process.Kill() })
	return a
}

// syncWriter lets the test read the log while the process writes it.
type syncWriter struct{ b *strings.Builder }

var logMu = make(chan struct{}, 1)

func (w *syncWriter) Write(p []byte) (int, error) {
	logMu <- struct{}{}
	defer func() { <-logMu }()
	return w.b.Write(p)
}

// dumpHung makes a hung app print its goroutines (Go's SIGQUIT dump) and
// returns its whole output: the one clue when a quit never completes.
func dumpHung(a *runningApp) string {
	a.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-a.exited:
	case <-time.After(10 * time.Second):
		a.cmd.Process.Kill()
	}
	return appLog(a)
}

func appLog(a *runningApp) string {
	logMu <- struct{}{}
	defer func() { <-logMu }()
	return a.log.String()
}

var winID = regexp.MustCompile(`(0x[0-9a-f]+) "Duplex": \(`)

// windowID is the X id of the Duplex window (mapped or not).
func windowID(t *testing.T, display string) uint32 {
	t.Helper()
	out, _ := exec.Command("xwininfo", "-display", display, "-root", "-tree").Output()
	m := winID.FindSubmatch(out)
	if m == nil {
		t.Fatalf("no Duplex window in the X tree:\n%s", out)
	}
	id, err := strconv.ParseUint(string(m[1]), 0, 32)
	if err != nil {
		t.Fatal(err)
	}
	return uint32(id)
}

// mapState is xwininfo's "Map State" of a window: IsViewable or IsUnMapped.
func mapState(display string, id uint32) string {
	out, _ := exec.Command("xwininfo", "-display", display, "-id", fmt.Sprint(id)).Output()
	if m := regexp.MustCompile(`Map State: (\w+)`).FindSubmatch(out); m != nil {
		return string(m[1])
	}
	return "gone"
}

func waitUntil(t testing.TB, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

type trayItem struct {
	id      int32
	label   string
	enabled bool
}

// trayMenu reads the app's tray menu the way a tray host does.
func trayMenu(t *testing.T, bus *dbus.Conn, pid int) []trayItem {
	t.Helper()
	name := fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", pid)
	var items []trayItem
	waitUntil(t, "the tray item on D-Bus", 60*time.Second, func() bool {
		var rev uint32
		var layout struct {
			ID       int32
			Props    map[string]dbus.Variant
			Children []dbus.Variant
		}
		err := bus.Object(name, "/StatusNotifierMenu").Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).Store(&rev, &layout)
		if err != nil {
			return false
		}
		items = items[:0]
		for _, c := range layout.Children {
			fields, ok := c.Value().([]any)
			if !ok || len(fields) < 2 {
				continue
			}
			id, _ := fields[0].(int32)
			props, _ := fields[1].(map[string]dbus.Variant)
			if props["type"].Value() == "separator" {
				continue
			}
			label, _ := props["label"].Value().(string)
			enabled := true
			if v, ok := props["enabled"]; ok {
				enabled, _ = v.Value().(bool)
			}
			items = append(items, trayItem{id, label, enabled})
		}
		// Fyne (re)builds the menu an item at a time, once the tray is up
		// and on every unread change: a read in between sees part of it.
		// The menu always ends with Quit, so it is whole when Quit is there.
		return len(items) > 0 && items[len(items)-1].label == "Quit"
	})
	return items
}

// clickTray clicks the item labelled label. The layout is read afresh:
// Fyne rebuilds the menu (new item ids) once the tray is ready and on each
// unread change.
func clickTray(t *testing.T, bus *dbus.Conn, pid int, label string) {
	t.Helper()
	items := trayMenu(t, bus, pid)
	for _, it := range items {
		if it.label == label {
			name := fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", pid)
			call := bus.Object(name, "/StatusNotifierMenu").Call("com.canonical.dbusmenu.Event", 0,
				it.id, "clicked", dbus.MakeVariant(int32(0)), uint32(0))
			if call.Err != nil {
				t.Fatalf("clicking %q in the tray: %v", label, call.Err)
			}
			return
		}
	}
	t.Fatalf("no %q in the tray menu %+v", label, items)
}

// writeCloseToTray sets the setting in the UI state file, keeping the rest.
func writeCloseToTray(t *testing.T, dataDir string, on bool) {
	t.Helper()
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	st, err := prefs.Load(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	st.CloseToTray = on
	if err := prefs.Save(dataDir, st); err != nil {
		t.Fatal(err)
	}
}

func TestDesktopTraySingleInstanceUnderXvfb(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	needTools(t, "Xvfb", "xwininfo", "import", "dbus-daemon")
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "duplex")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	display := startXvfb(t)
	busAddr := startSessionBus(t)
	bus, err := dbus.Connect(busAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer bus.Close()
	config := filepath.Join(tmp, "config")
	dataDir := filepath.Join(tmp, "data")
	writeCloseToTray(t, dataDir, true)
	env := []string{"DISPLAY=" + display, "LANG=en_US.UTF-8", "FYNE_SCALE=1",
		"DBUS_SESSION_BUS_ADDRESS=" + busAddr, "XDG_CONFIG_HOME=" + config}
	outDir := "test-output"
	os.MkdirAll(outDir, 0o755)

	app := startAppEnv(t, bin, env, "--data-dir", dataDir)
	findWindow(t, display, app)
	win := windowID(t, display)
	pid := app.cmd.Process.Pid

	// The tray menu, as a tray host reads it.
	items := trayMenu(t, bus, pid)
	want := []trayItem{{0, "Open Duplex", true}, {0, "No unread messages", false}, {0, "Quit", true}}
	if len(items) != len(want) {
		t.Fatalf("tray menu %+v, want %+v", items, want)
	}
	for i := range want {
		if items[i].label != want[i].label || items[i].enabled != want[i].enabled {
			t.Fatalf("tray menu %+v, want %+v", items, want)
		}
	}

	// Close to tray: the close request hides the window, the app runs on.
	sendClose(t, display, win)
	waitUntil(t, "the window to hide", 30*time.Second, func() bool { return mapState(display, win) == "IsUnMapped" })
	select {
	case err := <-app.exited:
		t.Fatalf("duplex exited on a close request with close-to-tray on: %v\n%s", err, appLog(app))
	case <-time.After(time.Second):
	}

	// A second launch with a link: exits 0 once the primary has it, and the
	// primary's window comes back.
	link := "simplex:/contact#/?v=2-7&smp=smp%3A%2F%2Fu2dS9sG8nMNURyZwqASV4yROM28Er0luVTx5X1CsMrU%3D%40localhost%2FabCD"
	second := exec.Command(bin, "--data-dir", dataDir, link)
	second.Env = append(os.Environ(), env...)
	start := time.Now()
	if out, err := second.CombinedOutput(); err != nil {
		t.Fatalf("second launch: %v\n%s", err, out)
	}
	t.Logf("second launch handed over its link and exited in %v", time.Since(start).Round(time.Millisecond))
	if !strings.Contains(appLog(app), "handed over 1 link") {
		t.Fatalf("primary did not report the link; output:\n%s", appLog(app))
	}
	waitUntil(t, "the window to come back", 30*time.Second, func() bool { return mapState(display, win) == "IsViewable" })
	time.Sleep(500 * time.Millisecond) // let the link dialog draw for the screenshot
	screenshot(t, display, filepath.Join(outDir, "desktop-link-handover.png"))

	// Close again, then the tray's Open brings it back; Quit quits.
	sendClose(t, display, win)
	waitUntil(t, "the window to hide again", 30*time.Second, func() bool { return mapState(display, win) == "IsUnMapped" })
	clickTray(t, bus, pid, "Open Duplex")
	waitUntil(t, "Open from the tray", 30*time.Second, func() bool { return mapState(display, win) == "IsViewable" })
	clickTray(t, bus, pid, "Quit")
	select {
	case err := <-app.exited:
		if err != nil {
			t.Fatalf("Quit from the tray: %v\n%s", err, appLog(app))
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("Quit from the tray did not quit; output and goroutines:\n%s", dumpHung(app))
	}

	// A crashed primary leaves its socket; the next start takes it over.
	// (This start, right after the last X client left, used to fail now and
	// then with "Failed to open display": Xvfb was resetting. It runs with
	// -noreset now.)
	app = startAppEnv(t, bin, env, "--data-dir", dataDir)
	findWindow(t, display, app)
	app.cmd.Process.Signal(syscall.SIGKILL)
	<-app.exited
	sock, err := single.SocketPath(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(sock); err != nil {
		t.Fatalf("SIGKILL left no socket (test premise): %v", err)
	}
	waitUntil(t, "the killed window to go", 30*time.Second, func() bool {
		out, _ := exec.Command("xwininfo", "-display", display, "-root", "-tree").Output()
		return !winID.Match(out)
	})
	writeCloseToTray(t, dataDir, false)
	app = startAppEnv(t, bin, env, "--data-dir", dataDir)
	findWindow(t, display, app)
	// Without close to tray a close request quits. (The X tree lists the
	// window before it is mapped; a user can only close a shown one.)
	win = windowID(t, display)
	waitUntil(t, "the window to show", 30*time.Second, func() bool { return mapState(display, win) == "IsViewable" })
	sendClose(t, display, win)
	select {
	case err := <-app.exited:
		if err != nil {
			t.Fatalf("close without close-to-tray: %v\n%s", err, appLog(app))
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("a close request without close-to-tray did not quit; output and goroutines:\n%s", dumpHung(app))
	}
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Fatalf("a clean quit left the socket: %v", err)
	}
}
