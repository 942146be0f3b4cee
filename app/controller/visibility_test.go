package controller

import (
	"strings"
	"testing"
)

// The contact page shows which relays carry the conversation (one relay
// here: a single operator holds both directions, so the warning shows).
func TestContactInfoShowsRelays(t *testing.T) {
	_, alice, _ := connectedPeers(t)
	_, r, _ := alice.row("bob")
	alice.ctl.ShowContactInfo(r.Contact)
	v := alice.ctl.Contact.Servers
	waitFor(t, "the relays on the contact page", func() bool {
		return strings.Contains(v.Lines.Text, "Your messages arrive at: 127.0.0.1") && strings.Contains(v.Lines.Text, "You send to: 127.0.0.1")
	})
	if !v.Warnings.Visible() || !strings.Contains(v.Warnings.Text, "both directions") {
		t.Errorf("warnings %q (shown %v)", v.Warnings.Text, v.Warnings.Visible())
	}
}
