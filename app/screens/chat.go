package screens

import (
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"duplex/app/widgets"
	"duplex/core/api"
)

// Texts shown by the chat view (tests look for them).
const (
	UnreadMarkerText = "Unread messages"
	JumpUnreadText   = "Jump to first unread"
	FileTransferText = "File transfer is not available yet: files cannot be sent in this version."
	NotReadyText     = "Waiting for the contact to connect — you can write once the connection is ready."
	OlderText        = "Scroll up for older messages"
	StartText        = "Start of the conversation"
)

// ChatView is one conversation: header, message bubbles grouped by day,
// and the composer with its reply/edit bar.
type ChatView struct {
	Root        fyne.CanvasObject
	Contact     api.Contact
	Title       *widget.Label
	Subtitle    *widget.Label
	InfoButton  *widget.Button
	JumpUnread  *widget.Button
	Notice      *widget.Label
	Scroll      *container.Scroll
	Composer    *widgets.KeyEntry
	SendButton  *widget.Button
	ComposeBar  *widget.Label // "Replying to …" / "Editing"
	CancelBar   *widget.Button
	Items       []api.ChatItem // oldest first
	Bubbles     map[api.ItemID]*widgets.Bubble
	FirstUnread api.ItemID
	HasOlder    bool
	// HasNewer: the view shows a page from the middle (a jump or a search
	// result); newer items load when scrolled to the bottom.
	HasNewer bool
	ReplyTo  api.ItemID
	Editing  api.ItemID

	OnSend      func(text string, quote api.ItemID)
	OnEdit      func(id api.ItemID, text string)
	OnDelete    func(id api.ItemID, mode api.DeleteMode)
	OnReact     func(id api.ItemID, emoji string, on bool)
	OnCopy      func(text string)
	OnInfo      func()
	OnLoadOlder func(before api.ItemID)
	OnLoadNewer func(after api.ItemID)
	OnJump      func(id api.ItemID) // the quoted item is not loaded
	OnHistory   func(id api.ItemID) // show an edited item's versions
	OnItemInfo  func(id api.ItemID) // show a message's Info (times, status, route)
	OnLink      func(link string, kind widgets.LinkKind)

	avatar       *fyne.Container
	list         *fyne.Container
	barBox       *fyne.Container
	loadingOlder bool
	loadingNewer bool
}

// NewChatView builds an empty chat view.
func NewChatView() *ChatView {
	v := &ChatView{Bubbles: map[api.ItemID]*widgets.Bubble{}}
	v.Title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.Subtitle = widget.NewLabel("")
	v.Subtitle.SizeName = theme.SizeNameCaptionText
	v.InfoButton = widget.NewButtonWithIcon("", theme.InfoIcon(), func() {
		if v.OnInfo != nil {
			v.OnInfo()
		}
	})
	v.JumpUnread = widget.NewButtonWithIcon(JumpUnreadText, theme.MoveUpIcon(), func() { v.ScrollTo(v.FirstUnread) })
	v.JumpUnread.Hide()
	v.Notice = widget.NewLabel("")
	v.Notice.Wrapping = fyne.TextWrapWord
	v.Notice.Importance = widget.WarningImportance
	v.Notice.Hide()
	v.list = container.NewVBox()
	sc := &chatScroll{view: v}
	sc.Direction = container.ScrollVerticalOnly
	sc.Content = v.list
	sc.ExtendBaseWidget(sc)
	v.Scroll = &sc.Scroll
	v.Scroll.OnScrolled = func(p fyne.Position) {
		if p.Y <= 0 {
			v.loadOlder()
		}
		bottom := v.list.MinSize().Height - v.Scroll.Size().Height
		if p.Y >= bottom-1 && v.HasNewer && !v.loadingNewer && len(v.Items) > 0 && v.OnLoadNewer != nil {
			v.loadingNewer = true
			v.OnLoadNewer(v.Items[len(v.Items)-1].ID)
		}
	}
	v.Composer = widgets.NewKeyEntry(true)
	v.Composer.SetPlaceHolder("Message (Enter sends, Shift+Enter for a new line)")
	v.Composer.SetMinRowsVisible(2)
	v.Composer.OnEnter = v.Submit
	v.Composer.OnEscape = v.CancelCompose
	v.SendButton = widget.NewButtonWithIcon("", theme.MailSendIcon(), v.Submit)
	v.SendButton.Importance = widget.HighImportance
	v.ComposeBar = widget.NewLabel("")
	v.ComposeBar.Truncation = fyne.TextTruncateEllipsis
	v.CancelBar = widget.NewButtonWithIcon("", theme.CancelIcon(), v.CancelCompose)
	v.barBox = container.NewBorder(nil, nil, nil, v.CancelBar, v.ComposeBar)
	v.barBox.Hide()
	v.avatar = container.NewStack(widgets.NewAvatar("", "", 36))
	// Centred: the Border's side slot is as tall as the title and subtitle,
	// which would stretch the round avatar into an oval.
	header := container.NewBorder(nil, nil, container.NewCenter(v.avatar), container.NewHBox(v.JumpUnread, v.InfoButton),
		container.NewVBox(v.Title, v.Subtitle))
	composer := container.NewBorder(v.barBox, nil, nil, v.SendButton, v.Composer)
	v.Root = container.NewBorder(container.NewVBox(container.NewPadded(header), widget.NewSeparator()),
		container.NewVBox(v.Notice, container.NewPadded(composer)), nil, nil, sc)
	return v
}

// SetContact updates the header (name, verification, connection state).
func (v *ChatView) SetContact(c api.Contact) {
	v.Contact = c
	v.Title.SetText(c.Name())
	var sub []string
	if c.Alias != "" && c.DisplayName != c.Alias {
		sub = append(sub, c.DisplayName)
	}
	if c.Verified {
		sub = append(sub, "verified")
	}
	switch {
	case !c.Ready:
		sub = append(sub, "connecting…")
	case c.PQ:
		sub = append(sub, "quantum resistant")
	}
	if c.Incognito {
		sub = append(sub, "incognito as "+c.IncognitoName)
	}
	if c.DisappearAfter > 0 {
		sub = append(sub, "disappearing after "+DurationText(c.DisappearAfter))
	}
	v.Subtitle.SetText(strings.Join(sub, " · "))
	v.avatar.Objects = []fyne.CanvasObject{widgets.NewAvatar(c.Name(), c.Image, 36)}
	v.avatar.Refresh()
	if c.Ready {
		v.Composer.Enable()
		v.SendButton.Enable()
	} else {
		v.Composer.Disable()
		v.SendButton.Disable()
	}
}

// SetChat shows a chat's newest page. firstUnread (0: none) gets the
// unread marker; hasOlder says whether scrolling up can load more.
func (v *ChatView) SetChat(c api.Contact, items []api.ChatItem, firstUnread api.ItemID, hasOlder bool) {
	v.SetContact(c)
	v.Items = append([]api.ChatItem(nil), items...)
	v.Bubbles = map[api.ItemID]*widgets.Bubble{}
	v.FirstUnread = firstUnread
	v.HasOlder = hasOlder
	v.HasNewer = false
	v.loadingOlder, v.loadingNewer = false, false
	v.ReplyTo, v.Editing = 0, 0
	v.barBox.Hide()
	v.Notice.Hide()
	v.JumpUnread.Hidden = firstUnread == 0
	v.JumpUnread.Refresh()
	v.rebuild()
	v.fit()
	if v.index(firstUnread) >= 0 {
		v.ScrollTo(firstUnread)
	} else {
		v.Scroll.ScrollToBottom()
	}
}

// Prepend adds older items above without moving what the user sees.
func (v *ChatView) Prepend(items []api.ChatItem, hasOlder bool) {
	v.loadingOlder = false
	was := v.HasOlder
	v.HasOlder = hasOlder
	if len(items) == 0 && was == hasOlder {
		return
	}
	anchor := api.ItemID(0)
	if len(v.Items) > 0 {
		anchor = v.Items[0].ID
	}
	v.Items = append(append([]api.ChatItem(nil), items...), v.Items...)
	v.dropNewest()
	v.rebuildKeeping(anchor)
}

// SetChatAround shows a page from the middle of a chat, scrolled to id;
// newer items load when the user scrolls down.
func (v *ChatView) SetChatAround(c api.Contact, items []api.ChatItem, id api.ItemID) {
	v.SetChat(c, items, v.FirstUnread, true)
	v.HasNewer = true
	v.ScrollTo(id)
}

// Append adds a newer page below (the answer to OnLoadNewer).
func (v *ChatView) Append(items []api.ChatItem, hasNewer bool) {
	v.loadingNewer = false
	v.HasNewer = hasNewer
	known := map[api.ItemID]bool{}
	for _, it := range v.Items {
		known[it.ID] = true
	}
	anchor := api.ItemID(0)
	if len(v.Items) > 0 {
		anchor = v.Items[len(v.Items)-1].ID
	}
	for _, it := range items {
		if !known[it.ID] {
			v.Items = append(v.Items, it)
		}
	}
	v.dropOldest()
	v.rebuildKeeping(anchor)
}

// Upsert adds new items or replaces changed ones (edits, reactions,
// status). New items scroll into view when the user was at the bottom.
func (v *ChatView) Upsert(items []api.ChatItem) {
	atBottom := v.Scroll.Offset.Y+v.Scroll.Size().Height >= v.list.MinSize().Height-40
	added := false
	newest := api.ItemID(0)
	if len(v.Items) > 0 {
		newest = v.Items[len(v.Items)-1].ID
	}
	for _, it := range items {
		if it.ContactID != v.Contact.ID || v.Contact.ID == 0 {
			continue
		}
		if i := v.index(it.ID); i >= 0 {
			v.Items[i] = it
			delete(v.Bubbles, it.ID)
			continue
		}
		if (it.ID < newest && v.HasOlder) || v.HasNewer {
			continue // belongs to a page not shown, loaded when scrolled to
		}
		v.Items = append(v.Items, it)
		added = true
	}
	sort.SliceStable(v.Items, func(i, j int) bool { return v.Items[i].ID < v.Items[j].ID })
	if added && atBottom {
		v.dropOldest() // a live chat read at the bottom stays a few pages long
	}
	v.rebuild()
	if added && atBottom {
		v.fit()
		v.Scroll.ScrollToBottom()
	}
}

// Remove drops deleted items.
func (v *ChatView) Remove(ids []api.ItemID) {
	gone := map[api.ItemID]bool{}
	for _, id := range ids {
		gone[id] = true
		delete(v.Bubbles, id)
	}
	kept := v.Items[:0]
	for _, it := range v.Items {
		if !gone[it.ID] {
			kept = append(kept, it)
		}
	}
	v.Items = kept
	if gone[v.ReplyTo] || gone[v.Editing] {
		v.CancelCompose()
	}
	v.rebuild()
}

func (v *ChatView) index(id api.ItemID) int {
	for i, it := range v.Items {
		if it.ID == id {
			return i
		}
	}
	return -1
}

// Item returns a loaded item.
func (v *ChatView) Item(id api.ItemID) (api.ChatItem, bool) {
	if i := v.index(id); i >= 0 {
		return v.Items[i], true
	}
	return api.ChatItem{}, false
}

// DayText labels a day separator.
func DayText(t, now time.Time, loc *time.Location) string {
	t, now = t.In(loc), now.In(loc)
	day := func(x time.Time) time.Time { y, m, d := x.Date(); return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	switch day(now).Sub(day(t)) {
	case 0:
		return "Today"
	case 24 * time.Hour:
		return "Yesterday"
	}
	if t.Year() == now.Year() {
		return t.Format("Monday, 2 January")
	}
	return t.Format("Monday, 2 January 2006")
}

func (v *ChatView) rebuild() {
	objs := make([]fyne.CanvasObject, 0, len(v.Items)+8)
	if v.HasOlder {
		objs = append(objs, centred(OlderText, true))
	} else if len(v.Items) > 0 {
		objs = append(objs, centred(StartText, true))
	}
	lastDay := ""
	defer func() {
		if v.HasNewer {
			v.list.Add(centred("Scroll down for newer messages", true))
		}
	}()
	for _, it := range v.Items {
		if d := DayText(it.Time, Now(), Location); d != lastDay {
			objs = append(objs, centred(d, false))
			lastDay = d
		}
		if it.ID == v.FirstUnread {
			sep := centred(UnreadMarkerText, false)
			sep.Importance = widget.HighImportance
			objs = append(objs, sep)
		}
		objs = append(objs, v.bubble(it).Root)
	}
	v.list.Objects = objs
	v.list.Refresh()
}

func centred(s string, italic bool) *widget.Label {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignCenter, fyne.TextStyle{Italic: italic, Bold: !italic})
	l.SizeName = theme.SizeNameCaptionText
	return l
}

func (v *ChatView) bubble(it api.ChatItem) *widgets.Bubble {
	if b, ok := v.Bubbles[it.ID]; ok {
		return b
	}
	b := widgets.NewBubble(it, v.Contact.Name(), Location)
	id := it.ID
	b.OnQuote = func(q api.ItemID) { v.ScrollTo(q) }
	b.OnReact = func(emoji string, on bool) {
		if v.OnReact != nil {
			v.OnReact(id, emoji, on)
		}
	}
	b.OnMenu = func() { v.showMenu(id, b.Menu) }
	b.OnLink = func(l string, k widgets.LinkKind) {
		if v.OnLink != nil {
			v.OnLink(l, k)
		}
	}
	v.Bubbles[it.ID] = b
	return b
}

// ScrollTo brings an item into view; an item that is not loaded is asked
// for through OnJump.
func (v *ChatView) ScrollTo(id api.ItemID) {
	b, ok := v.Bubbles[id]
	if !ok || v.index(id) < 0 {
		if id != 0 && v.OnJump != nil {
			v.OnJump(id)
		}
		return
	}
	y, _ := v.yOf(b.Root)
	v.fit()
	v.Scroll.Offset.Y = max(0, min(y-40, v.list.MinSize().Height-v.Scroll.Size().Height))
	v.Scroll.Refresh()
}

// fit gives the list its new height now rather than at the next layout:
// the scroller clamps offsets against the content's current size, so
// scrolling to the bottom (or keeping the place after a prepend) right
// after a rebuild would otherwise use the old height — which is how a chat
// used to open at the top of its page.
func (v *ChatView) fit() {
	m := v.list.MinSize()
	v.list.Resize(fyne.NewSize(max(m.Width, v.Scroll.Size().Width), m.Height))
}

// loadOlder asks for the page before the oldest loaded item, once.
func (v *ChatView) loadOlder() {
	if v.HasOlder && !v.loadingOlder && len(v.Items) > 0 && v.OnLoadOlder != nil {
		v.loadingOlder = true
		v.OnLoadOlder(v.Items[0].ID)
	}
}

// chatScroll is the message scroller. It sees wheel events itself because
// Fyne reports only moves through OnScrolled: a wheel-up while already at
// the top (or on a page shorter than the view) moves nothing, and would
// never ask for older messages.
type chatScroll struct {
	container.Scroll
	view *ChatView
}

// Scrolled scrolls, then loads older messages on a wheel-up at the top.
func (s *chatScroll) Scrolled(ev *fyne.ScrollEvent) {
	s.Scroll.Scrolled(ev)
	if ev.Scrolled.DY > 0 && s.Offset.Y <= 0 {
		s.view.loadOlder()
	}
}

// ShowNotice shows a line above the composer ("" hides it).
func (v *ChatView) ShowNotice(s string) {
	v.Notice.SetText(s)
	v.Notice.Hidden = s == ""
	v.Notice.Refresh()
}

// DurationText names a disappearing-messages time.
func DurationText(d time.Duration) string {
	for _, o := range DisappearOptions {
		if o.After == d {
			return o.Label
		}
	}
	return d.String()
}

// DisappearOptions are the disappearing-message times offered.
var DisappearOptions = []struct {
	Label string
	After time.Duration
}{
	{"off", 0}, {"30 seconds", 30 * time.Second}, {"5 minutes", 5 * time.Minute}, {"1 hour", time.Hour},
	{"8 hours", 8 * time.Hour}, {"1 day", 24 * time.Hour}, {"1 week", 7 * 24 * time.Hour}, {"1 month", 30 * 24 * time.Hour},
}
