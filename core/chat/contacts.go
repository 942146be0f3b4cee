package chat

import (
	"context"
	"crypto/sha256"
	"errors"
	"math/big"
	"strings"

	"duplex/core/agent"
	"duplex/core/api"
	"duplex/core/chat/protocol"
	"duplex/crypto/ratchet"
	"duplex/db"
)

func (s *Service) contact(ctx context.Context, id api.ContactID) (*db.ChatContact, error) {
	c, err := s.st.Contact(ctx, int64(id))
	if errors.Is(err, db.ErrNotFound) {
		return nil, api.ErrNoSuchContact
	}
	return c, err
}

// Contacts lists the profile's contacts.
func (s *Service) Contacts(ctx context.Context, p api.ProfileID) ([]api.Contact, error) {
	cs, err := s.st.Contacts(ctx, int64(p))
	if err != nil {
		return nil, err
	}
	out := make([]api.Contact, 0, len(cs))
	for _, c := range cs {
		ac, err := s.apiContact(ctx, c)
		if err != nil {
			return nil, err
		}
		out = append(out, ac)
	}
	return out, nil
}

// Contact returns one contact.
func (s *Service) Contact(ctx context.Context, id api.ContactID) (api.Contact, error) {
	c, err := s.contact(ctx, id)
	if err != nil {
		return api.Contact{}, err
	}
	return s.apiContact(ctx, c)
}

// updateContact applies f to the contact, stores it and tells watchers.
func (s *Service) updateContact(ctx context.Context, id api.ContactID, f func(*db.ChatContact)) (api.Contact, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.contact(ctx, id)
	if err != nil {
		return api.Contact{}, err
	}
	f(c)
	c.UpdatedAt = s.now()
	if err := s.st.UpdateContact(ctx, c); err != nil {
		return api.Contact{}, err
	}
	return s.contactUpdated(ctx, c)
}

func (s *Service) contactUpdated(ctx context.Context, c *db.ChatContact) (api.Contact, error) {
	ac, err := s.apiContact(ctx, c)
	if err != nil {
		return api.Contact{}, err
	}
	s.publish(api.Event{Type: api.EvContactUpdated, ProfileID: ac.ProfileID, ContactID: ac.ID, Contact: &ac})
	return ac, nil
}

// SetContactAlias sets our local name for the contact.
func (s *Service) SetContactAlias(ctx context.Context, id api.ContactID, alias string) (api.Contact, error) {
	return s.updateContact(ctx, id, func(c *db.ChatContact) { c.Alias = strings.TrimSpace(alias) })
}

// MuteContact turns the contact's notifications off or on.
func (s *Service) MuteContact(ctx context.Context, id api.ContactID, muted bool) error {
	_, err := s.updateContact(ctx, id, func(c *db.ChatContact) { c.Muted = muted })
	return err
}

// DeleteContact deletes the contact with its chat. With notify the contact
// is sent x.direct.del first and the connection is deleted once that
// message left (SENT or a final MERR; see onDeleting), so the contact
// learns of it; without, the queues go at once and the contact's next
// message fails.
func (s *Service) DeleteContact(ctx context.Context, id api.ContactID, notify bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.contact(ctx, id)
	if err != nil {
		return err
	}
	conn, err := s.st.ConnOfContact(ctx, c.ID)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return err
	}
	var delMsg int64 // the x.direct.del's agent message id
	if conn != nil && notify && c.Ready && !c.PeerDeleted {
		body, err := encodeMsg(&protocol.DirectDel{}, nil)
		if err == nil {
			delMsg, err = s.ag.Send(ctx, conn.AgentConn, body)
		}
		if err != nil {
			delMsg = 0
		}
	}
	sent := delMsg != 0
	err = s.st.Tx(ctx, func(st db.ChatStore) error {
		if conn != nil {
			if sent {
				if err := st.SetConnDeleting(ctx, conn.ID, delMsg); err != nil {
					return err
				}
			} else if err := st.DeleteConn(ctx, conn.ID); err != nil {
				return err
			}
		}
		return st.DeleteContact(ctx, c.ID)
	})
	if err != nil {
		return err
	}
	if conn != nil && !sent {
		if err := s.ag.DeleteConnection(ctx, conn.AgentConn); err != nil && !errors.Is(err, agent.ErrNoConnection) {
			s.errorEvent(c.ProfileID, "chat: delete connection: %v", err)
		}
	}
	s.publish(api.Event{Type: api.EvContactDeleted, ProfileID: api.ProfileID(c.ProfileID), ContactID: id})
	s.poke()
	return nil
}

// SecurityCode is upstream's connection code: the decimal digits of the
// SHA-256 of the ratchet's associated data (both sides' X3DH identity keys,
// the same bytes on both ends), read as a big-endian number, in groups of 5
// (simplex-chat Types.hs verificationCode; the agent's ratchet AD hash).
func (s *Service) SecurityCode(ctx context.Context, id api.ContactID) (string, error) {
	c, err := s.contact(ctx, id)
	if err != nil {
		return "", err
	}
	return s.code(ctx, c)
}

func (s *Service) code(ctx context.Context, c *db.ChatContact) (string, error) {
	conn, err := s.st.ConnOfContact(ctx, c.ID)
	if err != nil {
		return "", api.ErrNotReady
	}
	rows, err := s.d.Agent().Conns(ctx)
	if err != nil {
		return "", err
	}
	for _, r := range rows {
		if string(r.ConnID) != conn.AgentConn || r.Ratchet == nil {
			continue
		}
		var rt ratchet.Ratchet
		if err := rt.UnmarshalBinary(r.Ratchet); err != nil {
			return "", err
		}
		return VerificationCode(rt.AD()), nil
	}
	return "", api.ErrNotReady
}

// VerificationCode turns associated data into the code people compare.
func VerificationCode(ad []byte) string {
	h := sha256.Sum256(ad)
	digits := new(big.Int).SetBytes(h[:]).String()
	var groups []string
	for len(digits) > 5 {
		groups = append(groups, digits[:5])
		digits = digits[5:]
	}
	return strings.Join(append(groups, digits), " ")
}

func noSpaces(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), " ", "") }

// VerifyContact marks the contact verified when code matches (spaces do
// not matter); an empty code clears the mark.
func (s *Service) VerifyContact(ctx context.Context, id api.ContactID, code string) (bool, error) {
	c, err := s.contact(ctx, id)
	if err != nil {
		return false, err
	}
	if noSpaces(code) == "" {
		_, err := s.updateContact(ctx, id, func(c *db.ChatContact) { c.VerifiedCode = "" })
		return false, err
	}
	ours, err := s.code(ctx, c)
	if err != nil {
		return false, err
	}
	if noSpaces(ours) != noSpaces(code) {
		return false, nil
	}
	_, err = s.updateContact(ctx, id, func(c *db.ChatContact) { c.VerifiedCode = ours })
	return err == nil, err
}

// ProfileUpdated sends our new profile (x.info) to every contact of the
// profile that sees it (not the incognito ones).
func (s *Service) ProfileUpdated(ctx context.Context, p api.ProfileID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, err := s.st.Contacts(ctx, int64(p))
	if err != nil {
		return err
	}
	var firstErr error
	for _, c := range cs {
		if !c.Ready || c.PeerDeleted {
			continue
		}
		if conn, err := s.st.ConnOfContact(ctx, c.ID); err != nil || conn.Incognito != "" {
			continue // an incognito contact never sees our profile
		}
		if err := s.sendInfo(ctx, c); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// sendInfo sends x.info with our profile as this contact sees it.
func (s *Service) sendInfo(ctx context.Context, c *db.ChatContact) error {
	conn, err := s.sendable(ctx, c)
	if err != nil {
		return err
	}
	body, err := s.infoFor(ctx, conn, c)
	if err != nil {
		return err
	}
	_, err = s.ag.Send(ctx, conn.AgentConn, body)
	return err
}

// DeleteProfile deletes every agent connection of the profile (its queues
// are deleted on the relays); the rows go with the profile (ON DELETE CASCADE).
func (s *Service) DeleteProfile(ctx context.Context, p api.ProfileID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids, err := s.st.ProfileAgentConns(ctx, int64(p))
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.ag.DeleteConnection(ctx, id); err != nil && !errors.Is(err, agent.ErrNoConnection) {
			return err
		}
	}
	return nil
}
