package controller

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"duplex/core/api"
)

// Settings › Server operators against a real core: a new install has
// SimpleX on with conditions to review and Flux off; enabling Flux opens
// the conditions sheet (cancel keeps it off, accept enables it); roles are
// saved; the review is accepted from the summary.
func TestOperatorsSettings(t *testing.T) {
	ctl, _, _ := newShell(t, &recordingNotifier{})
	bg := context.Background()
	test.Tap(ctl.Sidebar.SettingsButton)
	o := ctl.Settings.Operators
	waitFor(t, "the operators", func() bool { return len(o.Rows) == 2 || o.Error.Text != "" })
	if o.Error.Text != "" {
		t.Fatal(o.Error.Text)
	}
	sx, fx := o.Row("simplex"), o.Row("flux")
	if !sx.Enabled.Checked || fx.Enabled.Checked || !fx.SMPStorage.Disabled() || !fx.SMPProxy.Checked || fx.SMPStorage.Checked {
		t.Fatalf("rows: simplex %v, flux %v storage %v proxy %v", sx.Enabled.Checked, fx.Enabled.Checked, fx.SMPStorage.Checked, fx.SMPProxy.Checked)
	}
	if fx.State.Text != "Conditions not accepted" || !o.Accept.Visible() || !strings.Contains(o.Summary.Text, "SimpleX Chat") ||
		strings.Contains(o.Summary.Text, "automatically") || !strings.Contains(o.Summary.Text, "PRIVACY.md") {
		t.Fatalf("state %q, summary %q, accept shown %v", fx.State.Text, o.Summary.Text, o.Accept.Visible())
	}
	// Showing the review notice starts its deadline.
	waitFor(t, "the notice recorded", func() bool {
		info, err := ctl.client.Conditions(bg)
		return err == nil && !info.Current.NotifiedAt.IsZero()
	})

	// Enabling Flux: the sheet; Cancel leaves it off.
	fx.Enabled.SetChecked(true)
	waitFor(t, "the conditions sheet", func() bool { return o.Sheet.Visible() })
	if !strings.Contains(o.SheetText.Text, "Flux") || !strings.Contains(o.SheetText.Text, "InFlux Technologies Limited") {
		t.Fatalf("sheet: %q", o.SheetText.Text)
	}
	test.Tap(o.SheetCancel)
	if o.Sheet.Visible() || o.Row("flux").Enabled.Checked {
		t.Fatal("cancel did not close the sheet and uncheck Flux")
	}
	// Accept and enable.
	o.Row("flux").Enabled.SetChecked(true)
	waitFor(t, "the conditions sheet again", func() bool { return o.Sheet.Visible() })
	test.Tap(o.SheetAccept)
	waitFor(t, "Flux enabled", func() bool { r := o.Row("flux"); return r != nil && r.Enabled.Checked && !r.SMPStorage.Disabled() })
	if st := o.Row("flux").State.Text; !strings.HasPrefix(st, "Conditions accepted on ") {
		t.Fatalf("flux state %q", st)
	}

	// Roles: Flux stores queues too.
	o.Row("flux").SMPStorage.SetChecked(true)
	waitFor(t, "Flux storage role saved", func() bool {
		ops, err := ctl.client.Operators(bg, ctl.chats.profile)
		for _, op := range ops {
			if op.Tag == "flux" {
				return err == nil && op.SMP.Storage && op.Enabled
			}
		}
		return false
	})
	waitFor(t, "the row reloaded", func() bool { r := o.Row("flux"); return r != nil && r.SMPStorage.Checked })

	// A refused change: SimpleX off leaves no server for files (Flux has no
	// XFTP storage role): the reason is shown and SimpleX stays on.
	o.Row("simplex").Enabled.SetChecked(false)
	waitFor(t, "the refusal", func() bool { return strings.Contains(o.Error.Text, "SimpleX Chat") })
	waitFor(t, "SimpleX still on", func() bool { r := o.Row("simplex"); return r != nil && r.Enabled.Checked })

	// The summary's Accept accepts SimpleX's conditions under review.
	test.Tap(o.Accept)
	waitFor(t, "all accepted", func() bool {
		return !o.Accept.Visible() && strings.HasPrefix(o.Summary.Text, "Conditions of use accepted")
	})
}

func TestNetworkSettingsForm(t *testing.T) {
	ctl, _, _ := newShell(t, &recordingNotifier{})
	bg := context.Background()
	test.Tap(ctl.Sidebar.SettingsButton)
	n := ctl.Settings.Network
	waitFor(t, "the network form", func() bool { return n.Routing.Selected != "" })
	if n.SOCKS.Text != "" || n.Routing.Selected != "To unknown relays" || n.Fallback.Selected != "When IP address is protected" || n.Onion.Selected != "No" {
		t.Fatalf("defaults: %q %q %q %q", n.SOCKS.Text, n.Routing.Selected, n.Fallback.Selected, n.Onion.Selected)
	}
	test.Type(n.SOCKS, "localhost")
	if n.SOCKS.Validate() == nil {
		t.Fatal("entry accepts a proxy without a port")
	}
	test.Tap(n.Save)
	if !strings.Contains(n.Error.Text, "host:port") {
		t.Fatalf("error %q", n.Error.Text)
	}
	n.SOCKS.SetText("127.0.0.1:9050")
	n.Onion.SetSelected("Required")
	n.Routing.SetSelected("Always")
	n.Fallback.SetSelected("No")
	test.Tap(n.Save)
	want := api.NetworkConfig{SOCKSProxy: "127.0.0.1:9050", SOCKSIsolate: true, OnionHosts: api.OnionRequired, PrivateRouting: api.RoutingAlways, RoutingFallback: api.FallbackProhibit}
	waitFor(t, "the settings saved", func() bool { cfg, err := ctl.client.Network(bg); return err == nil && cfg == want })
	waitFor(t, "saved shown", func() bool { return n.Status.Text == "Saved." })

	// Onion hosts required without a proxy: the core's reason, nothing saved.
	n.SOCKS.SetText("")
	test.Tap(n.Save)
	if !strings.Contains(n.Error.Text, "needs a SOCKS proxy") {
		t.Fatalf("error %q", n.Error.Text)
	}
	if cfg, _ := ctl.client.Network(bg); cfg != want {
		t.Fatalf("refused settings saved: %+v", cfg)
	}
}
