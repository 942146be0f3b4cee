package app

import (
	"context"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"duplex/app/controller"
	"duplex/app/desktop"
	"duplex/app/prefs"
	"duplex/core"
	"duplex/resources"
)

// No test here may reach the developer's real keychain.
func TestMain(m *testing.M) {
	os.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/duplex-test-no-bus")
	os.Exit(m.Run())
}

func newWired(t *testing.T, a fyne.App, c *core.Local, dir string) (*controller.Controller, *unreadDesktop, fyne.Window) {
	t.Helper()
	ctl := controller.New(a, c, dir, prefs.Defaults(), fyne.NewStaticResource("icon.png", resources.IconPNG), nil)
	w := test.NewTempWindow(t, ctl.Content())
	ctl.AttachWindow(w)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctl, wireDesktop(ctx, a, w, ctl, c, Launch{}), w
}

// The Settings › Desktop checkbox is the close-to-tray setting, both ways.
func TestDesktopSettingsAndLinks(t *testing.T) {
	a := test.NewTempApp(t)
	dir := t.TempDir()
	c, err := core.Open(core.Options{DataDir: dir, KDF: &core.KDFCost{Time: 1, MemoryKiB: 64, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })

	ctl, d, w := newWired(t, a, c, dir)
	check := ctl.Settings.Desktop.CloseToTray
	if check.Checked || d.CloseToTray() {
		t.Fatal("close to tray is on by default")
	}
	test.Tap(check)
	if !d.CloseToTray() || !a.Preferences().Bool(desktop.PrefCloseToTray) {
		t.Fatal("ticking the checkbox did not turn close to tray on")
	}
	// A later start shows the stored setting.
	ctl2, _, _ := newWired(t, a, c, dir)
	if !ctl2.Settings.Desktop.CloseToTray.Checked {
		t.Fatal("the checkbox does not show the stored setting")
	}

	// No database yet: nothing is unread, and that is not an error.
	if n, err := countUnread(context.Background(), c); n != 0 || err != nil {
		t.Fatalf("countUnread on a fresh core = %d, %v", n, err)
	}

	// A link handed over reaches the controller's link flow — or, in a
	// build without one, a dialog says so; never nothing.
	if _, ok := any(ctl).(linkOpener); !ok {
		before := len(w.Canvas().Overlays().List())
		d.OpenLinks([]string{"simplex:/contact#/?v=2-7"})
		if len(w.Canvas().Overlays().List()) != before+1 {
			t.Fatal("a link was dropped silently")
		}
	}
}
