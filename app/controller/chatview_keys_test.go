package controller

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"duplex/app/screens"
)

// On New chat › Connect the link entry checks the link on Enter and
// passes Ctrl+K on to the app.
func TestConnectEntryEnterAndShortcuts(t *testing.T) {
	ctl, w, _ := newShell(t, &recordingNotifier{})
	ctl.ShowNewChat(screens.TabConnect)
	cp := ctl.NewChat.Connect
	w.Canvas().Focus(cp.LinkEntry)
	const bad = "https://127.0.0.1/i#not-a-real-link"
	test.Type(cp.LinkEntry, bad)
	cp.LinkEntry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	waitFor(t, "the link checked on Enter", func() bool { return strings.Contains(cp.Error.Text, "cannot be used") })
	cp.LinkEntry.TypedShortcut(shortcutSearch)
	if w.Canvas().Focused() != ctl.Sidebar.Search {
		t.Fatal("Ctrl+K in the link entry did not reach the app")
	}
}
