package controller

import (
	"context"
	"time"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"duplex/app/screens"
	"duplex/core/api"
)

func (c *Controller) wireContact() {
	v := c.Contact
	v.OnBack = func() {
		c.ShowChats() // back to the open chat, if any
	}
	v.OnAlias = func(alias string) {
		id := v.Contact.ID
		do(c, func(ctx context.Context) (api.Contact, error) { return c.client.SetContactAlias(ctx, id, alias) }, c.contactChanged)
	}
	v.OnMute = func(muted bool) {
		id := v.Contact.ID
		do(c, func(ctx context.Context) (api.Contact, error) {
			if err := c.client.MuteContact(ctx, id, muted); err != nil {
				return api.Contact{}, err
			}
			return c.client.Contact(ctx, id)
		}, c.contactChanged)
	}
	v.OnDisappear = func(ttl time.Duration) {
		id := v.Contact.ID
		do(c, func(ctx context.Context) (api.Contact, error) { return c.client.SetDisappearing(ctx, id, ttl) }, c.contactChanged)
	}
	v.OnVerify = func(code string) {
		id := v.Contact.ID
		do(c, func(ctx context.Context) (bool, error) { return c.client.VerifyContact(ctx, id, code) }, func(ok bool, err error) {
			switch {
			case err != nil:
				v.CodeResult.SetText(err.Error())
			case code == "":
				v.CodeResult.SetText("")
			case ok:
				v.CodeResult.SetText(screens.CodeMatchText)
				v.CodeResult.Importance = widget.SuccessImportance
			default:
				v.CodeResult.SetText(screens.CodeMismatchText)
				v.CodeResult.Importance = widget.DangerImportance
			}
			v.CodeResult.Refresh()
			do(c, func(ctx context.Context) (api.Contact, error) { return c.client.Contact(ctx, id) }, c.contactChanged)
		})
	}
	v.OnClearChat = func() {
		id := v.Contact.ID
		c.confirm("Clear chat?", "All messages of this chat are deleted from this device. The contact stays.", "Clear", func() { c.ClearChat(id) })
	}
	v.OnDelete = func() {
		ct := v.Contact
		if c.window == nil {
			return
		}
		tell := widget.NewCheck("Tell "+ct.Name()+" (their copy of the chat is kept)", nil)
		tell.Checked = true
		d := dialog.NewCustomConfirm("Delete "+ct.Name()+"?", "Delete", "Cancel", tell, func(ok bool) {
			if ok {
				c.DeleteContact(ct.ID, tell.Checked)
			}
		}, c.window)
		d.Show()
	}
}

// ShowContactInfo opens a contact's info page and loads its security code.
func (c *Controller) ShowContactInfo(id api.ContactID) {
	c.leaveChat()
	do(c, func(ctx context.Context) (api.Contact, error) { return c.client.Contact(ctx, id) }, func(ct api.Contact, err error) {
		if err != nil {
			c.showError("Cannot show the contact", err)
			return
		}
		c.Contact.SetContact(ct)
		c.Shell.Show(c.Contact.Root)
		c.loadCode(id)
		c.loadVisibility(id)
	})
}

// loadCode fetches the connection's security code for the info page.
func (c *Controller) loadCode(id api.ContactID) {
	if c.Contact.Contact.ID != id || !c.Contact.Contact.Ready {
		return
	}
	do(c, func(ctx context.Context) (string, error) { return c.client.SecurityCode(ctx, id) }, func(code string, err error) {
		if c.Contact.Contact.ID != id {
			return
		}
		if err != nil {
			c.Contact.Code.SetText("Cannot show the code: " + err.Error())
			return
		}
		c.Contact.SetCode(code)
	})
}

// contactChanged shows an updated contact everywhere it appears.
func (c *Controller) contactChanged(ct api.Contact, err error) {
	if err != nil {
		c.Contact.Error.SetText(err.Error())
		return
	}
	if c.Contact.Contact.ID == ct.ID {
		c.Contact.SetContact(ct)
	}
	if c.chats.open == ct.ID {
		c.Chat.SetContact(ct)
	}
	c.refreshChats()
}

// ClearChat deletes a chat's messages here (after the user confirmed).
func (c *Controller) ClearChat(id api.ContactID) {
	do0(c, func(ctx context.Context) error { return c.client.ClearChat(ctx, id) }, func(err error) {
		if err != nil {
			c.Contact.Error.SetText(err.Error())
			return
		}
		if c.chats.open == id {
			c.Chat.SetChat(c.Chat.Contact, nil, 0, false)
		}
		c.refreshChats()
	})
}

// DeleteContact deletes a contact (after the user confirmed); notify tells
// the contact.
func (c *Controller) DeleteContact(id api.ContactID, notify bool) {
	do0(c, func(ctx context.Context) error { return c.client.DeleteContact(ctx, id, notify) }, func(err error) {
		if err != nil {
			c.Contact.Error.SetText(err.Error())
			return
		}
		delete(c.chats.drafts, id)
		if c.chats.open == id {
			c.closeChat()
		}
		c.Shell.Show(c.Welcome.Root)
		c.refreshChats()
	})
}
