// Package desktop is Duplex's integration with the desktop around its
// window: the system tray, "close to tray", the unread count in the tray
// menu and window title, and launches handed over by a second process
// (see single/ for how the second process finds the first).
//
// # Who does what
//
//   - Integration is created by app.Run over the main window. With a Fyne
//     driver that has a tray (desktop.App) it installs the tray menu —
//     "Open Duplex", the unread count (disabled label), Quit — and makes a
//     left click on the tray icon show the window. Under the test driver
//     there is no tray; the same menu is built and tests drive it directly.
//   - The window's close intercept is CloseRequested: it lets the app save
//     its geometry (BeforeClose), then hides the window when "close to
//     tray" is on (off by default; the app keeps it in its UI state file,
//     app/prefs, because Fyne rewrites its own preferences file in place
//     at every quit), else closes it, which quits (it is the master window).
//   - HandleLaunch runs on the single-instance goroutine; WatchUnread on its
//     own goroutine calls the count function (which asks the core) off the
//     UI goroutine. Both hop onto the UI goroutine with fyne.Do: they are
//     the OS-side counterpart of app/controller, whose flows start from
//     screens rather than from the OS.
//
// This package imports neither the core nor net/crypto/db: app.Run supplies
// the unread count as a function and the link flow as OnLink.
//
// # Why a hidden window needs no tray to come back
//
// On Linux the tray is a StatusNotifierItem on the D-Bus session bus, and
// a desktop without a tray host shows nothing. Hiding is still safe there:
// launching Duplex again reaches this process through single/, which shows
// and focuses the window.
package desktop
