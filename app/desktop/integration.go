package desktop

import (
	"fmt"
	"log"

	"fyne.io/fyne/v2"
	fynedesktop "fyne.io/fyne/v2/driver/desktop"
)

// Integration ties the main window to the desktop: the tray menu, the
// unread count in the tray and title, close-to-tray, and launches handed
// over by a second process. All methods except HandleLaunch and WatchUnread
// run on the UI goroutine.
type Integration struct {
	app    fyne.App
	win    fyne.Window
	title  string
	tray   fynedesktop.App // nil when the driver has no tray (test driver, mobile)
	quit   func()          // a.Quit; tests observe it
	unread int
	hidden bool
	// closeToTray is off by default: a window that does not close when asked
	// surprises people unless they chose it. The app keeps the setting in its
	// own UI state file, not in Fyne's preferences, which Fyne rewrites in
	// place at every quit (a crash or kill in between empties the file).
	closeToTray bool

	menu   *fyne.Menu
	Open   *fyne.MenuItem
	Unread *fyne.MenuItem
	Quit   *fyne.MenuItem

	// BeforeClose runs when the window is asked to close, before it hides or
	// closes (the app saves its geometry there).
	BeforeClose func()
	// OnLink opens a link handed over at start or by a second launch. It
	// runs on the UI goroutine after the window is shown.
	OnLink func(uri string)
}

// New sets up the tray (when the driver has one) and the close behaviour of
// w, whose base title is title.
func New(a fyne.App, w fyne.Window, title string) *Integration {
	d := &Integration{app: a, win: w, title: title, quit: a.Quit}
	d.Open = fyne.NewMenuItem("Open Duplex", d.Show)
	d.Unread = fyne.NewMenuItem(unreadLabel(0), d.Show)
	d.Unread.Disabled = true
	d.Quit = fyne.NewMenuItem("Quit", d.quitApp)
	d.Quit.IsQuit = true // Fyne adds its own Quit to tray menus without one
	d.menu = fyne.NewMenu(title, d.Open, d.Unread, fyne.NewMenuItemSeparator(), d.Quit)
	if t, ok := a.(fynedesktop.App); ok {
		d.tray = t
		t.SetSystemTrayMenu(d.menu)
		// A left click on the tray icon shows the window. Fyne replaces the
		// close intercept here, so ours is set after.
		t.SetSystemTrayWindow(w)
	}
	w.SetCloseIntercept(d.CloseRequested)
	// Ctrl+Q (Cmd+Q) quits even with close to tray on and no tray host to
	// offer the Quit item (GNOME without an AppIndicator extension).
	w.Canvas().AddShortcut(QuitShortcut, func(fyne.Shortcut) { d.quitApp() })
	return d
}

// QuitShortcut quits the app from the window.
var QuitShortcut = &fynedesktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}

// Menu is the tray menu (also what tests inspect when there is no tray).
func (d *Integration) Menu() *fyne.Menu { return d.menu }

// HasTray reports whether the driver offers a system tray.
func (d *Integration) HasTray() bool { return d.tray != nil }

// CloseToTray reports the setting.
func (d *Integration) CloseToTray() bool { return d.closeToTray }

// SetCloseToTray changes the setting; the caller stores it.
func (d *Integration) SetCloseToTray(on bool) { d.closeToTray = on }

// CloseRequested is the window's close intercept: with close-to-tray the
// window hides and the app keeps running (a second launch or the tray's
// Open brings it back); otherwise the app quits.
//
// Quitting (here and from the tray) is hide now, Quit on a later turn of the event loop — not
// Window.Close or Quit from inside the close callback: both mark the window
// closing, which makes Fyne 2.7.1 see a nil GL view, and a pointer event
// for the window still queued in the same glfw poll (the pointer entering a
// freshly mapped window, say) then crashes its cursor update on that nil
// view. Seen under Xvfb; the smoke test closes windows right after they map.
// Once the poll that carried the close request has drained, the hidden
// window gets no more pointer events.
func (d *Integration) CloseRequested() {
	if d.BeforeClose != nil {
		d.BeforeClose()
	}
	if d.CloseToTray() {
		d.hidden = true
		d.win.Hide()
		return
	}
	d.quitApp()
}

func (d *Integration) quitApp() {
	d.win.Hide()
	go fyne.Do(d.quit)
}

// Hidden reports whether the window was hidden to the tray.
func (d *Integration) Hidden() bool { return d.hidden }

// Show brings the window back and asks for focus.
func (d *Integration) Show() {
	d.hidden = false
	d.win.Show()
	d.win.RequestFocus()
}

// SetUnread shows n unread messages in the tray menu and window title.
func (d *Integration) SetUnread(n int) {
	if n < 0 {
		n = 0
	}
	if n == d.unread {
		return
	}
	d.unread = n
	d.Unread.Label = unreadLabel(n)
	if d.tray != nil {
		d.tray.SetSystemTrayMenu(d.menu) // Fyne rebuilds the tray menu from it
	}
	d.menu.Refresh()
	d.win.SetTitle(Title(d.title, n)) // last: tests take the title as "applied"
}

// UnreadCount is the count last shown.
func (d *Integration) UnreadCount() int { return d.unread }

// Title is the window title for n unread messages: "Duplex", "Duplex (3)".
func Title(base string, n int) string {
	if n <= 0 {
		return base
	}
	return fmt.Sprintf("%s (%d)", base, n)
}

func unreadLabel(n int) string {
	switch n {
	case 0:
		return "No unread messages"
	case 1:
		return "1 unread message"
	}
	return fmt.Sprintf("%d unread messages", n)
}

// HandleLaunch is given the arguments of a second launch (on the
// single-instance goroutine): it shows and focuses the window, then opens
// the links among the arguments.
func (d *Integration) HandleLaunch(args []string) {
	links := Links(args)
	log.Printf("duplex: another launch handed over %d link(s)", len(links))
	fyne.Do(func() {
		d.Show()
		d.OpenLinks(links)
	})
}

// OpenLinks hands links to OnLink. UI goroutine.
func (d *Integration) OpenLinks(links []string) {
	for _, l := range links {
		if d.OnLink != nil {
			d.OnLink(l)
		}
	}
}
