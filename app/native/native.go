// Package native reads and sets a window's screen position, which Fyne does
// not expose. It reaches the platform window through Fyne's NativeWindow
// hook: Xlib on X11, user32 on Windows. macOS and Wayland report no position
// (Wayland forbids clients to place windows); callers then keep only the size.
package native

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// ErrUnsupported means the platform gives no access to window positions.
var ErrUnsupported = errors.New("window position is not available on this platform")

// ErrNoWindow means the toolkit has no native window (not shown yet, or
// already closing).
var ErrNoWindow = errors.New("window position: no native window")

// Position returns the top-left corner of the window's frame in screen
// pixels. Call on the UI goroutine.
func Position(w fyne.Window) (x, y int, err error) {
	err = ErrUnsupported
	withContext(w, func(ctx any) { x, y, err = position(ctx) })
	return
}

// Move places the window's frame at x, y in screen pixels. Call on the UI
// goroutine.
func Move(w fyne.Window, x, y int) (err error) {
	err = ErrUnsupported
	withContext(w, func(ctx any) { err = move(ctx, x, y) })
	return
}

func withContext(w fyne.Window, fn func(ctx any)) {
	if nw, isNative := w.(driver.NativeWindow); isNative {
		nw.RunNative(fn)
	}
}
