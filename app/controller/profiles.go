package controller

import (
	"context"

	"fyne.io/fyne/v2/dialog"

	"duplex/core/api"
)

func (c *Controller) wireProfiles() {
	p := c.Settings.Profiles
	p.OnSwitch = func(id api.ProfileID) {
		c.profileCall(func(ctx context.Context) error { return c.client.SetActiveProfile(ctx, id) }, nil)
	}
	p.OnSave = func(id api.ProfileID, u api.ProfileUpdate) {
		c.profileCall(func(ctx context.Context) error {
			_, err := c.client.UpdateProfile(ctx, id, u)
			return err
		}, nil)
	}
	p.OnPickPicture = func(set func(string, []byte)) {
		c.pickPicture(set, c.Settings.Profiles.Error)
	}
	p.OnAdd = func(name string) {
		c.profileCall(func(ctx context.Context) error {
			_, err := c.client.CreateProfile(ctx, api.NewProfile{DisplayName: name})
			return err
		}, func() { p.NewName.SetText("") })
	}
	p.OnDelete = c.confirmDelete
	// A muted profile stays quiet unless it is the active one (ShouldNotify).
	p.OnMute = func(id api.ProfileID, muted bool) {
		c.profileCall(func(ctx context.Context) error { return c.client.MuteProfile(ctx, id, muted) }, nil)
	}
}

// confirmDelete asks before deleting: a profile's contacts and messages go
// with it.
func (c *Controller) confirmDelete(pr api.Profile) {
	del := func() {
		c.profileCall(func(ctx context.Context) error { return c.client.DeleteProfile(ctx, pr.ID) }, nil)
	}
	if c.window == nil {
		return
	}
	d := dialog.NewConfirm("Delete profile "+pr.DisplayName+"?",
		"Its contacts and messages are deleted from this device. This cannot be undone.",
		func(ok bool) {
			if ok {
				del()
			}
		}, c.window)
	d.SetConfirmText("Delete")
	d.SetDismissText("Cancel")
	d.Show()
}

// profileCall runs a profile change off the UI goroutine, then runs ok (if
// any) and reloads the profile views, or shows the error in Profiles.
func (c *Controller) profileCall(f func(ctx context.Context) error, ok func()) {
	c.Settings.Profiles.Error.SetText("")
	c.pending.Add(1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		if err := f(ctx); err != nil {
			c.apply(func() { c.Settings.Profiles.Error.SetText(err.Error()) })
			return
		}
		c.apply(func() {
			if ok != nil {
				ok()
			}
			c.loadProfiles(nil) // counted before this call is marked done
		})
	}()
}
