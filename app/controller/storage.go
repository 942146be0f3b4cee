package controller

import (
	"context"
	"errors"
	"io"
	"path"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"duplex/app/screens"
	"duplex/core/api"
)

// kdfTimeout covers Argon2id (about 0.5 s) on a slow machine plus the rest.
const kdfTimeout = 2 * callTimeout

func (c *Controller) wireStorage() {
	c.FirstRun.OnSubmit = c.submitFirstRun
	c.FirstRun.OnPickAvatar = func() { c.pickPicture(c.useAvatar, c.FirstRun.Error) }
	c.Unlock.OnUnlock = c.unlock
	c.Settings.Database.OnSetPassphrase = c.setPassphrase
	c.Settings.Database.OnUseKeychain = func() { c.reprotect(api.ProtectionKeychain, "") }
	c.wireArchive() // storage_archive.go
}

// pickPicture opens Fyne's file dialog for a PNG or JPEG picture and hands
// its name and bytes to use; a read error shows in errLabel.
func (c *Controller) pickPicture(use func(name string, b []byte), errLabel *widget.Label) {
	if c.window == nil {
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		b, err := io.ReadAll(io.LimitReader(r, 20<<20))
		if err != nil {
			errLabel.SetText("Cannot read the picture: " + err.Error())
			return
		}
		use(path.Base(r.URI().Path()), b)
	}, c.window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg"}))
	d.Show()
}

// useAvatar keeps a chosen picture for the profile about to be created.
func (c *Controller) useAvatar(name string, b []byte) {
	c.avatar = b
	c.FirstRun.AvatarName.SetText(name)
}

// submitFirstRun creates the database (if there is none yet) and the first
// profile. The key derivation and the keychain run off the UI goroutine.
func (c *Controller) submitFirstRun(in screens.FirstRunInput) {
	f := c.FirstRun
	if in.DisplayName == "" {
		f.Error.SetText("Enter a display name: it is what your contacts see.")
		c.focus(f.DisplayName)
		return
	}
	needStorage := c.storage.Status == api.StorageNotCreated
	prot := api.ProtectionKeychain
	if needStorage && in.Passphrase {
		prot = api.ProtectionPassphrase
		switch {
		case in.Secret == "":
			f.Error.SetText("Enter a passphrase, or keep the key in the system keychain.")
			c.focus(f.Passphrase)
			return
		case in.Secret != in.Confirm:
			f.Error.SetText("The two passphrases differ.")
			c.focus(f.Confirm)
			return
		}
	}
	f.SetBusy(true)
	avatar := c.avatar
	c.pending.Add(1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), kdfTimeout)
		defer cancel()
		var err error
		if needStorage {
			err = c.client.CreateStorage(ctx, prot, in.Secret)
		}
		storageMade := needStorage && err == nil
		if err == nil {
			_, err = c.client.CreateProfile(ctx, api.NewProfile{DisplayName: in.DisplayName, FullName: in.FullName, Image: avatar})
		}
		var st api.StorageState
		if err == nil || storageMade {
			st, _ = c.client.Storage(ctx)
		}
		c.apply(func() {
			f.SetBusy(false)
			if storageMade {
				c.storage = st
				c.Settings.Database.SetProtection(st.Protection)
				f.ProfileOnly() // the protection is chosen; only the profile is left
			}
			switch {
			case errors.Is(err, api.ErrNoKeychain):
				f.Error.SetText(err.Error())
				f.Protection.SetSelected(screens.PassphraseChoice)
				c.focus(f.Passphrase)
			case err != nil:
				f.Error.SetText(err.Error())
				c.focus(f.DisplayName)
			default:
				c.avatar = nil
				c.applyStorage(st, nil)
			}
		})
	}()
}

// unlock tries a passphrase. A wrong one leaves everything as it was and
// the field focused.
func (c *Controller) unlock(pass string) {
	u := c.Unlock
	u.SetBusy(true)
	c.pending.Add(1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), kdfTimeout)
		defer cancel()
		err := c.client.Unlock(ctx, pass)
		var st api.StorageState
		if err == nil {
			st, err = c.client.Storage(ctx)
		}
		c.apply(func() {
			u.SetBusy(false)
			if err != nil {
				u.Error.SetText(err.Error())
				c.focus(u.Passphrase)
				return
			}
			u.Passphrase.SetText("")
			c.applyStorage(st, nil)
		})
	}()
}

func (c *Controller) setPassphrase(pass, confirm string) {
	d := c.Settings.Database
	switch {
	case pass == "":
		d.Status.SetText("Enter the new passphrase.")
		return
	case pass != confirm:
		d.Status.SetText("The two passphrases differ.")
		return
	}
	c.reprotect(api.ProtectionPassphrase, pass)
}

// reprotect re-keys the database in the background.
func (c *Controller) reprotect(p api.Protection, pass string) {
	d := c.Settings.Database
	d.SetBusy(true)
	c.pending.Add(1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), kdfTimeout)
		defer cancel()
		err := c.client.ChangeProtection(ctx, p, pass)
		st, stErr := c.client.Storage(ctx)
		c.apply(func() {
			d.SetBusy(false)
			if stErr == nil {
				c.storage = st
				d.SetProtection(st.Protection)
			}
			if err != nil {
				d.Status.SetText("Not changed: " + err.Error())
				return
			}
			d.NewPassphrase.SetText("")
			d.Confirm.SetText("")
			if p == api.ProtectionKeychain {
				d.Status.SetText("Done: the key is now in the system keychain.")
			} else {
				d.Status.SetText("Done: Duplex will ask for the new passphrase at start.")
			}
		})
	}()
}
