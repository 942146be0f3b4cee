package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// KeyEntry is an Entry that reports the keys a messenger needs: Enter
// (without Shift) as OnEnter — in a multi-line composer Shift+Enter still
// inserts a newline —, Esc, ↑/↓ (when OnUp/OnDown are set) and the app's
// own shortcuts (Ctrl+K, Ctrl+N…), which a focused Entry would otherwise
// swallow.
type KeyEntry struct {
	widget.Entry
	shift bool

	OnEnter    func()
	OnEscape   func()
	OnUp       func()
	OnDown     func()
	OnShortcut func(s fyne.Shortcut) bool // true: handled
}

// NewKeyEntry makes a single-line (multiLine false) or multi-line entry.
func NewKeyEntry(multiLine bool) *KeyEntry {
	e := &KeyEntry{}
	e.MultiLine = multiLine
	if multiLine {
		e.Wrapping = fyne.TextWrapWord
	}
	e.ExtendBaseWidget(e)
	return e
}

// KeyDown tracks Shift (Fyne reports Return without modifiers).
func (e *KeyEntry) KeyDown(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Entry.KeyDown(k)
}

// KeyUp tracks Shift.
func (e *KeyEntry) KeyUp(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Entry.KeyUp(k)
}

// TypedKey routes Enter, Esc and arrows before the Entry sees them.
func (e *KeyEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if !e.shift && e.OnEnter != nil {
			e.OnEnter()
			return
		}
	case fyne.KeyEscape:
		if e.OnEscape != nil {
			e.OnEscape()
			return
		}
	case fyne.KeyUp:
		if e.OnUp != nil {
			e.OnUp()
			return
		}
	case fyne.KeyDown:
		if e.OnDown != nil {
			e.OnDown()
			return
		}
	}
	e.Entry.TypedKey(k)
}

// TypedShortcut gives the app's shortcuts a chance first.
func (e *KeyEntry) TypedShortcut(s fyne.Shortcut) {
	if _, ok := s.(*desktop.CustomShortcut); ok && e.OnShortcut != nil && e.OnShortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}
