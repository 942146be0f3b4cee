package controller

import (
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"duplex/app/prefs"
	"duplex/app/screens"
	"duplex/core"
	"duplex/db/dbtest"
	"duplex/resources"
)

type recordingNotifier struct {
	mu   sync.Mutex
	sent []string
	err  error
}

func (r *recordingNotifier) Notify(title, body string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, title+": "+body)
	return r.err
}

// running are the controllers of the test under way (tests run one at a
// time; a flow test runs two).
var running []*Controller

func allIdle() bool {
	for _, c := range running {
		if !c.Idle() {
			return false
		}
	}
	return true
}

var cheapKDF = &core.KDFCost{Time: 1, MemoryKiB: 64, Threads: 1}

// TestMain points D-Bus at nothing until a test starts the test Secret
// Service, so no test writes to the developer's real keychain.
func TestMain(m *testing.M) {
	os.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/duplex-test-no-bus")
	code := m.Run()
	dbtest.StopSecretService()
	os.Exit(code)
}

// newApp starts a real in-process core over dir and the controller in a
// test window, and waits for the first page.
func newApp(t *testing.T, dir string, n Notifier) (*Controller, fyne.Window, *core.Local) {
	t.Helper()
	a := test.NewTempApp(t)
	c, err := core.Open(core.Options{DataDir: dir, KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ctl := New(a, c, dir, prefs.Defaults(), fyne.NewStaticResource("icon.png", resources.IconPNG), n)
	running = append(running, ctl)
	t.Cleanup(func() { running = nil })
	w := test.NewTempWindow(t, ctl.Content())
	ctl.AttachWindow(w)
	w.Resize(fyne.NewSize(900, 700))
	ctl.Load(nil)
	waitFor(t, "the first page", func() bool { return ctl.Screen() != ctl.Welcome.Root })
	return ctl, w, c
}

// waitFor polls until the controller is idle and cond holds. Fyne's test
// driver runs fyne.Do callbacks on the calling goroutine, so widgets must
// be read (and tapped) only while no background result is being applied.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !(allIdle() && cond()) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// firstRun fills the first-run page with a passphrase and waits for the shell.
func firstRun(t *testing.T, ctl *Controller, name, pass string) {
	t.Helper()
	if ctl.Screen() != ctl.FirstRun.Root {
		t.Fatal("a fresh data dir does not show the first-run page")
	}
	test.Type(ctl.FirstRun.DisplayName, name)
	ctl.FirstRun.Protection.SetSelected(screens.PassphraseChoice)
	test.Type(ctl.FirstRun.Passphrase, pass)
	test.Type(ctl.FirstRun.Confirm, pass)
	test.Tap(ctl.FirstRun.Submit)
	waitFor(t, "the shell after the first run", func() bool { return ctl.Screen() == ctl.Shell.Root })
}

// newShell runs the first run on a fresh data dir and returns the shell.
func newShell(t *testing.T, n Notifier) (*Controller, fyne.Window, string) {
	t.Helper()
	dir := t.TempDir()
	ctl, w, _ := newApp(t, dir, n)
	firstRun(t, ctl, "alice", "pw")
	return ctl, w, dir
}

// visibleTexts lists the text of every visible label in the window.
func visibleTexts(w fyne.Window) string {
	var out []string
	for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
		switch x := o.(type) {
		case *widget.Label:
			if x.Visible() {
				out = append(out, x.Text)
			}
		case *widget.Select: // the profile switcher
			if x.Visible() {
				out = append(out, x.Selected)
			}
		}
	}
	return strings.Join(out, "\n")
}

func TestShellEmptyStateAndSettings(t *testing.T) {
	ctl, w, dir := newShell(t, &recordingNotifier{})
	texts := visibleTexts(w)
	if !strings.Contains(texts, screens.EmptyChatsText) {
		t.Fatalf("empty state missing; visible labels:\n%s", texts)
	}
	if !strings.Contains(texts, "Version "+core.Version) {
		t.Errorf("welcome page does not show the core version; visible labels:\n%s", texts)
	}

	test.Tap(ctl.Sidebar.SettingsButton)
	if ctl.Shell.Page() != ctl.Settings.Root {
		t.Fatal("Settings did not open")
	}
	texts = visibleTexts(w)
	for _, want := range []string{"Settings", dir, "alice (active)", "Duplex " + core.Version} {
		if !strings.Contains(texts, want) {
			t.Errorf("settings page lacks %q; visible labels:\n%s", want, texts)
		}
	}
	if ctl.Settings.Theme.Selected != "Follow system" {
		t.Errorf("theme selection %q, want Follow system", ctl.Settings.Theme.Selected)
	}

	test.Tap(ctl.Settings.CopyButton)
	if got := fyne.CurrentApp().Clipboard().Content(); got != dir {
		t.Errorf("clipboard %q, want the data dir %q", got, dir)
	}

	test.Tap(ctl.Settings.BackButton)
	if ctl.Shell.Page() != ctl.Welcome.Root {
		t.Fatal("Back did not return to the chats area")
	}
}

func TestThemeChoiceIsRemembered(t *testing.T) {
	ctl, _, dir := newShell(t, &recordingNotifier{})
	test.Tap(ctl.Sidebar.SettingsButton)
	ctl.Settings.Theme.SetSelected("Dark")
	s, err := prefs.Load(dir)
	if err != nil || s.Theme != prefs.ThemeDark {
		t.Fatalf("saved theme %q (%v), want dark", s.Theme, err)
	}
	bg := fyne.CurrentApp().Settings().Theme().Color("background", 0 /* light asked */)
	dark := fyne.CurrentApp().Settings().Theme().Color("background", 1)
	if bg != dark {
		t.Error("dark choice does not override the light variant")
	}
}

func TestTestNotification(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{nil, "Test notification sent"},
		{errors.New("notifications are unavailable on this desktop: no daemon"), "no daemon"},
	} {
		n := &recordingNotifier{err: c.err}
		ctl, _, _ := newShell(t, n)
		test.Tap(ctl.Sidebar.SettingsButton)
		test.Tap(ctl.Settings.TestNotify)
		waitFor(t, "the notification outcome "+c.want, func() bool { return strings.Contains(ctl.Settings.NotifyInfo.Text, c.want) })
		n.mu.Lock()
		if len(n.sent) != 1 || !strings.HasPrefix(n.sent[0], "Duplex: ") {
			t.Errorf("sent %v", n.sent)
		}
		n.mu.Unlock()
		if ctl.Settings.TestNotify.Disabled() {
			t.Error("test button left disabled")
		}
	}
}
