package chat

import (
	"context"
	"fmt"

	"duplex/net/links"
	"duplex/net/smp"
)

// resolveContact reads a contact-address short link's data with an
// unsigned LGET, which changes nothing on the relay (unlike an invitation
// link's LKEY, which secures the queue: invitation short links are only
// resolved by Connect). The data is decrypted and checked as the agent's
// JoinLink does. It returns the full address and the creator's user data.
//
// The agent has no read-only call for this, so a short-lived relay client
// is used, with the agent's SMP settings.
func (s *Service) resolveContact(ctx context.Context, sl *links.ShortLink) (*links.ConnRequest, []byte, error) {
	cfg := s.cfg.Agent.SMP
	cfg.Server = smp.ServerAddress{Server: sl.Server}
	cfg.Handler = nopHandler{}
	if cfg.Rand == nil {
		cfg.Rand = s.cfg.Rand
	}
	cl, err := smp.Connect(ctx, cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot reach the link's relay: %w", err)
	}
	defer cl.Close()
	linkID, _ := links.ContactLinkKDF(sl.Key)
	lnk, err := cl.GetLinkData(ctx, linkID)
	if err != nil {
		return nil, nil, fmt.Errorf("the link's relay does not know this address (deleted?): %w", err)
	}
	fd, ud, err := sl.DecryptLinkData(lnk.Data.Fixed, lnk.Data.User)
	if err != nil {
		return nil, nil, err
	}
	if fd, err = fd.VerifyAddress(sl.Server, lnk.SenderID); err != nil {
		return nil, nil, err
	}
	var user []byte
	if ud.Contact != nil {
		user = ud.Contact.UserData
	}
	return fd.ConnReq, user, nil
}

type nopHandler struct{}

func (nopHandler) Message([]byte, smp.MSG)         {}
func (nopHandler) End([]byte)                      {}
func (nopHandler) Deleted([]byte)                  {}
func (nopHandler) Connected(smp.Version)           {}
func (nopHandler) Disconnected(error)              {}
func (nopHandler) SubscriptionError([]byte, error) {}
