package chat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"duplex/core/api"
	"duplex/core/chat/protocol"
	"duplex/db"
)

// ErrBadReaction: the emoji is not one SimpleX clients show.
var ErrBadReaction = errors.New("this reaction is not supported")

// Send stores the message (status sending) and hands it to the agent,
// which persists it before returning: nothing is lost if the relay is down.
func (s *Service) Send(ctx context.Context, cid api.ContactID, m api.Compose) (api.ChatItem, error) {
	if strings.TrimSpace(m.Text) == "" && m.LinkPreview == nil {
		return api.ChatItem{}, api.ErrEmptyMessage
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.contact(ctx, cid)
	if err != nil {
		return api.ChatItem{}, err
	}
	it, err := s.sendNew(ctx, c, m)
	if err != nil {
		return api.ChatItem{}, err
	}
	s.publish(api.Event{Type: api.EvNewItems, ProfileID: it.ProfileID, ContactID: it.ContactID, Items: []api.ChatItem{it}})
	return it, nil
}

// sendable returns the contact's connection if messages can go out.
func (s *Service) sendable(ctx context.Context, c *db.ChatContact) (*db.ChatConn, error) {
	if c.PeerDeleted {
		return nil, ErrPeerDeleted
	}
	if !c.Ready {
		return nil, api.ErrNotReady
	}
	return s.st.ConnOfContact(ctx, c.ID)
}

func (s *Service) sharedID() []byte {
	b := make([]byte, 12)
	io.ReadFull(s.cfg.Rand, b)
	return b
}

// agreedTTL is the disappearing time both sides set (seconds, 0: off).
func agreedTTL(c *db.ChatContact) int64 {
	if c.TTLOffered > 0 && c.TTLOffered == c.TTLPeer {
		return c.TTLOffered
	}
	return 0
}

func content(text string, lp *api.LinkPreview) protocol.MsgContent {
	if lp != nil {
		return protocol.MsgContent{Type: protocol.ContentLink, Text: text,
			Preview: &protocol.LinkPreview{URI: lp.URI, Title: lp.Title, Description: lp.Description, Image: lp.Image}}
	}
	return protocol.MsgContent{Type: protocol.ContentText, Text: text}
}

// sendNew sends x.msg.new. Called with s.mu held.
func (s *Service) sendNew(ctx context.Context, c *db.ChatContact, m api.Compose) (api.ChatItem, error) {
	conn, err := s.sendable(ctx, c)
	if err != nil {
		return api.ChatItem{}, err
	}
	now := s.now()
	shared := s.sharedID()
	mn := &protocol.MsgNew{Content: content(m.Text, m.LinkPreview)}
	rec := &db.ChatRecord{ProfileID: c.ProfileID, ContactID: c.ID, SharedMsgID: shared, Sent: true, Status: api.StatusSending.String(),
		Kind: int(api.KindText), ItemTS: now, CreatedAt: now, Text: m.Text}
	if m.LinkPreview != nil {
		rec.Kind = int(api.KindLink)
		rec.Preview, _ = json.Marshal(m.LinkPreview)
	}
	if m.QuoteID != 0 {
		q, err := s.st.Record(ctx, int64(m.QuoteID))
		if err != nil || q.ContactID != c.ID || len(q.SharedMsgID) == 0 {
			return api.ChatItem{}, api.ErrNoSuchItem
		}
		mn.Quote = &protocol.QuotedMsg{MsgRef: protocol.MsgRef{MsgID: q.SharedMsgID, SentAt: q.ItemTS.UTC(), Sent: q.Sent},
			Content: protocol.MsgContent{Type: protocol.ContentText, Text: q.Text}}
		rec.Quote, _ = json.Marshal(storedQuote{ItemID: q.ID, Text: q.Text, Sent: q.Sent, SentAt: q.ItemTS.UTC()})
	}
	if ttl := agreedTTL(c); ttl > 0 {
		mn.TTL = &ttl
		rec.TTL = ttl
		rec.DisappearAt = now.Add(time.Duration(ttl) * time.Second)
	}
	body, err := encodeMsg(mn, shared)
	if err != nil {
		return api.ChatItem{}, err
	}
	rec.Content = body
	if err := s.st.AddRecord(ctx, rec); err != nil {
		return api.ChatItem{}, err
	}
	id, err := s.ag.Send(ctx, conn.AgentConn, body)
	if err != nil {
		rec.Status, rec.StatusErr = api.StatusError.String(), err.Error()
	} else {
		rec.AgentMsgID = id
	}
	if err := s.st.UpdateRecord(ctx, rec); err != nil {
		return api.ChatItem{}, err
	}
	if rec.TTL > 0 {
		s.poke()
	}
	return s.apiItem(ctx, rec)
}

// sendEvent sends a chat event that makes no item of its own (update,
// delete, reaction, info).
func (s *Service) sendEvent(ctx context.Context, c *db.ChatContact, ev protocol.Event) error {
	conn, err := s.sendable(ctx, c)
	if err != nil {
		return err
	}
	body, err := encodeMsg(ev, s.sharedID())
	if err != nil {
		return err
	}
	_, err = s.ag.Send(ctx, conn.AgentConn, body)
	return err
}

func (s *Service) record(ctx context.Context, id api.ItemID) (*db.ChatRecord, *db.ChatContact, error) {
	r, err := s.st.Record(ctx, int64(id))
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil, api.ErrNoSuchItem
	}
	if err != nil {
		return nil, nil, err
	}
	c, err := s.st.Contact(ctx, r.ContactID)
	if err != nil {
		return nil, nil, api.ErrNoSuchItem
	}
	return r, c, nil
}

func (s *Service) itemEvent(ctx context.Context, t api.EventType, r *db.ChatRecord) (api.ChatItem, error) {
	it, err := s.apiItem(ctx, r)
	if err != nil {
		return api.ChatItem{}, err
	}
	s.publish(api.Event{Type: t, ProfileID: it.ProfileID, ContactID: it.ContactID, Items: []api.ChatItem{it}})
	return it, nil
}

// Edit changes our own item's text; the old text is kept as a version.
func (s *Service) Edit(ctx context.Context, id api.ItemID, text string) (api.ChatItem, error) {
	if strings.TrimSpace(text) == "" {
		return api.ChatItem{}, api.ErrEmptyMessage
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, c, err := s.record(ctx, id)
	if err != nil {
		return api.ChatItem{}, err
	}
	if !r.Sent || r.Deleted || r.Kind == int(api.KindEvent) {
		return api.ChatItem{}, api.ErrNotOwnItem
	}
	var lp *api.LinkPreview
	if len(r.Preview) > 0 {
		lp = new(api.LinkPreview)
		json.Unmarshal(r.Preview, lp)
	}
	if err := s.sendEvent(ctx, c, &protocol.MsgUpdate{MsgID: r.SharedMsgID, Content: content(text, lp)}); err != nil {
		return api.ChatItem{}, err
	}
	if err := s.applyEdit(ctx, r, text, s.now()); err != nil {
		return api.ChatItem{}, err
	}
	return s.itemEvent(ctx, api.EvItemUpdated, r)
}

// applyEdit changes the text. The versions table holds every text with
// the time it was set, the current one included: the first edit also
// records the original (at the item's time).
func (s *Service) applyEdit(ctx context.Context, r *db.ChatRecord, text string, at time.Time) error {
	return s.st.Tx(ctx, func(st db.ChatStore) error {
		if !r.Edited {
			if err := st.AddVersion(ctx, r.ID, r.Text, r.ItemTS); err != nil {
				return err
			}
		}
		if err := st.AddVersion(ctx, r.ID, text, at); err != nil {
			return err
		}
		r.Text, r.Edited = text, true
		return st.UpdateRecord(ctx, r)
	})
}

// DeleteItems deletes items here (DeleteForMe) or, for our own items, for
// everyone: the contact's copy is marked deleted and so is ours.
func (s *Service) DeleteItems(ctx context.Context, ids []api.ItemID, mode api.DeleteMode) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	byContact := map[int64][]api.ItemID{}
	var profile int64
	for _, id := range ids {
		r, c, err := s.record(ctx, id)
		if err != nil {
			return err
		}
		profile = c.ProfileID
		switch mode {
		case api.DeleteForEveryone:
			if !r.Sent || r.Kind == int(api.KindEvent) {
				return api.ErrNotOwnItem
			}
			if r.Deleted {
				continue
			}
			if err := s.sendEvent(ctx, c, &protocol.MsgDel{MsgID: r.SharedMsgID}); err != nil {
				return err
			}
			r.Deleted = true
			if err := s.st.UpdateRecord(ctx, r); err != nil {
				return err
			}
			if _, err := s.itemEvent(ctx, api.EvItemUpdated, r); err != nil {
				return err
			}
		case api.DeleteForMe:
			if err := s.st.DeleteRecord(ctx, r.ID); err != nil {
				return err
			}
			byContact[c.ID] = append(byContact[c.ID], id)
		default:
			return errors.New("unknown delete mode")
		}
	}
	for cid, ids := range byContact {
		s.publish(api.Event{Type: api.EvItemsDeleted, ProfileID: api.ProfileID(profile), ContactID: api.ContactID(cid), ItemIDs: ids})
	}
	return nil
}

// React adds or removes our reaction; at most MaxReactions different ones.
func (s *Service) React(ctx context.Context, id api.ItemID, emoji string, on bool) (api.ChatItem, error) {
	emoji = strings.TrimSuffix(emoji, "\ufe0f") // "❤️" typed with the emoji presentation selector
	if utf8.RuneCountInString(emoji) != 1 || !strings.Contains(protocol.KnownEmoji, emoji) {
		// Peers show only these (upstream's list); any other would be ours alone.
		return api.ChatItem{}, fmt.Errorf("%w: use one of %s", ErrBadReaction, protocol.KnownEmoji)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, c, err := s.record(ctx, id)
	if err != nil {
		return api.ChatItem{}, err
	}
	if len(r.SharedMsgID) == 0 || r.Deleted || r.Kind == int(api.KindEvent) {
		return api.ChatItem{}, api.ErrNoSuchItem
	}
	if on {
		rs, err := s.st.Reactions(ctx, r.ID)
		if err != nil {
			return api.ChatItem{}, err
		}
		mine := 0
		for _, x := range rs {
			if x.Mine {
				if x.Emoji == emoji {
					return s.apiItem(ctx, r)
				}
				mine++
			}
		}
		if mine >= api.MaxReactions {
			return api.ChatItem{}, api.ErrTooManyReacts
		}
	}
	if err := s.sendEvent(ctx, c, &protocol.MsgReact{MsgID: r.SharedMsgID, Reaction: protocol.Reaction{Emoji: emoji}, Add: on}); err != nil {
		return api.ChatItem{}, err
	}
	if _, err := s.st.SetReaction(ctx, r.ID, db.ItemReaction{Mine: true, Emoji: emoji}, on, s.now()); err != nil {
		return api.ChatItem{}, err
	}
	return s.itemEvent(ctx, api.EvItemUpdated, r)
}

// SetDisappearing offers disappearing messages after ttl (0: off) with an
// x.info carrying our timedMessages preference.
func (s *Service) SetDisappearing(ctx context.Context, cid api.ContactID, ttl time.Duration) (api.Contact, error) {
	if ttl < 0 {
		return api.Contact{}, errors.New("the time must not be negative")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.contact(ctx, cid)
	if err != nil {
		return api.Contact{}, err
	}
	secs := int64(ttl / time.Second)
	if ttl > 0 && secs == 0 {
		secs = 1
	}
	before := agreedTTL(c)
	c.TTLOffered, c.UpdatedAt = secs, s.now()
	if err := s.sendInfo(ctx, c); err != nil {
		return api.Contact{}, err
	}
	if err := s.st.UpdateContact(ctx, c); err != nil {
		return api.Contact{}, err
	}
	ac, err := s.contactUpdated(ctx, c)
	if err != nil {
		return api.Contact{}, err
	}
	return ac, s.prefEvent(ctx, c, before)
}
