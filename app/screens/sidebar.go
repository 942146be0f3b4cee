package screens

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"duplex/app/widgets"
	"duplex/core/api"
)

// Clock and zone used for times on screen; tests pin them so golden
// markup does not depend on the machine.
var (
	Location = time.Local
	Now      = time.Now
)

// Sidebar is the chat list: profile switcher, search (which also takes a
// pasted link), New chat, and the rows.
type Sidebar struct {
	Root fyne.CanvasObject
	// Empty is shown while there are no chats.
	Empty          *widget.Label
	SettingsButton *widget.Button
	NewChat        *widget.Button
	Profiles       *widget.Select
	Search         *widgets.KeyEntry
	// ConnectLink appears when the search box holds a SimpleX link.
	ConnectLink *widget.Button
	List        *widget.List
	// Status says when relays are unreachable (hidden otherwise).
	Status *widget.Label

	Rows     []ChatRow // all rows
	Found    []ChatRow // messages found for the search text (RowMessage)
	Visible  []ChatRow // rows passing the filter, then Found, as listed
	Selected int       // index in Visible, -1 for none

	OnSettings    func()
	OnNewChat     func()
	OnOpen        func(ChatRow)
	OnConnectLink func(link string)
	OnProfile     func(api.ProfileID)
	// OnSearch asks for messages matching the search text (at least
	// MinSearch characters; "" clears the results).
	OnSearch func(q string)

	profileIDs map[string]api.ProfileID
	listBox    *fyne.Container
	emptyBox   *fyne.Container
	quiet      bool // suppress OnProfile while options are rebuilt
}

// EmptyChatsText is the sidebar's empty state.
const EmptyChatsText = "No chats yet — create a link or paste one"

// MinSearch is the shortest search text that also searches messages.
const MinSearch = 3

// ConnectLinkText labels the button offered for a pasted link.
const ConnectLinkText = "Connect via this link"

// NewSidebar builds the sidebar in its empty state.
func NewSidebar() *Sidebar {
	s := &Sidebar{Selected: -1, profileIDs: map[string]api.ProfileID{}}
	s.Empty = widget.NewLabelWithStyle(EmptyChatsText, fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	s.Empty.Wrapping = fyne.TextWrapWord
	s.SettingsButton = widget.NewButtonWithIcon("", theme.SettingsIcon(), func() {
		if s.OnSettings != nil {
			s.OnSettings()
		}
	})
	s.NewChat = widget.NewButtonWithIcon("", theme.ContentAddIcon(), func() {
		if s.OnNewChat != nil {
			s.OnNewChat()
		}
	})
	s.Profiles = widget.NewSelect(nil, func(opt string) {
		if id, ok := s.profileIDs[opt]; ok && !s.quiet && s.OnProfile != nil {
			s.OnProfile(id)
		}
	})
	s.Profiles.PlaceHolder = "Duplex"
	s.Search = widgets.NewKeyEntry(false)
	s.Search.SetPlaceHolder("Search or paste a SimpleX link")
	s.Search.OnChanged = func(q string) {
		s.Found = nil
		s.applyFilter()
		if s.OnSearch != nil {
			if widgets.LinkKindOf(q) != widgets.LinkNone || len([]rune(strings.TrimSpace(q))) < MinSearch {
				q = ""
			}
			s.OnSearch(strings.TrimSpace(q))
		}
	}
	s.Search.OnUp = func() { s.Move(-1) }
	s.Search.OnDown = func() { s.Move(1) }
	s.Search.OnEnter = func() {
		if s.ConnectLink.Visible() {
			s.ConnectLink.OnTapped()
			return
		}
		s.OpenSelected()
	}
	s.ConnectLink = widget.NewButtonWithIcon(ConnectLinkText, theme.LoginIcon(), func() {
		if s.OnConnectLink != nil {
			s.OnConnectLink(s.Search.Text)
		}
	})
	s.ConnectLink.Importance = widget.HighImportance
	s.ConnectLink.Hide()
	s.List = widget.NewList(func() int { return len(s.Visible) }, newRowTemplate, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i < len(s.Visible) {
			updateRow(o, s.Visible[i])
		}
	})
	s.List.OnSelected = func(i widget.ListItemID) {
		s.Selected = i
		if i < len(s.Visible) && s.OnOpen != nil {
			s.OnOpen(s.Visible[i])
		}
	}
	header := container.NewBorder(nil, nil, nil, container.NewHBox(s.NewChat, s.SettingsButton), s.Profiles)
	s.Status = widget.NewLabel("")
	s.Status.Wrapping = fyne.TextWrapWord
	s.Status.Importance = widget.WarningImportance
	s.Status.SizeName = theme.SizeNameCaptionText
	s.Status.Hide()
	top := container.NewVBox(header, s.Search, s.ConnectLink, s.Status)
	s.emptyBox = container.NewVBox(layout.NewSpacer(), s.Empty, layout.NewSpacer())
	s.listBox = container.NewStack(s.List)
	s.listBox.Hide()
	s.Root = container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewStack(s.emptyBox, s.listBox))
	return s
}

// SetRelaysDown shows how many relays are unreachable (0 hides the line).
func (s *Sidebar) SetRelaysDown(hosts []string) {
	switch len(hosts) {
	case 0:
		s.Status.SetText("")
		s.Status.Hide()
		return
	case 1:
		s.Status.SetText("Reconnecting to " + hosts[0] + "… messages wait and are sent when it is back.")
	default:
		s.Status.SetText(fmt.Sprintf("Reconnecting to %d relays… messages wait and are sent when they are back.", len(hosts)))
	}
	s.Status.Show()
}

// SetProfileName shows the active profile's name in the header, or the app
// name when there is no profile yet.
func (s *Sidebar) SetProfileName(name string) {
	if name == "" {
		name = "Duplex"
	}
	s.Profiles.PlaceHolder = name
	s.Profiles.Refresh()
}

// ProfileLabel is a profile's entry in the switcher: its name and, when
// it has unread messages, their count.
func ProfileLabel(p api.Profile, unread int) string {
	if unread > 0 {
		return fmt.Sprintf("%s (%d)", p.DisplayName, unread)
	}
	return p.DisplayName
}

// SetProfiles fills the switcher; unread counts per profile are optional.
func (s *Sidebar) SetProfiles(ps []api.Profile, unread map[api.ProfileID]int) {
	s.quiet = true
	defer func() { s.quiet = false }()
	s.profileIDs = map[string]api.ProfileID{}
	var opts []string
	active := ""
	for _, p := range ps {
		l := ProfileLabel(p, unread[p.ID])
		if _, dup := s.profileIDs[l]; dup {
			l += " #" + strconv.FormatInt(int64(p.ID), 10)
		}
		s.profileIDs[l] = p.ID
		opts = append(opts, l)
		if p.Active {
			active = l
		}
	}
	s.Profiles.SetOptions(opts)
	if active != "" {
		s.Profiles.SetSelected(active)
	}
}

// SetRows replaces the rows, keeping the filter and the selected chat.
func (s *Sidebar) SetRows(rows []ChatRow) {
	var sel *ChatRow
	if s.Selected >= 0 && s.Selected < len(s.Visible) {
		r := s.Visible[s.Selected]
		sel = &r
	}
	s.Rows = rows
	s.applyFilter()
	if sel != nil {
		for i, r := range s.Visible {
			if sameRow(r, *sel) {
				s.Selected = i
			}
		}
	}
}

func sameRow(a, b ChatRow) bool {
	return a.Kind == b.Kind && a.Contact == b.Contact && a.Pending == b.Pending && a.Request == b.Request && a.Item == b.Item
}

// SetFound shows the messages found for q, if q is still the search text.
func (s *Sidebar) SetFound(q string, rows []ChatRow) {
	if strings.TrimSpace(s.Search.Text) != q {
		return
	}
	s.Found = rows
	s.applyFilter()
}

func (s *Sidebar) applyFilter() {
	q := s.Search.Text
	if widgets.LinkKindOf(q) != widgets.LinkNone {
		s.ConnectLink.Show()
		q = ""
	} else {
		s.ConnectLink.Hide()
	}
	s.Visible = append(FilterRows(s.Rows, q), s.Found...)
	s.Selected = -1
	s.List.UnselectAll()
	if len(s.Rows) == 0 && len(s.Found) == 0 {
		s.listBox.Hide()
		s.Empty.Show()
		s.emptyBox.Show()
	} else {
		s.Empty.Hide()
		s.emptyBox.Hide()
		s.listBox.Show()
	}
	s.List.Refresh()
}

// Move moves the selection by delta rows (↑/↓) and opens that row.
func (s *Sidebar) Move(delta int) {
	if len(s.Visible) == 0 {
		return
	}
	i := s.Selected + delta
	if s.Selected < 0 && delta < 0 {
		i = len(s.Visible) - 1
	}
	i = max(0, min(i, len(s.Visible)-1))
	s.List.Select(i) // calls OnSelected
	s.List.ScrollTo(i)
}

// OpenSelected opens the selected row, or the first one.
func (s *Sidebar) OpenSelected() {
	if len(s.Visible) == 0 {
		return
	}
	s.List.Select(max(s.Selected, 0))
}

// Select marks the row of a chat as open without calling OnOpen.
func (s *Sidebar) Select(c api.ContactID) {
	cb := s.List.OnSelected
	s.List.OnSelected = nil
	defer func() { s.List.OnSelected = cb }()
	for i, r := range s.Visible {
		if r.Kind == RowChat && r.Contact == c {
			s.Selected = i
			s.List.Select(i)
			return
		}
	}
}

// row template: avatar | name, time / preview, badge.
func newRowTemplate() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	when := widget.NewLabel("")
	when.SizeName = theme.SizeNameCaptionText
	preview := widget.NewLabel("")
	preview.Truncation = fyne.TextTruncateEllipsis
	badge := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	badge.Importance = widget.HighImportance
	av := container.NewStack(widgets.NewAvatar("", "", 40))
	return container.NewBorder(nil, nil, container.NewCenter(av), nil,
		container.NewVBox(container.NewBorder(nil, nil, nil, when, name), container.NewBorder(nil, nil, nil, badge, preview)))
}

func updateRow(o fyne.CanvasObject, r ChatRow) {
	b := o.(*fyne.Container)
	body := b.Objects[0].(*fyne.Container)
	av := b.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container)
	top := body.Objects[0].(*fyne.Container)
	bottom := body.Objects[1].(*fyne.Container)
	name, when := top.Objects[0].(*widget.Label), top.Objects[1].(*widget.Label)
	preview, badge := bottom.Objects[0].(*widget.Label), bottom.Objects[1].(*widget.Label)
	if old, ok := av.Objects[0].(*widgets.Avatar); !ok || old.Name != r.Name {
		av.Objects = []fyne.CanvasObject{widgets.NewAvatar(r.Name, r.Image, 40)}
		av.Refresh()
	}
	title := r.Name
	if r.Muted {
		title += " 🔕"
	}
	if r.Kind == RowMessage {
		title = "🔍 " + title
	}
	name.SetText(title)
	t := RowTime(r.Time, Now(), Location)
	if r.Tick != "" {
		t = r.Tick + " " + t
	}
	when.SetText(t)
	preview.SetText(r.Preview)
	preview.TextStyle.Italic = r.Kind == RowPending || r.Kind == RowRequest
	switch {
	case r.Kind == RowRequest:
		badge.SetText("new")
	case r.Unread > 0:
		badge.SetText(strconv.Itoa(r.Unread))
	default:
		badge.SetText("")
	}
	top.Refresh() // re-lay out: the time and badge widths changed
	bottom.Refresh()
}
