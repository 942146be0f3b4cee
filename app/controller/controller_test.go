package controller

import (
	"errors"
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

// newShell starts a real in-process core over a temp data dir and builds
// the shell in a test window.
func newShell(t *testing.T, n Notifier) (*Controller, fyne.Window, string) {
	t.Helper()
	a := test.NewTempApp(t)
	dir := t.TempDir()
	c, err := core.Open(core.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ctl := New(a, c, dir, prefs.Defaults(), fyne.NewStaticResource("icon.png", resources.IconPNG), n)
	w := test.NewTempWindow(t, ctl.Content())
	w.Resize(fyne.NewSize(900, 600))
	loaded := make(chan struct{})
	ctl.Load(func() { close(loaded) })
	select {
	case <-loaded:
	case <-time.After(10 * time.Second):
		t.Fatal("core info never arrived")
	}
	return ctl, w, dir
}

// visibleTexts lists the text of every visible label in the window.
func visibleTexts(w fyne.Window) string {
	var out []string
	for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			out = append(out, l.Text)
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
	for _, want := range []string{"Settings", dir, "No profiles yet", "Duplex " + core.Version} {
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
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(ctl.Settings.NotifyInfo.Text, c.want) {
			if time.Now().After(deadline) {
				t.Fatalf("notification outcome %q, want it to contain %q", ctl.Settings.NotifyInfo.Text, c.want)
			}
			time.Sleep(10 * time.Millisecond)
		}
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
