// Package app is the Duplex desktop user interface (Fyne). It talks to the
// core only through core/api.Client, so the same UI drives an in-process core
// or, when paired, a phone or cloud profile.
//
// Layout: controller/ runs the flows and is the only caller of fyne.Do;
// screens/ draws; theme/ is the look; prefs/ is this desktop's UI state file;
// native/ reaches the platform window for what Fyne does not expose;
// desktop/ is the OS integration (tray, close to tray, single instance,
// launches with a link) — the one other place that hops onto the UI
// goroutine, because its events come from the OS, not from a screen.
package app

import (
	"context"
	"errors"
	"log"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"duplex/app/controller"
	"duplex/app/desktop"
	"duplex/app/desktop/single"
	"duplex/app/native"
	"duplex/app/notify"
	"duplex/app/prefs"
	"duplex/core/api"
	"duplex/resources"
)

// ID is the application id (reverse DNS), as in FyneApp.toml.
const ID = "im.duplex.desktop"

// Title is the window title (with the unread count appended: "Duplex (3)").
const Title = "Duplex"

// Launch is how this process was started; main fills it in.
type Launch struct {
	// Instance receives later launches over the same data directory (nil
	// when the single-instance endpoint could not be set up; main logs why).
	Instance *single.Instance
	// Links from the command line, opened once the first screen is up.
	Links []string
}

// Run opens the main window over client and blocks until the user quits.
// dataDir is where this desktop keeps its UI state.
func Run(client api.Client, dataDir string, launch Launch) {
	a := fyneapp.NewWithID(ID)
	icon := fyne.NewStaticResource("duplex.png", resources.IconPNG)
	a.SetIcon(icon)

	state, err := prefs.Load(dataDir)
	if err != nil {
		log.Printf("duplex: %v", err)
	}
	w := a.NewWindow(Title)
	w.SetIcon(icon)
	w.SetMaster()
	ctl := controller.New(a, client, dataDir, state, icon, notify.New("Duplex", resources.IconPNG))
	ctl.AttachWindow(w)
	w.SetContent(ctl.Content())
	w.Resize(fyne.NewSize(state.Window.Width, state.Window.Height))

	// Geometry is captured while the native window still exists: on close,
	// and whenever the app leaves the foreground — which Fyne also signals
	// when SIGINT/SIGTERM (a desktop session ending) makes it quit. Fyne owns
	// those signals; a handler of ours would race its shutdown.
	remember := func() {
		g := prefs.Window{Width: w.Canvas().Size().Width, Height: w.Canvas().Size().Height}
		var err error
		// No native window: Fyne is quitting and reports the foreground
		// lost after the window went; the close already saved the position.
		switch g.X, g.Y, err = native.Position(w); {
		case err == nil:
			g.HasPosition = true
		case errors.Is(err, native.ErrNoWindow):
			return
		case !errors.Is(err, native.ErrUnsupported):
			log.Printf("duplex: %v", err)
		}
		ctl.SetWindow(g)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := wireDesktop(ctx, a, w, ctl, client, launch)
	d.BeforeClose = remember
	// Added after the controller's own foreground hooks, never replacing them.
	desktop.AddLifecycleHooks(a.Lifecycle(), desktop.Hooks{
		ExitedForeground: func() {
			remember()
			d.Recount() // messages may have been read while focused
		},
		EnteredForeground: d.Recount,
		Started: func() {
			if p := state.Window; p.HasPosition {
				if err := native.Move(w, p.X, p.Y); err != nil && !errors.Is(err, native.ErrUnsupported) {
					log.Printf("duplex: %v", err)
				}
			}
		},
	})

	ctl.Load(func() { d.OpenLinks(launch.Links) })
	w.ShowAndRun()
	if launch.Instance != nil {
		launch.Instance.Close()
	}
}

// wireDesktop sets up the tray, close to tray, the unread count and
// launches handed over by later processes.
func wireDesktop(ctx context.Context, a fyne.App, w fyne.Window, ctl *controller.Controller, client api.Client, launch Launch) *unreadDesktop {
	d := &unreadDesktop{Integration: desktop.New(a, w, Title), changes: make(chan struct{}, 1)}
	// The controller shows New chat › Connect with the link and its plan, or
	// keeps it until the first-run or unlock page is done.
	d.OnLink = ctl.OpenLink
	d.SetCloseToTray(ctl.State().CloseToTray)
	ctl.Settings.Desktop.SetCloseToTray(d.CloseToTray())
	ctl.Settings.Desktop.OnCloseToTray = func(on bool) {
		d.SetCloseToTray(on)
		ctl.SetCloseToTray(on)
	}
	if launch.Instance != nil {
		launch.Instance.Serve(d.HandleLaunch)
	}
	go watchUnreadEvents(ctx, client, d.changes)
	go d.WatchUnread(ctx, d.changes, func(ctx context.Context) (int, error) { return countUnread(ctx, client) })
	return d
}

// unreadDesktop adds the recount trigger shared by core events and focus
// changes.
type unreadDesktop struct {
	*desktop.Integration
	changes chan struct{}
}

// Recount asks for a new unread count without blocking.
func (d *unreadDesktop) Recount() {
	select {
	case d.changes <- struct{}{}:
	default: // one is already pending
	}
}

// unreadEvents are the core events after which the unread count may differ.
// EvItemStatus is how the core announces items marked read: without it the
// count only followed a read chat on the next focus change, which never
// comes when no window manager runs (Xvfb) or the window simply stays in
// front.
var unreadEvents = api.EvNewItems.Mask() | api.EvItemUpdated.Mask() | api.EvItemStatus.Mask() | api.EvItemsDeleted.Mask() |
	api.EvContactDeleted.Mask() | api.EvContactUpdated.Mask() | api.EvProfilesChanged.Mask()

func watchUnreadEvents(ctx context.Context, client api.Client, changes chan<- struct{}) {
	evs, err := client.Watch(ctx, unreadEvents)
	if err != nil {
		log.Printf("duplex: watching for unread messages: %v", err)
		return
	}
	for range evs {
		select {
		case changes <- struct{}{}:
		default:
		}
	}
}

// countUnread sums unread messages over profiles and chats that are not
// muted: what the tray shows is what would have notified.
func countUnread(ctx context.Context, client api.Client) (int, error) {
	ps, err := client.Profiles(ctx)
	if errors.Is(err, api.ErrLocked) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range ps {
		if p.Muted {
			continue
		}
		chats, err := client.Chats(ctx, p.ID)
		if err != nil {
			return 0, err
		}
		for _, c := range chats {
			if !c.Contact.Muted {
				n += c.Unread
			}
		}
	}
	return n, nil
}
