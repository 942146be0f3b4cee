package notify

import "duplex/app/prefs"

// HiddenTitle and HiddenBody are shown when previews are hidden: the
// notification says only that something arrived.
const (
	HiddenTitle = "Duplex"
	HiddenBody  = "New message"
)

// Message is the notification for a message from name saying text
// (already stripped of markdown), as the preview mode allows: name and
// text, name only, or neither. Unknown modes hide everything, the safe
// side.
func Message(mode, name, text string) (title, body string) {
	switch mode {
	case prefs.PreviewMessage:
		return name, text
	case prefs.PreviewName:
		return name, HiddenBody
	}
	return HiddenTitle, HiddenBody
}
