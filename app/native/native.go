// Package native reads and sets a window's screen position, which Fyne does
// not expose. It reaches the platform window through Fyne's NativeWindow
// hook: Xlib on X11, user32 on Windows. macOS and Wayland report no position
// (Wayland forbids clients to place windows); callers then keep only the size.
package native

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// Position returns the top-left corner of the window's frame in screen
// pixels, and false when the platform cannot tell. Call on the UI goroutine.
func Position(w fyne.Window) (x, y int, ok bool) {
	withContext(w, func(ctx any) { x, y, ok = position(ctx) })
	return
}

// Move places the window's frame at x, y in screen pixels; it reports
// whether the platform supports it. Call on the UI goroutine.
func Move(w fyne.Window, x, y int) (ok bool) {
	withContext(w, func(ctx any) { ok = move(ctx, x, y) })
	return
}

func withContext(w fyne.Window, fn func(ctx any)) {
	if nw, isNative := w.(driver.NativeWindow); isNative {
		nw.RunNative(fn)
	}
}
