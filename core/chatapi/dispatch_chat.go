package chatapi

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"duplex/core/api"
	"duplex/core/chat/protocol"
)

var errGroups = cmdErr("Duplex has direct chats only: groups, note folders and support chats are not supported")

// directChat resolves a "@id" ChatRef to its contact and profile.
func (h *Handler) directChat(ctx context.Context, r ChatRef) (api.Contact, api.Profile, error) {
	if r.Type != ChatDirect || r.Support {
		return api.Contact{}, api.Profile{}, errGroups
	}
	ct, err := h.Client.Contact(ctx, api.ContactID(r.ID))
	if err != nil {
		return api.Contact{}, api.Profile{}, notFound(err, "contactNotFound", "contactId", r.ID)
	}
	u, err := h.user(ctx, int64(ct.ProfileID))
	return ct, u, err
}

// itemIn fetches an item and checks it belongs to the contact's chat.
func (h *Handler) itemIn(ctx context.Context, ct api.Contact, id int64) (api.ChatItem, error) {
	it, err := h.Client.Item(ctx, api.ItemID(id))
	if err == nil && it.ContactID != ct.ID {
		err = api.ErrNoSuchItem
	}
	if err != nil {
		return api.ChatItem{}, notFound(err, "chatItemNotFound", "itemId", id)
	}
	return it, nil
}

func (h *Handler) now() time.Time { return time.Now() }

func (h *Handler) getChats(ctx context.Context, cmd APIGetChats) (Response, error) {
	u, err := h.user(ctx, cmd.UserID)
	if err != nil {
		return nil, err
	}
	chats, err := h.Client.Chats(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	keep, err := chatFilter(cmd.Query)
	if err != nil {
		return nil, err
	}
	r := &APIChats{User: UserFromAPI(u), Chats: make([]AChat, 0, len(chats))}
	for _, s := range chats {
		if !keep(s) {
			continue
		}
		if p := cmd.Page; p != nil && p.Kind != PageLast && s.Last != nil {
			t := s.Last.Time
			if (p.Kind == PageAfter && !t.After(p.Time)) || (p.Kind == PageBefore && !t.Before(p.Time)) {
				continue
			}
		}
		ch := AChat{ChatInfo: DirectChat(s.Contact), ChatItems: []ChatItem{}, ChatStats: StatsFromAPI(s)}
		if s.Last != nil {
			ch.ChatItems = append(ch.ChatItems, ItemFromAPI(*s.Last))
		}
		r.Chats = append(r.Chats, ch)
	}
	if isOn(cmd.PendingConnections) {
		pcs, err := h.Client.PendingConnections(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		for _, p := range pcs {
			r.Chats = append(r.Chats, AChat{ChatInfo: PendingChat(p), ChatItems: []ChatItem{}})
		}
	}
	n := int64(5000)
	if cmd.Page != nil {
		n = cmd.Page.Count
	}
	if int64(len(r.Chats)) > n {
		r.Chats = r.Chats[:max(n, 0)]
	}
	return r, nil
}

// chatFilter reads upstream's ChatListQuery: {"type":"filters",
// "favorite":…,"unread":…} or {"type":"search","search":"…"} (contact
// names, case-insensitive). Duplex has no favourites: favorite=true
// matches nothing.
func chatFilter(q json.RawMessage) (func(api.ChatSummary) bool, error) {
	all := func(api.ChatSummary) bool { return true }
	if q == nil {
		return all, nil
	}
	var f struct {
		Type     string `json:"type"`
		Favorite bool   `json:"favorite"`
		Unread   bool   `json:"unread"`
		Search   string `json:"search"`
	}
	if err := json.Unmarshal(q, &f); err != nil {
		return nil, cmdErr("invalid ChatListQuery: " + err.Error())
	}
	switch f.Type {
	case "filters":
		return func(s api.ChatSummary) bool { return !f.Favorite && (!f.Unread || s.Unread > 0) }, nil
	case "search":
		needle := strings.ToLower(f.Search)
		return func(s api.ChatSummary) bool {
			return strings.Contains(strings.ToLower(s.Contact.Name()), needle) ||
				strings.Contains(strings.ToLower(s.Contact.FullName), needle)
		}, nil
	}
	return nil, cmdErr(`ChatListQuery type must be "filters" or "search"`)
}

func (h *Handler) getChat(ctx context.Context, cmd APIGetChat) (Response, error) {
	ct, u, err := h.directChat(ctx, cmd.Chat)
	if err != nil {
		return nil, err
	}
	count := int(min(max(cmd.Page.Count, 0), 10000))
	var items []api.ChatItem
	switch {
	case cmd.ContentTag != "" && cmd.ContentTag != "text":
		// Duplex stores no media items: a content filter for them is empty.
	case cmd.HasSearch:
		items, err = h.Client.Search(ctx, u.ID, ct.ID, cmd.Search, count)
		slices.Reverse(items) // Search is newest first; chats are oldest first
	default:
		page := api.Page{Count: count}
		switch cmd.Page.Kind {
		case PageAfter:
			page.After = api.ItemID(cmd.Page.Item)
		case PageBefore:
			page.Before = api.ItemID(cmd.Page.Item)
		case PageAround:
			page.Around = api.ItemID(cmd.Page.Item)
		}
		if count > 0 {
			items, err = h.Client.Items(ctx, ct.ID, page)
		}
	}
	if err != nil {
		return nil, err
	}
	ch := AChat{ChatInfo: DirectChat(ct), ChatItems: make([]ChatItem, 0, len(items))}
	for _, it := range items {
		ch.ChatItems = append(ch.ChatItems, ItemFromAPI(it))
		if !it.Sent && it.Status == api.StatusReceived {
			ch.ChatStats.UnreadCount++
			if ch.ChatStats.MinUnreadItemID == 0 {
				ch.ChatStats.MinUnreadItemID = int64(it.ID)
			}
		}
	}
	return &APIChat{User: UserFromAPI(u), Chat: ch}, nil
}

// composeOf turns an API MsgContent into what the core sends. Duplex
// sends text and links (with their preview); files need XFTP, not here yet.
func composeOf(raw json.RawMessage) (api.Compose, error) {
	mc, err := DecodeMsgContent(raw)
	if err != nil {
		return api.Compose{}, cmdErr("invalid msgContent: " + err.Error())
	}
	switch mc.Type {
	case protocol.ContentText:
		return api.Compose{Text: mc.Text}, nil
	case protocol.ContentLink:
		m := api.Compose{Text: mc.Text}
		if p := mc.Preview; p != nil {
			m.LinkPreview = &api.LinkPreview{URI: p.URI, Title: p.Title, Description: p.Description, Image: p.Image}
		}
		return m, nil
	}
	return api.Compose{}, cmdErr("Duplex sends text and link messages only, not " + mc.Type)
}

func (h *Handler) send(ctx context.Context, cmd APISendMessages) (Response, error) {
	ct, u, err := h.directChat(ctx, cmd.Send)
	if err != nil {
		return nil, err
	}
	var msgs []api.Compose
	if cmd.Mode == SendText {
		msgs = []api.Compose{{Text: cmd.Text}}
	} else {
		var cms []ComposedMessage
		if err := json.Unmarshal(cmd.Messages, &cms); err != nil {
			return nil, cmdErr("invalid ComposedMessage array: " + err.Error())
		}
		if len(cms) == 0 {
			return nil, cmdErr("no messages to send")
		}
		for _, cm := range cms {
			if len(cm.FileSource) > 0 && string(cm.FileSource) != "null" {
				return nil, cmdErr("Duplex cannot send files yet")
			}
			m, err := composeOf(cm.MsgContent)
			if err != nil {
				return nil, err
			}
			if cm.QuotedItemID != nil {
				m.QuoteID = api.ItemID(*cm.QuotedItemID)
			}
			msgs = append(msgs, m)
		}
	}
	r := &NewChatItems{User: UserFromAPI(u), ChatItems: []AChatItem{}}
	info := DirectChat(ct)
	for _, m := range msgs {
		it, err := h.Client.Send(ctx, ct.ID, m)
		if err != nil {
			if len(r.ChatItems) > 0 {
				// earlier messages are already queued: report them, not the failure.
				break
			}
			if errors.Is(err, api.ErrNotReady) {
				return nil, &APIError{Tag: "contactNotReady", Err: err, Fields: Extra{"contact": rawJSON(ContactFromAPI(ct))}}
			}
			return nil, err
		}
		r.ChatItems = append(r.ChatItems, AChatItem{ChatInfo: info, ChatItem: ItemFromAPI(it)})
	}
	return r, nil
}

func (h *Handler) update(ctx context.Context, cmd APIUpdateChatItem) (Response, error) {
	ct, u, err := h.directChat(ctx, cmd.Chat)
	if err != nil {
		return nil, err
	}
	if _, err := h.itemIn(ctx, ct, cmd.ItemID); err != nil {
		return nil, err
	}
	text := cmd.Text
	if cmd.Mode != SendText {
		var um UpdatedMessage
		if err := json.Unmarshal(cmd.Updated, &um); err != nil {
			return nil, cmdErr("invalid UpdatedMessage: " + err.Error())
		}
		m, err := composeOf(um.MsgContent)
		if err != nil {
			return nil, err
		}
		text = m.Text
	}
	it, err := h.Client.Edit(ctx, api.ItemID(cmd.ItemID), text)
	if err != nil {
		return nil, err
	}
	return &ChatItemUpdated{User: UserFromAPI(u), ChatItem: AChatItem{ChatInfo: DirectChat(ct), ChatItem: ItemFromAPI(it)}}, nil
}

func (h *Handler) deleteItems(ctx context.Context, cmd APIDeleteChatItem) (Response, error) {
	ct, u, err := h.directChat(ctx, cmd.Chat)
	if err != nil {
		return nil, err
	}
	var mode api.DeleteMode
	switch cmd.Mode {
	case "broadcast":
		mode = api.DeleteForEveryone
	case "internal", "internalMark":
		// Duplex has no "marked deleted for me": both remove the item here.
		mode = api.DeleteForMe
	default:
		return nil, cmdErr("delete mode " + cmd.Mode + " is not supported")
	}
	before := make([]api.ChatItem, 0, len(cmd.ItemIDs))
	ids := make([]api.ItemID, 0, len(cmd.ItemIDs))
	for _, id := range cmd.ItemIDs {
		it, err := h.itemIn(ctx, ct, id)
		if err != nil {
			return nil, err
		}
		before = append(before, it)
		ids = append(ids, it.ID)
	}
	if err := h.Client.DeleteItems(ctx, ids, mode); err != nil {
		return nil, err
	}
	info := DirectChat(ct)
	r := &ChatItemsDeleted{User: UserFromAPI(u), ByUser: true, ChatItemDeletions: []ChatItemDeletion{}}
	for _, it := range before {
		d := ChatItemDeletion{DeletedChatItem: AChatItem{ChatInfo: info, ChatItem: ItemFromAPI(it)}}
		if after, err := h.Client.Item(ctx, it.ID); err == nil {
			d.ToChatItem = &AChatItem{ChatInfo: info, ChatItem: ItemFromAPI(after)}
		}
		r.ChatItemDeletions = append(r.ChatItemDeletions, d)
	}
	return r, nil
}

func (h *Handler) react(ctx context.Context, cmd APIChatItemReaction) (Response, error) {
	ct, u, err := h.directChat(ctx, cmd.Chat)
	if err != nil {
		return nil, err
	}
	if _, err := h.itemIn(ctx, ct, cmd.ItemID); err != nil {
		return nil, err
	}
	var mr struct {
		Type  string `json:"type"`
		Emoji string `json:"emoji"`
	}
	if err := json.Unmarshal(cmd.Reaction, &mr); err != nil || mr.Type != "emoji" || mr.Emoji == "" {
		return nil, cmdErr(`reaction must be {"type":"emoji","emoji":"…"}`)
	}
	it, err := h.Client.React(ctx, api.ItemID(cmd.ItemID), mr.Emoji, cmd.Add)
	if err != nil {
		return nil, err
	}
	info := DirectChat(ct)
	return &ChatItemReaction{User: UserFromAPI(u), Added: cmd.Add, Reaction: ACIReaction{
		ChatInfo: info,
		ChatReaction: CIReaction{ChatDir: direction(true), ChatItem: ItemFromAPI(it),
			SentAt: apiTime(h.now()), Reaction: rawJSON(map[string]string{"type": "emoji", "emoji": mr.Emoji})},
	}}, nil
}

func (h *Handler) deleteChat(ctx context.Context, cmd APIDeleteChat) (Response, error) {
	switch cmd.Chat.Type {
	case ChatDirect:
		ct, u, err := h.directChat(ctx, cmd.Chat)
		if err != nil {
			return nil, err
		}
		if cmd.Mode == "messages" {
			if err := h.Client.ClearChat(ctx, ct.ID); err != nil {
				return nil, err
			}
			// upstream answers "chatCleared", a tag this package passes through.
			raw := rawJSON(map[string]any{"type": "chatCleared", "user": UserFromAPI(u), "chatInfo": DirectChat(ct)})
			return &UnknownResponse{Tag: "chatCleared", Raw: raw}, nil
		}
		notify := cmd.Notify == nil || *cmd.Notify
		if err := h.Client.DeleteContact(ctx, ct.ID, notify); err != nil {
			return nil, err
		}
		return &ContactDeleted{User: UserFromAPI(u), Contact: ContactFromAPI(ct)}, nil
	case ChatConnection:
		ps, err := h.Client.Profiles(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range ps {
			pcs, err := h.Client.PendingConnections(ctx, u.ID)
			if err != nil {
				return nil, err
			}
			for _, p := range pcs {
				if int64(p.ID) != cmd.Chat.ID {
					continue
				}
				if err := h.Client.DeletePending(ctx, p.ID); err != nil {
					return nil, err
				}
				return &ContactConnectionDeleted{User: UserFromAPI(u), Connection: PendingFromAPI(p)}, nil
			}
		}
		return nil, notFound(api.ErrNoSuchPending, "pendingConnectionNotFound", "connId", cmd.Chat.ID)
	}
	return nil, errGroups
}
