package agent

import (
	"context"
	"errors"
	"fmt"

	"duplex/crypto/keys"
	"duplex/net/links"
	"duplex/net/smp"
)

// CreateInvitationLink is CreateInvitation with a short link (/i#…) whose
// data carries the full invitation and userData (signed, encrypted, stored
// on the queue's relay).
func (a *Agent) CreateInvitationLink(ctx context.Context, opts InvitationOptions, userData []byte) (string, *links.ConnRequest, *links.ShortLink, error) {
	return a.createInvitation(ctx, opts, &userData)
}

// CreateContactAddressLink is CreateContactAddress with a short link (/a#…).
func (a *Agent) CreateContactAddressLink(ctx context.Context, userData []byte) (string, *links.ConnRequest, *links.ShortLink, error) {
	return a.createContactAddress(ctx, &userData)
}

// setLinkData seals the link data for req under a fresh root key and
// stores it with LSET on the queue just created. NEW could carry the data,
// but its sender id is derived from the NEW's corrId, which the client
// chooses only when it sends; the connection request inside the data must
// name that sender id. LSET on a fresh, unsecured queue without data is
// allowed by the relay (upstream Server.hs: only a secured messaging queue
// or a different existing link id is refused), so the link id of an
// invitation is ours to choose: 24 random bytes, as the relay would pick.
func (a *Agent) setLinkData(ctx context.Context, q *rcvQueue, req *links.ConnRequest, ud *links.ConnLinkData) (*links.ShortLink, error) {
	root, err := keys.GenerateEd25519(a.rand)
	if err != nil {
		return nil, err
	}
	fd := &links.FixedLinkData{AgentVersions: links.AgentVersions, ConnReq: req}
	sealed, err := links.SealLinkData(a.rand, root, fd, ud)
	if err != nil {
		return nil, err
	}
	srv, err := serverOf(q.Server)
	if err != nil {
		return nil, err
	}
	sl := &links.ShortLink{Scheme: links.SchemeSimplex, Type: links.LinkContact, Server: srv.Server, Key: sealed.Key}
	linkID := sealed.LinkID
	if req.Mode == links.ModeInvitation {
		sl.Type = links.LinkInvitation
		linkID = make([]byte, links.LinkIDSize)
		if _, err := a.rand.Read(linkID); err != nil {
			return nil, err
		}
		sl.LinkID = linkID
	}
	cl, err := a.client(ctx, q.Server)
	if err != nil {
		return nil, err
	}
	if err := cl.SetLinkData(ctx, q.RcvID, ed25519(q.RcvKey), linkID, smp.LinkData{Fixed: sealed.Fixed, User: sealed.User}); err != nil {
		return nil, fmt.Errorf("agent: LSET: %w", err)
	}
	return sl, nil
}

// ErrLinkType is returned for a short link the agent cannot join (channel,
// group and relay links belong to the chat layer).
var ErrLinkType = errors.New("agent: not an invitation or contact address link")

// JoinLink joins what a short link leads to: an invitation (LKEY secures
// its queue with our new sender key and returns the data) or a contact
// address (unsigned LGET). The data is decrypted and verified (link key =
// hash of the fixed data, root signature, user-data signature, and the
// queue in it is the one queried) before anything is created; a link that
// fails any check returns the links error and leaves no connection behind.
// It returns the new connection id and the creator's user data.
func (a *Agent) JoinLink(ctx context.Context, sl *links.ShortLink, connInfo []byte) (string, []byte, error) {
	srv := smp.ServerAddress{Server: sl.Server}
	var sk *keys.Ed25519Private
	var lnk smp.LNK
	var err error
	switch sl.Type {
	case links.LinkInvitation:
		if sk, err = keys.GenerateEd25519(a.rand); err != nil {
			return "", nil, err
		}
		_, err = a.routed(ctx, "", srv,
			func(cl *smp.Client) (err error) { lnk, err = cl.SecureLink(ctx, sl.LinkID, sk); return err },
			func(cl *smp.Client, pr *smp.ProxiedRelay) (err error) {
				lnk, err = cl.ProxySecureLink(ctx, pr, sl.LinkID, sk)
				return err
			})
		if err != nil {
			return "", nil, fmt.Errorf("agent: LKEY: %w", err)
		}
	case links.LinkContact:
		linkID, _ := links.ContactLinkKDF(sl.Key)
		_, err = a.routed(ctx, "", srv,
			func(cl *smp.Client) (err error) { lnk, err = cl.GetLinkData(ctx, linkID); return err },
			func(cl *smp.Client, pr *smp.ProxiedRelay) (err error) {
				lnk, err = cl.ProxyGetLink(ctx, pr, linkID)
				return err
			})
		if err != nil {
			return "", nil, fmt.Errorf("agent: LGET: %w", err)
		}
	default:
		return "", nil, ErrLinkType
	}
	fd, ud, err := sl.DecryptLinkData(lnk.Data.Fixed, lnk.Data.User)
	if err != nil {
		return "", nil, err
	}
	if fd, err = fd.VerifyAddress(sl.Server, lnk.SenderID); err != nil {
		return "", nil, err
	}
	if sl.Type == links.LinkContact {
		id, err := a.JoinContact(ctx, fd.ConnReq, connInfo)
		return id, ud.Contact.UserData, err
	}
	id, err := a.join(ctx, fd.ConnReq, connInfo, sk)
	return id, ud.UserData, err
}
