package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Unlock asks for the database passphrase at start.
type Unlock struct {
	Root       fyne.CanvasObject
	Passphrase *widget.Entry
	Message    *widget.Label
	Error      *widget.Label
	Progress   *widget.ProgressBarInfinite
	Button     *widget.Button

	OnUnlock func(passphrase string)
}

// NewUnlock builds the page.
func NewUnlock() *Unlock {
	u := &Unlock{
		Passphrase: widget.NewPasswordEntry(),
		Message:    widget.NewLabelWithStyle("Enter your passphrase to open your messages.", fyne.TextAlignCenter, fyne.TextStyle{}),
		Error:      widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		Progress:   widget.NewProgressBarInfinite(),
	}
	u.Message.Wrapping = fyne.TextWrapWord
	u.Error.Importance = widget.DangerImportance
	u.Error.Wrapping = fyne.TextWrapWord
	u.Progress.Hide()
	u.Progress.Stop()
	u.Passphrase.SetPlaceHolder("Passphrase")
	u.Button = widget.NewButton("Unlock", u.submit)
	u.Button.Importance = widget.HighImportance
	u.Passphrase.OnSubmitted = func(string) { u.submit() }
	title := widget.NewLabelWithStyle("Duplex is locked", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	box := container.NewVBox(title, u.Message, u.Passphrase, u.Error, u.Progress, u.Button)
	u.Root = container.NewCenter(container.NewGridWrap(fyne.NewSize(420, box.MinSize().Height+60), box))
	return u
}

func (u *Unlock) submit() {
	if u.OnUnlock != nil && !u.Button.Disabled() {
		u.OnUnlock(u.Passphrase.Text)
	}
}

// SetBusy shows progress while the key is derived.
func (u *Unlock) SetBusy(busy bool) {
	if busy {
		u.Error.SetText("")
		u.Button.Disable()
		u.Passphrase.Disable()
		u.Progress.Show()
		u.Progress.Start()
		return
	}
	u.Button.Enable()
	u.Passphrase.Enable()
	u.Progress.Stop()
	u.Progress.Hide()
}

// CannotUnlock explains a database no passphrase opens here (its key is in
// a keychain this machine cannot reach).
func (u *Unlock) CannotUnlock(problem string) {
	u.Message.SetText(problem)
	u.Passphrase.Hide()
	u.Button.Hide()
}
