package controller

import (
	"context"

	"duplex/core/api"
)

// loadVisibility fills the contact page's "who can see what" card.
func (c *Controller) loadVisibility(id api.ContactID) {
	if c.Contact.Contact.ID != id || !c.Contact.Contact.Ready {
		c.Contact.Servers.SetUnavailable("Shown once the contact is connected.")
		return
	}
	do(c, func(ctx context.Context) (api.ContactVisibility, error) { return c.client.ContactServers(ctx, id) }, func(v api.ContactVisibility, err error) {
		if c.Contact.Contact.ID != id {
			return
		}
		if err != nil {
			c.Contact.Servers.SetUnavailable("Cannot show the relays: " + err.Error())
			return
		}
		c.Contact.Servers.SetVisibility(v)
	})
}
