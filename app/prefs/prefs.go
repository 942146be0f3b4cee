// Package prefs keeps the desktop's own UI state — window geometry, theme,
// notification and desktop choices — in a small JSON file in the data directory.
//
// It is deliberately not part of the core: when the desktop drives a phone
// profile over remote control, the window and theme are still this machine's.
// The file is replaced atomically (write temp, fsync, rename), so a crash
// never leaves a half-written file; an unreadable file falls back to defaults
// because nothing in it is worth refusing to start over.
package prefs

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// FileName is the UI state file inside the data directory.
const FileName = "ui-state.json"

// Theme choices. Stored as strings so the file stays readable.
const (
	ThemeSystem = "system"
	ThemeLight  = "light"
	ThemeDark   = "dark"
)

// Window is a remembered window geometry. Width/Height are in Fyne units
// (device independent); X/Y in screen pixels of the top-left frame corner,
// valid only when HasPosition is set (not every platform can report it).
type Window struct {
	Width       float32 `json:"width"`
	Height      float32 `json:"height"`
	X           int     `json:"x"`
	Y           int     `json:"y"`
	HasPosition bool    `json:"hasPosition"`
}

// Notification preview modes: what a notification shows.
const (
	PreviewMessage = "message" // contact name and message text
	PreviewName    = "name"    // contact name only
	PreviewHidden  = "hidden"  // neither: "New message"
)

// State is everything remembered between runs.
type State struct {
	Theme  string `json:"theme"`
	Window Window `json:"window"`
	// Notifications on/off and what they show.
	Notifications bool   `json:"notifications"`
	NotifyPreview string `json:"notifyPreview"`
	// LinkPreviews: fetch and send link previews (off by default: fetching
	// a page tells its server our IP address). ListPreviews: show message
	// text in the chat list.
	LinkPreviews bool `json:"linkPreviews"`
	ListPreviews bool `json:"listPreviews"`
	// FontScale multiplies text sizes (0.75–2).
	FontScale float32 `json:"fontScale"`
	// CloseToTray: closing the window hides it to the system tray.
	CloseToTray bool `json:"closeToTray"`
}

// Defaults are used on first run and when the file is unreadable; fields
// missing from an older file keep these values.
func Defaults() State {
	return State{Theme: ThemeSystem, Window: Window{Width: 960, Height: 640},
		Notifications: true, NotifyPreview: PreviewMessage, ListPreviews: true, FontScale: 1}
}

// Load reads the state from dir. A missing file yields Defaults with a nil
// error; a malformed one yields Defaults and an error saying why, which the
// caller logs.
func Load(dir string) (State, error) {
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if os.IsNotExist(err) {
		return Defaults(), nil
	}
	if err != nil {
		return Defaults(), err
	}
	s := Defaults()
	if err := json.Unmarshal(b, &s); err != nil {
		return Defaults(), fmt.Errorf("%s is malformed, using defaults: %w", FileName, err)
	}
	return s.sanitized(), nil
}

// sanitized clamps values a hand-edited or foreign file might carry.
func (s State) sanitized() State {
	switch s.Theme {
	case ThemeSystem, ThemeLight, ThemeDark:
	default:
		s.Theme = ThemeSystem
	}
	switch s.NotifyPreview {
	case PreviewMessage, PreviewName, PreviewHidden:
	default:
		s.NotifyPreview = PreviewMessage
	}
	if !(s.FontScale >= 0.75 && s.FontScale <= 2) { // also catches NaN
		s.FontScale = 1
	}
	d := Defaults().Window
	if s.Window.Width < 320 || s.Window.Height < 240 || s.Window.Width > 16384 || s.Window.Height > 16384 {
		s.Window.Width, s.Window.Height = d.Width, d.Height
	}
	if s.Window.X < -16384 || s.Window.Y < -16384 || s.Window.X > 16384 || s.Window.Y > 16384 {
		s.Window.HasPosition = false
	}
	return s
}

// Save replaces the state file in dir atomically.
func Save(dir string, s State) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, FileName+".*.tmp")
	if err != nil {
		return fmt.Errorf("saving UI state: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("saving UI state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("saving UI state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("saving UI state: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, FileName)); err != nil {
		return fmt.Errorf("saving UI state: %w", err)
	}
	return nil
}
