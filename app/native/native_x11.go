//go:build linux && !android && !wayland && !ci

package native

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>
#include <X11/Xatom.h>

// Our own short-lived display connection: window ids are server-global, so
// we need no access to the toolkit's connection.
static int duplex_position(unsigned long win, int *x, int *y) {
	Display *d = XOpenDisplay(NULL);
	if (!d) return 0;
	Window child;
	int ok = XTranslateCoordinates(d, (Window)win, DefaultRootWindow(d), 0, 0, x, y, &child);
	// Report the frame corner, which is what XMoveWindow places, when the
	// window manager publishes its decoration sizes.
	Atom extents = XInternAtom(d, "_NET_FRAME_EXTENTS", True);
	if (ok && extents != None) {
		Atom type; int format; unsigned long n, after; unsigned char *data = NULL;
		if (XGetWindowProperty(d, (Window)win, extents, 0, 4, False, XA_CARDINAL,
				&type, &format, &n, &after, &data) == Success && data && format == 32 && n == 4) {
			long *e = (long *)data;
			*x -= (int)e[0];
			*y -= (int)e[2];
		}
		if (data) XFree(data);
	}
	XCloseDisplay(d);
	return ok;
}

static int duplex_move(unsigned long win, int x, int y) {
	Display *d = XOpenDisplay(NULL);
	if (!d) return 0;
	XMoveWindow(d, (Window)win, x, y);
	XSync(d, False);
	XCloseDisplay(d);
	return 1;
}
*/
import "C"

import "fyne.io/fyne/v2/driver"

func position(ctx any) (int, int, bool) {
	wc, ok := ctx.(driver.X11WindowContext)
	if !ok || wc.WindowHandle == 0 {
		return 0, 0, false
	}
	var x, y C.int
	if C.duplex_position(C.ulong(wc.WindowHandle), &x, &y) == 0 {
		return 0, 0, false
	}
	return int(x), int(y), true
}

func move(ctx any, x, y int) bool {
	wc, ok := ctx.(driver.X11WindowContext)
	if !ok || wc.WindowHandle == 0 {
		return false
	}
	return C.duplex_move(C.ulong(wc.WindowHandle), C.int(x), C.int(y)) != 0
}
