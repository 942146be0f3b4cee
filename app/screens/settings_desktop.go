package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// DesktopSection holds the desktop-integration settings (tray behaviour).
type DesktopSection struct {
	Root        fyne.CanvasObject
	CloseToTray *widget.Check

	// OnCloseToTray reports the user turning "close to tray" on or off.
	OnCloseToTray func(on bool)
}

func newDesktopSection() *DesktopSection {
	d := &DesktopSection{}
	d.CloseToTray = widget.NewCheck("Keep running in the system tray when the window is closed", func(on bool) {
		if d.OnCloseToTray != nil {
			d.OnCloseToTray(on)
		}
	})
	hint := widget.NewLabel("Duplex then keeps receiving messages; open it again from the tray or the launcher. Quit from the tray menu or with Ctrl+Q.")
	hint.Wrapping = fyne.TextWrapWord
	d.Root = widget.NewCard("Desktop", "", container.NewVBox(d.CloseToTray, hint))
	return d
}

// SetCloseToTray shows the setting without calling OnCloseToTray.
func (d *DesktopSection) SetCloseToTray(on bool) {
	cb := d.OnCloseToTray
	d.OnCloseToTray = nil
	d.CloseToTray.SetChecked(on)
	d.OnCloseToTray = cb
}

// desktopCard builds the section on first use and returns its card; it is
// how the Settings page lists it.
func (s *Settings) desktopCard() fyne.CanvasObject {
	if s.Desktop == nil {
		s.Desktop = newDesktopSection()
	}
	return s.Desktop.Root
}
