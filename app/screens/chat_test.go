package screens

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"duplex/core/api"
)

func TestRowsFrom(t *testing.T) {
	rows := RowsFrom(sampleChats(), samplePending(), sampleRequests(), true)
	var names []string
	for _, r := range rows {
		names = append(names, r.Name)
	}
	// requests first, then by activity: pending link (3 min), bob (30 min), dave (1 h), carol (26 h), joined pending (200 h)
	want := "erin|One-time link|bob|dave|Carol (work)|Connecting… (incognito)"
	if got := strings.Join(names, "|"); got != want {
		t.Fatalf("order %s\nwant  %s", got, want)
	}
	bobRow := rows[2]
	if bobRow.Preview != "You: did not go" || bobRow.Tick != "⚠" || bobRow.Unread != 2 || bobRow.FirstUnread != 13 {
		t.Errorf("bob row %+v", bobRow)
	}
	if rows[4].Preview != "lunch?" || !rows[4].Muted {
		t.Errorf("carol row %+v (markdown must be stripped, muted shown)", rows[4])
	}
	if rows[0].Kind != RowRequest || rows[0].Preview != RequestText {
		t.Errorf("request row %+v", rows[0])
	}
	hidden := RowsFrom(sampleChats(), nil, nil, false)
	if hidden[0].Preview != NoPreviewText || hidden[0].Tick != "⚠" {
		t.Errorf("previews off: %+v", hidden[0])
	}
	if got := FilterRows(rows, "CAR"); len(got) != 1 || got[0].Contact != carol.ID {
		t.Errorf("filter: %+v", got)
	}
}

func TestRowTime(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{t0.Add(-time.Hour), "14:09"},
		{t0.Add(-48 * time.Hour), "Thu"},
		{t0.Add(-30 * 24 * time.Hour), "12 Feb"},
		{t0.Add(-400 * 24 * time.Hour), "7 Feb 2025"},
		{time.Time{}, ""},
	} {
		if got := RowTime(c.at, t0, time.UTC); got != c.want {
			t.Errorf("%v: %q, want %q", c.at, got, c.want)
		}
	}
	if got := DayText(t0.Add(-20*time.Hour), t0, time.UTC); got != "Yesterday" {
		t.Errorf("DayText = %q", got)
	}
}

func TestSidebarLinkFilterAndKeys(t *testing.T) {
	test.NewTempApp(t)
	s := NewSidebar()
	w := test.NewTempWindow(t, s.Root)
	w.Resize(fyne.NewSize(320, 600))
	if !s.Empty.Visible() {
		t.Fatal("empty state hidden without rows")
	}
	s.SetRows(RowsFrom(sampleChats(), nil, nil, true))
	if s.Empty.Visible() || len(s.Visible) != 3 {
		t.Fatalf("rows not shown: %d visible", len(s.Visible))
	}
	var opened []string
	s.OnOpen = func(r ChatRow) { opened = append(opened, r.Name) }
	test.Type(s.Search, "bo")
	if len(s.Visible) != 1 || s.ConnectLink.Visible() {
		t.Fatalf("filter 'bo': %d rows, connect shown %v", len(s.Visible), s.ConnectLink.Visible())
	}
	s.Search.SetText("")
	s.Search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	s.Search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	s.Search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	if strings.Join(opened, ",") != "bob,dave,bob" {
		t.Errorf("↓↓↑ opened %v", opened)
	}
	var link string
	s.OnConnectLink = func(l string) { link = l }
	s.Search.SetText("  https://smp.example/i#abc/def ")
	if !s.ConnectLink.Visible() || len(s.Visible) != 3 {
		t.Fatal("a pasted link does not offer to connect")
	}
	s.Search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if link == "" {
		t.Error("Enter on a pasted link did not connect")
	}
	var sc fyne.Shortcut
	s.Search.OnShortcut = func(x fyne.Shortcut) bool { sc = x; return true }
	s.Search.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierControl})
	if sc == nil {
		t.Error("the search box swallowed Ctrl+N")
	}
	s.SetProfiles([]api.Profile{{ID: 1, DisplayName: "alice", Active: true}, {ID: 2, DisplayName: "work"}}, map[api.ProfileID]int{2: 5})
	var switched api.ProfileID
	s.OnProfile = func(id api.ProfileID) { switched = id }
	if s.Profiles.Selected != "alice" {
		t.Errorf("switcher shows %q", s.Profiles.Selected)
	}
	s.Profiles.SetSelected("work (5)")
	if switched != 2 {
		t.Errorf("switching to work (5) gave %d", switched)
	}
}

func newChat(t *testing.T) (*ChatView, fyne.Window) {
	test.NewTempApp(t)
	v := NewChatView()
	w := test.NewTempWindow(t, v.Root)
	w.Resize(fyne.NewSize(700, 500))
	v.SetChat(bob, sampleItems(), 13, true)
	return v, w
}

func TestChatComposerKeys(t *testing.T) {
	v, w := newChat(t)
	type sent struct {
		text  string
		quote api.ItemID
	}
	var got []sent
	v.OnSend = func(text string, q api.ItemID) { got = append(got, sent{text, q}) }
	w.Canvas().Focus(v.Composer)
	test.Type(v.Composer, "line1")
	v.Composer.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	v.Composer.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	v.Composer.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	test.Type(v.Composer, "line2")
	if v.Composer.Text != "line1\nline2" || len(got) != 0 {
		t.Fatalf("Shift+Enter: text %q, sent %v", v.Composer.Text, got)
	}
	v.StartReply(11)
	if !strings.Contains(v.ComposeBar.Text, "Replying to bob") {
		t.Errorf("reply bar %q", v.ComposeBar.Text)
	}
	v.Composer.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(got) != 1 || got[0] != (sent{"line1\nline2", 11}) {
		t.Fatalf("Enter sent %v", got)
	}
	v.ComposeDone()
	if v.Composer.Text != "" || v.ReplyTo != 0 {
		t.Error("composer not cleared after send")
	}
	// Esc leaves edit mode and drops the edited text.
	var edited string
	v.OnEdit = func(id api.ItemID, text string) { edited = text }
	v.StartEdit(14)
	if v.Composer.Text != "edited text" || v.Editing != 14 {
		t.Fatalf("edit mode: %q %d", v.Composer.Text, v.Editing)
	}
	v.Composer.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if v.Editing != 0 || v.Composer.Text != "" {
		t.Error("Esc did not cancel the edit")
	}
	v.StartEdit(14)
	v.Composer.SetText("better")
	v.Submit()
	if edited != "better" {
		t.Errorf("edit sent %q", edited)
	}
	v.StartEdit(11) // not ours: refused
	if v.Editing == 11 {
		t.Error("editing a received message")
	}
	// Empty messages are not sent.
	v.CancelCompose()
	v.Composer.SetText("   ")
	v.Submit()
	if len(got) != 1 {
		t.Error("blank message sent")
	}
}

func TestChatItemsAndActions(t *testing.T) {
	v, _ := newChat(t)
	if v.JumpUnread.Hidden {
		t.Error("jump to first unread hidden with unread messages")
	}
	b := v.Bubbles[15]
	if b == nil || !b.ErrLabel.Visible() || !strings.Contains(b.ErrLabel.Text, "relay refused: QUOTA") {
		t.Fatal("failed send does not show its reason")
	}
	if !strings.Contains(v.Bubbles[14].Footer.Text, "edited") || !strings.HasSuffix(v.Bubbles[12].Footer.Text, "✓✓") {
		t.Errorf("footers: %q / %q", v.Bubbles[14].Footer.Text, v.Bubbles[12].Footer.Text)
	}
	if v.Bubbles[13].Quote == nil {
		t.Fatal("reply has no quote")
	}
	var jumped api.ItemID
	v.OnJump = func(id api.ItemID) { jumped = id }
	test.Tap(v.Bubbles[13].Quote) // quoted item 12 is loaded: scroll, no fetch
	if jumped != 0 {
		t.Error("jumping to a loaded item asked the core")
	}
	v.ScrollTo(3) // not loaded
	if jumped != 3 {
		t.Error("jumping to an unloaded item did not ask for it")
	}
	var labels []string
	for _, a := range v.Actions(14) {
		labels = append(labels, a.Label)
	}
	all := strings.Join(labels, ",")
	for _, want := range []string{"Reply", "Edit", "Copy text", "React 👍", "Remove ❤️", "Delete for me", "Delete for everyone"} {
		if !strings.Contains(all, want) {
			t.Errorf("own item actions lack %q: %s", want, all)
		}
	}
	for _, a := range v.Actions(11) {
		if a.Label == "Edit" || a.Label == "Delete for everyone" {
			t.Errorf("received item offers %q", a.Label)
		}
	}
	var react string
	var del api.DeleteMode
	var copied string
	v.OnReact = func(id api.ItemID, e string, on bool) { react = e }
	v.OnDelete = func(id api.ItemID, m api.DeleteMode) { del = m }
	v.OnCopy = func(s string) { copied = s }
	v.Run(11, "React 🚀")
	v.Run(14, "Delete for everyone")
	v.Run(11, "Copy text")
	if react != "🚀" || del != api.DeleteForEveryone || !strings.HasPrefix(copied, "hi *there*") {
		t.Errorf("actions: react %q delete %d copy %q", react, del, copied)
	}
	test.Tap(v.Bubbles[14].Reactions[0]) // my ❤️: tapping removes it
	var on bool
	v.OnReact = func(id api.ItemID, e string, o bool) { react, on = e, o }
	test.Tap(v.Bubbles[14].Reactions[0])
	if react != "❤️" || on {
		t.Errorf("tapping my reaction: %q on=%v", react, on)
	}

	// Updates replace in place, new items append, deletions remove.
	up := sampleItems()[4]
	up.Text, up.Status = "changed", api.StatusDelivered
	v.Upsert([]api.ChatItem{up, {ID: 30, ContactID: bob.ID, Text: "new", Time: t0, Kind: api.KindText}, {ID: 31, ContactID: 99, Text: "other chat"}})
	if it, _ := v.Item(14); it.Text != "changed" || v.Items[len(v.Items)-1].ID != 30 {
		t.Errorf("upsert: %+v", v.Items[len(v.Items)-1])
	}
	if _, ok := v.Item(31); ok {
		t.Error("another chat's item shown")
	}
	v.StartReply(30)
	v.Remove([]api.ItemID{30, 16})
	if _, ok := v.Item(30); ok || v.ReplyTo != 0 {
		t.Error("removed item still shown or still replied to")
	}
}

func TestChatOlderPageKeepsPosition(t *testing.T) {
	v, _ := newChat(t)
	var asked api.ItemID
	v.OnLoadOlder = func(before api.ItemID) { asked = before }
	v.Scroll.Offset.Y = 0
	v.Scroll.OnScrolled(fyne.NewPos(0, 0))
	if asked != 10 {
		t.Fatalf("scrolling to the top asked for items before %d", asked)
	}
	v.Scroll.OnScrolled(fyne.NewPos(0, 0))
	asked2 := asked
	asked = 0
	v.Scroll.OnScrolled(fyne.NewPos(0, 0))
	if asked != 0 || asked2 != 10 {
		t.Error("a second load was asked while one is in flight")
	}
	before := v.Scroll.Offset.Y
	var older []api.ChatItem
	for i := 1; i <= 5; i++ {
		older = append(older, api.ChatItem{ID: api.ItemID(i), ContactID: bob.ID, Kind: api.KindText, Text: "old", Time: t0.Add(-100 * time.Hour)})
	}
	v.Prepend(older, false)
	if v.Items[0].ID != 1 || len(v.Items) != 12 {
		t.Fatalf("prepend: %d items, first %d", len(v.Items), v.Items[0].ID)
	}
	if v.Scroll.Offset.Y <= before {
		t.Errorf("offset %v -> %v: the view jumped to the new items", before, v.Scroll.Offset.Y)
	}
	if v.HasOlder {
		t.Error("HasOlder stays after the last page")
	}
}

func TestSecurityCodeGroups(t *testing.T) {
	if got := GroupCode("12345 67890 1234"); got != "12345 67890 1234" {
		t.Errorf("%q", got)
	}
	code := strings.Repeat("1234567890", 6)
	if got := GroupCode(code); strings.Count(got, "\n") != 1 || strings.Count(got, " ") != 10 {
		t.Errorf("60 digits: %q", got)
	}
}

func TestServerTexts(t *testing.T) {
	if h := ServerHost("smp://abc=@smp8.simplex.im,onion.onion:5223"); h != "smp8.simplex.im,onion.onion:5223" {
		t.Errorf("host %q", h)
	}
	if s := TestText(api.ServerTest{OK: true, Latency: 12345 * time.Microsecond}, nil); s != "OK — 12ms" {
		t.Errorf("%q", s)
	}
	if s := TestText(api.ServerTest{Step: "tls", Err: "bad certificate", Latency: time.Millisecond}, nil); !strings.Contains(s, "tls") || !strings.Contains(s, "bad certificate") {
		t.Errorf("%q", s)
	}
}

func TestMessageRows(t *testing.T) {
	found := []api.ChatItem{
		{ID: 11, ContactID: bob.ID, Text: "hi *there*", Time: t0},
		{ID: 12, ContactID: carol.ID, Sent: true, Text: "lunch", Time: t0},
		{ID: 99, ContactID: 77, Text: "unknown chat"},
	}
	rows := MessageRows(found, sampleChats())
	if len(rows) != 2 || rows[0].Preview != "hi there" || rows[0].Item != 11 || rows[1].Name != "Carol (work)" || rows[1].Preview != "You: lunch" {
		t.Fatalf("rows %+v", rows)
	}
	test.NewTempApp(t)
	s := NewSidebar()
	var asked []string
	s.OnSearch = func(q string) { asked = append(asked, q) }
	s.SetRows(RowsFrom(sampleChats(), nil, nil, true))
	test.Type(s.Search, "car")
	s.SetFound("car", rows[1:])
	if len(s.Visible) != 2 || s.Visible[1].Kind != RowMessage {
		t.Errorf("visible %+v", s.Visible)
	}
	s.SetFound("stale", rows) // an answer for older text is ignored
	if len(s.Found) != 1 {
		t.Error("stale results shown")
	}
	if strings.Join(asked, ",") != ",,car" {
		t.Errorf("searched %q", asked)
	}
}
