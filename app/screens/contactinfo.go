package screens

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"duplex/app/widgets"
	"duplex/core/api"
)

// Texts of the security-code check.
const (
	CodeMatchText    = "The codes match: this contact is now marked verified."
	CodeMismatchText = "The codes differ: this is not the connection you think, or someone is in the middle. Do not mark it verified."
	VerifiedText     = "Verified"
	NotVerifiedText  = "Not verified"

	PQText       = "End-to-end encrypted, quantum resistant (double ratchet with sntrup761)."
	NoPQText     = "End-to-end encrypted, not quantum resistant: their app or the connection request did not agree to it."
	PendingEText = "End-to-end encryption is set up when the contact connects."
)

// ContactInfo shows a contact's profile and what can be done with it.
type ContactInfo struct {
	Root       fyne.CanvasObject
	Contact    api.Contact
	Name       *widget.Label
	FullName   *widget.Label
	Alias      *widget.Entry
	SaveAlias  *widget.Button
	Code       *widget.Label
	Verified   *widget.Label
	Encryption *widget.Label
	TheirCode  *widget.Entry
	Compare    *widget.Button
	Unverify   *widget.Button
	CodeResult *widget.Label
	Servers    *Visibility // who can see what (contactinfo_visibility.go)
	Mute       *widget.Check
	Disappear  *widget.Select
	ClearChat  *widget.Button
	Delete     *widget.Button
	Back       *widget.Button
	Error      *widget.Label
	avatar     *fyne.Container
	quiet      bool

	OnBack      func()
	OnAlias     func(alias string)
	OnVerify    func(code string) // "" clears the mark
	OnMute      func(muted bool)
	OnDisappear func(ttl time.Duration)
	OnClearChat func()
	OnDelete    func()
}

// NewContactInfo builds the page.
func NewContactInfo() *ContactInfo {
	c := &ContactInfo{Name: widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		FullName: widget.NewLabel(""), Alias: widget.NewEntry(), Code: widget.NewLabel(""), Verified: widget.NewLabel(""), Encryption: widget.NewLabel(""),
		TheirCode: widget.NewEntry(), CodeResult: widget.NewLabel(""), Error: errLabel(), Servers: NewVisibility()}
	c.FullName.Alignment = fyne.TextAlignCenter
	c.Alias.SetPlaceHolder("Local name (only you see it)")
	c.SaveAlias = widget.NewButton("Save", func() {
		if c.OnAlias != nil {
			c.OnAlias(c.Alias.Text)
		}
	})
	c.Code.TextStyle.Monospace = true
	c.Code.Wrapping = fyne.TextWrapWord
	c.CodeResult.Wrapping = fyne.TextWrapWord
	c.Encryption.Wrapping = fyne.TextWrapWord
	c.TheirCode.SetPlaceHolder("Paste or type your contact's code to compare")
	c.Compare = widget.NewButtonWithIcon("Compare and mark verified", theme.ConfirmIcon(), func() {
		if c.OnVerify != nil && strings.TrimSpace(c.TheirCode.Text) != "" {
			c.OnVerify(c.TheirCode.Text)
		}
	})
	c.Unverify = widget.NewButton("Clear verification", func() {
		if c.OnVerify != nil {
			c.OnVerify("")
		}
	})
	c.Mute = widget.NewCheck("Mute notifications", func(on bool) {
		if c.OnMute != nil && !c.quiet {
			c.OnMute(on)
		}
	})
	labels := make([]string, len(DisappearOptions))
	for i, o := range DisappearOptions {
		labels[i] = o.Label
	}
	c.Disappear = widget.NewSelect(labels, func(l string) {
		if c.quiet || c.OnDisappear == nil {
			return
		}
		for _, o := range DisappearOptions {
			if o.Label == l {
				c.OnDisappear(o.After)
			}
		}
	})
	c.ClearChat = widget.NewButtonWithIcon("Clear chat", theme.ContentClearIcon(), func() {
		if c.OnClearChat != nil {
			c.OnClearChat()
		}
	})
	c.Delete = widget.NewButtonWithIcon("Delete contact", theme.DeleteIcon(), func() {
		if c.OnDelete != nil {
			c.OnDelete()
		}
	})
	c.Delete.Importance = widget.DangerImportance
	c.Back = widget.NewButtonWithIcon("Chat", theme.NavigateBackIcon(), func() {
		if c.OnBack != nil {
			c.OnBack()
		}
	})
	c.avatar = container.NewCenter(widgets.NewAvatar("", "", 96))
	codeHelp := widget.NewLabel("Compare this code with the one your contact sees (in person or over another channel). If they match, nobody is in the middle.")
	codeHelp.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(c.avatar, c.Name, c.FullName, c.Error,
		widget.NewCard("Local name", "", container.NewBorder(nil, nil, nil, c.SaveAlias, c.Alias)),
		widget.NewCard("Encryption", "", c.Encryption),
		widget.NewCard("Security code", "", container.NewVBox(c.Verified, c.Code, codeHelp,
			container.NewBorder(nil, nil, nil, c.Compare, c.TheirCode), c.CodeResult, container.NewHBox(c.Unverify))),
		c.Servers.Root,
		widget.NewCard("Preferences", "", container.NewVBox(c.Mute,
			container.NewBorder(nil, nil, widget.NewLabel("Disappearing messages"), nil, c.Disappear))),
		container.NewHBox(c.ClearChat, c.Delete))
	title := widget.NewLabelWithStyle("Contact", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.Root = container.NewBorder(container.NewHBox(c.Back, title), nil, nil, nil, container.NewVScroll(body))
	return c
}

// SetContact shows a contact; the security code arrives separately.
func (c *ContactInfo) SetContact(ct api.Contact) {
	c.quiet = true
	defer func() { c.quiet = false }()
	if c.Contact.ID != ct.ID {
		c.TheirCode.SetText("")
		c.CodeResult.SetText("")
		c.Code.SetText("")
		c.Servers.SetUnavailable("")
	}
	c.Contact = ct
	c.Error.SetText("")
	c.Name.SetText(ct.Name())
	full := ct.DisplayName
	if ct.FullName != "" {
		full += " — " + ct.FullName
	}
	if ct.Incognito {
		full += "\nYou are incognito here: they know you as " + ct.IncognitoName
	}
	c.FullName.SetText(full)
	c.Alias.SetText(ct.Alias)
	c.avatar.Objects = []fyne.CanvasObject{widgets.NewAvatar(ct.Name(), ct.Image, 96)}
	c.avatar.Refresh()
	if ct.Verified {
		c.Verified.SetText("✓ " + VerifiedText)
		c.Unverify.Show()
	} else {
		c.Verified.SetText(NotVerifiedText)
		c.Unverify.Hide()
	}
	c.Mute.SetChecked(ct.Muted)
	d := ct.DisappearAfter
	if d == 0 {
		d = ct.DisappearOffered
	}
	c.Disappear.SetSelected(DurationText(d))
	switch {
	case !ct.Ready:
		c.Encryption.SetText(PendingEText)
	case ct.PQ:
		c.Encryption.SetText(PQText)
	default:
		c.Encryption.SetText(NoPQText)
	}
	if !ct.Ready {
		c.Code.SetText("The security code is available once the contact is connected.")
		c.Compare.Disable()
	} else {
		c.Compare.Enable()
	}
}

// SetCode shows our side's code in groups of five digits.
func (c *ContactInfo) SetCode(code string) { c.Code.SetText(GroupCode(code)) }

// GroupCode writes a security code as groups of five digits.
func GroupCode(code string) string {
	var digits []rune
	for _, r := range code {
		if r >= '0' && r <= '9' {
			digits = append(digits, r)
		}
	}
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && i%5 == 0 {
			if i%30 == 0 {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}
