package controller

import (
	"context"
	"errors"

	"fyne.io/fyne/v2/dialog"

	"duplex/app/screens"
	"duplex/app/widgets"
	"duplex/core/api"
)

// pageSize is how many items a chat loads at a time.
const pageSize = 50

func (c *Controller) wireChat() {
	v := c.Chat
	v.OnInfo = func() { c.ShowContactInfo(v.Contact.ID) }
	v.OnCopy = func(text string) { c.app.Clipboard().SetContent(text) }
	v.OnSend = c.send
	v.OnEdit = func(id api.ItemID, text string) {
		do(c, func(ctx context.Context) (api.ChatItem, error) { return c.client.Edit(ctx, id, text) }, func(it api.ChatItem, err error) {
			if err != nil {
				v.ShowNotice("Cannot edit: " + err.Error())
				return
			}
			v.Upsert([]api.ChatItem{it})
			v.ComposeDone()
			v.ShowNotice("")
		})
	}
	v.OnDelete = c.deleteItem
	v.OnReact = func(id api.ItemID, emoji string, on bool) {
		do(c, func(ctx context.Context) (api.ChatItem, error) { return c.client.React(ctx, id, emoji, on) }, func(it api.ChatItem, err error) {
			if err != nil {
				v.ShowNotice(err.Error())
				return
			}
			v.Upsert([]api.ChatItem{it})
		})
	}
	v.OnLoadOlder = func(before api.ItemID) {
		c.loadPage(api.Page{Before: before, Count: pageSize}, "older", v.Prepend)
	}
	v.OnHistory = func(id api.ItemID) {
		do(c, func(ctx context.Context) ([]api.ItemVersion, error) { return c.client.ItemHistory(ctx, id) },
			func(vs []api.ItemVersion, err error) {
				if err != nil {
					v.ShowNotice(err.Error())
					return
				}
				c.showInfo("Edit history", screens.HistoryText(vs))
			})
	}
	v.OnItemInfo = func(id api.ItemID) {
		if it, ok := v.Item(id); ok {
			c.showInfo("Message info", screens.InfoText(it))
		}
	}
	v.OnLoadNewer = func(after api.ItemID) {
		c.loadPage(api.Page{After: after, Count: pageSize}, "newer", v.Append)
	}
	v.OnJump = func(id api.ItemID) {
		cid := v.Contact.ID
		do(c, func(ctx context.Context) ([]api.ChatItem, error) {
			return c.client.Items(ctx, cid, api.Page{Around: id, Count: pageSize})
		}, func(items []api.ChatItem, err error) {
			if cid != c.chats.open {
				return
			}
			if err != nil || len(items) == 0 {
				v.ShowNotice("The original message is no longer here.")
				return
			}
			if _, ok := itemIn(items, id); !ok {
				v.ShowNotice("The original message is no longer here.")
				return
			}
			v.SetChatAround(v.Contact, items, id)
		})
	}
	v.OnLink = func(link string, kind widgets.LinkKind) {
		if kind != widgets.LinkNone {
			c.OpenLink(link)
			return
		}
		c.openURL(link)
	}
}

type chatPage struct {
	contact api.Contact
	items   []api.ChatItem
	middle  bool // items is the page around the first unread
}

// OpenChat shows a contact's chat: the newest page, the unread marker,
// the chat's draft; the chat is marked read.
func (c *Controller) OpenChat(id api.ContactID) {
	c.leaveChat()
	c.chats.open = id
	c.Sidebar.Select(id)
	first := api.ItemID(0)
	if s, ok := c.summary(id); ok {
		first = s.FirstUnread
	}
	do(c, func(ctx context.Context) (chatPage, error) {
		ct, err := c.client.Contact(ctx, id)
		if err != nil {
			return chatPage{}, err
		}
		items, err := c.client.Items(ctx, id, api.Page{Count: pageSize})
		if err != nil || first == 0 {
			return chatPage{contact: ct, items: items}, err
		}
		if _, ok := itemIn(items, first); ok || len(items) < pageSize {
			return chatPage{contact: ct, items: items}, nil
		}
		// More unread than a page: open at the first unread, as
		// messengers do, with the newer pages loading below it.
		around, err := c.client.Items(ctx, id, api.Page{Around: first, Count: pageSize})
		if _, ok := itemIn(around, first); err != nil || !ok {
			return chatPage{contact: ct, items: items}, nil // gone meanwhile: the newest page will do
		}
		return chatPage{contact: ct, items: around, middle: true}, nil
	}, func(p chatPage, err error) {
		if c.chats.open != id {
			return
		}
		if err != nil {
			c.chats.open = 0
			c.showError("Cannot open the chat", err)
			return
		}
		if p.middle {
			c.Chat.FirstUnread = first
			c.Chat.SetChatAround(p.contact, p.items, first)
		} else {
			c.Chat.SetChat(p.contact, p.items, first, len(p.items) == pageSize)
		}
		c.Chat.Composer.SetText(c.chats.drafts[id])
		c.Shell.Show(c.Chat.Root)
		c.focus(c.Chat.Composer)
		if c.chats.foreground && first != 0 {
			c.markRead(id)
		}
	})
}

// OpenChatAt opens a chat at one message (a search result): the page
// around it, scrolled to it.
func (c *Controller) OpenChatAt(id api.ContactID, item api.ItemID) {
	c.leaveChat()
	c.chats.open = id
	do(c, func(ctx context.Context) (chatPage, error) {
		ct, err := c.client.Contact(ctx, id)
		if err != nil {
			return chatPage{}, err
		}
		items, err := c.client.Items(ctx, id, api.Page{Around: item, Count: pageSize})
		return chatPage{contact: ct, items: items}, err
	}, func(p chatPage, err error) {
		if c.chats.open != id {
			return
		}
		if err != nil {
			c.chats.open = 0
			c.showError("Cannot open the chat", err)
			return
		}
		c.Shell.Show(c.Chat.Root)
		c.Chat.SetChatAround(p.contact, p.items, item)
		c.Chat.Composer.SetText(c.chats.drafts[id])
		if c.chatInFront() {
			c.markRead(id)
		}
	})
}

// leaveChat keeps the composer's text as the open chat's draft.
func (c *Controller) leaveChat() {
	if id := c.chats.open; id != 0 && c.Chat.Contact.ID == id && c.Chat.Editing == 0 {
		if t := c.Chat.Composer.Text; t != "" {
			c.chats.drafts[id] = t
		} else {
			delete(c.chats.drafts, id)
		}
	}
}

// closeChat forgets the open chat (profile switch, contact deleted).
func (c *Controller) closeChat() {
	c.leaveChat()
	c.chats.open = 0
	c.Chat.SetChat(api.Contact{}, nil, 0, false)
	if c.Shell.Page() == c.Chat.Root || c.Shell.Page() == c.Contact.Root {
		c.Shell.Show(c.Welcome.Root)
	}
}

// Draft is the kept draft of a chat.
func (c *Controller) Draft(id api.ContactID) string {
	if id == c.chats.open {
		return c.Chat.Composer.Text
	}
	return c.chats.drafts[id]
}

func (c *Controller) markRead(id api.ContactID) {
	do0(c, func(ctx context.Context) error { return c.client.MarkRead(ctx, id, 0) }, func(err error) {
		if err == nil {
			c.refreshChats()
		}
	})
}

func (c *Controller) send(text string, quote api.ItemID) {
	v := c.Chat
	id := v.Contact.ID
	v.SendButton.Disable()
	do(c, func(ctx context.Context) (api.ChatItem, error) {
		return c.client.Send(ctx, id, api.Compose{Text: text, QuoteID: quote})
	}, func(it api.ChatItem, err error) {
		v.SendButton.Enable()
		if id != c.chats.open {
			return
		}
		if err != nil {
			v.ShowNotice("Not sent: " + err.Error())
			return
		}
		delete(c.chats.drafts, id)
		v.ComposeDone()
		v.ShowNotice("")
		if v.HasNewer { // reading an older page: go to the newest, where the message is
			c.showNewest(id)
		} else {
			v.Upsert([]api.ChatItem{it})
			v.Scroll.ScrollToBottom()
		}
		c.refreshChats()
	})
}

func (c *Controller) deleteItem(id api.ItemID, mode api.DeleteMode) {
	v := c.Chat
	do(c, func(ctx context.Context) (api.ChatItem, error) {
		if err := c.client.DeleteItems(ctx, []api.ItemID{id}, mode); err != nil {
			return api.ChatItem{}, err
		}
		if mode == api.DeleteForMe {
			return api.ChatItem{}, api.ErrNoSuchItem
		}
		return c.client.Item(ctx, id) // for everyone: our copy stays, marked deleted
	}, func(it api.ChatItem, err error) {
		switch {
		case errors.Is(err, api.ErrNoSuchItem):
			v.Remove([]api.ItemID{id})
		case err != nil:
			v.ShowNotice("Cannot delete: " + err.Error())
			return
		default:
			v.Upsert([]api.ChatItem{it})
		}
		c.refreshChats()
	})
}

// showNewest reloads the open chat's newest page.
func (c *Controller) showNewest(id api.ContactID) {
	do(c, func(ctx context.Context) ([]api.ChatItem, error) {
		return c.client.Items(ctx, id, api.Page{Count: pageSize})
	},
		func(items []api.ChatItem, err error) {
			if id != c.chats.open {
				return
			}
			if err != nil {
				c.Chat.ShowNotice(err.Error())
				return
			}
			text := c.Chat.Composer.Text
			c.Chat.SetChat(c.Chat.Contact, items, 0, len(items) == pageSize)
			c.Chat.Composer.SetText(text)
		})
}

func itemIn(items []api.ChatItem, id api.ItemID) (api.ChatItem, bool) {
	for _, it := range items {
		if it.ID == id {
			return it, true
		}
	}
	return api.ChatItem{}, false
}

// showError shows an error in a dialog (or logs it without a window).
func (c *Controller) showError(title string, err error) {
	if c.window == nil {
		return
	}
	dialog.ShowError(errors.New(title+": "+err.Error()), c.window)
}

func (c *Controller) showInfo(title, text string) {
	if c.window != nil {
		dialog.ShowInformation(title, text, c.window)
	}
}

// loadPage fetches a page of the open chat off the UI goroutine and hands
// it to add (the view's Prepend or Append) with whether more may follow; a
// failure ends that direction's loading and says why. A page for a chat
// closed meanwhile is dropped.
func (c *Controller) loadPage(page api.Page, which string, add func(items []api.ChatItem, more bool)) {
	v := c.Chat
	cid := v.Contact.ID
	do(c, func(ctx context.Context) ([]api.ChatItem, error) {
		return c.client.Items(ctx, cid, page)
	}, func(items []api.ChatItem, err error) {
		if cid != c.chats.open {
			return
		}
		if err != nil {
			add(nil, true)
			v.ShowNotice("Cannot load " + which + " messages: " + err.Error())
			return
		}
		add(items, len(items) == page.Count)
	})
}
