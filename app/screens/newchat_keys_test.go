package screens

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// The Connect page's link entry is one line: Tab moves on, Enter checks
// the link, and the app's shortcuts reach the app.
func TestConnectLinkEntryKeys(t *testing.T) {
	test.NewTempApp(t)
	n := NewNewChat()
	w := test.NewTempWindow(t, n.Root)
	w.Resize(fyne.NewSize(700, 500))
	p := n.Connect
	if p.LinkEntry.MultiLine || p.LinkEntry.AcceptsTab() {
		t.Fatal("the link entry keeps Tab (multi-line)")
	}
	var checked []string
	p.OnCheck = func(l string) { checked = append(checked, l) }
	w.Canvas().Focus(p.LinkEntry)
	test.Type(p.LinkEntry, "https://smp.example/a#xyz")
	p.LinkEntry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(checked) != 1 || checked[0] != "https://smp.example/a#xyz" || p.LinkEntry.Text != "https://smp.example/a#xyz" {
		t.Fatalf("Enter: checked %q, text %q", checked, p.LinkEntry.Text)
	}
	var got []string
	p.LinkEntry.OnShortcut = func(s fyne.Shortcut) bool { got = append(got, s.ShortcutName()); return true }
	for _, k := range []fyne.KeyName{fyne.KeyK, fyne.KeyN} {
		p.LinkEntry.TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault})
	}
	if len(got) != 2 {
		t.Errorf("the link entry swallowed Ctrl+K / Ctrl+N: %v", got)
	}
}
