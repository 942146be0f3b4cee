package agent

import (
	"context"
	"errors"
	"fmt"

	"duplex/crypto/box"
	"duplex/crypto/keys"
	"duplex/crypto/ratchet"
	"duplex/db"
	"duplex/net/agentproto"
	"duplex/net/links"
	"duplex/net/smp"
)

// InvitationOptions for CreateInvitation.
type InvitationOptions struct {
	PQ bool // propose sntrup761 in the link (larger link)
}

var (
	ErrNoConnection = errors.New("agent: no such connection")
	ErrState        = errors.New("agent: connection is not in a state that allows this")
	ErrUnsupported  = errors.New("agent: peer requires a protocol path this agent does not implement")
)

// newRcvQueue creates a queue on a relay the picker chooses. Nothing is
// stored: the caller persists it together with the connection.
func (a *Agent) newRcvQueue(ctx context.Context, used []string, mode smp.QueueMode) (*rcvQueue, *links.QueueURI, error) {
	srv, err := a.pick(used)
	if err != nil {
		return nil, nil, err
	}
	return a.newRcvQueueOn(ctx, srv, mode)
}

// pick asks the ServerPicker, given the servers (address strings) in use.
func (a *Agent) pick(used []string) (smp.ServerAddress, error) {
	var usedAddrs []smp.ServerAddress
	for _, u := range used {
		if s, err := serverOf(u); err == nil {
			usedAddrs = append(usedAddrs, s)
		}
	}
	return a.cfg.Picker.Pick(usedAddrs)
}

func (a *Agent) newRcvQueueOn(ctx context.Context, srv smp.ServerAddress, mode smp.QueueMode) (*rcvQueue, *links.QueueURI, error) {
	cl, err := a.client(ctx, srv.String())
	if err != nil {
		return nil, nil, err
	}
	rk, err := keys.GenerateEd25519(a.rand)
	if err != nil {
		return nil, nil, err
	}
	dh, err := keys.GenerateX25519(a.rand)
	if err != nil {
		return nil, nil, err
	}
	e2e, err := keys.GenerateX25519(a.rand)
	if err != nil {
		return nil, nil, err
	}
	qr := &smp.QueueReq{Mode: mode}
	if a.cfg.legacyQueues && mode == smp.QueueModeMessaging {
		qr = nil
	}
	ids, err := cl.CreateQueue(ctx, rk, smp.NEW{RcvAuthKey: rk.Public(), RcvDHKey: dh.Public(), SubMode: smp.SubModeSubscribe, QueueReq: qr})
	if err != nil {
		return nil, nil, fmt.Errorf("agent: NEW on %s: %w", srv.Server, err)
	}
	sec, err := box.DH(ids.SrvDHKey, dh)
	if err != nil {
		return nil, nil, err
	}
	lm := links.QueueModeMessaging
	switch {
	case mode == smp.QueueModeContact:
		lm = links.QueueModeContact
	case qr == nil:
		lm = links.QueueModeUnset
	}
	q := &rcvQueue{Server: srv.String(), RcvID: ids.RcvID, SndID: ids.SndID, RcvKey: rk.Bytes(), RcvDHSecret: sec[:],
		E2EPriv: e2e.Bytes(), Contact: mode == smp.QueueModeContact}
	uri := &links.QueueURI{Versions: links.SMPClientVersions,
		QueueAddress: links.QueueAddress{Server: srv.Server, SenderID: ids.SndID, DHKey: e2e.Public(), Mode: lm}}
	return q, uri, nil
}

// CreateInvitation creates a one-time invitation: a messaging queue and our
// X3DH keys. The returned link is what the peer Joins.
func (a *Agent) CreateInvitation(ctx context.Context, opts InvitationOptions) (string, *links.ConnRequest, error) {
	id, req, _, err := a.createInvitation(ctx, opts, nil)
	return id, req, err
}

// createInvitation makes the queue and keys; with short-link user data it
// also stores the sealed link data on the relay (LSET, before anything is
// committed: a link that failed is never handed out).
func (a *Agent) createInvitation(ctx context.Context, opts InvitationOptions, linkData *[]byte) (string, *links.ConnRequest, *links.ShortLink, error) {
	q, uri, err := a.newRcvQueue(ctx, nil, smp.QueueModeMessaging)
	if err != nil {
		return "", nil, nil, err
	}
	pp, err := ratchet.GenerateInitiatorParams(a.rand, ratchet.CurrentVersion, opts.PQ)
	if err != nil {
		return "", nil, nil, err
	}
	e2e, err := links.NewE2EParams(links.E2EVersions, pp.Public())
	if err != nil {
		return "", nil, nil, err
	}
	priv, err := pp.MarshalBinary()
	if err != nil {
		return "", nil, nil, err
	}
	req := &links.ConnRequest{Mode: links.ModeInvitation, AgentVersions: links.AgentVersions, Queues: []*links.QueueURI{uri}, E2E: e2e}
	var sl *links.ShortLink
	if linkData != nil {
		if sl, err = a.setLinkData(ctx, q, req, &links.ConnLinkData{Mode: links.ModeInvitation, AgentVersions: links.AgentVersions, UserData: *linkData}); err != nil {
			return "", nil, nil, err
		}
	}
	c := &connState{ID: a.newID(), Initiator: true, Status: stNew, PQ: opts.PQ, Rcv: []*rcvQueue{q}, RatchetPriv: priv}
	if sl != nil {
		c.ShortLink = sl.String()
	}
	if err := a.commitNew(ctx, c); err != nil {
		return "", nil, nil, err
	}
	a.ev.push(Event{Type: EvINV, ConnID: c.ID})
	return c.ID, req, sl, nil
}

func (a *Agent) commitNew(ctx context.Context, c *connState) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.st.Update(ctx, func(tx db.AgentTx) error { return save(tx, c) }); err != nil {
		return err
	}
	a.conns[c.ID] = c
	for _, q := range c.Rcv {
		a.byRcv[string(q.RcvID)] = c.ID
	}
	a.startWorker(c.ID)
	return nil
}

// secureSndQueue makes a send queue to the peer's queue: a fresh sender
// key, SKEY on the relay (the fast path), and our per-queue e2e key.
// With secured set, the queue was already secured with that key (LKEY of a
// short link). With legacy, nothing is sent: the peer KEYs the queue with
// the key our confirmation carries.
func (a *Agent) secureSndQueue(ctx context.Context, qa links.QueueAddress, v uint16, secured *keys.Ed25519Private, legacy bool) (*sndQueue, error) {
	srv := smp.ServerAddress{Server: qa.Server}
	sk := secured
	if sk == nil && legacy {
		var err error
		if sk, err = keys.GenerateEd25519(a.rand); err != nil {
			return nil, err
		}
	}
	if sk == nil {
		var err error
		if sk, err = keys.GenerateEd25519(a.rand); err != nil {
			return nil, err
		}
		_, err = a.routed(ctx, "", srv,
			func(cl *smp.Client) error { return cl.SecureBySender(ctx, qa.SenderID, sk) },
			func(cl *smp.Client, pr *smp.ProxiedRelay) error {
				return cl.ProxySecureBySender(ctx, pr, qa.SenderID, sk)
			})
		if err != nil {
			return nil, fmt.Errorf("agent: SKEY: %w", err)
		}
	}
	e2e, err := keys.GenerateX25519(a.rand)
	if err != nil {
		return nil, err
	}
	sec, err := box.DH(qa.DHKey, e2e)
	if err != nil {
		return nil, err
	}
	return &sndQueue{Server: srv.String(), SndID: qa.SenderID, SndKey: sk.Bytes(), E2EPriv: e2e.Bytes(), E2ESecret: sec[:], Version: v,
		Legacy: legacy && secured == nil}, nil
}

// legacyQueue says whether a queue must be secured by its recipient (KEY):
// a queue URI without the sender-can-secure mode, a client version before
// sender auth, or a peer agent before SKEY (v6).
func legacyQueue(qa links.QueueAddress, queueVersion, agentVersion uint16) bool {
	return !qa.Mode.SenderCanSecure() || queueVersion < agentproto.ClientVersionSndAuth || agentVersion < agentproto.AgentVersionSndAuthKey
}

// Join accepts an invitation: it secures the inviter's queue, creates our
// reply queue and queues the confirmation carrying connInfo. CON follows
// the inviter's confirmation (INFO, then CON).
func (a *Agent) Join(ctx context.Context, req *links.ConnRequest, connInfo []byte) (string, error) {
	return a.join(ctx, req, connInfo, nil)
}

func (a *Agent) join(ctx context.Context, req *links.ConnRequest, connInfo []byte, secured *keys.Ed25519Private) (string, error) {
	if req.Mode != links.ModeInvitation || req.E2E == nil || len(req.Queues) == 0 {
		return "", fmt.Errorf("agent: join: not an invitation")
	}
	av, ok := req.AgentVersions.Intersect(links.AgentVersions)
	if !ok {
		return "", agentproto.ErrVersion
	}
	ev, ok := req.E2E.Versions.Intersect(links.E2EVersions)
	if !ok {
		return "", agentproto.ErrVersion
	}
	qv, ok := req.Queues[0].Versions.Intersect(links.SMPClientVersions)
	if !ok {
		return "", agentproto.ErrVersion
	}
	pq := req.E2E.KEMKey != nil && ev.Max >= ratchet.VersionPQ
	legacy := secured == nil && legacyQueue(req.Queues[0].QueueAddress, qv.Max, av.Max)
	snd, err := a.secureSndQueue(ctx, req.Queues[0].QueueAddress, qv.Max, secured, legacy)
	if err != nil {
		return "", err
	}
	rq, uri, err := a.newRcvQueue(ctx, []string{snd.Server}, smp.QueueModeMessaging)
	if err != nil {
		return "", err
	}
	peer := req.E2E.AtVersion(ev.Max)
	pp, err := ratchet.GenerateJoinerParams(a.rand, ev.Max, peer, pq)
	if err != nil {
		return "", err
	}
	r, err := ratchet.InitJoiner(a.rand, ratchet.Versions{Current: ev.Max, MaxSupported: ratchet.CurrentVersion}, pp, peer)
	if err != nil {
		return "", err
	}
	c := &connState{ID: a.newID(), Status: stJoined, AgentVersion: av.Max, PQ: pq, Rcv: []*rcvQueue{rq}, Snd: []*sndQueue{snd}, ratchet: r, Legacy: legacy}
	reply := &agentproto.ConnInfoReply{Queues: []*links.QueueInfo{uri.Info(qv.Max)}, Info: connInfo}
	body, err := a.confirmation(c, snd, reply, pp.Public())
	if err != nil {
		return "", err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	err = a.st.Update(ctx, func(tx db.AgentTx) error {
		if err := save(tx, c); err != nil {
			return err
		}
		_, err := tx.AddPending(db.AgentPending{ConnID: []byte(c.ID), SndMsgID: 1, Kind: kindConf, Queue: snd.SndID, Body: body})
		return err
	})
	if err != nil {
		return "", err
	}
	a.conns[c.ID] = c
	a.byRcv[string(rq.RcvID)] = c.ID
	a.startWorker(c.ID)
	return c.ID, nil
}

// confirmation encrypts a confirmation (message 1 of our chain) for snd.
func (a *Agent) confirmation(c *connState, snd *sndQueue, m agentproto.AgentMessage, e2e *ratchet.Params) ([]byte, error) {
	plain, err := agentproto.EncodeAgentMessage(m)
	if err != nil {
		return nil, err
	}
	ct, err := c.ratchet.Encrypt(plain, agentproto.ConnInfoPadLen(c.AgentVersion, c.ratchet.PQSupport()))
	if err != nil {
		return nil, err
	}
	env, err := agentproto.EncodeEnvelope(&agentproto.Confirmation{Version: c.AgentVersion, E2E: e2e, EncConnInfo: ct})
	if err != nil {
		return nil, err
	}
	pub := x25519(snd.E2EPriv).Public()
	cm := &agentproto.ClientMessage{Body: env}
	if snd.Legacy {
		cm.SenderAuthKey = ed25519(snd.SndKey).Public()
	}
	body, err := agentproto.SealClientMessage(a.rand, secret(snd.E2ESecret), snd.Version, &pub, cm)
	if err != nil {
		return nil, err
	}
	c.SndMsgID, c.LastSndHash = 1, agentproto.MessageHash(plain)
	return body, nil
}

// AllowConnection answers a CONF: it secures the joiner's reply queue and
// queues our confirmation; CON follows once the relay accepted it.
func (a *Agent) AllowConnection(ctx context.Context, connID, confID string, connInfo []byte) error {
	a.mu.Lock()
	c := a.conns[connID]
	if c == nil {
		a.mu.Unlock()
		return ErrNoConnection
	}
	if c.Status != stConfirmed || c.ConfID != confID || len(c.PeerQueues) == 0 {
		a.mu.Unlock()
		return ErrState
	}
	qi, err := links.ParseQueueInfo(c.PeerQueues[0])
	legacy, peerKey, av := c.Legacy, c.PeerSndKey, c.AgentVersion
	var own *rcvQueue
	if len(c.Rcv) > 0 {
		own = c.Rcv[0]
	}
	a.mu.Unlock()
	if err != nil {
		return err
	}
	if legacy {
		// The joiner could not secure our queue: we KEY it with the key
		// from its confirmation's 'K' header (repeating KEY with the same
		// key is accepted, so a retry after a failure is harmless).
		if err := a.secureOwn(own, peerKey); err != nil {
			return err
		}
	}
	snd, err := a.secureSndQueue(ctx, qi.QueueAddress, qi.Version, nil, legacy || legacyQueue(qi.QueueAddress, qi.Version, av))
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if c = a.conns[connID]; c == nil || c.Status != stConfirmed {
		return ErrState
	}
	body, err := a.confirmation(c, snd, &agentproto.ConnInfo{Info: connInfo}, nil)
	if err != nil {
		a.reload(connID)
		return err
	}
	c.Snd, c.Status, c.PeerQueues, c.PeerSndKey = []*sndQueue{snd}, stAllowed, nil, nil
	c.Legacy = c.Legacy || snd.Legacy
	err = a.st.Update(ctx, func(tx db.AgentTx) error {
		if err := save(tx, c); err != nil {
			return err
		}
		_, err := tx.AddPending(db.AgentPending{ConnID: []byte(c.ID), SndMsgID: 1, Kind: kindConf, Queue: snd.SndID, Body: body})
		return err
	})
	if err != nil {
		a.reload(connID)
		return err
	}
	a.wake(connID)
	return nil
}
