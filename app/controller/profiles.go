package controller

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"duplex/core/api"
)

func (c *Controller) wireProfiles() {
	p := c.Settings.Profiles
	p.OnSwitch = func(id api.ProfileID) {
		c.profileCall(func(ctx context.Context) error { return c.client.SetActiveProfile(ctx, id) })
	}
	p.OnRename = func(id api.ProfileID, name string) {
		c.profileCall(func(ctx context.Context) error {
			_, err := c.client.UpdateProfile(ctx, id, api.ProfileUpdate{DisplayName: &name})
			return err
		})
	}
	p.OnAdd = func(name string) {
		c.profileCall(func(ctx context.Context) error {
			_, err := c.client.CreateProfile(ctx, api.NewProfile{DisplayName: name})
			if err == nil {
				fyne.Do(func() { p.NewName.SetText("") })
			}
			return err
		})
	}
	p.OnDelete = c.confirmDelete
}

// confirmDelete asks before deleting: a profile's contacts and messages go
// with it.
func (c *Controller) confirmDelete(pr api.Profile) {
	del := func() {
		c.profileCall(func(ctx context.Context) error { return c.client.DeleteProfile(ctx, pr.ID) })
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

// profileCall runs a profile change off the UI goroutine, then reloads the
// profile views or shows the error in the Profiles section.
func (c *Controller) profileCall(f func(ctx context.Context) error) {
	c.Settings.Profiles.Error.SetText("")
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		if err := f(ctx); err != nil {
			fyne.Do(func() { c.Settings.Profiles.Error.SetText(err.Error()) })
			return
		}
		c.loadProfiles(nil)
	}()
}
