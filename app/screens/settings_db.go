package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"duplex/core/api"
)

// DatabaseSection shows how the database is protected and changes it.
type DatabaseSection struct {
	Root          fyne.CanvasObject
	Protection    *widget.Label
	NewPassphrase *widget.Entry
	Confirm       *widget.Entry
	Strength      *widget.Label
	SetPassphrase *widget.Button
	UseKeychain   *widget.Button
	Status        *widget.Label
	Progress      *widget.ProgressBarInfinite
	Archive       *ArchiveBox // settings_db_archive.go

	// OnSetPassphrase sets or changes the passphrase (moving the key out of
	// the keychain if it was there); OnUseKeychain moves it into the keychain.
	OnSetPassphrase func(pass, confirm string)
	OnUseKeychain   func()
}

func newDatabaseSection() *DatabaseSection {
	d := &DatabaseSection{
		Protection:    widget.NewLabel(""),
		NewPassphrase: widget.NewPasswordEntry(),
		Confirm:       widget.NewPasswordEntry(),
		Strength:      widget.NewLabel(""),
		Status:        widget.NewLabel(""),
		Progress:      widget.NewProgressBarInfinite(),
		Archive:       newArchiveBox(),
	}
	d.Protection.Wrapping = fyne.TextWrapWord
	d.Status.Wrapping = fyne.TextWrapWord
	d.Progress.Hide()
	d.Progress.Stop()
	d.NewPassphrase.SetPlaceHolder("New passphrase")
	d.Confirm.SetPlaceHolder("Repeat the new passphrase")
	d.NewPassphrase.OnChanged = func(s string) { d.Strength.SetText(PassphraseHint(s)) }
	d.SetPassphrase = widget.NewButton("Set passphrase", func() {
		if d.OnSetPassphrase != nil {
			d.OnSetPassphrase(d.NewPassphrase.Text, d.Confirm.Text)
		}
	})
	d.UseKeychain = widget.NewButton("Store the key in the system keychain", func() {
		if d.OnUseKeychain != nil {
			d.OnUseKeychain()
		}
	})
	d.Root = container.NewVBox(d.Protection, d.NewPassphrase, d.Confirm, d.Strength,
		container.NewHBox(d.SetPassphrase, d.UseKeychain), d.Progress, d.Status, d.Archive.Root)
	return d
}

// SetProtection shows the current protection and the buttons that fit it.
func (d *DatabaseSection) SetProtection(p api.Protection) {
	switch p {
	case api.ProtectionKeychain:
		d.Protection.SetText("The database key is kept in the system keychain. Set a passphrase to type it at every start instead.")
		d.SetPassphrase.SetText("Use a passphrase instead")
		d.UseKeychain.Disable()
	case api.ProtectionPassphrase:
		d.Protection.SetText("The database is protected by a passphrase you type at start.")
		d.SetPassphrase.SetText("Change passphrase")
		d.UseKeychain.Enable()
	default:
		d.Protection.SetText("The database is protected by a " + p.String() + ".")
		d.SetPassphrase.SetText("Use a passphrase instead")
		d.UseKeychain.Enable()
	}
}

// SetBusy shows progress during a re-key.
func (d *DatabaseSection) SetBusy(busy bool) {
	if busy {
		d.Status.SetText("Re-protecting the database…")
		d.SetPassphrase.Disable()
		d.Progress.Show()
		d.Progress.Start()
		return
	}
	d.SetPassphrase.Enable()
	d.Progress.Stop()
	d.Progress.Hide()
}
