package screens

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"duplex/core/api"
)

func TestAcceptanceAndSummaryText(t *testing.T) {
	d := time.Date(2027, 2, 15, 12, 0, 0, 0, time.Local)
	cases := map[string]api.ConditionsAcceptance{
		"Conditions not accepted":                     {},
		"Conditions accepted on 15 Feb 2027":          {State: api.ConditionsAccepted, AcceptedAt: d},
		"Conditions accepted automatically on 15 Feb": {State: api.ConditionsAccepted, AcceptedAt: d, Auto: true},
		"Conditions accepted":                         {State: api.ConditionsAccepted},
		"accepted automatically on 15 Feb 2027":       {State: api.ConditionsDeadline, Deadline: d},
	}
	for want, a := range cases {
		if got := AcceptanceText(a); !strings.Contains(got, want) {
			t.Errorf("%+v: %q, want %q", a, got, want)
		}
	}
	ops := []api.Operator{{ID: 1, Name: "SimpleX Chat"}, {ID: 2, Name: "Flux"}}
	url := "https://example/PRIVACY.md"
	review := api.ConditionsInfo{Action: api.ActionReview, Review: []api.OperatorID{2}, Operators: ops, Current: api.Conditions{TextURL: url}}
	if s := SummaryText(review); !strings.HasPrefix(s, "Review and accept the conditions of use of Flux") || !strings.Contains(s, url) {
		t.Errorf("review now: %q", s)
	}
	review.Deadline = d
	if s := SummaryText(review); !strings.Contains(s, "Flux: they are accepted automatically on 15 Feb 2027") {
		t.Errorf("review by deadline: %q", s)
	}
	if s := SummaryText(api.ConditionsInfo{}); !strings.Contains(s, "only your own servers") {
		t.Errorf("none: %q", s)
	}
}

// The form shows a configuration and reads the same one back.
func TestNetworkSectionRoundTrip(t *testing.T) {
	test.NewTempApp(t)
	n := newNetworkSection()
	for _, cfg := range []api.NetworkConfig{
		api.DefaultNetwork(),
		{SOCKSProxy: "127.0.0.1:9050", SOCKSIsolate: true, OnionHosts: api.OnionRequired, PrivateRouting: api.RoutingNever, RoutingFallback: api.FallbackAllow},
		{SOCKSProxy: "[::1]:9150", OnionHosts: api.OnionPrefer, PrivateRouting: api.RoutingUnprotected, RoutingFallback: api.FallbackProhibit},
	} {
		n.SetNetwork(cfg)
		got, err := n.Config()
		if err != nil || got != cfg {
			t.Errorf("%+v → %+v %v", cfg, got, err)
		}
	}
	var saved *api.NetworkConfig
	n.OnSave = func(c api.NetworkConfig) { saved = &c }
	n.SetNetwork(api.DefaultNetwork())
	n.Onion.SetSelected("Required")
	test.Tap(n.Save)
	if saved != nil || !strings.Contains(n.Error.Text, "SOCKS proxy") {
		t.Fatalf("saved %+v, error %q", saved, n.Error.Text)
	}
}
