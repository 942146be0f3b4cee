package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Welcome is the main area while no chat is open.
type Welcome struct {
	Root   fyne.CanvasObject
	status *widget.Label
}

// NewWelcome builds the page around the app icon.
func NewWelcome(icon fyne.Resource) *Welcome {
	img := canvas.NewImageFromResource(icon)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(96, 96))
	title := widget.NewLabelWithStyle("Duplex", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	sub := widget.NewLabelWithStyle("Private messaging on the SimpleX network — no user identifiers.",
		fyne.TextAlignCenter, fyne.TextStyle{})
	w := &Welcome{status: widget.NewLabelWithStyle("Starting…", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})}
	w.Root = container.NewCenter(container.NewVBox(img, title, sub, w.status))
	return w
}

// SetStatus shows a line under the title (core version, or a startup error).
func (w *Welcome) SetStatus(s string) { w.status.SetText(s) }

// Status is the line under the title.
func (w *Welcome) Status() string { return w.status.Text }
