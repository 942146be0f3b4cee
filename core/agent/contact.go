package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"duplex/crypto/box"
	"duplex/crypto/keys"
	"duplex/db"
	"duplex/net/agentproto"
	"duplex/net/links"
	"duplex/net/smp"
)

// contactRequestMessage is the AgentInvitation a request carries. The KEM
// key adds about 1.5 KB; when it and a large profile (a picture) do not fit
// the confirmation padding together, the key is left out and the contact
// starts without PQ — the initiator's ratchet accepts a reply without a KEM,
// as it must from apps that do not speak PQ.
func contactRequestMessage(version uint16, inv *links.ConnRequest, connInfo []byte) (*agentproto.ClientMessage, error) {
	build := func(req *links.ConnRequest) (*agentproto.ClientMessage, int, error) {
		env, err := agentproto.EncodeEnvelope(&agentproto.Invitation{Version: version, ConnReq: req, ConnInfo: connInfo})
		if err != nil {
			return nil, 0, err
		}
		m := &agentproto.ClientMessage{Body: env}
		plain, err := m.MarshalBinary()
		return m, len(plain), err
	}
	m, n, err := build(inv)
	if err != nil || n <= agentproto.E2EConfirmationLen-2 || inv.E2E == nil || inv.E2E.KEMKey == nil {
		return m, err // too large even without a KEM key: sealing says so
	}
	noKEM := *inv
	e2e := *inv.E2E
	e2e.KEMKey = nil
	noKEM.E2E = &e2e
	m, _, err = build(&noKEM)
	return m, err
}

// ErrNoRequest is returned for an unknown (or already accepted/rejected)
// contact request id.
var ErrNoRequest = errors.New("agent: no such contact request")

// CreateContactAddress creates a long-lived contact address: a contact-mode
// queue (NEW with queue mode 'C', not sender-securable) that receives
// AgentInvitations. Each one is reported as REQ.
func (a *Agent) CreateContactAddress(ctx context.Context) (string, *links.ConnRequest, error) {
	id, req, _, err := a.createContactAddress(ctx, nil)
	return id, req, err
}

func (a *Agent) createContactAddress(ctx context.Context, linkData *[]byte) (string, *links.ConnRequest, *links.ShortLink, error) {
	q, uri, err := a.newRcvQueue(ctx, nil, smp.QueueModeContact)
	if err != nil {
		return "", nil, nil, err
	}
	req := &links.ConnRequest{Mode: links.ModeContact, AgentVersions: links.AgentVersions, Queues: []*links.QueueURI{uri}}
	var sl *links.ShortLink
	if linkData != nil {
		ud := &links.ConnLinkData{Mode: links.ModeContact, AgentVersions: links.AgentVersions,
			Contact: &links.ContactData{Direct: true, UserData: *linkData}}
		if sl, err = a.setLinkData(ctx, q, req, ud); err != nil {
			return "", nil, nil, err
		}
	}
	c := &connState{ID: a.newID(), Initiator: true, Status: stContact, Rcv: []*rcvQueue{q}, Requests: map[string][]byte{}}
	if sl != nil {
		c.ShortLink = sl.String()
	}
	if err := a.commitNew(ctx, c); err != nil {
		return "", nil, nil, err
	}
	return c.ID, req, sl, nil
}

// JoinContact asks for a connection through a contact address: it creates
// a one-time invitation (our new connection, whose id is returned) and
// sends it with connInfo to the address. When the owner accepts, the
// invitation is joined and CONF arrives here as for CreateInvitation.
func (a *Agent) JoinContact(ctx context.Context, addr *links.ConnRequest, connInfo []byte) (string, error) {
	if addr.Mode != links.ModeContact || len(addr.Queues) == 0 {
		return "", errors.New("agent: join: not a contact address")
	}
	av, ok := addr.AgentVersions.Intersect(links.AgentVersions)
	if !ok {
		return "", agentproto.ErrVersion
	}
	qv, ok := addr.Queues[0].Versions.Intersect(links.SMPClientVersions)
	if !ok {
		return "", agentproto.ErrVersion
	}
	// The invitation inside the request proposes sntrup761 when the
	// address's agent speaks PQ (upstream: IKUsePQ for contact requests), so
	// the contact's ratchet is post-quantum from the first message.
	id, inv, err := a.CreateInvitation(ctx, InvitationOptions{PQ: av.Max >= agentproto.AgentVersionPQ})
	if err != nil {
		return "", err
	}
	msg, err := contactRequestMessage(av.Max, inv, connInfo)
	if err != nil {
		return "", err
	}
	qa := addr.Queues[0].QueueAddress
	e2e, err := keys.GenerateX25519(a.rand)
	if err != nil {
		return "", err
	}
	sec, err := box.DH(qa.DHKey, e2e)
	if err != nil {
		return "", err
	}
	pub := e2e.Public()
	body, err := agentproto.SealClientMessage(a.rand, sec, qv.Max, &pub, msg)
	if err != nil {
		return "", err
	}
	// A contact queue is never secured: the SEND is unsigned.
	_, err = a.routed(ctx, id, smp.ServerAddress{Server: qa.Server},
		func(cl *smp.Client) error { return cl.Send(ctx, qa.SenderID, nil, true, body) },
		func(cl *smp.Client, pr *smp.ProxiedRelay) error {
			return cl.ProxySend(ctx, pr, qa.SenderID, nil, true, body)
		})
	if err != nil {
		return "", fmt.Errorf("agent: sending the request: %w", err)
	}
	return id, nil
}

// contactRequest is what a contact address keeps of a REQ until it is
// accepted or rejected (connState.Requests, by request id).
type contactRequest struct {
	ConnReq string // the requester's one-time invitation
	Info    []byte
}

// onInvitation stores an AgentInvitation received on a contact address and
// reports it (REQ). Called with a.mu held.
func (a *Agent) onInvitation(c *connState, e *agentproto.Invitation) ([]Event, bool, error) {
	if c.Status != stContact {
		return nil, true, &agentproto.Error{Kind: agentproto.KindProhibited, Detail: "invitation on a connection queue"}
	}
	if e.ConnReq == nil || e.ConnReq.Mode != links.ModeInvitation {
		return nil, true, &agentproto.Error{Kind: agentproto.KindProhibited, Detail: "contact request without an invitation"}
	}
	b, err := json.Marshal(contactRequest{ConnReq: e.ConnReq.String(), Info: e.ConnInfo})
	if err != nil {
		return nil, true, err
	}
	if c.Requests == nil {
		c.Requests = map[string][]byte{}
	}
	rid := a.newID()
	c.Requests[rid] = b
	if err := a.st.Update(a.ctx, func(tx db.AgentTx) error { return save(tx, c) }); err != nil {
		return nil, false, err
	}
	return []Event{{Type: EvREQ, ConnID: c.ID, ConfirmationID: rid, Info: e.ConnInfo}}, true, nil
}

// takeRequest removes a request from a contact address.
func (a *Agent) takeRequest(ctx context.Context, contactID, reqID string) (contactRequest, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var r contactRequest
	c := a.conns[contactID]
	if c == nil || c.Status != stContact {
		return r, ErrNoConnection
	}
	b, ok := c.Requests[reqID]
	if !ok {
		return r, ErrNoRequest
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, err
	}
	delete(c.Requests, reqID)
	if err := a.st.Update(ctx, func(tx db.AgentTx) error { return save(tx, c) }); err != nil {
		a.reload(contactID)
		return r, err
	}
	return r, nil
}

// AcceptContact joins the invitation of a REQ (a new connection, returned;
// INFO and CON follow as for Join) and forgets the request.
func (a *Agent) AcceptContact(ctx context.Context, contactID, reqID string, connInfo []byte) (string, error) {
	r, err := a.takeRequest(ctx, contactID, reqID)
	if err != nil {
		return "", err
	}
	req, err := links.ParseConnRequest(r.ConnReq)
	if err != nil {
		return "", err
	}
	return a.Join(ctx, req, connInfo)
}

// RejectContact forgets a REQ; the requester hears nothing.
func (a *Agent) RejectContact(ctx context.Context, contactID, reqID string) error {
	_, err := a.takeRequest(ctx, contactID, reqID)
	return err
}
