package chat

import (
	"context"
	"errors"
	"fmt"

	"duplex/core/agent"
	"duplex/core/api"
	"duplex/db"
)

// CreateAddress makes the profile's long-term contact address.
func (s *Service) CreateAddress(ctx context.Context, p api.ProfileID) (api.Address, error) {
	if _, err := s.st.Address(ctx, int64(p)); err == nil {
		return api.Address{}, api.ErrHasAddress
	} else if !errors.Is(err, db.ErrNotFound) {
		return api.Address{}, err
	}
	prof, err := s.ourProfile(ctx, int64(p), nil, nil)
	if err != nil {
		return api.Address{}, err
	}
	ud, err := linkUserData(prof)
	if err != nil {
		return api.Address{}, err
	}
	a := &db.ChatAddress{ProfileID: int64(p)}
	err = s.withProfile(int64(p), func() error {
		id, req, sl, err := s.ag.CreateContactAddressLink(ctx, ud)
		if err != nil {
			if id, req, err = s.ag.CreateContactAddress(ctx); err != nil {
				return err
			}
		}
		a.AgentConn, a.Link = id, req.String()
		if sl != nil {
			a.ShortLink = sl.String()
		}
		return nil
	})
	if err != nil {
		return api.Address{}, fmt.Errorf("cannot create the address: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.st.PutAddress(ctx, a); err != nil {
		s.ag.DeleteConnection(ctx, a.AgentConn)
		return api.Address{}, err
	}
	return apiAddress(a), nil
}

// Address shows the profile's address.
func (s *Service) Address(ctx context.Context, p api.ProfileID) (api.Address, error) {
	a, err := s.st.Address(ctx, int64(p))
	if errors.Is(err, db.ErrNotFound) {
		return api.Address{}, api.ErrNoAddress
	}
	if err != nil {
		return api.Address{}, err
	}
	return apiAddress(a), nil
}

// DeleteAddress deletes the address queue; contacts made through it are
// separate connections and keep working. Pending requests go with it.
func (s *Service) DeleteAddress(ctx context.Context, p api.ProfileID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.st.Address(ctx, int64(p))
	if errors.Is(err, db.ErrNotFound) {
		return api.ErrNoAddress
	}
	if err != nil {
		return err
	}
	if err := s.ag.DeleteConnection(ctx, a.AgentConn); err != nil && !errors.Is(err, agent.ErrNoConnection) {
		return err
	}
	return s.st.DeleteAddress(ctx, int64(p))
}

// SetAddressSettings sets auto-accept and the welcome message.
func (s *Service) SetAddressSettings(ctx context.Context, p api.ProfileID, autoAccept bool, welcome string) (api.Address, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.st.Address(ctx, int64(p))
	if errors.Is(err, db.ErrNotFound) {
		return api.Address{}, api.ErrNoAddress
	}
	if err != nil {
		return api.Address{}, err
	}
	a.AutoAccept, a.Welcome = autoAccept, welcome
	if err := s.st.PutAddress(ctx, a); err != nil {
		return api.Address{}, err
	}
	return apiAddress(a), nil
}

// ContactRequests lists the requests waiting on the profile's address.
func (s *Service) ContactRequests(ctx context.Context, p api.ProfileID) ([]api.ContactRequest, error) {
	rs, err := s.st.Requests(ctx, int64(p))
	if err != nil {
		return nil, err
	}
	out := make([]api.ContactRequest, 0, len(rs))
	for _, r := range rs {
		out = append(out, apiRequest(r))
	}
	return out, nil
}

// onRequest stores a request that arrived on an address (and accepts it at
// once when the address auto-accepts).
func (s *Service) onRequest(ctx context.Context, ev agent.Event) {
	a, err := s.st.AddressByAgent(ctx, ev.ConnID)
	if err != nil {
		s.log.Warn("request on an unknown address", "conn", ev.ConnID, "err", err)
		return
	}
	p, _, err := profileFromInfo(ev.Info)
	if err != nil {
		s.errorEvent(a.ProfileID, "chat: contact request: %v", err)
		return
	}
	r := &db.ChatRequest{ProfileID: a.ProfileID, AgentConn: a.AgentConn, AgentReq: ev.ConfirmationID, DisplayName: p.DisplayName,
		FullName: p.FullName, Image: imageBytes(p), CreatedAt: s.now()}
	if err := s.st.AddRequest(ctx, r); err != nil {
		s.errorEvent(a.ProfileID, "chat: contact request: %v", err)
		return
	}
	ar := apiRequest(r)
	s.publish(api.Event{Type: api.EvContactRequest, ProfileID: ar.ProfileID, Request: &ar})
	if a.AutoAccept {
		// The join is a network operation; it runs outside the event loop.
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			if _, err := s.AcceptRequest(s.ctx, ar.ID, false); err != nil && s.ctx.Err() == nil {
				s.errorEvent(a.ProfileID, "chat: auto-accept: %v", err)
			}
		}()
	}
}

// AcceptRequest joins the requester's invitation and makes the contact
// (connected once CON arrives).
func (s *Service) AcceptRequest(ctx context.Context, id api.RequestID, incognito bool) (api.Contact, error) {
	r, err := s.st.Request(ctx, int64(id))
	if errors.Is(err, db.ErrNotFound) {
		return api.Contact{}, api.ErrNoSuchRequest
	}
	if err != nil {
		return api.Contact{}, err
	}
	conn := &db.ChatConn{ProfileID: r.ProfileID, Invited: true, ViaAddress: true, CreatedAt: s.now()}
	if incognito {
		conn.Incognito = s.incognitoName()
	}
	now := s.now()
	c := &db.ChatContact{ProfileID: r.ProfileID, DisplayName: r.DisplayName, FullName: r.FullName, Image: r.Image,
		CreatedAt: now, UpdatedAt: now} // their chat versions: known from their first message
	info, err := s.infoFor(ctx, conn, c)
	if err != nil {
		return api.Contact{}, err
	}
	err = s.withProfile(r.ProfileID, func() error {
		var err error
		conn.AgentConn, err = s.ag.AcceptContact(ctx, r.AgentConn, r.AgentReq, info)
		return err
	})
	if err != nil {
		return api.Contact{}, fmt.Errorf("cannot accept the request: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err = s.st.Tx(ctx, func(st db.ChatStore) error {
		if err := st.DeleteRequest(ctx, r.ID); err != nil {
			return err
		}
		if err := st.AddContact(ctx, c); err != nil {
			return err
		}
		conn.ContactID = c.ID
		return st.AddConn(ctx, conn)
	})
	if err != nil {
		s.ag.DeleteConnection(ctx, conn.AgentConn)
		return api.Contact{}, err
	}
	// Events that came before the rows existed.
	evs := s.parked[conn.AgentConn]
	delete(s.parked, conn.AgentConn)
	for _, ev := range evs {
		s.handle(ev)
	}
	c, err = s.st.Contact(ctx, c.ID)
	if err != nil {
		return api.Contact{}, err
	}
	return s.apiContact(ctx, c)
}

// RejectRequest drops a request; the requester is not told (as upstream).
func (s *Service) RejectRequest(ctx context.Context, id api.RequestID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.st.Request(ctx, int64(id))
	if errors.Is(err, db.ErrNotFound) {
		return api.ErrNoSuchRequest
	}
	if err != nil {
		return err
	}
	if err := s.ag.RejectContact(ctx, r.AgentConn, r.AgentReq); err != nil && !errors.Is(err, agent.ErrNoRequest) {
		return err
	}
	return s.st.DeleteRequest(ctx, r.ID)
}
