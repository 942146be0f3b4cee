package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"duplex/core/api"
)

// Visibility is the contact page's "who can see what" card: the relays
// (and their operators) that carry each direction of the conversation and
// the proxies that forwarded our messages, with the core's warnings.
type Visibility struct {
	Root     fyne.CanvasObject
	Lines    *widget.Label
	Warnings *widget.Label
}

// VisibilityHelp explains what the card means.
const VisibilityHelp = "Each relay sees only its part: the one your messages arrive at knows when you receive, the one you send to knows when your contact receives, and a proxy hides your IP address from the destination."

// NewVisibility builds the card (empty until SetVisibility).
func NewVisibility() *Visibility {
	v := &Visibility{Lines: widget.NewLabel(""), Warnings: widget.NewLabel("")}
	v.Lines.Wrapping = fyne.TextWrapWord
	v.Warnings.Wrapping = fyne.TextWrapWord
	v.Warnings.Importance = widget.DangerImportance
	v.Warnings.Hide()
	help := widget.NewLabel(VisibilityHelp)
	help.Wrapping = fyne.TextWrapWord
	v.Root = widget.NewCard("Who can see what", "", container.NewVBox(v.Lines, v.Warnings, help))
	return v
}

// VisibilityLines is the card's text for v, one line per role.
func VisibilityLines(v api.ContactVisibility) []string {
	join := func(rs []api.RelayView) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Label())
		}
		if len(out) == 0 {
			return "—"
		}
		return strings.Join(out, ", ")
	}
	proxies := join(v.Proxies)
	if len(v.Proxies) == 0 {
		proxies = "none yet (no message sent through a proxy since start)"
	}
	return []string{
		"Your messages arrive at: " + join(v.Receive),
		"You send to: " + join(v.Send),
		"Proxy: " + proxies,
	}
}

// SetVisibility shows the relays of a conversation.
func (v *Visibility) SetVisibility(x api.ContactVisibility) {
	v.Lines.SetText(strings.Join(VisibilityLines(x), "\n"))
	if len(x.Warnings) == 0 {
		v.Warnings.SetText("")
		v.Warnings.Hide()
		return
	}
	v.Warnings.SetText("⚠ " + strings.Join(x.Warnings, "\n⚠ "))
	v.Warnings.Show()
}

// SetUnavailable says why there is nothing to show (not connected yet, an
// error).
func (v *Visibility) SetUnavailable(why string) {
	v.Lines.SetText(why)
	v.Warnings.SetText("")
	v.Warnings.Hide()
}
