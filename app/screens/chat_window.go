package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"duplex/core/api"
)

// KeepItems is how many items (three pages) the chat view keeps built.
// Scrolling costs in proportion to the bubbles in the scroller, so a long
// read back through history would slow every wheel step down; instead the
// view is a window over the chat: loading older pages drops the newest
// items beyond KeepItems (they come back through OnLoadNewer when the user
// scrolls down again, as after a jump), and loading newer ones drops the
// oldest (back through OnLoadOlder). Dropped items are always on the far
// side from where the user is heading, out of view.
const KeepItems = 150

// dropNewest trims the window after an older page came in above.
func (v *ChatView) dropNewest() {
	if n := len(v.Items) - KeepItems; n > 0 {
		for _, it := range v.Items[KeepItems:] {
			delete(v.Bubbles, it.ID)
		}
		v.Items = v.Items[:KeepItems:KeepItems]
		v.HasNewer = true
	}
}

// dropOldest trims the window after newer items came in below.
func (v *ChatView) dropOldest() {
	if n := len(v.Items) - KeepItems; n > 0 {
		for _, it := range v.Items[:n] {
			delete(v.Bubbles, it.ID)
		}
		v.Items = append([]api.ChatItem(nil), v.Items[n:]...)
		v.HasOlder = true
	}
}

// rebuildKeeping rebuilds the list and moves the offset by as much as the
// anchor item moved, so what the user reads stays where it was whatever was
// added or dropped above it.
func (v *ChatView) rebuildKeeping(anchor api.ItemID) {
	var root fyne.CanvasObject
	if b, ok := v.Bubbles[anchor]; ok {
		root = b.Root
	}
	y0, had := v.yOf(root)
	v.rebuild()
	v.fit()
	if y1, ok := v.yOf(root); had && ok {
		v.Scroll.Offset.Y += y1 - y0
	}
	v.Scroll.Refresh()
}

// yOf is o's top in the list as the VBox lays it out (computed, so it
// holds before the next layout pass).
func (v *ChatView) yOf(o fyne.CanvasObject) (float32, bool) {
	if o == nil {
		return 0, false
	}
	y, pad := float32(0), theme.Padding()
	for _, c := range v.list.Objects {
		if c == o {
			return y, true
		}
		if c.Visible() {
			y += c.MinSize().Height + pad
		}
	}
	return 0, false
}
