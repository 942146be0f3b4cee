package screens

import (
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Protection choice labels on the first-run page (also used by tests).
const (
	KeychainChoice   = "Store the key in the system keychain (recommended)"
	PassphraseChoice = "Ask for a passphrase at start"
)

// FirstRunInput is what the user filled in.
type FirstRunInput struct {
	DisplayName, FullName string
	Passphrase            bool // false: keychain
	Secret, Confirm       string
}

// FirstRun creates the first profile and, when there is no database yet,
// asks how to protect it.
type FirstRun struct {
	Root fyne.CanvasObject

	DisplayName *widget.Entry
	FullName    *widget.Entry
	AvatarBtn   *widget.Button
	AvatarName  *widget.Label
	Protection  *widget.RadioGroup
	Passphrase  *widget.Entry
	Confirm     *widget.Entry
	Strength    *widget.Label
	Error       *widget.Label
	Progress    *widget.ProgressBarInfinite
	Submit      *widget.Button
	// Restore imports an archive instead of creating a profile.
	Restore *widget.Button

	protectionBox *fyne.Container
	passBox       *fyne.Container

	OnSubmit     func(FirstRunInput)
	OnPickAvatar func()
	OnRestore    func()
}

// NewFirstRun builds the page.
func NewFirstRun() *FirstRun {
	f := &FirstRun{
		DisplayName: widget.NewEntry(),
		FullName:    widget.NewEntry(),
		AvatarName:  widget.NewLabel("No picture"),
		Passphrase:  widget.NewPasswordEntry(),
		Confirm:     widget.NewPasswordEntry(),
		Strength:    widget.NewLabel(""),
		Error:       widget.NewLabel(""),
		Progress:    widget.NewProgressBarInfinite(),
	}
	f.DisplayName.SetPlaceHolder("Display name (shown to your contacts)")
	f.FullName.SetPlaceHolder("Full name (optional)")
	f.Passphrase.SetPlaceHolder("Passphrase")
	f.Confirm.SetPlaceHolder("Repeat the passphrase")
	f.Error.Wrapping = fyne.TextWrapWord
	f.Error.Importance = widget.DangerImportance
	f.Progress.Hide()
	f.Progress.Stop()
	f.AvatarBtn = widget.NewButton("Choose picture…", func() {
		if f.OnPickAvatar != nil {
			f.OnPickAvatar()
		}
	})
	f.Passphrase.OnChanged = func(s string) { f.Strength.SetText(PassphraseHint(s)) }
	f.passBox = container.NewVBox(f.Passphrase, f.Confirm, f.Strength)
	f.passBox.Hide()
	f.Protection = widget.NewRadioGroup([]string{KeychainChoice, PassphraseChoice}, func(s string) {
		if s == PassphraseChoice {
			f.passBox.Show()
		} else {
			f.passBox.Hide()
		}
	})
	f.Protection.Required = true
	f.Protection.SetSelected(KeychainChoice)
	explain := widget.NewLabel("Keychain: a random key kept by your desktop's keychain; Duplex opens without asking.\n" +
		"Passphrase: nothing is stored; you type it at every start, and a forgotten passphrase cannot be recovered.")
	explain.Wrapping = fyne.TextWrapWord
	f.protectionBox = container.NewVBox(widget.NewLabelWithStyle("Protect your messages", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		f.Protection, explain, f.passBox)
	f.Submit = widget.NewButton("Create profile", f.submit)
	f.Submit.Importance = widget.HighImportance
	f.DisplayName.OnSubmitted = func(string) { f.submit() }
	title := widget.NewLabelWithStyle("Welcome to Duplex", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	sub := widget.NewLabelWithStyle("Create your profile. It is stored only on this device; contacts see only what you put here.",
		fyne.TextAlignCenter, fyne.TextStyle{})
	sub.Wrapping = fyne.TextWrapWord
	f.Restore = widget.NewButton("Restore from an archive…", func() {
		if f.OnRestore != nil {
			f.OnRestore()
		}
	})
	f.Restore.Importance = widget.LowImportance
	form := container.NewVBox(title, sub, f.DisplayName, f.FullName,
		container.NewHBox(f.AvatarBtn, f.AvatarName), f.protectionBox, f.Error, f.Progress, f.Submit, f.Restore)
	f.Root = container.NewVScroll(container.NewCenter(container.NewGridWrap(fyne.NewSize(520, form.MinSize().Height+120), form)))
	return f
}

func (f *FirstRun) submit() {
	if f.OnSubmit == nil || f.Submit.Disabled() {
		return
	}
	f.OnSubmit(FirstRunInput{
		DisplayName: f.DisplayName.Text, FullName: f.FullName.Text,
		Passphrase: f.Protection.Selected == PassphraseChoice && f.protectionBox.Visible(),
		Secret:     f.Passphrase.Text, Confirm: f.Confirm.Text,
	})
}

// ProfileOnly hides the protection choice: the database exists already.
func (f *FirstRun) ProfileOnly() { f.protectionBox.Hide() }

// SetBusy shows progress and blocks a second submit.
func (f *FirstRun) SetBusy(busy bool) {
	if busy {
		f.Error.SetText("")
		f.Submit.Disable()
		f.Progress.Show()
		f.Progress.Start()
		return
	}
	f.Submit.Enable()
	f.Progress.Stop()
	f.Progress.Hide()
}

// PassphraseHint is a one-line strength hint: length and variety of
// characters, the two things a person can act on.
func PassphraseHint(s string) string {
	if s == "" {
		return ""
	}
	var lower, upper, digit, other bool
	n := 0
	for _, r := range s {
		n++
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	kinds := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			kinds++
		}
	}
	switch {
	case n < 8:
		return "Weak: use at least 8 characters — several words are easy to remember"
	case n >= 16 || (n >= 12 && kinds >= 3):
		return "Strong"
	default:
		return "Fair: a longer passphrase (several words) is stronger"
	}
}
