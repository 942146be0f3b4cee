package controller

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"

	"fyne.io/fyne/v2"

	"duplex/app/notify"
	"duplex/app/screens"
	"duplex/app/widgets"
	"duplex/core/api"
)

// chatState is what the controller knows about the active profile's chats.
// It is touched only on the UI goroutine.
type chatState struct {
	profile  api.ProfileID
	profiles []api.Profile
	unread   map[api.ProfileID]int
	chats    []api.ChatSummary
	pending  []api.PendingConnection
	requests []api.ContactRequest
	open     api.ContactID // the chat shown (0: none)
	drafts   map[api.ContactID]string
	// refreshing / again coalesce chat list reloads: events come in bursts.
	refreshing, again bool
	watching          bool
	foreground        bool
	link              string // a link to open once the shell is up
	down              map[string]bool
}

func newChatState() chatState {
	return chatState{unread: map[api.ProfileID]int{}, drafts: map[api.ContactID]string{}, foreground: true, down: map[string]bool{}}
}

// do runs f off the UI goroutine (bounded by callTimeout), then then on it.
func do[T any](c *Controller, f func(ctx context.Context) (T, error), then func(T, error)) {
	c.pending.Add(1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		v, err := f(ctx)
		c.apply(func() { then(v, err) })
	}()
}

// do0 is do for calls without a result.
func do0(c *Controller, f func(ctx context.Context) error, then func(error)) {
	do(c, func(ctx context.Context) (struct{}, error) { return struct{}{}, f(ctx) }, func(_ struct{}, err error) { then(err) })
}

func (c *Controller) wireChatList() {
	s := c.Sidebar
	s.OnNewChat = func() { c.ShowNewChat(screens.TabLink) }
	// The link entry forwards Ctrl+K / Ctrl+N like the other entries.
	c.NewChat.Connect.LinkEntry.OnShortcut = c.HandleShortcut
	s.OnConnectLink = func(link string) {
		s.Search.SetText("")
		c.OpenLink(link)
	}
	s.OnProfile = func(id api.ProfileID) {
		if id == c.chats.profile {
			return
		}
		c.profileCall(func(ctx context.Context) error { return c.client.SetActiveProfile(ctx, id) }, nil)
	}
	s.OnSearch = c.searchMessages
	s.OnOpen = func(r screens.ChatRow) {
		switch r.Kind {
		case screens.RowChat:
			c.OpenChat(r.Contact)
		case screens.RowMessage:
			c.OpenChatAt(r.Contact, r.Item)
		case screens.RowRequest:
			c.ShowNewChat(screens.TabRequests)
		case screens.RowPending:
			c.showPending(r.Pending)
		}
	}
	c.app.Lifecycle().SetOnEnteredForeground(func() { c.SetForeground(true) })
	c.app.Lifecycle().SetOnExitedForeground(func() { c.SetForeground(false) })
}

// setProfiles records the profiles; a change of active profile closes the
// open chat and reloads the list. UI goroutine.
func (c *Controller) setProfiles(ps []api.Profile) {
	c.chats.profiles = ps
	for _, p := range ps {
		if p.Active {
			if p.ID != c.chats.profile {
				c.chats.profile = p.ID
				c.closeChat()
				c.Sidebar.Search.SetText("")
				c.NewChat.Link.Show(nil)
			}
			c.Sidebar.SetProfileName(p.DisplayName)
		}
	}
	c.Sidebar.SetProfiles(ps, c.chats.unread)
	c.refreshChats()
}

// profile returns the active profile.
func (c *Controller) profile() api.Profile {
	for _, p := range c.chats.profiles {
		if p.ID == c.chats.profile {
			return p
		}
	}
	return api.Profile{}
}

type chatLists struct {
	chats    []api.ChatSummary
	pending  []api.PendingConnection
	requests []api.ContactRequest
	unread   map[api.ProfileID]int
}

// refreshChats reloads the chat list, pending connections, requests and
// every profile's unread count. Concurrent requests collapse into one
// follow-up reload. UI goroutine.
func (c *Controller) refreshChats() {
	if c.chats.profile == 0 {
		return
	}
	if c.chats.refreshing {
		c.chats.again = true
		return
	}
	c.chats.refreshing = true
	pid, profiles := c.chats.profile, c.chats.profiles
	do(c, func(ctx context.Context) (chatLists, error) {
		var l chatLists
		var err error
		if l.chats, err = c.client.Chats(ctx, pid); err != nil {
			return l, err
		}
		if l.pending, err = c.client.PendingConnections(ctx, pid); err != nil {
			return l, err
		}
		if l.requests, err = c.client.ContactRequests(ctx, pid); err != nil {
			return l, err
		}
		l.unread = map[api.ProfileID]int{}
		for _, p := range profiles {
			chats := l.chats
			if p.ID != pid {
				if chats, err = c.client.Chats(ctx, p.ID); err != nil {
					continue // a count is not worth failing the list for
				}
			}
			for _, ch := range chats {
				l.unread[p.ID] += ch.Unread
			}
		}
		return l, nil
	}, func(l chatLists, err error) {
		c.chats.refreshing = false
		if err != nil {
			if !errors.Is(err, api.ErrLocked) {
				log.Printf("duplex: loading chats: %v", err)
			}
		} else if pid == c.chats.profile {
			c.chats.chats, c.chats.pending, c.chats.requests, c.chats.unread = l.chats, l.pending, l.requests, l.unread
			c.Sidebar.SetRows(screens.RowsFrom(l.chats, l.pending, l.requests, c.state.ListPreviews))
			if c.chats.open != 0 {
				c.Sidebar.Select(c.chats.open)
			}
			c.Sidebar.SetProfiles(c.chats.profiles, l.unread)
			c.NewChat.Requests.SetRequests(l.requests)
		}
		if c.chats.again {
			c.chats.again = false
			c.refreshChats()
		}
	})
}

// searchLimit bounds the messages a search lists.
const searchLimit = 30

// searchMessages finds messages in every chat of the profile (SimpleX
// desktop searches one chat at a time; users asked for this).
func (c *Controller) searchMessages(q string) {
	if q == "" {
		return
	}
	pid := c.chats.profile
	do(c, func(ctx context.Context) ([]api.ChatItem, error) { return c.client.Search(ctx, pid, 0, q, searchLimit) },
		func(found []api.ChatItem, err error) {
			if err != nil {
				log.Printf("duplex: search: %v", err)
				return
			}
			if pid == c.chats.profile {
				c.Sidebar.SetFound(q, screens.MessageRows(found, c.chats.chats))
			}
		})
}

// summary finds a chat of the active profile in the last loaded list.
func (c *Controller) summary(id api.ContactID) (api.ChatSummary, bool) {
	for _, s := range c.chats.chats {
		if s.Contact.ID == id {
			return s, true
		}
	}
	return api.ChatSummary{}, false
}

// startWatching subscribes to core events once the shell is up; each
// event is applied on the UI goroutine in order.
func (c *Controller) startWatching() {
	if c.chats.watching {
		return
	}
	c.chats.watching = true
	evs, err := c.client.Watch(context.Background(), api.AllEvents)
	if err != nil {
		log.Printf("duplex: watching core events: %v", err)
		return
	}
	go func() {
		for ev := range evs {
			c.pending.Add(1)
			c.apply(func() { c.onEvent(ev) })
		}
	}()
	if l := c.chats.link; l != "" {
		c.chats.link = ""
		c.OpenLink(l)
	}
}

// onEvent applies one core event. UI goroutine.
func (c *Controller) onEvent(ev api.Event) {
	open := c.chats.open
	switch ev.Type {
	case api.EvNewItems:
		if ev.ProfileID == 0 || ev.ProfileID == c.chats.profile {
			c.Chat.Upsert(ev.Items)
		}
		var fresh []api.ChatItem
		for _, it := range ev.Items {
			if !it.Sent && it.Kind != api.KindEvent {
				fresh = append(fresh, it)
			}
			if it.ContactID == open && !it.Sent && c.chatInFront() {
				c.markRead(open)
			}
		}
		c.notifyItems(fresh)
		c.refreshChats()
	case api.EvItemUpdated, api.EvItemStatus:
		c.Chat.Upsert(ev.Items)
		c.refreshChats()
	case api.EvItemsDeleted:
		if ev.ContactID == open || ev.ContactID == 0 {
			c.Chat.Remove(ev.ItemIDs)
		}
		c.refreshChats()
	case api.EvContactConnected, api.EvContactUpdated:
		if ev.Contact != nil {
			if ev.Contact.ID == open {
				c.Chat.SetContact(*ev.Contact)
			}
			if ev.Contact.ID == c.Contact.Contact.ID {
				c.Contact.SetContact(*ev.Contact)
				c.loadCode(ev.Contact.ID)
			}
		}
		c.refreshChats()
	case api.EvContactDeleted:
		switch {
		case ev.Contact != nil && ev.Contact.ID == open: // they deleted us: the chat stays, read-only
			c.Chat.SetContact(*ev.Contact)
			c.Chat.ShowNotice(ev.Contact.Name() + " deleted this contact: messages can no longer be sent.")
		case ev.ContactID == open:
			c.closeChat()
			c.Shell.Show(c.Welcome.Root)
		}
		c.refreshChats()
	case api.EvPendingUpdated:
		if p := c.NewChat.Link.Pending; p != nil && ev.Pending != nil && ev.Pending.ID == p.ID && ev.Deleted {
			c.NewChat.Link.Status.SetText("The link was used: your new contact appears in the chat list.")
		}
		c.refreshChats()
	case api.EvContactRequest:
		if ev.Request != nil {
			c.notifyRequest(*ev.Request)
		}
		c.refreshChats()
	case api.EvProfilesChanged:
		c.loadProfiles(nil)
	case api.EvServerStatus:
		if ev.Up {
			delete(c.chats.down, ev.Server)
		} else if ev.Server != "" {
			c.chats.down[ev.Server] = true
		}
		var hosts []string
		for srv := range c.chats.down {
			hosts = append(hosts, screens.ServerHost(srv))
		}
		sort.Strings(hosts)
		c.Sidebar.SetRelaysDown(hosts)
	case api.EvError:
		if ev.Err != "" && open != 0 {
			c.Chat.ShowNotice(ev.Err)
		}
		log.Printf("duplex: core: %s", ev.Err)
	}
}

// chatInFront reports whether the user is looking at the open chat: the
// chat page shown in a window that is in front.
func (c *Controller) chatInFront() bool {
	return c.chats.open != 0 && c.chats.foreground && c.Screen() == c.Shell.Root && c.Shell.Page() == c.Chat.Root
}

// ShouldNotify decides whether a message notifies: notifications on, the
// profile not muted (a muted profile is quiet unless it is the active
// one), the contact not muted, and the chat not the one in front of the
// user.
func ShouldNotify(enabled bool, p api.Profile, ct api.Contact, chatInFocus bool) bool {
	if !enabled || ct.Muted || chatInFocus {
		return false
	}
	return !p.Muted || p.Active
}

// notifyItems notifies about received items: one notification per chat
// and event (a burst after being offline is one line per contact, not one
// per message), looking up each contact's mute state off the UI
// goroutine. UI goroutine.
func (c *Controller) notifyItems(items []api.ChatItem) {
	if len(items) == 0 || !c.state.Notifications {
		return
	}
	profiles := c.chats.profiles
	focus := api.ContactID(0)
	if c.chatInFront() {
		focus = c.chats.open
	}
	mode := c.state.NotifyPreview
	var order []api.ContactID
	last := map[api.ContactID]api.ChatItem{}
	count := map[api.ContactID]int{}
	for _, it := range items {
		if _, seen := last[it.ContactID]; !seen {
			order = append(order, it.ContactID)
		}
		last[it.ContactID] = it
		count[it.ContactID]++
	}
	c.pending.Add(1)
	go func() {
		defer c.apply(func() {})
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		for _, id := range order {
			ct, err := c.client.Contact(ctx, id)
			if err != nil {
				continue
			}
			var p api.Profile
			for _, x := range profiles {
				if x.ID == ct.ProfileID {
					p = x
				}
			}
			if !ShouldNotify(true, p, ct, id == focus) {
				continue
			}
			text := widgets.PlainText(last[id].Text)
			if n := count[id]; n > 1 {
				text = fmt.Sprintf("%s (%d new messages)", text, n)
			}
			title, body := notify.Message(mode, ct.Name(), text)
			if err := c.notify.Notify(title, body); err != nil {
				log.Printf("duplex: %v", err)
				return
			}
		}
	}()
}

func (c *Controller) notifyRequest(r api.ContactRequest) {
	if !c.state.Notifications {
		return
	}
	title, body := notify.Message(c.state.NotifyPreview, r.DisplayName, "wants to connect with you")
	go func() {
		if err := c.notify.Notify(title, body); err != nil {
			log.Printf("duplex: %v", err)
		}
	}()
}

// HandleShortcut runs the app's keyboard shortcuts: Ctrl+K focuses the
// search box, Ctrl+N opens New chat.
func (c *Controller) HandleShortcut(s fyne.Shortcut) bool {
	switch s.ShortcutName() {
	case shortcutSearch.ShortcutName():
		if c.Screen() == c.Shell.Root {
			c.focus(c.Sidebar.Search)
		}
		return true
	case shortcutNew.ShortcutName():
		if c.Screen() == c.Shell.Root {
			c.ShowNewChat(screens.TabLink)
		}
		return true
	}
	return false
}
