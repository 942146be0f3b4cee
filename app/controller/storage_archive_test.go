package controller

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"duplex/app/screens"
	"duplex/core/api"
)

func profileNames(t *testing.T, c api.Client) string {
	t.Helper()
	ps, err := c.Profiles(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var n []string
	for _, p := range ps {
		n = append(n, p.DisplayName)
	}
	return strings.Join(n, ",")
}

// exportThroughUI drives Settings › Database › Export: the passphrase form
// (a mismatch first), then the export, and returns the archive's path.
func exportThroughUI(t *testing.T, ctl *Controller) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "backup"+archiveExt)
	w, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	ctl.askExportPassphrase(w, path)
	f := ctl.archive.exportForm
	if f == nil {
		t.Fatal("no export form")
	}
	test.Type(f.Passphrase, "archive secret")
	test.Type(f.Confirm, "archive secre")
	ctl.archive.exportSubmit(true)
	a := ctl.Settings.Database.Archive
	if !strings.Contains(a.Status.Text, "differ") || ctl.archive.exportForm == nil {
		t.Fatalf("mismatch: status %q, form shown again: %v", a.Status.Text, ctl.archive.exportForm != nil)
	}
	f = ctl.archive.exportForm
	test.Type(f.Passphrase, "archive secret")
	test.Type(f.Confirm, "archive secret")
	ctl.archive.exportSubmit(true)
	waitFor(t, "the export", func() bool { return !a.Export.Disabled() })
	if a.Status.Text != "Exported to "+path+". Keep the passphrase: the archive cannot be opened without it." {
		t.Fatalf("export status %q", a.Status.Text)
	}
	if a.Progress.Value != 1 {
		t.Errorf("progress bar ended at %v", a.Progress.Value)
	}
	if st, err := os.Stat(path); err != nil || st.Size() < 4096 {
		t.Fatalf("archive file: %v %v", st, err)
	}
	return path
}

// importThroughUI opens path in the import form and submits it.
func importThroughUI(t *testing.T, ctl *Controller, path, pass, choice string, firstRun bool) *screens.ImportForm {
	t.Helper()
	r, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctl.askImportPassphrase(r, path, firstRun)
	f := ctl.archive.importForm
	if f == nil {
		t.Fatal("no import form")
	}
	test.Type(f.Passphrase, pass)
	f.Protection.SetSelected(choice)
	ctl.archive.importSubmit(true)
	waitFor(t, "the import", func() bool { return !ctl.Settings.Database.Archive.Import.Disabled() })
	return f
}

// TestArchiveExportRestoreFirstRun: export from one app, restore into a
// fresh one from its first-run page. A wrong passphrase and a keychain that
// is not there are reported on the page; the right passphrase lands in the
// shell with the archive's profiles, protected by that passphrase.
func TestArchiveExportRestoreFirstRun(t *testing.T) {
	ctl1, _, _ := newShell(t, &recordingNotifier{})
	if _, err := ctl1.client.CreateProfile(context.Background(), api.NewProfile{DisplayName: "alice at work"}); err != nil {
		t.Fatal(err)
	}
	want := profileNames(t, ctl1.client)
	path := exportThroughUI(t, ctl1)

	ctl, w, c := newApp(t, t.TempDir(), &recordingNotifier{})
	if ctl.Screen() != ctl.FirstRun.Root || ctl.FirstRun.Restore.Hidden {
		t.Fatal("the first-run page has no restore button")
	}
	f := importThroughUI(t, ctl, path, "wrong", screens.ImportPassphraseChoice, true)
	if f.Warning.Visible() {
		t.Error("first run: the form warns about replacing data that does not exist")
	}
	if got := ctl.FirstRun.Error.Text; got != "Not imported: wrong archive passphrase: nothing was imported" {
		t.Fatalf("wrong passphrase: %q", got)
	}
	if ctl.Screen() != ctl.FirstRun.Root {
		t.Fatal("left the first-run page after a failed import")
	}
	// Tests have no keychain (TestMain points D-Bus nowhere).
	importThroughUI(t, ctl, path, "archive secret", screens.ImportKeychainChoice, true)
	if got := ctl.FirstRun.Error.Text; !strings.Contains(got, "keychain") || !strings.Contains(got, screens.ImportPassphraseChoice) {
		t.Fatalf("no keychain: %q", got)
	}
	importThroughUI(t, ctl, path, "archive secret", screens.ImportPassphraseChoice, true)
	waitFor(t, "the shell", func() bool { return ctl.Screen() == ctl.Shell.Root })
	if got := profileNames(t, c); got != want {
		t.Fatalf("profiles %q, want %q", got, want)
	}
	if texts := visibleTexts(w); !strings.Contains(texts, "alice") {
		t.Fatalf("the shell does not show the imported profile:\n%s", texts)
	}
	if st, _ := c.Storage(context.Background()); st.Protection != api.ProtectionPassphrase {
		t.Fatalf("storage %+v", st)
	}
}

// TestArchiveImportReplaces: importing into a running app asks for
// confirmation (the warning and the button), replaces the profiles and
// reloads the shell into them.
func TestArchiveImportReplaces(t *testing.T) {
	ctl1, _, _ := newShell(t, &recordingNotifier{})
	path := exportThroughUI(t, ctl1)

	ctl, w, _ := newShell(t, &recordingNotifier{})
	if _, err := ctl.client.CreateProfile(context.Background(), api.NewProfile{DisplayName: "bob"}); err != nil {
		t.Fatal(err)
	}
	if err := ctl.client.SetActiveProfile(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	ctl.loadProfiles(nil)
	waitFor(t, "bob active", func() bool { return ctl.profile().DisplayName == "bob" })
	f := importThroughUI(t, ctl, path, "archive secret", screens.ImportPassphraseChoice, false)
	if !f.Warning.Visible() || !strings.Contains(f.Warning.Text, "will be replaced") {
		t.Fatalf("no replacement warning: %q", f.Warning.Text)
	}
	a := ctl.Settings.Database.Archive
	if a.Status.Text != "Imported from "+path+"." {
		t.Fatalf("status %q", a.Status.Text)
	}
	waitFor(t, "the imported profile", func() bool { return ctl.profile().DisplayName == "alice" })
	if got := profileNames(t, ctl.client); got != "alice" {
		t.Fatalf("profiles after import %q", got)
	}
	if texts := visibleTexts(w); strings.Contains(texts, "bob") {
		t.Fatalf("the shell still shows the replaced profile:\n%s", texts)
	}
}

// TestArchiveExportCancelled: cancelling the passphrase form removes the
// empty file the save dialog created.
func TestArchiveExportCancelled(t *testing.T) {
	ctl, _, _ := newShell(t, &recordingNotifier{})
	path := filepath.Join(t.TempDir(), "x"+archiveExt)
	w, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	ctl.askExportPassphrase(w, path)
	ctl.archive.exportSubmit(false)
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("the empty archive file is still there: %v", err)
	}
	if got := ctl.Settings.Database.Archive.Status.Text; got != "Export cancelled." {
		t.Fatalf("status %q", got)
	}
}

// TestLicencesDialog: About › Licences shows the generated licence texts.
func TestLicencesDialog(t *testing.T) {
	ctl, w, _ := newShell(t, &recordingNotifier{})
	ctl.ShowSettings()
	test.Tap(ctl.Settings.Licences)
	top := w.Canvas().Overlays().Top()
	if top == nil || ctl.archive.licences == nil {
		t.Fatal("no licences dialog")
	}
	found := false
	for _, o := range test.LaidOutObjects(top) {
		if a, ok := o.(*widget.Accordion); ok && a == ctl.archive.licences {
			found = true
		}
	}
	if !found {
		t.Fatal("the dialog does not hold the licences")
	}
	titles := map[string]string{}
	for _, it := range ctl.archive.licences.Items {
		titles[it.Title] = it.Detail.(*widget.Label).Text
	}
	if len(titles) < 10 {
		t.Fatalf("only %d licence sections", len(titles))
	}
	for _, want := range []string{"Module: fyne.io/fyne/v2 ", "Module: github.com/mattn/go-sqlite3 ", "Go standard library and runtime"} {
		n := 0
		for title, text := range titles {
			if strings.HasPrefix(title, want) && strings.Contains(text, "--- LICENSE") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d sections %q with a LICENSE", n, want)
		}
	}
	// Opening an item shows its text.
	ctl.archive.licences.Open(0)
	if !ctl.archive.licences.Items[0].Open {
		t.Error("the first item did not open")
	}
}
