package chatapi

import (
	"context"
	"slices"
	"sync"

	"duplex/core/api"
)

// Events turns core events into chat API events. The core says only
// "this item changed" (EvItemUpdated) where upstream has separate
// chatItemUpdated, chatItemReaction and chatItemsDeleted events, so
// Events remembers each item's last text and reactions and reports what
// differs. One Events serves one API connection; it is safe for
// concurrent use.
type Events struct {
	Client api.Client

	mu   sync.Mutex
	seen map[api.ItemID]itemState
}

type itemState struct {
	text      string
	edited    bool
	deleted   bool
	reactions []api.Reaction
}

// maxSeen bounds the memory: past it the cache starts afresh, and an
// update of a forgotten item is reported from the item alone.
const maxSeen = 20000

// Mask is the set of core events Convert reports.
const Mask = api.EventMask(1<<api.EvContactConnected | 1<<api.EvContactRequest | 1<<api.EvNewItems |
	1<<api.EvItemUpdated | 1<<api.EvItemStatus | 1<<api.EvItemsDeleted)

func (e *Events) remember(it api.ChatItem) (itemState, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.seen == nil || len(e.seen) >= maxSeen {
		e.seen = map[api.ItemID]itemState{}
	}
	old, ok := e.seen[it.ID]
	e.seen[it.ID] = itemState{text: it.Text, edited: it.Edited, deleted: it.Deleted, reactions: slices.Clone(it.Reactions)}
	return old, ok
}

func (e *Events) forget(ids []api.ItemID) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, id := range ids {
		delete(e.seen, id)
	}
}

// Convert gives the chat API events for one core event (none for event
// types the API has no counterpart for, or whose contact is gone).
// Items we sent are not reported as newChatItems: the answer to /_send
// already carried them, and a bot must not see its own messages as new.
func (e *Events) Convert(ctx context.Context, ev api.Event) []Response {
	h := &Handler{Client: e.Client}
	user := func(id api.ProfileID) (User, bool) {
		p, err := h.user(ctx, int64(id))
		return UserFromAPI(p), err == nil
	}
	switch ev.Type {
	case api.EvContactConnected:
		if ev.Contact == nil {
			return nil
		}
		u, ok := user(ev.Contact.ProfileID)
		if !ok {
			return nil
		}
		return []Response{&ContactConnected{User: u, Contact: ContactFromAPI(*ev.Contact)}}
	case api.EvContactRequest:
		if ev.Request == nil {
			return nil
		}
		u, ok := user(ev.Request.ProfileID)
		if !ok {
			return nil
		}
		return []Response{&ReceivedContactRequest{User: u, ContactRequest: RequestFromAPI(*ev.Request)}}
	case api.EvNewItems, api.EvItemUpdated, api.EvItemStatus:
		return e.items(ctx, h, ev)
	case api.EvItemsDeleted:
		e.forget(ev.ItemIDs)
		ct, err := e.Client.Contact(ctx, ev.ContactID)
		if err != nil {
			return nil
		}
		u, ok := user(ct.ProfileID)
		if !ok {
			return nil
		}
		r := &ChatItemsDeleted{User: u, ChatItemDeletions: []ChatItemDeletion{}}
		info := DirectChat(ct)
		for _, id := range ev.ItemIDs {
			// the item is gone: only its id is known.
			it := ItemFromAPI(api.ChatItem{ID: id, ContactID: ct.ID})
			r.ChatItemDeletions = append(r.ChatItemDeletions, ChatItemDeletion{DeletedChatItem: AChatItem{ChatInfo: info, ChatItem: it}})
		}
		return []Response{r}
	}
	return nil
}

func (e *Events) items(ctx context.Context, h *Handler, ev api.Event) []Response {
	var out []Response
	contacts := map[api.ContactID]ChatInfo{}
	users := map[api.ContactID]User{}
	var news, statuses []AChatItem
	var newsUser, statusUser User
	for _, it := range ev.Items {
		info, ok := contacts[it.ContactID]
		if !ok {
			ct, err := e.Client.Contact(ctx, it.ContactID)
			if err != nil {
				continue
			}
			p, err := h.user(ctx, int64(ct.ProfileID))
			if err != nil {
				continue
			}
			info = DirectChat(ct)
			contacts[it.ContactID], users[it.ContactID] = info, UserFromAPI(p)
		}
		u := users[it.ContactID]
		aci := AChatItem{ChatInfo: info, ChatItem: ItemFromAPI(it)}
		old, known := e.remember(it)
		switch ev.Type {
		case api.EvNewItems:
			if !it.Sent {
				news, newsUser = append(news, aci), u
			}
		case api.EvItemStatus:
			statuses, statusUser = append(statuses, aci), u
		case api.EvItemUpdated:
			out = append(out, updates(u, aci, it, old, known)...)
		}
	}
	if len(news) > 0 {
		out = append([]Response{&NewChatItems{User: newsUser, ChatItems: news}}, out...)
	}
	if len(statuses) > 0 {
		out = append(out, &ChatItemsStatusesUpdated{User: statusUser, ChatItems: statuses})
	}
	return out
}

// updates tells what an EvItemUpdated changed: deleted for everyone,
// text edited, reactions added or removed. Changes we made ourselves —
// edits and deletions of our own items, our reactions — are not reported:
// like sent messages, they were answered to the command that made them.
func updates(u User, aci AChatItem, it api.ChatItem, old itemState, known bool) []Response {
	var out []Response
	if it.Deleted && (!known || !old.deleted) {
		if it.Sent {
			return nil
		}
		to := aci
		return []Response{&ChatItemsDeleted{User: u, ChatItemDeletions: []ChatItemDeletion{{DeletedChatItem: aci, ToChatItem: &to}}}}
	}
	if !it.Sent && it.Edited && (!known || old.text != it.Text || !old.edited) {
		out = append(out, &ChatItemUpdated{User: u, ChatItem: aci})
	}
	react := func(emoji string, added bool) {
		out = append(out, &ChatItemReaction{User: u, Added: added, Reaction: ACIReaction{
			ChatInfo: aci.ChatInfo,
			ChatReaction: CIReaction{ChatDir: direction(false), ChatItem: aci.ChatItem, SentAt: aci.ChatItem.Meta.UpdatedAt,
				Reaction: rawJSON(map[string]string{"type": "emoji", "emoji": emoji})},
		}})
	}
	find := func(rs []api.Reaction, emoji string) api.Reaction {
		for _, r := range rs {
			if r.Emoji == emoji {
				return r
			}
		}
		return api.Reaction{Emoji: emoji}
	}
	// The contact's reaction on an emoji is the count without ours.
	theirs := func(r api.Reaction) bool { return r.Count > 0 && (r.Count > 1 || !r.Mine) }
	for _, r := range it.Reactions {
		if theirs(r) && !theirs(find(old.reactions, r.Emoji)) {
			react(r.Emoji, true)
		}
	}
	if known {
		for _, o := range old.reactions {
			if theirs(o) && !theirs(find(it.Reactions, o.Emoji)) {
				react(o.Emoji, false)
			}
		}
	}
	if len(out) == 0 && !known && !it.Sent {
		// an item this connection has not seen changed in a way it cannot
		// tell: report the item as it is now.
		out = append(out, &ChatItemUpdated{User: u, ChatItem: aci})
	}
	return out
}
