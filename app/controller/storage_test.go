package controller

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"duplex/app/screens"
	"duplex/core"
	"duplex/core/api"
	"duplex/db/dbtest"
)

func TestFirstRunShowsProfileName(t *testing.T) {
	dir := t.TempDir()
	ctl, w, c := newApp(t, dir, &recordingNotifier{})
	if ctl.FirstRun.Protection.Selected != screens.KeychainChoice {
		t.Errorf("default protection %q, want the keychain", ctl.FirstRun.Protection.Selected)
	}
	// Mismatched passphrases are caught before the core is asked.
	test.Type(ctl.FirstRun.DisplayName, "Alice Liddell")
	ctl.FirstRun.Protection.SetSelected(screens.PassphraseChoice)
	test.Type(ctl.FirstRun.Passphrase, "one")
	test.Type(ctl.FirstRun.Confirm, "two")
	test.Tap(ctl.FirstRun.Submit)
	if !strings.Contains(ctl.FirstRun.Error.Text, "differ") {
		t.Fatalf("mismatch error %q", ctl.FirstRun.Error.Text)
	}
	if !strings.HasPrefix(ctl.FirstRun.Strength.Text, "Weak") {
		t.Errorf("strength hint for a 3-letter passphrase: %q", ctl.FirstRun.Strength.Text)
	}
	if st, _ := c.Storage(context.Background()); st.Status != api.StorageNotCreated {
		t.Fatalf("a refused form created storage: %+v", st)
	}
	ctl.FirstRun.Confirm.SetText("")
	test.Type(ctl.FirstRun.Confirm, "one")
	ctl.useAvatar("me.png", pngBytes(t, 800, 800))
	test.Tap(ctl.FirstRun.Submit)
	waitFor(t, "the shell", func() bool { return ctl.Screen() == ctl.Shell.Root })
	if texts := visibleTexts(w); !strings.Contains(texts, "Alice Liddell") {
		t.Fatalf("shell does not show the profile name; labels:\n%s", texts)
	}
	ps, err := c.Profiles(context.Background())
	if err != nil || len(ps) != 1 || !strings.HasPrefix(ps[0].Image, "data:image/jpg;base64,") {
		t.Fatalf("profile in the core: %+v %v", ps, err)
	}
	if st, _ := c.Storage(context.Background()); st.Protection != api.ProtectionPassphrase {
		t.Fatalf("storage %+v", st)
	}
}

func TestFirstRunInvalidNameKeepsStorage(t *testing.T) {
	ctl, _, c := newApp(t, t.TempDir(), &recordingNotifier{})
	test.Type(ctl.FirstRun.DisplayName, "@alice")
	ctl.FirstRun.Protection.SetSelected(screens.PassphraseChoice)
	test.Type(ctl.FirstRun.Passphrase, "pw")
	test.Type(ctl.FirstRun.Confirm, "pw")
	test.Tap(ctl.FirstRun.Submit)
	waitFor(t, "the name error", func() bool {
		return strings.Contains(ctl.FirstRun.Error.Text, "cannot start with") && !ctl.FirstRun.Submit.Disabled()
	})
	if ctl.Screen() != ctl.FirstRun.Root {
		t.Fatal("left the first-run page with an invalid name")
	}
	// The database was created; the retry only creates the profile.
	ctl.FirstRun.DisplayName.SetText("alice")
	test.Tap(ctl.FirstRun.Submit)
	waitFor(t, "the shell", func() bool { return ctl.Screen() == ctl.Shell.Root })
	if st, _ := c.Storage(context.Background()); st.Protection != api.ProtectionPassphrase {
		t.Fatalf("storage %+v", st)
	}
}

// Without a keychain the default choice fails with an explanation and the
// page switches to the passphrase option.
func TestFirstRunWithoutKeychain(t *testing.T) {
	if dbtest.SecretServiceStarted() {
		t.Skip("the test Secret Service is already connected (-count > 1)")
	}
	ctl, w, _ := newApp(t, t.TempDir(), &recordingNotifier{})
	test.Type(ctl.FirstRun.DisplayName, "alice")
	test.Tap(ctl.FirstRun.Submit)
	// Wait for the whole update (one fyne.Do sets the error, then the choice).
	waitFor(t, "the keychain error and the passphrase option", func() bool {
		return strings.Contains(ctl.FirstRun.Error.Text, "no system keychain") &&
			ctl.FirstRun.Protection.Selected == screens.PassphraseChoice && w.Canvas().Focused() == ctl.FirstRun.Passphrase
	})
	test.Type(ctl.FirstRun.Passphrase, "a long enough passphrase")
	test.Type(ctl.FirstRun.Confirm, "a long enough passphrase")
	test.Tap(ctl.FirstRun.Submit)
	waitFor(t, "the shell", func() bool { return ctl.Screen() == ctl.Shell.Root })
}

func TestFirstRunKeychainThenRestart(t *testing.T) {
	dbtest.StartSecretService(t)
	dir := t.TempDir()
	ctl, _, c := newApp(t, dir, &recordingNotifier{})
	test.Type(ctl.FirstRun.DisplayName, "kc")
	test.Tap(ctl.FirstRun.Submit)
	waitFor(t, "the shell", func() bool { return ctl.Screen() == ctl.Shell.Root })
	c.Close()
	// Next start: straight to the shell, nothing to type.
	ctl, w, _ := newApp(t, dir, &recordingNotifier{})
	waitFor(t, "the shell", func() bool { return ctl.Screen() == ctl.Shell.Root })
	if !strings.Contains(visibleTexts(w), "kc") {
		t.Fatalf("profile name missing:\n%s", visibleTexts(w))
	}
	test.Tap(ctl.Sidebar.SettingsButton)
	if ctl.Settings.Database.UseKeychain.Disabled() == false {
		t.Error("keychain button enabled while the key is in the keychain")
	}
}

func TestUnlockWrongThenRight(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, err := core.Open(core.Options{DataDir: dir, KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CreateStorage(ctx, api.ProtectionPassphrase, "right one"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: "carol"}); err != nil {
		t.Fatal(err)
	}
	c.Close()

	ctl, w, _ := newApp(t, dir, &recordingNotifier{})
	if ctl.Screen() != ctl.Unlock.Root {
		t.Fatal("a passphrase database does not show the unlock page")
	}
	test.Type(ctl.Unlock.Passphrase, "wrong one")
	test.Tap(ctl.Unlock.Button)
	// The message and the focus come in one fyne.Do: wait for both.
	waitFor(t, "the wrong-passphrase message with the field focused", func() bool {
		return ctl.Unlock.Error.Text == "Wrong passphrase" && w.Canvas().Focused() == ctl.Unlock.Passphrase
	})
	if ctl.Screen() != ctl.Unlock.Root {
		t.Fatal("a wrong passphrase left the unlock page")
	}
	if ctl.Unlock.Button.Disabled() || ctl.Unlock.Passphrase.Disabled() {
		t.Error("the form stayed disabled")
	}
	ctl.Unlock.Passphrase.SetText("")
	test.Type(ctl.Unlock.Passphrase, "right one")
	test.Tap(ctl.Unlock.Button)
	waitFor(t, "the shell", func() bool { return ctl.Screen() == ctl.Shell.Root })
	if !strings.Contains(visibleTexts(w), "carol") {
		t.Fatalf("profile name missing:\n%s", visibleTexts(w))
	}
}

func TestSettingsChangePassphrase(t *testing.T) {
	dir := t.TempDir()
	ctl, _, c := newApp(t, dir, &recordingNotifier{})
	firstRun(t, ctl, "dave", "old")
	test.Tap(ctl.Sidebar.SettingsButton)
	d := ctl.Settings.Database
	if d.SetPassphrase.Text != "Change passphrase" {
		t.Fatalf("button %q", d.SetPassphrase.Text)
	}
	test.Type(d.NewPassphrase, "new")
	test.Type(d.Confirm, "nope")
	test.Tap(d.SetPassphrase)
	if !strings.Contains(d.Status.Text, "differ") {
		t.Fatalf("status %q", d.Status.Text)
	}
	d.Confirm.SetText("new")
	test.Tap(d.SetPassphrase)
	waitFor(t, "the re-key", func() bool { return strings.HasPrefix(d.Status.Text, "Done") })
	c.Close()
	c2, err := core.Open(core.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if err := c2.Unlock(context.Background(), "old"); err == nil {
		t.Fatal("the old passphrase still opens the database")
	}
	if err := c2.Unlock(context.Background(), "new"); err != nil {
		t.Fatal(err)
	}
}

// tapDialogButton taps the button labelled text in the top overlay (a dialog).
func tapDialogButton(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is shown")
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("dialog has no %q button", text)
}

func TestSettingsProfiles(t *testing.T) {
	ctl, w, _ := newShell(t, &recordingNotifier{})
	test.Tap(ctl.Sidebar.SettingsButton)
	p := ctl.Settings.Profiles
	test.Type(p.NewName, "bob")
	test.Tap(p.Add)
	waitFor(t, "bob's row", func() bool { return p.Row("bob") != nil })
	if p.NewName.Text != "" {
		t.Error("the add field was not cleared")
	}
	test.Type(p.NewName, "#bad")
	test.Tap(p.Add)
	waitFor(t, "the name error", func() bool { return strings.Contains(p.Error.Text, "invalid display name") })

	// Switch.
	test.Tap(p.Row("bob").Switch)
	waitFor(t, "bob active", func() bool { r := p.Row("bob"); return r != nil && r.Profile.Active })
	waitFor(t, "the sidebar to show bob", func() bool { return strings.Contains(visibleTexts(w), "bob (active)") })
	if !p.Row("bob").Switch.Disabled() || p.Row("alice").Switch.Disabled() {
		t.Error("switch buttons do not follow the active profile")
	}
	// Rename in place.
	r := p.Row("bob")
	test.Tap(r.Rename)
	if !r.NameEntry.Visible() {
		t.Fatal("rename field hidden")
	}
	r.NameEntry.SetText("robert")
	r.FullEntry.SetText("Robert Builder")
	r.SetPicture("me.png", pngBytes(t, 64, 64)) // what the file dialog hands over
	test.Tap(r.Save)
	waitFor(t, "robert's row", func() bool { return p.Row("robert") != nil })
	rob := p.Row("robert").Profile
	if rob.FullName != "Robert Builder" || !strings.HasPrefix(rob.Image, "data:image/") {
		t.Fatalf("edited profile %q %q, picture %d bytes", rob.DisplayName, rob.FullName, len(rob.Image))
	}
	if !strings.Contains(p.Row("robert").Name.Text, "Robert Builder") || p.Row("robert").RemovePicture.Disabled() {
		t.Fatalf("row %q, remove picture disabled %v", p.Row("robert").Name.Text, p.Row("robert").RemovePicture.Disabled())
	}
	// Removing the picture.
	r = p.Row("robert")
	test.Tap(r.Rename)
	test.Tap(r.RemovePicture)
	test.Tap(r.Save)
	waitFor(t, "the picture removed", func() bool { r := p.Row("robert"); return r != nil && r.Profile.Image == "" })
	// Delete asks first; Cancel keeps the profile.
	test.Tap(p.Row("alice").Delete)
	tapDialogButton(t, w, "Cancel")
	if p.Row("alice") == nil {
		t.Fatal("Cancel deleted the profile")
	}
	test.Tap(p.Row("alice").Delete)
	tapDialogButton(t, w, "Delete")
	waitFor(t, "alice gone", func() bool { return p.Row("alice") == nil })
	// The last profile cannot go.
	test.Tap(p.Row("robert").Delete)
	tapDialogButton(t, w, "Delete")
	waitFor(t, "the last-profile error", func() bool { return strings.Contains(p.Error.Text, "only profile") })
}

// pngBytes is a plain w×h picture file, as a file dialog would read it.
func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
