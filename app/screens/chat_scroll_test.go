package screens

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"duplex/core/api"
)

// manyItems is a page of n text items with ids from first up.
func manyItems(first api.ItemID, n int) []api.ChatItem {
	items := make([]api.ChatItem, n)
	for i := range items {
		id := first + api.ItemID(i)
		items[i] = api.ChatItem{ID: id, ContactID: bob.ID, Kind: api.KindText, Status: api.StatusReceived,
			Text: fmt.Sprintf("message %d", id), Time: t0.Add(-time.Duration(1000-int(id)) * time.Minute), Sent: i%3 == 0}
	}
	return items
}

// visible reports whether o lies (wholly) inside the scroller's viewport.
func visible(v *ChatView, o fyne.CanvasObject) bool {
	y := o.Position().Y
	return y >= v.Scroll.Offset.Y && y+o.Size().Height <= v.Scroll.Offset.Y+v.Scroll.Size().Height
}

func atBottom(v *ChatView) bool {
	return v.Scroll.Size().Height > 0 && v.Scroll.Offset.Y+v.Scroll.Size().Height >= v.list.MinSize().Height-1
}

func findLabel(v *ChatView, text string) *widget.Label {
	for _, o := range v.list.Objects {
		if l, ok := o.(*widget.Label); ok && l.Text == text {
			return l
		}
	}
	return nil
}

// A chat opens at its newest message, or at the first unread with the
// marker in view; opening happens before the page is laid out (the
// controller fills the view, then shows it).
func TestChatOpensAtNewestOrFirstUnread(t *testing.T) {
	test.NewTempApp(t)
	v := NewChatView()
	w := test.NewTempWindow(t, v.Root)
	w.Resize(fyne.NewSize(700, 500))
	v.SetChat(bob, manyItems(100, 50), 0, true)
	if v.list.MinSize().Height <= v.Scroll.Size().Height*2 {
		t.Fatal("the page is too short for the test")
	}
	if !atBottom(v) {
		t.Fatalf("opened at offset %v of %v (view %v), not at the newest", v.Scroll.Offset.Y, v.list.MinSize().Height, v.Scroll.Size().Height)
	}
	if !visible(v, v.Bubbles[149].Root) {
		t.Error("the newest message is not in view")
	}
	// Reopening another chat while scrolled elsewhere lands at its bottom too.
	v.Scroll.ScrollToTop()
	v.SetChat(bob, manyItems(300, 50), 0, true)
	if !atBottom(v) {
		t.Fatalf("reopened at offset %v, not at the newest", v.Scroll.Offset.Y)
	}
	v.SetChat(bob, manyItems(100, 50), 120, true)
	marker := findLabel(v, UnreadMarkerText)
	if marker == nil || !visible(v, marker) || !visible(v, v.Bubbles[120].Root) {
		t.Fatalf("first unread not in view: offset %v, marker at %v", v.Scroll.Offset.Y, marker.Position())
	}
	if atBottom(v) {
		t.Error("with unread messages the view went to the bottom")
	}
	// Filled before it is ever shown (the controller's first chat).
	u := NewChatView()
	u.SetChat(bob, manyItems(100, 50), 0, true)
	w2 := test.NewTempWindow(t, u.Root)
	w2.Resize(fyne.NewSize(700, 500))
	if !atBottom(u) {
		t.Errorf("shown after filling: offset %v of %v (view %v)", u.Scroll.Offset.Y, u.list.MinSize().Height, u.Scroll.Size().Height)
	}
}

// Wheel-up at the top asks for older messages at once, also when the page
// does not fill the view (nothing moves, so OnScrolled never fires).
func TestChatWheelUpAtTopLoadsOlder(t *testing.T) {
	test.NewTempApp(t)
	v := NewChatView()
	w := test.NewTempWindow(t, v.Root)
	w.Resize(fyne.NewSize(700, 500))
	var asked []api.ItemID
	v.OnLoadOlder = func(before api.ItemID) { asked = append(asked, before) }
	v.SetChat(bob, manyItems(100, 3), 0, true)
	at := v.Scroll.Position().Add(fyne.NewPos(50, 50))
	test.Scroll(w.Canvas(), at, 0, 40)
	if len(asked) != 1 || asked[0] != 100 {
		t.Fatalf("wheel-up on a short page asked %v", asked)
	}
	test.Scroll(w.Canvas(), at, 0, 40)
	if len(asked) != 1 {
		t.Fatalf("asked again while loading: %v", asked)
	}
	// A long page: wheel up until the top, the load comes with reaching it.
	asked = nil
	v.SetChat(bob, manyItems(100, 50), 0, true)
	for i := 0; i < 200 && len(asked) == 0; i++ {
		test.Scroll(w.Canvas(), at, 0, 40)
	}
	if len(asked) != 1 || v.Scroll.Offset.Y != 0 {
		t.Fatalf("wheel-up to the top asked %v at offset %v", asked, v.Scroll.Offset.Y)
	}
	// The older page appears above without moving what is seen.
	seen := v.Bubbles[100].Root
	y := seen.Position().Y - v.Scroll.Offset.Y
	v.Prepend(manyItems(50, 50), true)
	if got := seen.Position().Y - v.Scroll.Offset.Y; got != y {
		t.Errorf("prepend moved the top message from %v to %v in the view", y, got)
	}
}

// A last load that returns nothing (the chat's size is a multiple of the
// page) replaces "scroll up" by the start of the conversation.
func TestChatStartOfConversation(t *testing.T) {
	test.NewTempApp(t)
	v := NewChatView()
	w := test.NewTempWindow(t, v.Root)
	w.Resize(fyne.NewSize(700, 500))
	v.SetChat(bob, manyItems(100, 50), 0, true)
	if findLabel(v, OlderText) == nil || findLabel(v, StartText) != nil {
		t.Fatal("a full page does not offer older messages")
	}
	v.loadingOlder = true
	v.Prepend(nil, false)
	if findLabel(v, OlderText) != nil || findLabel(v, StartText) == nil {
		t.Fatal("an empty last page left \"scroll up\" in place")
	}
	v.SetChat(bob, manyItems(100, 20), 0, false)
	if findLabel(v, OlderText) != nil || findLabel(v, StartText) == nil {
		t.Fatal("a short first page does not show the start")
	}
}

// Reading far back keeps only a window of KeepItems built: older pages
// drop the newest items (which come back when scrolling down), without
// moving what is seen, and jumps still work.
func TestChatKeepsAWindowOfItems(t *testing.T) {
	test.NewTempApp(t)
	v := NewChatView()
	w := test.NewTempWindow(t, v.Root)
	w.Resize(fyne.NewSize(700, 500))
	var newer []api.ItemID
	v.OnLoadNewer = func(after api.ItemID) { newer = append(newer, after) }
	var jumped []api.ItemID
	v.OnJump = func(id api.ItemID) { jumped = append(jumped, id) }
	const pages = 40
	v.SetChat(bob, manyItems(api.ItemID(1+(pages-1)*50), 50), 0, true)
	for p := pages - 2; p >= 0; p-- {
		v.Scroll.ScrollToTop()
		top := v.Bubbles[v.Items[0].ID].Root
		y, _ := v.yOf(top)
		y -= v.Scroll.Offset.Y
		v.Prepend(manyItems(api.ItemID(1+p*50), 50), p > 0)
		if got, _ := v.yOf(top); got-v.Scroll.Offset.Y != y {
			t.Fatalf("page %d: the top message moved from %v to %v in the view", p, y, got-v.Scroll.Offset.Y)
		}
		if len(v.Items) > KeepItems || len(v.Bubbles) > KeepItems {
			t.Fatalf("page %d: %d items, %d bubbles built", p, len(v.Items), len(v.Bubbles))
		}
	}
	if v.Items[0].ID != 1 || v.HasOlder || !v.HasNewer || findLabel(v, StartText) == nil {
		t.Fatalf("at the start: first %d, older %v, newer %v", v.Items[0].ID, v.HasOlder, v.HasNewer)
	}
	if n := len(v.list.Objects); n > KeepItems+KeepItems/4 {
		t.Errorf("%d objects in the list", n)
	}
	// Scrolling down asks for the dropped newer items; they come back and
	// the oldest go, the view staying put.
	v.Scroll.ScrollToBottom()
	last := v.Items[len(v.Items)-1].ID
	if len(newer) != 1 || newer[0] != last {
		t.Fatalf("scrolled to the bottom, asked for newer %v, want after %d", newer, last)
	}
	anchor := v.Bubbles[last].Root
	y, _ := v.yOf(anchor)
	y -= v.Scroll.Offset.Y
	v.Append(manyItems(last+1, 50), true)
	if got, _ := v.yOf(anchor); got-v.Scroll.Offset.Y != y {
		t.Errorf("newer page: the last message moved from %v to %v in the view", y, got-v.Scroll.Offset.Y)
	}
	if len(v.Items) != KeepItems || !v.HasOlder || v.Items[0].ID != 51 {
		t.Fatalf("after a newer page: %d items from %d, older %v", len(v.Items), v.Items[0].ID, v.HasOlder)
	}
	// A quote of a dropped item is fetched (the jump), a loaded one scrolled to.
	v.ScrollTo(10)
	v.ScrollTo(120)
	if len(jumped) != 1 || jumped[0] != 10 || !visible(v, v.Bubbles[120].Root) {
		t.Errorf("jumps: fetched %v, 120 in view %v", jumped, visible(v, v.Bubbles[120].Root))
	}
}
