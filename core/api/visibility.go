package api

import "context"

// VisibilityClient answers "who can see what" for a conversation: which
// operators' relays carry each direction and which proxy relays forwarded
// our messages. SimpleX spreads a conversation across independent operators
// so that no single one holds both directions' metadata; this makes the
// actual choice visible (a Duplex addition, upstream has no such view).
type VisibilityClient interface {
	// ContactServers reports the relays of contact id's connection.
	// ErrNotReady before the connection has queues both ways.
	ContactServers(ctx context.Context, id ContactID) (ContactVisibility, error)
}

// RelayView is one relay as seen from a conversation.
type RelayView struct {
	Host string `json:"host"`
	// Operator is the operator's trade name; "" when no operator's domain
	// matches the host.
	Operator string `json:"operator,omitempty"`
	// Own: one of the user's own configured servers ("your servers").
	Own bool `json:"own,omitempty"`
}

// Label is how the relay is shown: "host (operator)".
func (r RelayView) Label() string {
	switch {
	case r.Operator != "":
		return r.Host + " (" + r.Operator + ")"
	case r.Own:
		return r.Host + " (your server)"
	}
	return r.Host + " (unknown operator)"
}

// ContactVisibility is who can see what of one conversation.
type ContactVisibility struct {
	ContactID ContactID `json:"contactId"`
	// Receive: relays of my receive queues. They see my address when I
	// fetch messages and when the contact's messages arrive (the contact's
	// address only when it does not route privately).
	Receive []RelayView `json:"receive"`
	// Send: relays of the contact's receive queues, where my messages go.
	Send []RelayView `json:"send"`
	// Proxies: relays that forwarded my messages recently (private
	// routing); they see my address, not the destination queue.
	Proxies []RelayView `json:"proxies,omitempty"`
	// SameOperator: one operator holds a queue of each direction.
	SameOperator bool `json:"sameOperator,omitempty"`
	// ProxyIsDestination: an operator is both the proxy and a destination
	// of my messages, so private routing hides nothing from it.
	ProxyIsDestination bool `json:"proxyIsDestination,omitempty"`
	// Warnings are the two conditions above as sentences for the user.
	Warnings []string `json:"warnings,omitempty"`
}
