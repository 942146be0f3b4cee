package chat

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"duplex/core/agent"
	"duplex/core/api"
	"duplex/core/chat/protocol"
	"duplex/db"
)

// onMsg handles a received agent message: each chat message in its body is
// applied and committed, and only then is the message ACKed (a crash in
// between makes the agent report it again; x.msg.new is deduplicated by its
// shared id).
func (s *Service) onMsg(ctx context.Context, conn *db.ChatConn, ev agent.Event) {
	failed := false // the database could not take it: no ACK, the agent reports it again after a restart
	defer func() {
		if !failed {
			s.ack(ev)
		}
	}()
	if conn.ContactID == 0 {
		return
	}
	c, err := s.st.Contact(ctx, conn.ContactID)
	if err != nil {
		s.errorEvent(conn.ProfileID, "chat: message for contact %d: %v", conn.ContactID, err)
		return
	}
	ts := ev.BrokerTS
	if ts.IsZero() {
		ts = s.now()
	}
	items, err := protocol.DecodeBody(ev.Body)
	if err != nil {
		s.unsupported(ctx, c, nil, "a message this version cannot read", ts)
		return
	}
	for _, it := range items {
		if it.Err != nil {
			s.unsupported(ctx, c, nil, "a message this version cannot read", ts)
			continue
		}
		if err := s.apply(ctx, c, it.Msg, ts); err != nil {
			// A message that cannot be applied is dropped (a redelivery
			// would fail the same way) unless storage itself failed.
			failed = failed || errors.Is(err, db.ErrIntegrity) || ctx.Err() != nil
			s.errorEvent(c.ProfileID, "chat: %s from contact %d: %v", it.Msg.Event.Tag(), c.ID, err)
		}
	}
}

// notePeerVersion records the chat version range the contact advertises.
func (s *Service) notePeerVersion(ctx context.Context, c *db.ChatContact, v protocol.VersionRange) {
	if v.Max == 0 || (int(v.Min) == c.VMin && int(v.Max) == c.VMax) {
		return
	}
	c.VMin, c.VMax = int(v.Min), int(v.Max)
	s.st.UpdateContact(ctx, c)
}

func (s *Service) apply(ctx context.Context, c *db.ChatContact, m protocol.ChatMessage, ts time.Time) error {
	s.notePeerVersion(ctx, c, m.Version)
	switch e := m.Event.(type) {
	case *protocol.MsgNew:
		return s.onNew(ctx, c, m.MsgID, e, ts)
	case *protocol.MsgUpdate:
		r, err := s.st.RecordByShared(ctx, c.ID, e.MsgID, false)
		if err != nil {
			return ignoreMissing(err)
		}
		if r.Deleted || r.Text == e.Content.Text {
			return nil // deleted, or the same edit again (redelivered after a crash before the ACK)
		}
		if err := s.applyEdit(ctx, r, e.Content.Text, ts); err != nil {
			return err
		}
		_, err = s.itemEvent(ctx, api.EvItemUpdated, r)
		return err
	case *protocol.MsgDel:
		r, err := s.st.RecordByShared(ctx, c.ID, e.MsgID, false)
		if err != nil {
			return ignoreMissing(err)
		}
		r.Deleted = true
		if err := s.st.UpdateRecord(ctx, r); err != nil {
			return err
		}
		_, err = s.itemEvent(ctx, api.EvItemUpdated, r)
		return err
	case *protocol.MsgReact:
		return s.onReact(ctx, c, e)
	case *protocol.Info:
		return s.onPeerInfo(ctx, c, e.Profile)
	case *protocol.DirectDel:
		c.PeerDeleted, c.Ready, c.UpdatedAt = true, false, s.now()
		if err := s.st.UpdateContact(ctx, c); err != nil {
			return err
		}
		ac, err := s.apiContact(ctx, c)
		if err != nil {
			return err
		}
		s.publish(api.Event{Type: api.EvContactDeleted, ProfileID: ac.ProfileID, ContactID: ac.ID, Contact: &ac})
		return nil
	case *protocol.Ok, *protocol.InfoProbe, *protocol.InfoProbeCheck, *protocol.InfoProbeOk:
		return nil // group-era bookkeeping with no effect on a direct chat
	}
	return s.unsupported(ctx, c, m.MsgID, m.Event.Tag(), ts)
}

func ignoreMissing(err error) error {
	if errors.Is(err, db.ErrNotFound) {
		return nil // the item was deleted here, or never arrived
	}
	return err
}

// unsupported stores an item for an event this version does not handle.
func (s *Service) unsupported(ctx context.Context, c *db.ChatContact, shared []byte, what string, ts time.Time) error {
	r := &db.ChatRecord{ProfileID: c.ProfileID, ContactID: c.ID, SharedMsgID: shared, Status: api.StatusReceived.String(),
		Kind: int(api.KindUnsupported), ItemTS: ts, CreatedAt: s.now(), Text: what}
	if err := s.st.AddRecord(ctx, r); err != nil {
		return err
	}
	_, err := s.itemEvent(ctx, api.EvNewItems, r)
	return err
}

func (s *Service) onNew(ctx context.Context, c *db.ChatContact, shared []byte, e *protocol.MsgNew, ts time.Time) error {
	if len(shared) > 0 {
		if _, err := s.st.RecordByShared(ctx, c.ID, shared, false); err == nil {
			return nil // already stored (redelivered after a crash before the ACK)
		}
	}
	raw, _ := encodeMsg(e, shared)
	r := &db.ChatRecord{ProfileID: c.ProfileID, ContactID: c.ID, SharedMsgID: shared, Status: api.StatusReceived.String(),
		Kind: int(api.KindText), ItemTS: ts, CreatedAt: s.now(), Text: e.Content.Text, Content: raw}
	switch {
	case e.Content.Type == protocol.ContentLink && e.Content.Preview != nil:
		p := e.Content.Preview
		r.Kind = int(api.KindLink)
		r.Preview, _ = json.Marshal(api.LinkPreview{URI: p.URI, Title: p.Title, Description: p.Description, Image: p.Image})
	case e.Content.Type != protocol.ContentText:
		r.Kind = int(api.KindUnsupported)
		r.Text = "[" + e.Content.Type + "] " + e.Content.Text
	}
	if q := e.Quote; q != nil {
		sq := storedQuote{Text: q.Content.Text, Sent: !q.MsgRef.Sent, SentAt: q.MsgRef.SentAt}
		if len(q.MsgRef.MsgID) > 0 {
			if orig, err := s.st.RecordByShared(ctx, c.ID, q.MsgRef.MsgID, sq.Sent); err == nil {
				sq.ItemID = orig.ID
			}
		}
		r.Quote, _ = json.Marshal(sq)
	}
	if e.TTL != nil && *e.TTL > 0 && agreedTTL(c) > 0 {
		r.TTL = *e.TTL
	}
	if err := s.st.AddRecord(ctx, r); err != nil {
		return err
	}
	_, err := s.itemEvent(ctx, api.EvNewItems, r)
	return err
}

func (s *Service) onReact(ctx context.Context, c *db.ChatContact, e *protocol.MsgReact) error {
	if e.Reaction.Emoji == "" {
		return nil // a reaction kind this version does not show
	}
	r, err := s.st.RecordByShared(ctx, c.ID, e.MsgID, true)
	if errors.Is(err, db.ErrNotFound) {
		r, err = s.st.RecordByShared(ctx, c.ID, e.MsgID, false)
	}
	if err != nil {
		return ignoreMissing(err)
	}
	if e.Add {
		rs, err := s.st.Reactions(ctx, r.ID)
		if err != nil {
			return err
		}
		theirs := 0
		for _, x := range rs {
			if !x.Mine {
				theirs++
			}
		}
		if theirs >= api.MaxReactions {
			return nil // over the limit: ignored, as upstream does
		}
	}
	changed, err := s.st.SetReaction(ctx, r.ID, db.ItemReaction{Emoji: e.Reaction.Emoji}, e.Add, s.now())
	if err != nil || !changed {
		return err
	}
	_, err = s.itemEvent(ctx, api.EvItemUpdated, r)
	return err
}

// onPeerInfo: the contact changed its profile or preferences.
func (s *Service) onPeerInfo(ctx context.Context, c *db.ChatContact, p protocol.Profile) error {
	before := agreedTTL(c)
	c.DisplayName, c.FullName, c.Image, c.Prefs = p.DisplayName, p.FullName, imageBytes(p), prefsJSON(p)
	c.TTLPeer, c.UpdatedAt = peerTTL(p), s.now()
	if err := s.st.UpdateContact(ctx, c); err != nil {
		return err
	}
	if _, err := s.contactUpdated(ctx, c); err != nil {
		return err
	}
	return s.prefEvent(ctx, c, before)
}

// onStatus follows our sent items: SENT → sent, RCVD → delivered, MERR →
// error with the reason (the agent has done its retrying).
func (s *Service) onStatus(ctx context.Context, conn *db.ChatConn, ev agent.Event) {
	if ev.MsgID == 0 || conn.ContactID == 0 {
		if ev.Type == agent.EvMERR && ev.Err != nil {
			s.errorEvent(conn.ProfileID, "connection error: %v", ev.Err)
		}
		return
	}
	r, err := s.st.RecordByAgentMsg(ctx, conn.ContactID, ev.MsgID)
	if err != nil {
		return // not an item (x.info, reaction, …) or deleted here
	}
	st := statusOf(r.Status)
	switch ev.Type {
	case agent.EvSENT:
		if st != api.StatusSending && st != api.StatusError {
			return
		}
		r.Status, r.StatusErr, r.Via = api.StatusSent.String(), "", ev.Via
		if ev.Err != nil {
			s.log.Info("sent directly: private routing failed", "contact", conn.ContactID, "err", ev.Err)
		}
	case agent.EvRCVD:
		if !ev.RcptOK {
			r.StatusErr = "the delivery receipt did not match the message"
		}
		r.Status = api.StatusDelivered.String()
	case agent.EvMERR:
		r.Status, r.StatusErr = api.StatusError.String(), "not delivered"
		if ev.Err != nil {
			r.StatusErr = ev.Err.Error()
		}
		if errors.Is(ev.Err, agent.ErrPeerGone) {
			r.StatusErr = "not delivered: the contact deleted the connection"
		}
	}
	if err := s.st.UpdateRecord(ctx, r); err != nil {
		s.errorEvent(conn.ProfileID, "chat: item status: %v", err)
		return
	}
	s.itemEvent(ctx, api.EvItemStatus, r)
}
