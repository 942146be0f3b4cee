package controller

// Settings › Server operators and Network: the controller side of
// screens/settings_operators.go. Every change goes to the core and the
// section is then reloaded from it, so what is shown is what the core
// kept (a refused change shows its reason and the old state). Showing the
// review notice in Settings counts as notifying the user of new
// conditions (SetConditionsNotified): the review deadline counts from then.

import (
	"context"
	"errors"

	"duplex/core/api"
)

func (c *Controller) wireOperators() {
	o := c.Settings.Operators
	o.OnChange = func(id api.OperatorID, enabled bool, roles api.OperatorRoles) {
		pid := c.chats.profile
		do(c, func(ctx context.Context) (api.Operator, error) {
			return c.client.SetOperator(ctx, pid, id, enabled, roles)
		},
			func(_ api.Operator, err error) {
				var na *api.ConditionsNotAcceptedError
				if errors.As(err, &na) && len(na.Operators) > 0 {
					o.Error.SetText("")
					o.ShowSheet(na.Operators[0], roles)
					return
				}
				c.operatorsDone(err)
			})
	}
	o.OnAccept = func(cond api.ConditionsID, ops []api.OperatorID, then func()) {
		do0(c, func(ctx context.Context) error { return c.client.AcceptConditions(ctx, cond, ops...) }, func(err error) {
			if err == nil && then != nil {
				then()
				return
			}
			c.operatorsDone(err)
		})
	}
	n := c.Settings.Network
	n.OnSave = func(cfg api.NetworkConfig) {
		n.Status.SetText("Saving… relay connections are re-made with the new settings.")
		do0(c, func(ctx context.Context) error { return c.client.SetNetwork(ctx, cfg) }, func(err error) {
			if err != nil {
				n.Status.SetText("")
				n.Error.SetText(err.Error())
				return
			}
			n.Error.SetText("")
			n.Status.SetText("Saved.")
			c.loadNetwork()
		})
	}
}

// operatorsDone shows the outcome of an operator change and reloads the
// operators and the relay list (whose roles follow the operators).
func (c *Controller) operatorsDone(err error) {
	if err != nil {
		c.Settings.Operators.Error.SetText(err.Error())
	} else {
		c.Settings.Operators.Error.SetText("")
	}
	c.loadOperators()
	c.loadServers()
}

// loadOperators fills the operators and network sections.
func (c *Controller) loadOperators() {
	o := c.Settings.Operators
	do(c, c.client.Conditions, func(info api.ConditionsInfo, err error) {
		if err != nil {
			o.Error.SetText("Cannot list operators: " + err.Error())
			return
		}
		o.SetConditions(info)
		if info.Action == api.ActionReview && info.Current.NotifiedAt.IsZero() {
			id := info.Current.ID
			do0(c, func(ctx context.Context) error { return c.client.SetConditionsNotified(ctx, id) }, func(error) {})
		}
	})
	c.loadNetwork()
}

func (c *Controller) loadNetwork() {
	n := c.Settings.Network
	do(c, c.client.Network, func(cfg api.NetworkConfig, err error) {
		if err != nil {
			n.Error.SetText("Cannot read network settings: " + err.Error())
			return
		}
		n.SetNetwork(cfg)
	})
}
