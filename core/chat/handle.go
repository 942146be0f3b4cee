package chat

import (
	"context"
	"errors"
	"time"

	"duplex/core/agent"
	"duplex/core/api"
	"duplex/core/chat/protocol"
	"duplex/db"
)

// handle processes one agent event. Called with s.mu held, from run (or
// from register when a parked event is replayed).
func (s *Service) handle(ev agent.Event) {
	ctx := s.ctx
	switch ev.Type {
	case agent.EvUP, agent.EvDOWN:
		s.publish(api.Event{Type: api.EvServerStatus, Server: ev.Server, Up: ev.Type == agent.EvUP})
		return
	case agent.EvINV, agent.EvEND, agent.EvDELD, agent.EvSWITCH, agent.EvRSYNC:
		return
	}
	if ev.Type == agent.EvREQ {
		s.onRequest(ctx, ev)
		return
	}
	conn, err := s.st.ConnByAgent(ctx, ev.ConnID)
	if errors.Is(err, db.ErrNotFound) {
		if _, aerr := s.st.AddressByAgent(ctx, ev.ConnID); aerr == nil {
			if ev.Type == agent.EvMSG {
				s.ack(ev)
			}
			return
		}
		// A connection the API call that made it has not registered yet.
		s.parked[ev.ConnID] = append(s.parked[ev.ConnID], ev)
		return
	}
	if err != nil {
		s.errorEvent(0, "chat: connection %s: %v", ev.ConnID, err)
		return
	}
	if conn.Deleting != 0 {
		s.onDeleting(ctx, conn, ev)
		return
	}
	switch ev.Type {
	case agent.EvCONF:
		s.onConf(ctx, conn, ev)
	case agent.EvINFO:
		s.onInfo(ctx, conn, ev)
	case agent.EvCON:
		s.onCon(ctx, conn)
	case agent.EvMSG:
		s.onMsg(ctx, conn, ev)
	case agent.EvSENT, agent.EvRCVD, agent.EvMERR:
		s.onStatus(ctx, conn, ev)
	}
}

func (s *Service) ack(ev agent.Event) {
	if err := s.ag.AckMessage(s.ctx, ev.ConnID, ev.MsgID); err != nil && s.ctx.Err() == nil {
		s.log.Warn("ack", "conn", ev.ConnID, "err", err)
	}
}

// onDeleting: the contact is gone and its connection waits for the
// x.direct.del to leave; once it did (or failed for good, or the
// connection failed), the connection goes.
func (s *Service) onDeleting(ctx context.Context, conn *db.ChatConn, ev agent.Event) {
	switch ev.Type {
	case agent.EvMSG:
		s.ack(ev)
	case agent.EvSENT, agent.EvMERR:
		if ev.MsgID != conn.Deleting && ev.MsgID != 0 {
			return // an earlier message left; the x.direct.del is still queued
		}
		if err := s.ag.DeleteConnection(ctx, conn.AgentConn); err != nil && !errors.Is(err, agent.ErrNoConnection) {
			s.errorEvent(conn.ProfileID, "chat: delete connection: %v", err)
			return
		}
		if err := s.st.DeleteConn(ctx, conn.ID); err != nil {
			s.errorEvent(conn.ProfileID, "chat: delete connection: %v", err)
		}
	}
}

// newContact makes the contact of conn from the peer's conn info.
func (s *Service) newContact(ctx context.Context, conn *db.ChatConn, info []byte) (*db.ChatContact, error) {
	p, v, err := profileFromInfo(info)
	if err != nil {
		return nil, err
	}
	now := s.now()
	c := &db.ChatContact{ProfileID: conn.ProfileID, DisplayName: p.DisplayName, FullName: p.FullName, Image: imageBytes(p),
		Prefs: prefsJSON(p), Alias: conn.Alias, TTLPeer: peerTTL(p), VMin: int(v.Min), VMax: int(v.Max), CreatedAt: now, UpdatedAt: now}
	err = s.st.Tx(ctx, func(st db.ChatStore) error {
		if err := st.AddContact(ctx, c); err != nil {
			return err
		}
		return st.SetConnContact(ctx, conn.ID, c.ID)
	})
	if err != nil {
		return nil, err
	}
	conn.ContactID = c.ID
	pc := apiPending(conn)
	s.publish(api.Event{Type: api.EvPendingUpdated, ProfileID: api.ProfileID(conn.ProfileID), Pending: &pc, Deleted: true})
	return c, nil
}

// onConf: the joiner's confirmation reached our invitation (or the address
// owner accepted our request): make the contact and allow the connection.
func (s *Service) onConf(ctx context.Context, conn *db.ChatConn, ev agent.Event) {
	var c *db.ChatContact
	var err error
	if conn.ContactID == 0 {
		if c, err = s.newContact(ctx, conn, ev.Info); err != nil {
			s.errorEvent(conn.ProfileID, "chat: confirmation: %v", err)
			return
		}
	} else if c, err = s.st.Contact(ctx, conn.ContactID); err != nil {
		s.errorEvent(conn.ProfileID, "chat: confirmation: %v", err)
		return
	}
	info, err := s.infoFor(ctx, conn, c)
	if err != nil {
		s.errorEvent(conn.ProfileID, "chat: allow connection: %v", err)
		return
	}
	// Allowing secures the joiner's queue on its relay (a round trip):
	// it runs outside the event loop, which must not wait for the network.
	// CON for this connection cannot come before it is done.
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.allow(ctx, conn, ev.ConfirmationID, info)
	}()
}

// allow runs AllowConnection, retrying with backoff while the relay is
// unreachable (the agent refuses a second attempt once one got through:
// ErrState ends it too).
func (s *Service) allow(ctx context.Context, conn *db.ChatConn, confID string, info []byte) {
	wait := 500 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := s.ag.AllowConnection(ctx, conn.AgentConn, confID, info)
		if err == nil || ctx.Err() != nil || errors.Is(err, agent.ErrState) || errors.Is(err, agent.ErrNoConnection) {
			return
		}
		if attempt == allowAttempts {
			s.errorEvent(conn.ProfileID, "chat: cannot accept the connection of %d: %v", conn.ID, err)
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 30*time.Second)
	}
}

// allowAttempts bounds the retries of AllowConnection (about 5 minutes).
const allowAttempts = 15

// infoFor is our x.info for the contact of conn.
func (s *Service) infoFor(ctx context.Context, conn *db.ChatConn, c *db.ChatContact) ([]byte, error) {
	p, err := s.ourProfile(ctx, conn.ProfileID, conn, c)
	if err != nil {
		return nil, err
	}
	return encodeMsg(&protocol.Info{Profile: p}, nil)
}

// onInfo: the inviter's profile reached us (joiner side).
func (s *Service) onInfo(ctx context.Context, conn *db.ChatConn, ev agent.Event) {
	if conn.ContactID != 0 {
		// A request we accepted: the contact exists; take the profile it sent.
		c, err := s.st.Contact(ctx, conn.ContactID)
		if err == nil {
			var p protocol.Profile
			if p, _, err = profileFromInfo(ev.Info); err == nil {
				err = s.onPeerInfo(ctx, c, p)
			}
		}
		if err != nil {
			s.errorEvent(conn.ProfileID, "chat: peer info: %v", err)
		}
		return
	}
	if _, err := s.newContact(ctx, conn, ev.Info); err != nil {
		s.errorEvent(conn.ProfileID, "chat: peer info: %v", err)
	}
}

// onCon: the connection is established.
func (s *Service) onCon(ctx context.Context, conn *db.ChatConn) {
	if conn.ContactID == 0 {
		s.errorEvent(conn.ProfileID, "chat: connection %d established without the peer's profile", conn.ID)
		return
	}
	c, err := s.st.Contact(ctx, conn.ContactID)
	if err != nil {
		s.errorEvent(conn.ProfileID, "chat: connected: %v", err)
		return
	}
	c.Ready, c.UpdatedAt = true, s.now()
	if err := s.st.UpdateContact(ctx, c); err != nil {
		s.errorEvent(conn.ProfileID, "chat: connected: %v", err)
		return
	}
	ac, err := s.apiContact(ctx, c)
	if err != nil {
		return
	}
	s.publish(api.Event{Type: api.EvContactConnected, ProfileID: ac.ProfileID, ContactID: ac.ID, Contact: &ac})
	// A request we accepted: the address's welcome message goes first.
	if conn.Invited && conn.ViaAddress {
		if a, err := s.st.Address(ctx, conn.ProfileID); err == nil && a.AutoAccept && a.Welcome != "" {
			if _, err := s.sendNew(ctx, c, api.Compose{Text: a.Welcome}); err != nil {
				s.errorEvent(conn.ProfileID, "chat: welcome message: %v", err)
			}
		}
	}
}
