package screens

import (
	"fmt"
	"strings"

	"duplex/core/api"
)

// InfoText is a message's Info: when it was sent and stored, where it
// stands, and — for our own messages — how it travelled: through a proxy
// relay (private routing: the contact's relay never sees our address) or
// directly to the contact's relay.
func InfoText(it api.ChatItem) string {
	const layout = "2 Jan 2006 15:04:05"
	var b strings.Builder
	line := func(k, v string) { fmt.Fprintf(&b, "%s: %s\n", k, v) }
	if it.Sent {
		line("Sent", it.Time.Local().Format(layout))
	} else {
		line("Sent", it.Time.Local().Format(layout)+" (the relay's time)")
		line("Received", it.CreatedAt.Local().Format(layout))
	}
	status := it.Status.String()
	if it.Status == api.StatusError && it.StatusErr != "" {
		status += " — " + it.StatusErr
	}
	line("Status", status)
	if it.Sent {
		switch {
		case it.Via != "":
			line("Route", "private routing via the relay "+it.Via+" (the contact's relay did not see your IP address)")
		case it.Status == api.StatusSending:
			line("Route", "not sent yet")
		default:
			line("Route", "sent directly to the contact's relay")
		}
	}
	if it.Edited {
		line("Edited", "yes (Edit history lists the versions)")
	}
	if it.Deleted {
		line("Deleted", "for everyone")
	}
	if !it.DisappearAt.IsZero() {
		line("Disappears", it.DisappearAt.Local().Format(layout))
	}
	return strings.TrimRight(b.String(), "\n")
}
