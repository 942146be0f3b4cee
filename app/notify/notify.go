// Package notify shows desktop notifications (D-Bus org.freedesktop.
// Notifications on Linux, toast on Windows, Notification Center on macOS)
// through beeep.
//
// Failures are returned, never swallowed: a desktop without a notification
// daemon is common on minimal Linux installs, and Settings tells the user why
// nothing appeared rather than pretending.
package notify

import (
	"fmt"

	"github.com/gen2brain/beeep"
)

// Notifier sends notifications on behalf of the app.
type Notifier struct {
	icon []byte // PNG
}

// New returns a notifier that attaches icon (PNG bytes) to notifications.
func New(appName string, icon []byte) *Notifier {
	beeep.AppName = appName
	return &Notifier{icon: icon}
}

// Notify shows one notification.
func (n *Notifier) Notify(title, body string) error {
	if err := beeep.Notify(title, body, n.icon); err != nil {
		return fmt.Errorf("notifications are unavailable on this desktop: %w", err)
	}
	return nil
}
