// Package controller runs the desktop's flows: it asks the core, decides what
// the screens show and is the only code that hops onto Fyne's UI goroutine
// (fyne.Do). Screens only draw and report what the user did.
//
// Goroutines: core calls run on short-lived goroutines (do, do0) so a slow
// or remote core never freezes the window; their results are applied with
// fyne.Do, one at a time (uiMu). One more goroutine reads the core's Watch
// stream once the shell is up and applies each event in order (onEvent):
// new items go to the open chat, every change reloads the chat list (at
// most one reload in flight, one queued), received messages notify.
//
// Notifications follow ShouldNotify: on in Settings, profile not muted
// (unless active), contact not muted, and never for the chat in front of
// the user; their text follows the preview mode (app/notify.Message).
// Drafts are kept per chat in memory only: the UI state file is not
// encrypted and must not hold message text.
package controller

import (
	"context"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"duplex/app/prefs"
	"duplex/app/screens"
	dtheme "duplex/app/theme"
	"duplex/core/api"
)

// callTimeout bounds each core call made for the UI; a remote core can be slow
// but must not hang a screen forever.
const callTimeout = 30 * time.Second

// Notifier shows desktop notifications (app/notify in the real app).
type Notifier interface {
	Notify(title, body string) error
}

// Controller owns the window's content and the UI state file.
type Controller struct {
	app     fyne.App
	client  api.Client
	dataDir string // where UI state lives: this desktop's, even with a remote core
	state   prefs.State
	notify  Notifier
	window  fyne.Window
	root    *fyne.Container // holds one of: FirstRun, Unlock, Shell

	storage api.StorageState // last known, updated on the UI goroutine
	avatar  []byte           // picture chosen on the first-run page
	// pending counts background calls whose results are not applied yet
	// (Idle); a chained call is counted before its parent is done.
	pending atomic.Int64
	uiMu    sync.Mutex

	// Pages is the screen table; the fields below are its entries.
	Pages    *screens.Pages
	FirstRun *screens.FirstRun
	Unlock   *screens.Unlock
	Shell    *screens.Shell
	Sidebar  *screens.Sidebar
	Welcome  *screens.Welcome
	Settings *screens.Settings
	Chat     *screens.ChatView
	NewChat  *screens.NewChat
	Contact  *screens.ContactInfo

	// ClipboardImage reads a picture from the clipboard (Fyne's clipboard
	// is text only); tests replace it.
	ClipboardImage func() ([]byte, error)

	chats   chatState    // UI goroutine only
	archive archiveState // storage_archive.go
}

// New builds the screens and wires their callbacks. state is the UI state
// loaded by the caller; dataDir is where changes to it are saved.
func New(a fyne.App, client api.Client, dataDir string, state prefs.State, icon fyne.Resource, n Notifier) *Controller {
	c := &Controller{app: a, client: client, dataDir: dataDir, state: state, notify: n, ClipboardImage: clipboardImage}
	c.Pages = screens.NewPages(icon)
	c.Sidebar, c.Welcome, c.Settings, c.Shell = c.Pages.Sidebar, c.Pages.Welcome, c.Pages.Settings, c.Pages.Shell
	c.FirstRun, c.Unlock = c.Pages.FirstRun, c.Pages.Unlock
	c.Chat, c.NewChat, c.Contact = c.Pages.Chat, c.Pages.NewChat, c.Pages.Contact
	c.chats = newChatState()
	c.root = container.NewStack(c.Welcome.Root)
	c.wireStorage()
	c.wireProfiles()
	c.wireChatList()
	c.wireChat()
	c.wireNewChat()
	c.wireContact()
	c.wireSettings()
	c.wireOperators() // operators.go

	c.Sidebar.OnSettings = c.ShowSettings
	c.Settings.OnBack = c.ShowChats
	c.Settings.OnTheme = c.SetTheme
	c.Settings.OnCopyDataDir = func(p string) { a.Clipboard().SetContent(p) }
	c.Settings.OnTestNotify = c.TestNotification
	c.Settings.SetTheme(state.Theme)
	a.Settings().SetTheme(dtheme.NewScaled(state.Theme, state.FontScale))
	return c
}

// Content is the window content.
func (c *Controller) Content() fyne.CanvasObject { return c.root }

// AttachWindow tells the controller its window (for dialogs, focus,
// keyboard shortcuts and dropped files).
func (c *Controller) AttachWindow(w fyne.Window) {
	c.window = w
	c.attachKeys(w)
	w.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { c.Dropped(uris) })
}

// Screen is the top-level page shown now (FirstRun.Root, Unlock.Root or
// Shell.Root; the welcome page while starting).
func (c *Controller) Screen() fyne.CanvasObject { return c.root.Objects[0] }

func (c *Controller) showScreen(o fyne.CanvasObject) {
	c.root.Objects = []fyne.CanvasObject{o}
	c.root.Refresh()
	if c.window != nil {
		// The focused entry of the page just left would keep taking keys
		// (and the app's shortcuts) while hidden.
		c.window.Canvas().Unfocus()
	}
	if o == c.Shell.Root {
		c.focus(c.Sidebar.Search)
	}
}

// State is the current UI state (the window geometry is filled in by the
// caller when it saves on exit).
func (c *Controller) State() prefs.State { return c.state }

// Load asks the core for its state and shows the first-run page, the
// unlock page or the shell, without blocking the caller. done, if not nil,
// runs on the UI goroutine once the screens are updated.
func (c *Controller) Load(done func()) {
	c.pending.Add(1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		info, infoErr := c.client.Info(ctx)
		var st api.StorageState
		stErr := infoErr
		if infoErr == nil {
			// With a keychain database this opens it: keychain time, off the UI goroutine.
			st, stErr = c.client.Storage(ctx)
		}
		c.apply(func() {
			if infoErr == nil {
				c.Welcome.SetStatus(fmt.Sprintf("Version %s", info.Version))
				c.Settings.SetInfo(info)
			}
			if stErr != nil {
				c.Welcome.SetStatus("Cannot open the Duplex core: " + stErr.Error())
				c.showScreen(c.Welcome.Root)
				if done != nil {
					done()
				}
				return
			}
			c.applyStorage(st, done)
		})
	}()
}

// applyStorage shows the page for st. Runs on the UI goroutine.
func (c *Controller) applyStorage(st api.StorageState, done func()) {
	c.storage = st
	switch st.Status {
	case api.StorageNotCreated:
		c.showScreen(c.FirstRun.Root)
		c.focus(c.FirstRun.DisplayName)
	case api.StorageLocked:
		if st.Protection != api.ProtectionPassphrase {
			msg := st.Problem
			if msg == "" {
				msg = "This database is protected by a " + st.Protection.String() + ", which Duplex cannot use here."
			}
			c.Unlock.CannotUnlock(msg)
		}
		c.showScreen(c.Unlock.Root)
		c.focus(c.Unlock.Passphrase)
	case api.StorageOpen:
		c.Settings.Database.SetProtection(st.Protection)
		c.loadProfiles(done)
		return
	}
	if done != nil {
		done()
	}
}

// loadProfiles refreshes the profile views; with no profile yet it shows
// the first-run page without the protection choice.
func (c *Controller) loadProfiles(done func()) {
	c.pending.Add(1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		ps, err := c.client.Profiles(ctx)
		c.apply(func() {
			defer func() {
				if done != nil {
					done()
				}
			}()
			if err != nil {
				c.Settings.Profiles.Error.SetText("Cannot load profiles: " + err.Error())
				return
			}
			if len(ps) == 0 {
				c.FirstRun.ProfileOnly()
				c.showScreen(c.FirstRun.Root)
				c.focus(c.FirstRun.DisplayName)
				return
			}
			c.Settings.SetProfiles(ps)
			c.setProfiles(ps)
			if c.Screen() != c.Shell.Root {
				c.showScreen(c.Shell.Root)
				c.startWatching()
			}
		})
	}()
}

// apply runs f on the UI goroutine and marks one background call done.
// uiMu orders results: the app's driver runs them one at a time on its
// thread anyway, but Fyne's test driver runs each on the goroutine that
// finished, and two results must not edit the same widgets at once.
func (c *Controller) apply(f func()) {
	fyne.Do(func() {
		c.uiMu.Lock()
		defer c.uiMu.Unlock()
		defer c.pending.Add(-1)
		f()
	})
}

// Idle reports that no background call is in flight: every result has been
// applied to the screens. Tests wait for it before touching widgets.
func (c *Controller) Idle() bool { return c.pending.Load() == 0 }

func (c *Controller) focus(o fyne.Focusable) {
	if c.window != nil {
		c.window.Canvas().Focus(o)
	}
}

// ShowSettings opens the settings page in the main area.
func (c *Controller) ShowSettings() {
	c.leaveChat()
	c.Shell.Show(c.Settings.Root)
	c.loadServers()
	c.loadOperators()
}

// ShowChats returns to the chat area: the open chat, else the welcome page.
func (c *Controller) ShowChats() {
	if c.chats.open != 0 {
		c.Shell.Show(c.Chat.Root)
		c.markRead(c.chats.open)
		return
	}
	c.Shell.Show(c.Welcome.Root)
}

// TestNotification sends a sample notification and reports the outcome in
// Settings; the D-Bus call can block, so it runs off the UI goroutine.
func (c *Controller) TestNotification() {
	c.Settings.TestNotify.Disable()
	c.pending.Add(1)
	go func() {
		err := c.notify.Notify("Duplex", "Notifications work. New messages will appear like this.")
		c.apply(func() {
			c.Settings.TestNotify.Enable()
			if err != nil {
				c.Settings.NotifyInfo.SetText(err.Error())
				return
			}
			c.Settings.NotifyInfo.SetText("Test notification sent. If you did not see it, check your desktop's notification settings.")
		})
	}()
}

// SetTheme applies and remembers a theme choice.
func (c *Controller) SetTheme(choice string) {
	c.state.Theme = choice
	c.app.Settings().SetTheme(dtheme.NewScaled(choice, c.state.FontScale))
	c.save()
}

// SetWindow records the window geometry and saves the UI state if it
// changed (it is called on every focus loss).
func (c *Controller) SetWindow(w prefs.Window) {
	if w == c.state.Window {
		return
	}
	c.state.Window = w
	c.save()
}

// SetCloseToTray remembers the desktop's "close to tray" setting.
func (c *Controller) SetCloseToTray(on bool) {
	if on == c.state.CloseToTray {
		return
	}
	c.state.CloseToTray = on
	c.save()
}

func (c *Controller) save() {
	if err := prefs.Save(c.dataDir, c.state); err != nil {
		log.Printf("duplex: %v", err)
	}
}
