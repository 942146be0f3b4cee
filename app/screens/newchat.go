package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"duplex/app/widgets"
	"duplex/core/api"
)

// Tab titles of the New chat page.
const (
	TabLink     = "One-time link"
	TabConnect  = "Connect"
	TabAddress  = "Your address"
	TabRequests = "Requests"
)

// NewChat is the New chat page: make a one-time link, connect through
// someone's link, manage the contact address, answer requests.
type NewChat struct {
	Root     fyne.CanvasObject
	Tabs     *container.AppTabs
	Link     *LinkPane
	Connect  *ConnectPane
	Address  *AddressPane
	Requests *RequestsPane
	Back     *widget.Button
	OnBack   func()
}

// NewNewChat builds the page.
func NewNewChat() *NewChat {
	n := &NewChat{Link: newLinkPane(), Connect: newConnectPane(), Address: newAddressPane(), Requests: newRequestsPane()}
	n.Tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(TabLink, theme.ContentAddIcon(), n.Link.Root),
		container.NewTabItemWithIcon(TabConnect, theme.LoginIcon(), n.Connect.Root),
		container.NewTabItemWithIcon(TabAddress, theme.AccountIcon(), n.Address.Root),
		container.NewTabItemWithIcon(TabRequests, theme.MailComposeIcon(), n.Requests.Root),
	)
	n.Back = widget.NewButtonWithIcon("Chats", theme.NavigateBackIcon(), func() {
		if n.OnBack != nil {
			n.OnBack()
		}
	})
	title := widget.NewLabelWithStyle("New chat", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	n.Root = container.NewBorder(container.NewHBox(n.Back, title), nil, nil, nil, n.Tabs)
	return n
}

// Select shows a tab by title.
func (n *NewChat) Select(title string) {
	for _, t := range n.Tabs.Items {
		if t.Text == title {
			n.Tabs.Select(t)
		}
	}
}

// qrBox shows a link as a big QR code with the link text under it.
type qrBox struct {
	box  *fyne.Container
	QR   *widgets.QRCode
	Text *widget.Label
}

func newQRBox() *qrBox {
	q := &qrBox{box: container.NewCenter(), Text: widget.NewLabel("")}
	q.Text.Wrapping = fyne.TextWrapBreak
	q.Text.TextStyle.Monospace = true
	q.Text.SizeName = theme.SizeNameCaptionText
	return q
}

// set shows link ("" clears); a link too long for a QR code shows text only.
func (q *qrBox) set(link string) error {
	q.Text.SetText(link)
	if link == "" {
		q.QR = nil
		q.box.Objects = nil
		q.box.Refresh()
		return nil
	}
	qr, err := widgets.NewQRCode(link)
	if err != nil {
		return err
	}
	q.QR = qr
	q.box.Objects = []fyne.CanvasObject{qr}
	q.box.Refresh()
	return nil
}

// LinkPane creates and shows a one-time link.
type LinkPane struct {
	Root      fyne.CanvasObject
	Incognito *widget.Check
	Create    *widget.Button
	Short     *widget.Check
	Copy      *widget.Button
	Delete    *widget.Button
	Status    *widget.Label
	Error     *widget.Label
	Pending   *api.PendingConnection
	qr        *qrBox
	shown     *fyne.Container

	OnCreate func(incognito bool)
	OnCopy   func(link string)
	OnDelete func(id api.PendingID)
}

// LinkNoteText explains a one-time link.
const LinkNoteText = "Share this link or let your contact scan the QR code. It works once: the first person to use it becomes your contact."

func newLinkPane() *LinkPane {
	p := &LinkPane{qr: newQRBox(), Status: widget.NewLabel(""), Error: errLabel()}
	p.Incognito = widget.NewCheck("Incognito: the contact sees a random name, not your profile", nil)
	p.Create = widget.NewButtonWithIcon("Create one-time link", theme.ContentAddIcon(), func() {
		if p.OnCreate != nil {
			p.OnCreate(p.Incognito.Checked)
		}
	})
	p.Create.Importance = widget.HighImportance
	p.Short = widget.NewCheck("Short link", func(bool) { p.refresh() })
	p.Short.Checked = true
	p.Copy = widget.NewButtonWithIcon("Copy link", theme.ContentCopyIcon(), func() {
		if p.OnCopy != nil {
			p.OnCopy(p.Current())
		}
	})
	p.Delete = widget.NewButtonWithIcon("Delete link", theme.DeleteIcon(), func() {
		if p.OnDelete != nil && p.Pending != nil {
			p.OnDelete(p.Pending.ID)
		}
	})
	note := widget.NewLabel(LinkNoteText)
	note.Wrapping = fyne.TextWrapWord
	p.Status.Wrapping = fyne.TextWrapWord
	p.shown = container.NewVBox(note, p.qr.box, container.NewHBox(p.Copy, p.Short, p.Delete), p.qr.Text)
	p.shown.Hide()
	p.Root = container.NewVScroll(container.NewVBox(p.Incognito, p.Create, p.Error, p.Status, p.shown))
	return p
}

// Current is the link shown: the short one when available and chosen.
func (p *LinkPane) Current() string {
	if p.Pending == nil {
		return ""
	}
	return shownLink(p.Short, p.Pending.ShortLink, p.Pending.Link)
}

// shownLink is the short form of a link when there is one and the
// short/full toggle asks for it, else the full form.
func shownLink(short *widget.Check, shortLink, full string) string {
	if short.Checked && shortLink != "" {
		return shortLink
	}
	return full
}

// Show displays a created link (nil clears).
func (p *LinkPane) Show(pc *api.PendingConnection) {
	p.Pending = pc
	p.Error.SetText("")
	if pc == nil {
		p.shown.Hide()
		p.Status.SetText("")
		return
	}
	if pc.ShortLink == "" {
		p.Short.Disable()
	} else {
		p.Short.Enable()
	}
	status := "Waiting for your contact to use the link."
	if pc.Incognito {
		status += " You are incognito on this connection."
	}
	p.Status.SetText(status)
	p.refresh()
	p.shown.Show()
}

func (p *LinkPane) refresh() {
	if err := p.qr.set(p.Current()); err != nil {
		p.Error.SetText(err.Error())
	}
}

// QR is the QR code shown, or nil.
func (p *LinkPane) QR() *widgets.QRCode { return p.qr.QR }

// ConnectPane connects through someone's link: pasted, from a QR picture
// file or from a picture on the clipboard. It shows the connection plan
// first; Connect is enabled only once the plan allows it.
type ConnectPane struct {
	Root       fyne.CanvasObject
	LinkEntry  *widgets.KeyEntry
	Check      *widget.Button
	OpenImage  *widget.Button
	PasteImage *widget.Button
	Plan       *widget.Label
	Incognito  *widget.Check
	Connect    *widget.Button
	OpenChat   *widget.Button
	Error      *widget.Label
	Result     *widget.Label
	plan       *api.ConnectionPlan

	OnCheck      func(link string)
	OnOpenImage  func()
	OnPasteImage func()
	OnConnect    func(link string, incognito bool)
	OnOpenChat   func(c api.Contact)
}

func newConnectPane() *ConnectPane {
	// A link is one line: a single-line KeyEntry leaves Tab to move the
	// focus, hands the app's shortcuts on (OnShortcut, set by the
	// controller) and checks the link on Enter.
	p := &ConnectPane{LinkEntry: widgets.NewKeyEntry(false), Plan: widget.NewLabel(""), Error: errLabel(), Result: widget.NewLabel("")}
	p.LinkEntry.SetPlaceHolder("Paste a SimpleX link (one-time link or contact address)")
	p.LinkEntry.OnChanged = func(string) { p.SetPlan(nil) }
	p.LinkEntry.OnEnter = func() {
		if p.OnCheck != nil {
			p.OnCheck(p.LinkEntry.Text)
		}
	}
	p.Plan.Wrapping = fyne.TextWrapWord
	p.Plan.TextStyle.Bold = true
	p.Result.Wrapping = fyne.TextWrapWord
	p.Check = widget.NewButtonWithIcon("Check link", theme.SearchIcon(), func() {
		if p.OnCheck != nil {
			p.OnCheck(p.LinkEntry.Text)
		}
	})
	p.OpenImage = widget.NewButtonWithIcon("Open QR picture…", theme.FileImageIcon(), func() {
		if p.OnOpenImage != nil {
			p.OnOpenImage()
		}
	})
	p.PasteImage = widget.NewButtonWithIcon("Paste QR picture", theme.ContentPasteIcon(), func() {
		if p.OnPasteImage != nil {
			p.OnPasteImage()
		}
	})
	p.Incognito = widget.NewCheck("Connect incognito (a random name instead of your profile)", nil)
	p.Connect = widget.NewButtonWithIcon("Connect", theme.ConfirmIcon(), func() {
		if p.OnConnect != nil && p.plan != nil {
			p.OnConnect(p.plan.Link, p.Incognito.Checked)
		}
	})
	p.Connect.Importance = widget.HighImportance
	p.OpenChat = widget.NewButton("Open chat", func() {
		if p.OnOpenChat != nil && p.plan != nil && p.plan.Contact != nil {
			p.OnOpenChat(*p.plan.Contact)
		}
	})
	p.SetPlan(nil)
	p.Root = container.NewVScroll(container.NewVBox(p.LinkEntry,
		container.NewHBox(p.Check, p.OpenImage, p.PasteImage), p.Error, p.Plan, p.Incognito,
		container.NewHBox(p.Connect, p.OpenChat), p.Result))
	return p
}

// SetLink puts a link in the entry (from a picture, a launch or the chat
// list) and clears the plan.
func (p *ConnectPane) SetLink(link string) {
	p.LinkEntry.SetText(link)
	p.SetPlan(nil)
}

// SetPlan shows what connecting would do (nil: not checked yet).
func (p *ConnectPane) SetPlan(plan *api.ConnectionPlan) {
	p.plan = plan
	p.Error.SetText("")
	p.Result.SetText("")
	p.Connect.Disable()
	p.OpenChat.Hide()
	p.Incognito.Hide()
	if plan == nil {
		p.Plan.SetText("")
		return
	}
	text := plan.Summary
	if plan.ProfileName != "" {
		text += " (" + plan.ProfileName + ")"
	}
	p.Plan.SetText(text)
	switch plan.Kind {
	case api.PlanInvitation, api.PlanAddress:
		p.Connect.Enable()
		p.Incognito.Show()
	case api.PlanKnownContact:
		if plan.Contact != nil {
			p.OpenChat.Show()
		}
	}
}

// CurrentPlan is the plan shown, or nil.
func (p *ConnectPane) CurrentPlan() *api.ConnectionPlan { return p.plan }

// AddressPane manages the profile's long-term contact address.
type AddressPane struct {
	Root       fyne.CanvasObject
	Create     *widget.Button
	Delete     *widget.Button
	Copy       *widget.Button
	Short      *widget.Check
	AutoAccept *widget.Check
	Welcome    *widget.Entry
	Save       *widget.Button
	Error      *widget.Label
	Address    *api.Address
	qr         *qrBox
	shown      *fyne.Container

	OnCreate func()
	OnDelete func()
	OnCopy   func(link string)
	OnSave   func(autoAccept bool, welcome string)
}

// AddressNoteText explains the address.
const AddressNoteText = "Your address can be used many times. People who use it send you a contact request; deleting the address does not remove contacts made with it."

func newAddressPane() *AddressPane {
	p := &AddressPane{qr: newQRBox(), Error: errLabel(), Welcome: widget.NewMultiLineEntry()}
	p.Create = widget.NewButtonWithIcon("Create address", theme.ContentAddIcon(), func() {
		if p.OnCreate != nil {
			p.OnCreate()
		}
	})
	p.Create.Importance = widget.HighImportance
	p.Delete = widget.NewButtonWithIcon("Delete address", theme.DeleteIcon(), func() {
		if p.OnDelete != nil {
			p.OnDelete()
		}
	})
	p.Delete.Importance = widget.DangerImportance
	p.Copy = widget.NewButtonWithIcon("Copy address", theme.ContentCopyIcon(), func() {
		if p.OnCopy != nil {
			p.OnCopy(p.Current())
		}
	})
	p.Short = widget.NewCheck("Short link", func(bool) { p.refresh() })
	p.Short.Checked = true
	p.AutoAccept = widget.NewCheck("Accept requests automatically", nil)
	p.Welcome.SetPlaceHolder("Welcome message sent to new contacts (optional)")
	p.Save = widget.NewButton("Save settings", func() {
		if p.OnSave != nil {
			p.OnSave(p.AutoAccept.Checked, p.Welcome.Text)
		}
	})
	note := widget.NewLabel(AddressNoteText)
	note.Wrapping = fyne.TextWrapWord
	p.shown = container.NewVBox(p.qr.box, container.NewHBox(p.Copy, p.Short), p.qr.Text,
		widget.NewSeparator(), p.AutoAccept, p.Welcome, container.NewHBox(p.Save, p.Delete))
	p.Root = container.NewVScroll(container.NewVBox(note, p.Create, p.Error, p.shown))
	p.Show(nil)
	return p
}

// Current is the address link shown.
func (p *AddressPane) Current() string {
	if p.Address == nil {
		return ""
	}
	return shownLink(p.Short, p.Address.ShortLink, p.Address.Link)
}

// Show displays the address (nil: the profile has none).
func (p *AddressPane) Show(a *api.Address) {
	p.Address = a
	p.Error.SetText("")
	if a == nil {
		p.Create.Show()
		p.shown.Hide()
		_ = p.qr.set("")
		return
	}
	p.Create.Hide()
	if a.ShortLink == "" {
		p.Short.Disable()
	} else {
		p.Short.Enable()
	}
	p.AutoAccept.SetChecked(a.AutoAccept)
	p.Welcome.SetText(a.WelcomeMessage)
	p.refresh()
	p.shown.Show()
}

func (p *AddressPane) refresh() {
	if err := p.qr.set(p.Current()); err != nil {
		p.Error.SetText(err.Error())
	}
}

// QR is the QR code shown, or nil.
func (p *AddressPane) QR() *widgets.QRCode { return p.qr.QR }

// RequestsPane lists contact requests with Accept / Reject.
type RequestsPane struct {
	Root     fyne.CanvasObject
	Rows     []*RequestRow
	Error    *widget.Label
	list     *fyne.Container
	OnAccept func(id api.RequestID, incognito bool)
	OnReject func(id api.RequestID)
}

// RequestRow is one request.
type RequestRow struct {
	Request   api.ContactRequest
	Accept    *widget.Button
	Reject    *widget.Button
	Incognito *widget.Check
}

// NoRequestsText is the empty state.
const NoRequestsText = "No contact requests. They arrive through your address."

func newRequestsPane() *RequestsPane {
	p := &RequestsPane{list: container.NewVBox(), Error: errLabel()}
	p.Root = container.NewVScroll(container.NewVBox(p.Error, p.list))
	p.SetRequests(nil)
	return p
}

// SetRequests lists the requests.
func (p *RequestsPane) SetRequests(rs []api.ContactRequest) {
	p.Rows = nil
	p.list.Objects = nil
	if len(rs) == 0 {
		p.list.Add(widget.NewLabel(NoRequestsText))
	}
	for _, r := range rs {
		row := &RequestRow{Request: r, Incognito: widget.NewCheck("incognito", nil)}
		row.Accept = widget.NewButtonWithIcon("Accept", theme.ConfirmIcon(), func() {
			if p.OnAccept != nil {
				p.OnAccept(r.ID, row.Incognito.Checked)
			}
		})
		row.Accept.Importance = widget.HighImportance
		row.Reject = widget.NewButtonWithIcon("Reject", theme.CancelIcon(), func() {
			if p.OnReject != nil {
				p.OnReject(r.ID)
			}
		})
		name := r.DisplayName
		if r.FullName != "" {
			name += " — " + r.FullName
		}
		p.Rows = append(p.Rows, row)
		p.list.Add(container.NewBorder(nil, nil, widgets.NewAvatar(r.DisplayName, r.Image, 32),
			container.NewHBox(row.Incognito, row.Accept, row.Reject), widget.NewLabel(name)))
	}
	p.list.Refresh()
}

func errLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	return l
}
