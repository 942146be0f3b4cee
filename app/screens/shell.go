package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Shell is the app frame: the sidebar on the left, one page at a time on the
// right.
type Shell struct {
	Root    fyne.CanvasObject
	Sidebar *Sidebar
	main    *fyne.Container
	page    fyne.CanvasObject
}

// NewShell builds the frame around a sidebar, showing first.
func NewShell(sidebar *Sidebar, first fyne.CanvasObject) *Shell {
	s := &Shell{Sidebar: sidebar, main: container.NewStack(first), page: first}
	split := container.NewHSplit(sidebar.Root, s.main)
	split.Offset = 0.3
	s.Root = split
	return s
}

// Show replaces the page in the main area.
func (s *Shell) Show(page fyne.CanvasObject) {
	s.page = page
	s.main.Objects = []fyne.CanvasObject{page}
	s.main.Refresh()
}

// Page is the page currently shown.
func (s *Shell) Page() fyne.CanvasObject { return s.page }

// Sidebar lists chats and leads to Settings.
type Sidebar struct {
	Root fyne.CanvasObject
	// Empty is shown while there are no chats.
	Empty *widget.Label
	// SettingsButton opens Settings via OnSettings.
	SettingsButton *widget.Button
	OnSettings     func()
	profile        *widget.Label
}

// EmptyChatsText is the sidebar's empty state.
const EmptyChatsText = "No chats yet — create a link or paste one"

// NewSidebar builds the sidebar in its empty state.
func NewSidebar() *Sidebar {
	s := &Sidebar{profile: widget.NewLabelWithStyle("Duplex", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	s.Empty = widget.NewLabelWithStyle(EmptyChatsText, fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	s.Empty.Wrapping = fyne.TextWrapWord
	s.SettingsButton = widget.NewButtonWithIcon("Settings", theme.SettingsIcon(), func() {
		if s.OnSettings != nil {
			s.OnSettings()
		}
	})
	header := container.NewBorder(nil, nil, nil, s.SettingsButton, s.profile)
	s.Root = container.NewBorder(container.NewPadded(header), nil, nil, nil,
		container.NewVBox(layout.NewSpacer(), s.Empty, layout.NewSpacer()))
	return s
}

// SetProfileName shows the active profile's name in the header, or the app
// name when there is no profile yet.
func (s *Sidebar) SetProfileName(name string) {
	if name == "" {
		name = "Duplex"
	}
	s.profile.SetText(name)
}
