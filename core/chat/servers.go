package chat

import (
	"context"

	"duplex/core/agent"
	"duplex/core/api"
)

// ContactServers returns the relays of contact id's connection (the
// agent's view) and the contact's profile, whose server settings name
// their operators.
func (s *Service) ContactServers(ctx context.Context, id api.ContactID) (int64, agent.ConnServers, error) {
	c, err := s.contact(ctx, id)
	if err != nil {
		return 0, agent.ConnServers{}, err
	}
	conn, err := s.st.ConnOfContact(ctx, c.ID)
	if err != nil {
		return 0, agent.ConnServers{}, api.ErrNotReady
	}
	cs, err := s.ag.ConnectionServers(conn.AgentConn)
	if err != nil {
		return 0, agent.ConnServers{}, api.ErrNotReady
	}
	return c.ProfileID, cs, nil
}
