package agent

import (
	"context"
	"errors"
	"fmt"
	"time"

	"duplex/db"
	"duplex/net/agentproto"
	"duplex/net/smp"
)

// Send numbers, encrypts and stores a message for the peer, and returns its
// id. The encrypted SEND body is in the database before Send returns; the
// connection's send loop delivers it (SENT), retrying across network errors
// and restarts.
func (a *Agent) Send(ctx context.Context, connID string, body []byte) (int64, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.conns[connID]
	if c == nil {
		return 0, ErrNoConnection
	}
	if c.Status != stActive || len(c.Snd) == 0 {
		return 0, ErrState
	}
	if c.sendProhibited() {
		return 0, fmt.Errorf("%w: ratchet is not synchronized (%s)", ErrState, c.Sync)
	}
	return a.enqueue(ctx, c, &agentproto.AMsg{Body: body}, kindMsg)
}

// enqueue encrypts m as the connection's next message and commits it with
// the advanced ratchet. Called with a.mu held.
func (a *Agent) enqueue(ctx context.Context, c *connState, m agentproto.AMessage, kind int) (int64, error) {
	p, hash, err := a.encryptNext(c, m, kind)
	if err != nil {
		a.reload(c.ID)
		return 0, err
	}
	err = a.st.Update(ctx, func(tx db.AgentTx) error {
		if err := save(tx, c); err != nil {
			return err
		}
		if kind == kindMsg {
			if err := tx.AddSent([]byte(c.ID), p.SndMsgID, hash); err != nil {
				return err
			}
		}
		_, err := tx.AddPending(p)
		return err
	})
	if err != nil {
		a.reload(c.ID)
		return 0, err
	}
	a.wake(c.ID)
	return p.SndMsgID, nil
}

// encryptNext numbers and encrypts m as the next message of the chain and
// advances the in-memory state; the caller commits the returned row with
// the state (or reloads the connection on failure).
func (a *Agent) encryptNext(c *connState, m agentproto.AMessage, kind int) (db.AgentPending, []byte, error) {
	snd := c.Snd[0]
	id := c.SndMsgID + 1
	plain, err := agentproto.EncodeAgentMessage(&agentproto.Message{SndMsgID: id, PrevMsgHash: c.LastSndHash, Body: m})
	if err != nil {
		return db.AgentPending{}, nil, err
	}
	ct, err := c.ratchet.Encrypt(plain, agentproto.MessagePadLen(c.AgentVersion, c.ratchet.PQSupport()))
	if err != nil {
		return db.AgentPending{}, nil, agentproto.CryptoError(err)
	}
	env, err := agentproto.EncodeEnvelope(&agentproto.MsgEnvelope{Version: c.AgentVersion, EncAgentMessage: ct})
	if err == nil {
		env, err = agentproto.SealClientMessage(a.rand, secret(snd.E2ESecret), snd.Version, nil, &agentproto.ClientMessage{Body: env})
	}
	if err != nil {
		return db.AgentPending{}, nil, err
	}
	hash := agentproto.MessageHash(plain)
	c.SndMsgID, c.LastSndHash = id, hash
	return db.AgentPending{ConnID: []byte(c.ID), SndMsgID: id, Kind: kind, Queue: snd.SndID, Body: env}, hash, nil
}

// AckMessage tells the agent the application has processed a MSG: it is
// removed from the inbox and, at agent version ≥ 4, a receipt is sent.
func (a *Agent) AckMessage(ctx context.Context, connID string, msgID int64) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.conns[connID]
	if c == nil {
		return ErrNoConnection
	}
	var m db.AgentInboxMsg
	var found bool
	err := a.st.Update(ctx, func(tx db.AgentTx) error {
		var err error
		m, found, err = tx.TakeInbox([]byte(connID), msgID)
		return err
	})
	if err != nil {
		return err
	}
	if !found {
		return nil // acknowledged before a restart re-reported it
	}
	if c.AgentVersion < agentproto.AgentVersionReceipts || len(c.Snd) == 0 || c.sendProhibited() || !c.ratchet.CanSend() {
		return nil // no receipt while the ratchets are re-synchronised
	}
	rcpt := &agentproto.Receipts{Receipts: []agentproto.Receipt{{SndMsgID: m.SndMsgID, MsgHash: decodeMeta(m.Integrity).Hash, Info: []byte{}}}}
	_, err = a.enqueue(ctx, c, rcpt, kindReceipt)
	return err
}

// worker is a connection's send loop: it delivers agent_pending rows in
// order, one at a time, so the peer receives them in numbering order.
type worker struct {
	wake  chan struct{}
	qcont chan struct{}
	done  chan struct{} // closed by DeleteConnection
}

func (a *Agent) startWorker(id string) {
	if _, ok := a.workers[id]; ok {
		return
	}
	w := &worker{wake: make(chan struct{}, 1), qcont: make(chan struct{}, 1), done: make(chan struct{})}
	a.workers[id] = w
	a.wg.Add(1)
	go a.sendLoop(id, w)
	w.wake <- struct{}{}
}

func (a *Agent) wake(id string) {
	if w := a.workers[id]; w != nil {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

func (a *Agent) sendLoop(id string, w *worker) {
	defer a.wg.Done()
	backoff := a.cfg.RetryMin
	var noRoute int // failed attempts of the current row for want of a route
	for {
		p, ok, err := a.st.NextPending(a.ctx, []byte(id))
		if a.ctx.Err() != nil {
			return
		}
		if err != nil || !ok {
			select {
			case <-a.ctx.Done():
				return
			case <-w.done:
				return
			case <-w.wake:
			}
			continue
		}
		a.mu.Lock()
		c := a.conns[id]
		var snd *sndQueue
		var rcv, trashed *rcvQueue
		if c != nil {
			for _, q := range c.Snd {
				if string(q.SndID) == string(p.Queue) {
					snd = q
				}
			}
			rcv, trashed = c.rcvByID(p.Queue), c.trashByID(p.Queue)
		}
		a.mu.Unlock()
		if c == nil {
			return // deleted
		}
		var rt sendRoute
		switch {
		case p.Kind == kindDelRcv && trashed != nil:
			err = a.delRcv(trashed)
		case p.Kind == kindSecure && trashed != nil:
			err = nil // an aborted switch: its queue is being deleted
		case p.Kind == kindSecure && rcv != nil:
			err = a.secureOwn(rcv, p.Body)
		case p.Kind != kindSecure && p.Kind != kindDelRcv && snd != nil:
			// A legacy confirmation goes unsigned: the queue is not secured yet.
			rt, err = a.deliver(id, snd, p.Body, !(snd.Legacy && p.Kind == kindConf))
		default:
			a.dropPending(p, errors.New("agent: queue is gone"))
			continue
		}
		if !errors.Is(err, ErrNoRoute) {
			noRoute = 0
		}
		switch {
		case err == nil:
			backoff = a.cfg.RetryMin
			a.sent(id, p, rt)
		case errors.Is(err, ErrNoRoute):
			if noRoute++; noRoute >= a.cfg.Routing.MaxAttempts {
				noRoute = 0
				a.dropPending(p, err)
				continue
			}
			select {
			case <-a.ctx.Done():
				return
			case <-w.done:
				return
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, a.cfg.RetryMax)
		case errors.Is(err, smp.ErrQuota):
			// The peer's queue is full: wait for its QCONT (or try later anyway).
			select {
			case <-a.ctx.Done():
				return
			case <-w.done:
				return
			case <-w.qcont:
			case <-time.After(a.cfg.QuotaWait):
			}
		case smp.Retryable(err) || errors.Is(err, smp.ErrClosed):
			select {
			case <-a.ctx.Done():
				return
			case <-w.done:
				return
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, a.cfg.RetryMax)
		case errors.Is(err, smp.ErrAuth), errors.Is(err, smp.ErrNoEntity):
			a.dropPending(p, fmt.Errorf("%w: %w", ErrPeerGone, err))
		default:
			a.dropPending(p, err)
		}
	}
}

func (a *Agent) deliver(connID string, snd *sndQueue, body []byte, signed bool) (sendRoute, error) {
	ctx, cancel := context.WithTimeout(a.ctx, time.Minute)
	defer cancel()
	dest, err := serverOf(snd.Server)
	if err != nil {
		return sendRoute{}, err
	}
	var k smp.PrivateAuthKey
	if signed {
		k = ed25519(snd.SndKey)
	}
	return a.routed(ctx, connID, dest,
		func(cl *smp.Client) error { return cl.Send(ctx, snd.SndID, k, true, body) },
		func(cl *smp.Client, pr *smp.ProxiedRelay) error {
			return cl.ProxySend(ctx, pr, snd.SndID, k, true, body)
		})
}

// sent removes a delivered row and reports it (SENT with how it went).
func (a *Agent) sent(id string, p db.AgentPending, rt sendRoute) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.conns[id]
	if c == nil {
		return // deleted meanwhile: its rows are gone and it reports nothing
	}
	var evs []Event
	err := a.st.Update(a.ctx, func(tx db.AgentTx) error {
		if err := tx.DeletePending(p.ID); err != nil {
			return err
		}
		switch {
		case p.Kind == kindConf && c.Initiator && c.Status == stAllowed && c.Legacy:
			c.Status = stHello // CON after the HELLOs
			return save(tx, c)
		case p.Kind == kindConf && c.Initiator && c.Status == stAllowed:
			c.Status = stActive
			evs = append(evs, Event{Type: EvCON, ConnID: id})
			return save(tx, c)
		case p.Kind == kindHello:
			c.HelloSent = true
			if c.HelloRcvd && c.Status != stActive {
				c.Status = stActive
				evs = append(evs, Event{Type: EvCON, ConnID: id})
			}
			return save(tx, c)
		}
		revs, changed, err := a.rotationSent(tx, c, p)
		if err != nil || !changed {
			return err
		}
		evs = append(evs, revs...)
		return save(tx, c)
	})
	if err != nil {
		a.log.Error("sent", "err", err)
		a.reload(id)
		return
	}
	if p.Kind == kindMsg {
		evs = append(evs, Event{Type: EvSENT, ConnID: id, MsgID: p.SndMsgID, Via: rt.Via, Err: rt.Fallback})
	}
	a.ev.push(evs...)
}

func (a *Agent) dropPending(p db.AgentPending, cause error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.conns[string(p.ConnID)] == nil {
		return
	}
	if err := a.st.Update(a.ctx, func(tx db.AgentTx) error { return tx.DeletePending(p.ID) }); err != nil {
		return
	}
	a.ev.push(Event{Type: EvMERR, ConnID: string(p.ConnID), MsgID: p.SndMsgID, Err: cause})
}
