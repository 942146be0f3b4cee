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
	if (!d) return -1;
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
	if (!d) return -1;
	XMoveWindow(d, (Window)win, x, y);
	XSync(d, False);
	XCloseDisplay(d);
	return 1;
}
*/
import "C"

import (
	"errors"

	"fyne.io/fyne/v2/driver"
)

var (
	errDisplay   = errors.New("window position: cannot open the X display")
	errTranslate = errors.New("window position: X server could not translate coordinates")
)

func handle(ctx any) (C.ulong, error) {
	wc, ok := ctx.(driver.X11WindowContext)
	if !ok {
		return 0, ErrUnsupported
	}
	if wc.WindowHandle == 0 {
		return 0, ErrNoWindow
	}
	return C.ulong(wc.WindowHandle), nil
}

func position(ctx any) (int, int, error) {
	h, err := handle(ctx)
	if err != nil {
		return 0, 0, err
	}
	var x, y C.int
	switch C.duplex_position(h, &x, &y) {
	case -1:
		return 0, 0, errDisplay
	case 0:
		return 0, 0, errTranslate
	}
	return int(x), int(y), nil
}

func move(ctx any, x, y int) error {
	h, err := handle(ctx)
	if err != nil {
		return err
	}
	if C.duplex_move(h, C.int(x), C.int(y)) < 0 {
		return errDisplay
	}
	return nil
}
