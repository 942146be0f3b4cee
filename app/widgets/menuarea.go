package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// menuArea wraps content and reports a right click (secondary tap), the
// desktop way to open a message's menu; the "⋯" button does the same for
// touchpads and discoverability.
type menuArea struct {
	widget.BaseWidget
	content fyne.CanvasObject
	onMenu  func()
}

func newMenuArea(content fyne.CanvasObject, onMenu func()) *menuArea {
	m := &menuArea{content: content, onMenu: onMenu}
	m.ExtendBaseWidget(m)
	return m
}

// TappedSecondary implements fyne.SecondaryTappable.
func (m *menuArea) TappedSecondary(*fyne.PointEvent) {
	if m.onMenu != nil {
		m.onMenu()
	}
}

// CreateRenderer implements fyne.Widget.
func (m *menuArea) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(m.content) }
