package screens

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Notification preview modes as stored in the UI state (app/prefs) and
// understood by app/notify.
const (
	PreviewMessage = "message"
	PreviewName    = "name"
	PreviewHidden  = "hidden"
)

var previewChoices = []struct{ Label, Value string }{
	{"Name and message", PreviewMessage},
	{"Name only", PreviewName},
	{"Hidden", PreviewHidden},
}

// FontScales are the offered text sizes.
var FontScales = []float32{0.85, 1, 1.15, 1.3, 1.5}

// FontScaleLabel names a scale ("100%").
func FontScaleLabel(f float32) string { return fmt.Sprintf("%.0f%%", f*100) }

// PrefsSection holds privacy, notification and text-size choices.
type PrefsSection struct {
	LinkPreviews  *widget.Check
	ListPreviews  *widget.Check
	Notifications *widget.Check
	PreviewMode   *widget.RadioGroup
	FontScale     *widget.Select
	quiet         bool

	OnLinkPreviews  func(bool)
	OnListPreviews  func(bool)
	OnNotifications func(bool)
	OnPreviewMode   func(mode string)
	OnFontScale     func(float32)
}

func newPrefsSection() *PrefsSection {
	p := &PrefsSection{}
	call := func(f func(bool)) func(bool) {
		return func(on bool) {
			if !p.quiet && f != nil {
				f(on)
			}
		}
	}
	p.LinkPreviews = widget.NewCheck("Send link previews (fetches the page from this computer)", func(on bool) { call(p.OnLinkPreviews)(on) })
	p.ListPreviews = widget.NewCheck("Show message previews in the chat list", func(on bool) { call(p.OnListPreviews)(on) })
	p.Notifications = widget.NewCheck("Show notifications for new messages", func(on bool) { call(p.OnNotifications)(on) })
	labels := make([]string, len(previewChoices))
	for i, c := range previewChoices {
		labels[i] = c.Label
	}
	p.PreviewMode = widget.NewRadioGroup(labels, func(l string) {
		for _, c := range previewChoices {
			if c.Label == l && !p.quiet && p.OnPreviewMode != nil {
				p.OnPreviewMode(c.Value)
			}
		}
	})
	p.PreviewMode.Required = true
	scales := make([]string, len(FontScales))
	for i, f := range FontScales {
		scales[i] = FontScaleLabel(f)
	}
	p.FontScale = widget.NewSelect(scales, func(l string) {
		for _, f := range FontScales {
			if FontScaleLabel(f) == l && !p.quiet && p.OnFontScale != nil {
				p.OnFontScale(f)
			}
		}
	})
	return p
}

// Set shows stored values without calling the callbacks.
func (p *PrefsSection) Set(linkPreviews, listPreviews, notifications bool, mode string, scale float32) {
	p.quiet = true
	defer func() { p.quiet = false }()
	p.LinkPreviews.SetChecked(linkPreviews)
	p.ListPreviews.SetChecked(listPreviews)
	p.Notifications.SetChecked(notifications)
	for _, c := range previewChoices {
		if c.Value == mode {
			p.PreviewMode.SetSelected(c.Label)
		}
	}
	p.FontScale.SetSelected(FontScaleLabel(scale))
}

// SelectPreviewMode picks a mode as the user would.
func (p *PrefsSection) SelectPreviewMode(mode string) {
	for _, c := range previewChoices {
		if c.Value == mode {
			p.PreviewMode.SetSelected(c.Label)
		}
	}
}

func (p *PrefsSection) privacyCard() fyne.CanvasObject {
	return widget.NewCard("Privacy", "", container.NewVBox(p.LinkPreviews, p.ListPreviews))
}

func (p *PrefsSection) notifyBox() fyne.CanvasObject {
	return container.NewVBox(p.Notifications, widget.NewLabel("Notifications show:"), p.PreviewMode)
}

func (p *PrefsSection) textSizeRow() fyne.CanvasObject {
	return container.NewBorder(nil, nil, widget.NewLabel("Text size"), nil, p.FontScale)
}
