package controller

import (
	"context"
	"testing"

	"duplex/core/api"
)

func TestShouldNotify(t *testing.T) {
	active, quiet, other := api.Profile{Active: true, Muted: true}, api.Profile{Muted: true}, api.Profile{}
	for _, c := range []struct {
		name    string
		enabled bool
		p       api.Profile
		ct      api.Contact
		focus   bool
		want    bool
	}{
		{"plain", true, other, api.Contact{}, false, true},
		{"notifications off", false, other, api.Contact{}, false, false},
		{"chat in front", true, other, api.Contact{}, true, false},
		{"muted contact", true, other, api.Contact{Muted: true}, false, false},
		{"muted inactive profile", true, quiet, api.Contact{}, false, false},
		{"muted but active profile", true, active, api.Contact{}, false, true},
	} {
		if got := ShouldNotify(c.enabled, c.p, c.ct, c.focus); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestMuteProfileFromSettings(t *testing.T) {
	ctl, _, _ := newShell(t, &recordingNotifier{})
	test := func() bool {
		ps, err := ctl.client.Profiles(context.Background())
		return err == nil && len(ps) == 1 && ps[0].Muted
	}
	ctl.ShowSettings()
	ctl.Settings.Profiles.Rows[0].Mute.SetChecked(true)
	waitFor(t, "the profile muted", func() bool { return test() && ctl.Settings.Profiles.Rows[0].Mute.Checked })
}
