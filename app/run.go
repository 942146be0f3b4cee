// Package app is the Duplex desktop user interface (Fyne). It talks to the
// core only through core/api.Client, so the same UI drives an in-process core
// or, when paired, a phone or cloud profile.
//
// Layout: controller/ runs the flows and is the only caller of fyne.Do;
// screens/ draws; theme/ is the look; prefs/ is this desktop's UI state file;
// native/ reaches the platform window for what Fyne does not expose.
package app

import (
	"log"
	"os"
	"os/signal"
	"syscall"

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
	w.SetContent(ctl.Content())
	w.Resize(fyne.NewSize(state.Window.Width, state.Window.Height))

	// Geometry is captured while the window still exists: on close, and on
	// SIGINT/SIGTERM (a desktop session ending), never after teardown.
	remember := func() {
		g := prefs.Window{Width: w.Canvas().Size().Width, Height: w.Canvas().Size().Height}
		g.X, g.Y, g.HasPosition = native.Position(w)
		ctl.SetWindow(g)
	}
	w.SetCloseIntercept(func() {
		remember()
		w.Close()
	})
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		fyne.Do(func() {
			remember()
			a.Quit()
		})
	}()
	a.Lifecycle().SetOnStarted(func() {
		if p := state.Window; p.HasPosition {
			native.Move(w, p.X, p.Y)
		}
	})

	ctl.Load(nil)
	w.ShowAndRun()
}
