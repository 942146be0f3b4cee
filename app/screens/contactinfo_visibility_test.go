package screens

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"duplex/core/api"
)

func TestVisibilityCard(t *testing.T) {
	test.NewTempApp(t)
	v := NewVisibility()
	x := api.ContactVisibility{
		Receive: []api.RelayView{{Host: "smp1.simplex.im", Operator: "SimpleX Chat"}},
		Send:    []api.RelayView{{Host: "smp1.own.example", Own: true}},
	}
	v.SetVisibility(x)
	want := "Your messages arrive at: smp1.simplex.im (SimpleX Chat)\nYou send to: smp1.own.example (your server)\nProxy: none yet (no message sent through a proxy since start)"
	if v.Lines.Text != want || v.Warnings.Visible() {
		t.Fatalf("lines %q, warnings shown %v", v.Lines.Text, v.Warnings.Visible())
	}
	x.Proxies = []api.RelayView{{Host: "smp2.flux.example", Operator: "Flux"}}
	x.Warnings = []string{"One operator holds both directions.", "Same proxy."}
	v.SetVisibility(x)
	if !strings.HasSuffix(v.Lines.Text, "Proxy: smp2.flux.example (Flux)") || !v.Warnings.Visible() || v.Warnings.Text != "⚠ One operator holds both directions.\n⚠ Same proxy." {
		t.Fatalf("lines %q, warnings %q", v.Lines.Text, v.Warnings.Text)
	}
	v.SetUnavailable("not connected")
	if v.Lines.Text != "not connected" || v.Warnings.Visible() {
		t.Fatal("unavailable still shows relays")
	}
}
