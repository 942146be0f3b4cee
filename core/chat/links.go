package chat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"duplex/core/agent"
	"duplex/core/api"
	"duplex/core/chat/protocol"
	"duplex/db"
	"duplex/net/links"
	"duplex/net/smp"
)

// CreateLink makes a one-time invitation link (with a short link when the
// relay supports it). It proposes post-quantum keys (sntrup761) as current
// SimpleX apps do for new contacts (upstream IKPQOn); the KEM key makes the
// full link long, the short link stays short. Contact addresses carry no
// KEM key, as upstream's (IKPQOff).
func (s *Service) CreateLink(ctx context.Context, p api.ProfileID, incognito bool) (api.PendingConnection, error) {
	conn := &db.ChatConn{ProfileID: int64(p), Invited: true, CreatedAt: s.now()}
	if incognito {
		conn.Incognito = s.incognitoName()
	}
	prof, err := s.ourProfile(ctx, int64(p), conn, nil)
	if err != nil {
		return api.PendingConnection{}, err
	}
	ud, err := linkUserData(prof)
	if err != nil {
		return api.PendingConnection{}, err
	}
	err = s.withProfile(int64(p), func() error {
		id, req, sl, err := s.ag.CreateInvitationLink(ctx, agent.InvitationOptions{PQ: true}, ud)
		if err != nil {
			// A relay without short links: the full link alone.
			if id, req, err = s.ag.CreateInvitation(ctx, agent.InvitationOptions{PQ: true}); err != nil {
				return err
			}
		}
		conn.AgentConn, conn.Link = id, req.String()
		if sl != nil {
			conn.ShortLink = sl.String()
		}
		return nil
	})
	if err != nil {
		return api.PendingConnection{}, fmt.Errorf("cannot create a link: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.register(ctx, conn); err != nil {
		s.ag.DeleteConnection(ctx, conn.AgentConn)
		return api.PendingConnection{}, err
	}
	pc := apiPending(conn)
	s.publish(api.Event{Type: api.EvPendingUpdated, ProfileID: p, Pending: &pc})
	return pc, nil
}

// linkUserData is the short link's user data: {"profile": …} as upstream
// puts the creator's profile there.
func linkUserData(p protocol.Profile) ([]byte, error) {
	pj, err := profileJSON(p)
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]json.RawMessage{"profile": pj})
}

// profileName reads the display name from short link user data.
func profileName(ud []byte) string {
	var m struct {
		Profile struct {
			DisplayName string `json:"displayName"`
		} `json:"profile"`
	}
	if json.Unmarshal(ud, &m) != nil {
		return ""
	}
	return m.Profile.DisplayName
}

// PlanConnect says what Connect would do with link. Nothing is sent.
func (s *Service) PlanConnect(ctx context.Context, p api.ProfileID, link string) (api.ConnectionPlan, error) {
	plan, _, err := s.plan(ctx, p, link)
	return plan, err
}

func (s *Service) plan(ctx context.Context, p api.ProfileID, link string) (api.ConnectionPlan, *links.Link, error) {
	l, err := links.ParseLink(link)
	if err != nil {
		return api.ConnectionPlan{}, nil, fmt.Errorf("this is not a valid SimpleX link: %w", err)
	}
	if l.Short != nil && l.Short.Type != links.LinkInvitation && l.Short.Type != links.LinkContact {
		return api.ConnectionPlan{}, nil, errors.New("this link is for a group or channel, which this version cannot join")
	}
	plan := api.ConnectionPlan{Link: l.String()}
	if ok, err := s.matchLink(ctx, p, plan.Link, &plan); ok || err != nil {
		return plan, l, err
	}
	if l.Short != nil && l.Short.Type == links.LinkContact {
		// Addresses are read without side effects: the full link may be
		// one we know, and the data names its owner.
		req, ud, err := s.resolveContact(ctx, l.Short)
		if err != nil {
			return api.ConnectionPlan{}, nil, err
		}
		plan.Link, plan.ProfileName = req.String(), profileName(ud)
		if ok, err := s.matchLink(ctx, p, plan.Link, &plan); ok || err != nil {
			return plan, l, err
		}
	}
	if l.Mode() == links.ModeInvitation {
		plan.Kind, plan.Summary = api.PlanInvitation, "A one-time link: connecting makes a new contact."
	} else {
		plan.Kind, plan.Summary = api.PlanAddress, "A contact address: connecting sends a contact request."
	}
	return plan, l, nil
}

// matchLink fills plan when str (a full or short link) is one of ours or
// one we already used.
func (s *Service) matchLink(ctx context.Context, p api.ProfileID, str string, plan *api.ConnectionPlan) (bool, error) {
	if a, err := s.st.AddressByLink(ctx, str); err == nil {
		plan.Kind, plan.Summary = api.PlanOwnLink, "This is your own contact address."
		if a.ProfileID != int64(p) {
			plan.Summary = "This is the contact address of another of your profiles."
		}
		return true, nil
	} else if !errors.Is(err, db.ErrNotFound) {
		return false, err
	}
	conns, err := s.st.ConnsByLink(ctx, int64(p), str)
	if err != nil {
		return false, err
	}
	for _, c := range conns {
		switch {
		case c.Invited && !c.ViaAddress:
			plan.Kind, plan.Summary = api.PlanOwnLink, "This is your own one-time link."
			return true, nil
		case c.Invited:
			continue
		case c.ContactID != 0:
			ct, err := s.st.Contact(ctx, c.ContactID)
			if err != nil {
				return false, err
			}
			ac, err := s.apiContact(ctx, ct)
			if err != nil {
				return false, err
			}
			plan.Kind, plan.Contact = api.PlanKnownContact, &ac
			plan.Summary = fmt.Sprintf("You are already connected to %s through this link.", ac.Name())
			return true, nil
		default:
			pc := apiPending(c)
			plan.Kind, plan.Pending = api.PlanConnecting, &pc
			plan.Summary = "You are already connecting through this link."
			return true, nil
		}
	}
	return false, nil
}

// Connect uses someone's link: it plans first, refuses our own links and
// returns the contact for a link that leads to a known one.
func (s *Service) Connect(ctx context.Context, p api.ProfileID, link string, incognito bool) (api.ConnectResult, error) {
	plan, l, err := s.plan(ctx, p, link)
	if err != nil {
		return api.ConnectResult{}, err
	}
	switch plan.Kind {
	case api.PlanOwnLink:
		return api.ConnectResult{}, api.ErrOwnLink
	case api.PlanKnownContact:
		return api.ConnectResult{Contact: plan.Contact}, nil
	case api.PlanConnecting:
		return api.ConnectResult{Pending: plan.Pending}, nil
	}
	conn := &db.ChatConn{ProfileID: int64(p), ViaAddress: plan.Kind == api.PlanAddress, Link: plan.Link, CreatedAt: s.now()}
	if l.Short != nil {
		conn.ShortLink = l.Short.String()
	}
	if incognito {
		conn.Incognito = s.incognitoName()
	}
	prof, err := s.ourProfile(ctx, int64(p), conn, nil)
	if err != nil {
		return api.ConnectResult{}, err
	}
	var ev protocol.Event = &protocol.Info{Profile: prof}
	if conn.ViaAddress {
		ev = &protocol.Contact{Profile: prof}
	}
	info, err := encodeMsg(ev, nil)
	if err != nil {
		return api.ConnectResult{}, err
	}
	err = s.withProfile(int64(p), func() error {
		var err error
		switch {
		case l.Short != nil:
			conn.AgentConn, _, err = s.ag.JoinLink(ctx, l.Short, info)
		case conn.ViaAddress:
			conn.AgentConn, err = s.ag.JoinContact(ctx, l.Full, info)
		default:
			conn.AgentConn, err = s.ag.Join(ctx, l.Full, info)
		}
		return err
	})
	if errors.Is(err, smp.ErrAuth) {
		return api.ConnectResult{}, fmt.Errorf("cannot connect: the link was already used or deleted (%w)", err)
	}
	if err != nil {
		return api.ConnectResult{}, fmt.Errorf("cannot connect: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.register(ctx, conn); err != nil {
		s.ag.DeleteConnection(ctx, conn.AgentConn)
		return api.ConnectResult{}, err
	}
	pc := apiPending(conn)
	s.publish(api.Event{Type: api.EvPendingUpdated, ProfileID: p, Pending: &pc})
	return api.ConnectResult{Pending: &pc}, nil
}

// PendingConnections lists the profile's connections that are not contacts yet.
func (s *Service) PendingConnections(ctx context.Context, p api.ProfileID) ([]api.PendingConnection, error) {
	cs, err := s.st.PendingConns(ctx, int64(p))
	if err != nil {
		return nil, err
	}
	out := make([]api.PendingConnection, 0, len(cs))
	for _, c := range cs {
		out = append(out, apiPending(c))
	}
	return out, nil
}

// DeletePending forgets a pending connection and deletes its queues.
func (s *Service) DeletePending(ctx context.Context, id api.PendingID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.st.Conn(ctx, int64(id))
	if errors.Is(err, db.ErrNotFound) || (err == nil && (c.ContactID != 0 || c.Deleting != 0)) {
		return api.ErrNoSuchPending
	}
	if err != nil {
		return err
	}
	if err := s.ag.DeleteConnection(ctx, c.AgentConn); err != nil && !errors.Is(err, agent.ErrNoConnection) {
		return err
	}
	if err := s.st.DeleteConn(ctx, c.ID); err != nil {
		return err
	}
	pc := apiPending(c)
	s.publish(api.Event{Type: api.EvPendingUpdated, ProfileID: pc.ProfileID, Pending: &pc, Deleted: true})
	return nil
}
