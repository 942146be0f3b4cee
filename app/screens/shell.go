package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	split.Offset = 0.32
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
