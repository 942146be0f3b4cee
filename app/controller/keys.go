package controller

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"duplex/app/screens"
)

var (
	shortcutSearch = &desktop.CustomShortcut{KeyName: fyne.KeyK, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutNew    = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
)

// attachKeys registers the window's shortcuts. A focused entry gets
// shortcuts before the canvas, so the app's entries forward them too.
func (c *Controller) attachKeys(w fyne.Window) {
	cv := w.Canvas()
	for _, s := range []*desktop.CustomShortcut{shortcutSearch, shortcutNew} {
		cv.AddShortcut(s, func(s fyne.Shortcut) { c.HandleShortcut(s) })
	}
	c.Sidebar.Search.OnShortcut = c.HandleShortcut
	c.Chat.Composer.OnShortcut = c.HandleShortcut
	// ↑/↓ with nothing focused walk the chat list.
	cv.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if c.Screen() != c.Shell.Root {
			return
		}
		switch k.Name {
		case fyne.KeyUp:
			c.Sidebar.Move(-1)
		case fyne.KeyDown:
			c.Sidebar.Move(1)
		}
	})
}

// SetForeground tells the controller whether the window is in front (the
// desktop layer calls it from the app lifecycle): the open chat is marked
// read and does not notify only while it is.
func (c *Controller) SetForeground(on bool) {
	c.chats.foreground = on
	if c.chatInFront() {
		c.markRead(c.chats.open)
	}
}

// Dropped handles files dropped on the window: file transfer is not
// there yet, and the user is told so rather than nothing happening.
func (c *Controller) Dropped(uris []fyne.URI) {
	if len(uris) == 0 {
		return
	}
	if c.Shell.Page() == c.Chat.Root {
		c.Chat.ShowNotice(screens.FileTransferText)
		return
	}
	if c.window != nil {
		c.showInfo("Files", screens.FileTransferText)
	}
}
