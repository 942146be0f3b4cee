// Package app is the Duplex desktop user interface (Fyne). It talks to the
// core only through core/api.Client, so the same UI drives an in-process core
// or, when paired, a phone or cloud profile.
//
// Layout: controller/ runs the flows and is the only caller of fyne.Do;
// screens/ draws; theme/ is the look; prefs/ is this desktop's UI state file;
// native/ reaches the platform window for what Fyne does not expose.
package app

import (
	"errors"
	"log"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"duplex/app/controller"
	"duplex/app/native"
	"duplex/app/notify"
	"duplex/app/prefs"
	"duplex/core/api"
	"duplex/resources"
)

// ID is the application id (reverse DNS), as in FyneApp.toml.
const ID = "im.duplex.desktop"

// Run opens the main window over client and blocks until the user quits.
// dataDir is where this desktop keeps its UI state.
func Run(client api.Client, dataDir string) {
	a := fyneapp.NewWithID(ID)
	icon := fyne.NewStaticResource("duplex.png", resources.IconPNG)
	a.SetIcon(icon)

	state, err := prefs.Load(dataDir)
	if err != nil {
		log.Printf("duplex: %v", err)
	}
	w := a.NewWindow("Duplex")
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
		if g.X, g.Y, err = native.Position(w); err == nil {
			g.HasPosition = true
		} else if !errors.Is(err, native.ErrUnsupported) {
			log.Printf("duplex: %v", err)
		}
		ctl.SetWindow(g)
	}
	w.SetCloseIntercept(func() {
		remember()
		w.Close()
	})
	a.Lifecycle().SetOnExitedForeground(remember)
	a.Lifecycle().SetOnStarted(func() {
		if p := state.Window; p.HasPosition {
			if err := native.Move(w, p.X, p.Y); err != nil && !errors.Is(err, native.ErrUnsupported) {
				log.Printf("duplex: %v", err)
			}
		}
	})

	ctl.Load(nil)
	w.ShowAndRun()
}
