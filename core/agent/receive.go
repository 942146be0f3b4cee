package agent

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"duplex/crypto/box"
	"duplex/crypto/keys"
	"duplex/crypto/ratchet"
	"duplex/db"
	"duplex/net/agentproto"
	"duplex/net/links"
	"duplex/net/smp"
)

// inboxMeta is stored with an unacknowledged message (agent_inbox.integrity).
type inboxMeta struct {
	Integrity agentproto.Integrity
	Hash      []byte // MessageHash, returned in the receipt
}

func decodeMeta(b []byte) inboxMeta {
	var m inboxMeta
	json.Unmarshal(b, &m)
	return m
}

func inboxEvent(m db.AgentInboxMsg) Event {
	return Event{Type: EvMSG, ConnID: string(m.ConnID), MsgID: m.MsgID, Body: m.Body,
		Integrity: decodeMeta(m.Integrity).Integrity, BrokerTS: time.Unix(m.BrokerTS, 0)}
}

// receive handles one MSG. Everything it learns (ratchet, chain position,
// the message itself) commits in one transaction, and only then is the
// relay's copy ACKed: a crash before the commit gets the message again, a
// crash after it gets a redelivery the ratchet recognises as a duplicate.
func (a *Agent) receive(server string, rcvID []byte, msg smp.MSG) {
	a.mu.Lock()
	id := a.byRcv[string(rcvID)]
	c := a.conns[id]
	if c == nil {
		a.mu.Unlock()
		return // not ours (deleted): leave it for the relay to expire
	}
	q := c.rcvByID(rcvID)
	evs, ackOK, err := a.process(c, q, msg)
	if err != nil {
		a.reload(id) // drop whatever the failed attempt changed in memory
	}
	if errors.Is(err, errDeferred) {
		a.deferred[id] = deferredMsg{server: server, rcvID: rcvID, msg: msg}
		a.mu.Unlock()
		return
	}
	// A message that filled the gap a held-back one was waiting for
	// releases it (it may be held back again if the gap is not closed).
	var redo *deferredMsg
	if d, ok := a.deferred[id]; ok && err == nil && string(d.rcvID) != string(rcvID) {
		delete(a.deferred, id)
		redo = &d
	}
	rk := ed25519(q.RcvKey)
	a.mu.Unlock()
	if redo != nil {
		a.wg.Add(1)
		defer func() {
			go func() {
				defer a.wg.Done()
				a.receive(redo.server, redo.rcvID, redo.msg)
			}()
		}()
	}
	if err != nil {
		var ae *agentproto.Error
		if !errors.As(err, &ae) {
			if a.ctx.Err() != nil {
				return // closing: the relay redelivers after the restart
			}
			// A storage failure: do not ACK, the relay redelivers after a resubscribe.
			a.log.Error("receive", "conn", id, "err", err)
			a.ev.push(Event{Type: EvMERR, ConnID: id, Err: err})
			return
		}
		evs = append(evs, Event{Type: EvMERR, ConnID: id, Err: err})
		ackOK = true // a message we can never process is removed, as upstream does
	}
	a.ev.push(evs...)
	if !ackOK {
		return
	}
	a.ack(server, rcvID, rk, msg.MsgID)
}

func (a *Agent) ack(server string, rcvID []byte, rk *keys.Ed25519Private, msgID []byte) {
	ctx, cancel := context.WithTimeout(a.ctx, time.Minute)
	defer cancel()
	if cl, err := a.client(ctx, server); err == nil {
		if err := cl.Ack(ctx, rcvID, rk, msgID); err != nil && !errors.Is(err, smp.ErrNoMsg) {
			a.log.Warn("ack", "err", err)
		}
	}
}

// ackOnly removes a message from the relay without processing it (the
// faulty-relay test's "lost" message).
func (a *Agent) ackOnly(server string, rcvID, msgID []byte) {
	a.mu.Lock()
	c := a.conns[a.byRcv[string(rcvID)]]
	var q *rcvQueue
	if c != nil {
		q = c.rcvByID(rcvID)
	}
	a.mu.Unlock()
	if q != nil {
		a.ack(server, rcvID, ed25519(q.RcvKey), msgID)
	}
}

// process decrypts and commits one message. Called with a.mu held.
func (a *Agent) process(c *connState, q *rcvQueue, msg smp.MSG) ([]Event, bool, error) {
	rm, err := agentproto.OpenServerMessage(secret(q.RcvDHSecret), msg)
	if err != nil {
		return nil, true, err
	}
	if rm.Quota {
		// The peer stopped at our full queue, which is now drained: tell it to go on.
		if c.Status == stActive && len(c.Snd) > 0 && c.ratchet != nil && !c.sendProhibited() && c.ratchet.CanSend() {
			srv, err := serverOf(q.Server)
			if err != nil {
				return nil, false, err
			}
			if _, err := a.enqueue(a.ctx, c, &agentproto.QCont{Queue: agentproto.QueueAddr{Server: srv.Server, SenderID: q.SndID}}, kindReceipt); err != nil {
				return nil, false, err
			}
			// Our QCONT is numbered in the chain, so it waits behind our own
			// sends. If those are stopped at the peer's full queue, the peer
			// is probably stopped at ours (just drained) with its QCONT
			// behind its sends: retry now rather than after QuotaWait. One
			// of the two retries finds its queue drained, and its sends,
			// QCONT included, then unblock the other side.
			a.qcont(c.ID)
		}
		return nil, true, nil
	}
	env, err := agentproto.ParseClientMsgEnvelope(rm.Body)
	if err != nil {
		return nil, true, err
	}
	if err := agentproto.CheckClientVersion(env.Version, 0); err != nil {
		return nil, true, err
	}
	hadSecret := q.PeerE2E != nil
	var sec box.DHSecret
	switch {
	case env.SenderKey != nil && q.Contact:
		sec, err = box.DH(*env.SenderKey, x25519(q.E2EPriv))
	case env.SenderKey != nil:
		if hadSecret && subtle.ConstantTimeCompare(q.PeerE2E, env.SenderKey[:]) == 1 {
			hadSecret = false // the same confirmation again (redelivery)
		}
		sec, err = box.DH(*env.SenderKey, x25519(q.E2EPriv))
	case hadSecret:
		sec, err = box.DH(keys.X25519Public(q.PeerE2E), x25519(q.E2EPriv))
	default:
		return nil, true, &agentproto.Error{Kind: agentproto.KindProhibited, Detail: "message before the sender's e2e key"}
	}
	if err != nil {
		return nil, true, agentproto.CryptoError(err)
	}
	cm, err := env.Open(sec)
	if err != nil {
		return nil, true, err
	}
	ae, err := agentproto.ParseEnvelope(cm.Body)
	if err != nil {
		return nil, true, err
	}
	if _, err := agentproto.Classify(hadSecret, env.SenderKey != nil, !q.Contact, cm, ae); err != nil {
		return nil, true, err
	}
	if env.SenderKey != nil && !q.Contact {
		q.PeerE2E = env.SenderKey[:]
	}
	switch e := ae.(type) {
	case *agentproto.Confirmation:
		return a.onConfirmation(c, e, cm.SenderAuthKey)
	case *agentproto.MsgEnvelope:
		return a.onMessage(c, q, e, rm.Timestamp)
	case *agentproto.Invitation:
		return a.onInvitation(c, e)
	case *agentproto.RatchetKey:
		return a.onRatchetKey(c, e)
	default:
		return nil, true, &agentproto.Error{Kind: agentproto.KindProhibited, Detail: fmt.Sprintf("%T on a connection queue", ae)}
	}
}

// senderKey is the peer's key from a 'K' header (legacy handshake), else nil.
func (a *Agent) onConfirmation(c *connState, e *agentproto.Confirmation, senderKey keys.PublicKey) ([]Event, bool, error) {
	if err := agentproto.CheckAgentVersion(e.Version); err != nil {
		return nil, true, err
	}
	var evs []Event
	switch {
	case c.Initiator && c.Status == stNew && e.E2E != nil:
		pp := new(ratchet.PrivateParams)
		if err := pp.UnmarshalBinary(c.RatchetPriv); err != nil {
			return nil, false, err
		}
		r, err := ratchet.InitInitiator(ratchet.Versions{Current: e.E2E.Version, MaxSupported: ratchet.CurrentVersion}, pp, e.E2E, c.PQ)
		if err != nil {
			return nil, true, agentproto.CryptoError(err)
		}
		plain, err := r.Decrypt(a.rand, e.EncConnInfo)
		if err != nil {
			return nil, true, agentproto.CryptoError(err)
		}
		am, err := agentproto.ParseAgentMessage(plain)
		if err != nil {
			return nil, true, err
		}
		reply, ok := am.(*agentproto.ConnInfoReply)
		if !ok {
			return nil, true, &agentproto.Error{Kind: agentproto.KindProhibited, Detail: "initiator expects AgentConnInfoReply"}
		}
		c.ratchet, c.RatchetPriv, c.AgentVersion = r, nil, min(e.Version, agentproto.CurrentAgentVersion)
		c.RcvLastID, c.RcvLastHash = 1, agentproto.MessageHash(plain)
		c.Status, c.ConfID, c.PeerQueues = stConfirmed, a.newID(), nil
		if senderKey != nil {
			c.Legacy, c.PeerSndKey = true, senderKey.DER()
		}
		for _, qi := range reply.Queues {
			b, err := qi.MarshalBinary()
			if err != nil {
				return nil, true, err
			}
			c.PeerQueues = append(c.PeerQueues, b)
		}
		evs = append(evs, Event{Type: EvCONF, ConnID: c.ID, ConfirmationID: c.ConfID, Info: reply.Info})
	case !c.Initiator && c.Status == stJoined && e.E2E == nil:
		plain, err := c.ratchet.Decrypt(a.rand, e.EncConnInfo)
		if err != nil {
			return nil, true, agentproto.CryptoError(err)
		}
		am, err := agentproto.ParseAgentMessage(plain)
		if err != nil {
			return nil, true, err
		}
		info, ok := am.(*agentproto.ConnInfo)
		if !ok {
			return nil, true, &agentproto.Error{Kind: agentproto.KindProhibited, Detail: "joiner expects AgentConnInfo"}
		}
		c.RcvLastID, c.RcvLastHash = 1, agentproto.MessageHash(plain)
		evs = append(evs, Event{Type: EvINFO, ConnID: c.ID, Info: info.Info})
		if senderKey != nil || c.Legacy {
			// Legacy: KEY our queue, then HELLO; CON after the HELLOs.
			c.Legacy, c.Status = true, stHello
			err := a.st.Update(a.ctx, func(tx db.AgentTx) error {
				if err := a.legacyJoinerConfirmed(tx, c, senderKey); err != nil {
					return err
				}
				return save(tx, c)
			})
			if err == nil {
				a.wake(c.ID)
			}
			return evs, err == nil, err
		}
		c.Status = stActive
		evs = append(evs, Event{Type: EvCON, ConnID: c.ID})
	default:
		return nil, true, nil // a repeated confirmation: already processed
	}
	err := a.st.Update(a.ctx, func(tx db.AgentTx) error { return save(tx, c) })
	return evs, err == nil, err
}

func (a *Agent) onMessage(c *connState, q *rcvQueue, e *agentproto.MsgEnvelope, ts time.Time) ([]Event, bool, error) {
	if c.ratchet == nil {
		return nil, true, &agentproto.Error{Kind: agentproto.KindProhibited, Detail: "message before the handshake"}
	}
	couldSend := c.ratchet.CanSend()
	encHash := sha256.Sum256(e.EncAgentMessage)
	plain, err := c.ratchet.Decrypt(a.rand, e.EncAgentMessage)
	if err != nil {
		return a.cryptoFailure(c, encHash[:], agentproto.CryptoError(err))
	}
	// Committed with whatever this message changes (both paths below).
	remember := func(tx db.AgentTx) error {
		c.RcvHashSeq++
		return tx.AddRcvHash([]byte(c.ID), encHash[:], c.RcvHashSeq, rcvHashesKept)
	}
	am, err := agentproto.ParseAgentMessage(plain)
	if err != nil {
		return nil, true, err
	}
	m, ok := am.(*agentproto.Message)
	if !ok {
		return nil, true, &agentproto.Error{Kind: agentproto.KindProhibited, Detail: "expected an agent message"}
	}
	if c.holdBack(q, m.SndMsgID) {
		return nil, false, errDeferred // the caller reloads the ratchet as it was
	}
	hash := agentproto.MessageHash(plain)
	integ := agentproto.CheckIntegrity(c.RcvLastID, c.RcvLastHash, m.SndMsgID, m.PrevMsgHash)
	if c.SyncBase {
		integ, c.SyncBase = agentproto.Integrity{}, false
	}
	syncEvs := c.decrypted()
	_, isMsg := m.Body.(*agentproto.AMsg)
	late := integ.Kind == agentproto.IntegrityBadID
	if integ.Kind == agentproto.IntegrityDuplicate || late && !isMsg {
		// Never shown twice; the ratchet state change (if any) is still kept.
		err := a.st.Update(a.ctx, func(tx db.AgentTx) error {
			if err := remember(tx); err != nil {
				return err
			}
			return save(tx, c)
		})
		return []Event{{Type: EvMERR, ConnID: c.ID, Integrity: integ, Err: fmt.Errorf("agent: %s", integ)}}, err == nil, err
	}
	// A late A_MSG (an id below the last one: the relay reordered) is shown
	// once, flagged, as upstream does: the ratchet used up its skipped key,
	// so it cannot come again. The chain position stays at the newest.
	if !late {
		c.RcvLastID, c.RcvLastHash = m.SndMsgID, hash
	}
	var evs []Event
	var wakeQ, wakeS bool
	var retired []byte
	err = a.st.Update(a.ctx, func(tx db.AgentTx) error {
		evs, wakeQ, wakeS = syncEvs, false, false
		// An A_QUEUE error is reported; the message still counts as received.
		rotation := func(hevs []Event, err error) error {
			var ae *agentproto.Error
			if errors.As(err, &ae) {
				evs = append(evs, Event{Type: EvMERR, ConnID: c.ID, Err: err})
				return nil
			}
			evs, wakeS = append(evs, hevs...), true
			return err
		}
		if err := remember(tx); err != nil {
			return err
		}
		var err error
		if retired, err = a.rotationReceived(tx, c, q); err != nil {
			return err
		}
		wakeS = retired != nil
		switch b := m.Body.(type) {
		case *agentproto.AMsg:
			c.InboxID++
			meta, _ := json.Marshal(inboxMeta{Integrity: integ, Hash: hash})
			in := db.AgentInboxMsg{ConnID: []byte(c.ID), MsgID: c.InboxID, SndMsgID: m.SndMsgID, Integrity: meta, Body: b.Body, BrokerTS: ts.Unix()}
			if err := tx.AddInbox(in); err != nil {
				return err
			}
			evs = append(evs, inboxEvent(in))
		case *agentproto.Receipts:
			for _, r := range b.Receipts {
				h, ok, err := tx.TakeSent([]byte(c.ID), r.SndMsgID)
				if err != nil {
					return err
				}
				if ok {
					evs = append(evs, Event{Type: EvRCVD, ConnID: c.ID, MsgID: r.SndMsgID, RcptOK: subtle.ConstantTimeCompare(h, r.MsgHash) == 1})
				}
			}
		case *agentproto.QCont:
			wakeQ = true
		case *agentproto.QAdd:
			if err := rotation(a.onQAdd(tx, c, b)); err != nil {
				return err
			}
		case *agentproto.QKey:
			if err := rotation(a.onQKey(tx, c, b)); err != nil {
				return err
			}
		case *agentproto.QUse:
			if err := rotation(a.onQUse(tx, c, b)); err != nil {
				return err
			}
		case *agentproto.EReady:
			// We made the receiving ratchet of a re-sync, so this is the
			// first message we could decrypt: now we can send, and answer.
			if !couldSend {
				p, _, err := a.encryptNext(c, &agentproto.EReady{LastDecryptedSndMsgID: c.RcvLastID}, kindReceipt)
				if err != nil {
					return err
				}
				if _, err := tx.AddPending(p); err != nil {
					return err
				}
				wakeS = true
			}
		case *agentproto.QTest:
			// Nothing to do: any message on the new queue completes the switch.
		case agentproto.Hello, *agentproto.Hello:
			hevs, w, err := a.onHello(tx, c)
			if err != nil {
				return err
			}
			evs, wakeS = append(evs, hevs...), w
		default:
			evs = append(evs, Event{Type: EvMERR, ConnID: c.ID, Err: fmt.Errorf("agent: %T not supported yet", b)})
		}
		if integ.Kind != agentproto.IntegrityOK {
			if !isMsg {
				evs = append(evs, Event{Type: EvMERR, ConnID: c.ID, Integrity: integ, Err: fmt.Errorf("agent: %s", integ)})
			}
		}
		return save(tx, c)
	})
	if err != nil {
		return nil, false, err
	}
	if retired != nil {
		delete(a.byRcv, string(retired))
	}
	if wakeQ {
		a.qcont(c.ID)
	}
	if wakeS {
		a.wake(c.ID)
	}
	return evs, true, nil
}

// qcont ends a send loop's QUOTA wait. Called with a.mu held.
func (a *Agent) qcont(id string) {
	if w := a.workers[id]; w != nil {
		select {
		case w.qcont <- struct{}{}:
		default:
		}
	}
}

var _ = links.QueueModeMessaging
