package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"duplex/crypto/box"
	"duplex/crypto/keys"
	"duplex/db"
	"duplex/net/agentproto"
	"duplex/net/links"
	"duplex/net/smp"
)

// rcvSwitch is the rotation of one of our receive queues (upstream's
// RcvSwitchStatus on the replaced queue). The old queue stays in Rcv until
// the first message on the new one is committed; then it moves to Trash
// with a DEL row, and the switch ends when the relay confirms.
type rcvSwitch struct {
	Old, New []byte // receive ids
	Phase    SwitchPhase
}

// sndSwitch is the peer's rotation of the queue we send to. The new queue
// becomes Snd[0] (every later message goes there) when QUSE arrives; the
// old one is forgotten when QTEST has been sent.
type sndSwitch struct {
	Old, New []byte // sender ids
	Phase    SwitchPhase
}

// errDeferred: a message on a new queue that overtook older ones still on
// the queue it replaces; it is neither committed nor ACKed (see receive).
var errDeferred = errors.New("agent: message deferred until the replaced queue is drained")

// deferredMsg is the one message held back per connection: the relay
// sends nothing more on that queue until it is ACKed, and redelivers it
// after a restart.
type deferredMsg struct {
	server string
	rcvID  []byte
	msg    smp.MSG
}

func switchEvent(id string, d QueueDirection, p SwitchPhase) Event {
	return Event{Type: EvSWITCH, ConnID: id, SwitchDir: d, SwitchPhase: p}
}

func canSwitch(c *connState) error {
	if c.Status != stActive || c.ratchet == nil || len(c.Snd) == 0 || len(c.Rcv) == 0 || c.Rcv[0].Contact {
		return fmt.Errorf("%w: not a duplex connection", ErrState)
	}
	if c.RcvSwitch != nil {
		return fmt.Errorf("%w: already switching", ErrState)
	}
	if c.sendProhibited() {
		return fmt.Errorf("%w: ratchet is not synchronized", ErrState)
	}
	return nil
}

// SwitchConnection replaces our receive queue of a connection by a new one
// on a relay the picker chooses (one the connection does not use yet, when
// there is one): NEW, then QADD to the peer. The peer answers QKEY, we
// secure the queue (KEY) and send QUSE, the peer moves its sends there
// (QTEST first), and the old queue is deleted once the first message
// arrives on the new one. SWITCH events (QueueRcv) report each phase;
// messages keep flowing both ways meanwhile.
func (a *Agent) SwitchConnection(ctx context.Context, connID string) error {
	a.mu.Lock()
	c := a.conns[connID]
	if c == nil {
		a.mu.Unlock()
		return ErrNoConnection
	}
	if err := canSwitch(c); err != nil {
		a.mu.Unlock()
		return err
	}
	old := c.Rcv[0]
	var used []string
	for _, q := range c.Rcv {
		used = append(used, q.Server)
	}
	for _, q := range c.Snd {
		used = append(used, q.Server)
	}
	a.mu.Unlock()
	// As upstream: avoid every server of the connection, or at least the
	// one the queue is on now.
	srv, err := a.pick(used)
	if err == nil && srv.String() == old.Server {
		srv, err = a.pick([]string{old.Server})
	}
	if err != nil {
		return err
	}
	q, uri, err := a.newRcvQueueOn(ctx, srv, smp.QueueModeMessaging)
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if c = a.conns[connID]; c == nil || canSwitch(c) != nil || c.Rcv[0] != old {
		a.discardQueue(q)
		return fmt.Errorf("%w: the connection changed during the switch", ErrState)
	}
	oldSrv, err := serverOf(old.Server)
	if err != nil {
		return err
	}
	c.Rcv = append(c.Rcv, q)
	c.RcvSwitch = &rcvSwitch{Old: old.RcvID, New: q.RcvID, Phase: SwitchStarted}
	qadd := &agentproto.QAdd{Queues: []agentproto.QAddItem{{Queue: uri, Replaces: &agentproto.QueueAddr{Server: oldSrv.Server, SenderID: old.SndID}}}}
	if _, err := a.enqueue(ctx, c, qadd, kindReceipt); err != nil {
		a.discardQueue(q)
		return err
	}
	a.byRcv[string(q.RcvID)] = c.ID
	a.ev.push(switchEvent(c.ID, QueueRcv, SwitchStarted))
	return nil
}

// AbortSwitch stops a rotation of our receive queue that the peer has not
// acted on yet (before our QUSE: until then the peer still sends only to
// the old queue). The new queue is deleted; a QKEY the peer may still send
// for it is ignored.
func (a *Agent) AbortSwitch(ctx context.Context, connID string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.conns[connID]
	if c == nil {
		return ErrNoConnection
	}
	sw := c.RcvSwitch
	if sw == nil || sw.Phase >= SwitchSecured {
		return fmt.Errorf("%w: no switch that can be aborted", ErrState)
	}
	q := c.rcvByID(sw.New)
	c.Rcv, c.Trash, c.RcvSwitch = removeRcv(c.Rcv, sw.New), append(c.Trash, q), nil
	// The peer may answer the QADD after the queue is gone: remember it.
	c.Aborted = append(c.Aborted, q.SndID)
	if len(c.Aborted) > 4 {
		c.Aborted = c.Aborted[1:]
	}
	err := a.st.Update(ctx, func(tx db.AgentTx) error {
		if err := save(tx, c); err != nil {
			return err
		}
		_, err := tx.AddPending(db.AgentPending{ConnID: []byte(c.ID), Kind: kindDelRcv, Queue: q.RcvID, Body: []byte{}})
		return err
	})
	if err != nil {
		a.reload(connID)
		return err
	}
	delete(a.byRcv, string(q.RcvID))
	a.wake(connID)
	return nil
}

// discardQueue deletes, in the background, a queue that never made it
// into a committed connection. Called with a.mu held.
func (a *Agent) discardQueue(q *rcvQueue) {
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		if err := a.delRcv(q); err != nil {
			a.log.Warn("discard queue", "err", err)
		}
	}()
}

// delRcv deletes one of our queues on its relay; AUTH means it is gone
// already (a DEL confirmed just before a crash is repeated after restart).
func (a *Agent) delRcv(q *rcvQueue) error {
	ctx, cancel := context.WithTimeout(a.ctx, time.Minute)
	defer cancel()
	cl, err := a.client(ctx, q.Server)
	if err != nil {
		return err
	}
	err = cl.DeleteQueue(ctx, q.RcvID, ed25519(q.RcvKey))
	if errors.Is(err, smp.ErrAuth) {
		cl.Unsubscribe(q.RcvID)
		err = nil
	}
	if err != nil {
		return fmt.Errorf("agent: DEL on %s: %w", q.Server, err)
	}
	return nil
}

func removeRcv(qs []*rcvQueue, rcvID []byte) []*rcvQueue {
	var out []*rcvQueue
	for _, q := range qs {
		if !bytes.Equal(q.RcvID, rcvID) {
			out = append(out, q)
		}
	}
	return out
}

func removeSnd(qs []*sndQueue, sndID []byte) []*sndQueue {
	var out []*sndQueue
	for _, q := range qs {
		if !bytes.Equal(q.SndID, sndID) {
			out = append(out, q)
		}
	}
	return out
}

// sameQueue compares a queue of ours with an address from the peer by host,
// port and sender id, not the key hash (interop-notes: what the app does).
func sameQueue(server string, sndID []byte, addr agentproto.QueueAddr) bool {
	s, err := serverOf(server)
	if err != nil || !bytes.Equal(sndID, addr.SenderID) || s.Server.Port != addr.Server.Port {
		return false
	}
	for _, h := range s.Server.Hosts {
		for _, h2 := range addr.Server.Hosts {
			if h == h2 {
				return true
			}
		}
	}
	return false
}

func (c *connState) sndByAddr(addr agentproto.QueueAddr) *sndQueue {
	for _, q := range c.Snd {
		if sameQueue(q.Server, q.SndID, addr) {
			return q
		}
	}
	return nil
}

func (c *connState) rcvByAddr(qs []*rcvQueue, addr agentproto.QueueAddr) *rcvQueue {
	for _, q := range qs {
		if sameQueue(q.Server, q.SndID, addr) {
			return q
		}
	}
	return nil
}

func qError(format string, args ...any) error {
	return &agentproto.Error{Kind: agentproto.KindQueue, Detail: fmt.Sprintf(format, args...)}
}

// onQAdd (sender side): the peer replaces the queue we send to. We make the
// new send queue (fresh sender and e2e keys) and answer QKEY on the old
// queue; the peer secures the new queue with our key (KEY), as upstream's
// qAddMsg does whatever the queue's mode. Called within the receive
// transaction; an *agentproto.Error leaves the connection unchanged.
func (a *Agent) onQAdd(tx db.AgentTx, c *connState, m *agentproto.QAdd) ([]Event, error) {
	if c.sendProhibited() {
		return nil, qError("ratchet is not synchronized")
	}
	it := m.Queues[0]
	if it.Replaces == nil {
		return nil, qError("QADD: adding a queue without replacing one is not supported")
	}
	old := c.sndByAddr(*it.Replaces)
	if old == nil {
		return nil, qError("QADD: replaced queue address is not found in connection")
	}
	if c.sndByAddr(agentproto.QueueAddr{Server: it.Queue.Server, SenderID: it.Queue.SenderID}) != nil {
		return nil, qError("QADD: queue address is already used in connection")
	}
	qv, ok := it.Queue.Versions.Intersect(links.SMPClientVersions)
	if !ok {
		return nil, agentproto.ErrVersion
	}
	if sw := c.SndSwitch; sw != nil {
		// The peer started over (it aborted the earlier switch): forget
		// the queue of that one, as upstream's qAddMsg does.
		if !bytes.Equal(sw.Old, old.SndID) || sw.Phase >= SwitchSecured {
			return nil, qError("QADD: another switch is in progress")
		}
		c.Snd, c.SndSwitch = removeSnd(c.Snd, sw.New), nil
	}
	sk, err := keys.GenerateEd25519(a.rand)
	if err != nil {
		return nil, err
	}
	e2e, err := keys.GenerateX25519(a.rand)
	if err != nil {
		return nil, err
	}
	sec, err := box.DH(it.Queue.DHKey, e2e)
	if err != nil {
		return nil, agentproto.CryptoError(err)
	}
	nq := &sndQueue{Server: smp.ServerAddress{Server: it.Queue.Server}.String(), SndID: it.Queue.SenderID, SndKey: sk.Bytes(),
		E2EPriv: e2e.Bytes(), E2ESecret: sec[:], Version: qv.Max}
	// QKEY tells the peer our e2e key for the new queue in place of its own.
	info := it.Queue.Info(qv.Max)
	info.DHKey = e2e.Public()
	p, _, err := a.encryptNext(c, &agentproto.QKey{Queues: []agentproto.QKeyItem{{Queue: info, SenderKey: sk.Public()}}}, kindQKey)
	if err != nil {
		return nil, err
	}
	if _, err := tx.AddPending(p); err != nil {
		return nil, err
	}
	c.Snd = append(c.Snd, nq)
	c.SndSwitch = &sndSwitch{Old: old.SndID, New: nq.SndID, Phase: SwitchStarted}
	return []Event{switchEvent(c.ID, QueueSnd, SwitchStarted)}, nil
}

// onQKey (recipient side): the peer's key for our new queue. The queue is
// KEYed by the send loop (a kindSecure row, so it survives restarts); QUSE
// follows when the relay said OK (sent).
func (a *Agent) onQKey(tx db.AgentTx, c *connState, m *agentproto.QKey) ([]Event, error) {
	if c.sendProhibited() {
		return nil, qError("ratchet is not synchronized")
	}
	it := m.Queues[0]
	addr := agentproto.QueueAddr{Server: it.Queue.Server, SenderID: it.Queue.SenderID}
	q := c.rcvByAddr(c.Rcv, addr)
	if q == nil {
		for _, id := range c.Aborted {
			if bytes.Equal(id, addr.SenderID) {
				return nil, nil // we aborted that switch
			}
		}
		return nil, qError("QKEY: queue address not found in connection")
	}
	sw := c.RcvSwitch
	if sw == nil || !bytes.Equal(sw.New, q.RcvID) || sw.Phase != SwitchStarted {
		return nil, qError("QKEY: queue already secured")
	}
	if it.Queue.Version < links.SMPClientVersions.Min || it.Queue.Version > links.SMPClientVersions.Max {
		return nil, agentproto.ErrVersion
	}
	if _, err := tx.AddPending(db.AgentPending{ConnID: []byte(c.ID), Kind: kindSecure, Queue: q.RcvID, Body: it.SenderKey.DER()}); err != nil {
		return nil, err
	}
	q.PeerE2E = append([]byte(nil), it.Queue.DHKey[:]...)
	sw.Phase = SwitchConfirmed
	return []Event{switchEvent(c.ID, QueueRcv, SwitchConfirmed)}, nil
}

// onQUse (sender side): the new queue is secured. From now on every message
// goes there, QTEST first; rows already queued for the old queue leave
// before it (the send loop keeps their order).
func (a *Agent) onQUse(tx db.AgentTx, c *connState, m *agentproto.QUse) ([]Event, error) {
	if c.sendProhibited() {
		return nil, qError("ratchet is not synchronized")
	}
	it := m.Queues[0]
	nq := c.sndByAddr(it.Queue)
	sw := c.SndSwitch
	if nq == nil || sw == nil || !bytes.Equal(sw.New, nq.SndID) || sw.Phase >= SwitchSecured {
		return nil, qError("QUSE: switched queue address not found in connection")
	}
	var evs []Event
	if sw.Phase == SwitchStarted { // our QKEY got there before the send loop recorded it
		evs = append(evs, switchEvent(c.ID, QueueSnd, SwitchConfirmed))
	}
	c.Snd = append([]*sndQueue{nq}, removeSnd(c.Snd, nq.SndID)...)
	p, _, err := a.encryptNext(c, &agentproto.QTest{Queues: []agentproto.QueueAddr{it.Queue}}, kindQTest)
	if err != nil {
		return nil, err
	}
	if _, err := tx.AddPending(p); err != nil {
		return nil, err
	}
	sw.Phase = SwitchSecured
	return append(evs, switchEvent(c.ID, QueueSnd, SwitchSecured)), nil
}

// rotationReceived runs in the receive transaction of every committed
// message: the first one on the new queue retires the old queue (Trash and
// a DEL row). It returns the receive id to forget, if any.
func (a *Agent) rotationReceived(tx db.AgentTx, c *connState, q *rcvQueue) ([]byte, error) {
	sw := c.RcvSwitch
	if sw == nil || sw.Phase != SwitchSecured || !bytes.Equal(q.RcvID, sw.New) {
		return nil, nil
	}
	old := c.rcvByID(sw.Old)
	if old == nil {
		return nil, nil // already retired
	}
	if _, err := tx.AddPending(db.AgentPending{ConnID: []byte(c.ID), Kind: kindDelRcv, Queue: old.RcvID, Body: []byte{}}); err != nil {
		return nil, err
	}
	c.Rcv, c.Trash = removeRcv(c.Rcv, old.RcvID), append(c.Trash, old)
	return old.RcvID, nil
}

// holdBack says whether a message on q must wait: q replaces a queue that
// is still there, and the message's id is past the next one expected, so
// older messages are still on the old queue (the two relays deliver
// independently). Without this they would be shown out of order, or lost
// when the old queue is deleted.
func (c *connState) holdBack(q *rcvQueue, sndMsgID int64) bool {
	// After a ratchet re-sync the peer's ids restart (SyncBase): no gap to wait for.
	sw := c.RcvSwitch
	return sw != nil && !c.SyncBase && bytes.Equal(q.RcvID, sw.New) && c.rcvByID(sw.Old) != nil && sndMsgID > c.RcvLastID+1
}

// rotationSent updates the rotation once a send-loop row went through,
// within sent's transaction. It reports whether the connection changed.
func (a *Agent) rotationSent(tx db.AgentTx, c *connState, p db.AgentPending) ([]Event, bool, error) {
	switch p.Kind {
	case kindQKey:
		if sw := c.SndSwitch; sw != nil && sw.Phase == SwitchStarted {
			sw.Phase = SwitchConfirmed
			return []Event{switchEvent(c.ID, QueueSnd, SwitchConfirmed)}, true, nil
		}
	case kindQTest:
		if sw := c.SndSwitch; sw != nil && bytes.Equal(sw.New, p.Queue) {
			c.Snd, c.SndSwitch = removeSnd(c.Snd, sw.Old), nil
			return []Event{switchEvent(c.ID, QueueSnd, SwitchCompleted)}, true, nil
		}
	case kindSecure:
		sw := c.RcvSwitch
		if sw == nil || sw.Phase != SwitchConfirmed || !bytes.Equal(sw.New, p.Queue) {
			return nil, false, nil
		}
		q := c.rcvByID(sw.New)
		srv, err := serverOf(q.Server)
		if err != nil {
			return nil, false, err
		}
		use := &agentproto.QUse{Queues: []agentproto.QUseItem{{Queue: agentproto.QueueAddr{Server: srv.Server, SenderID: q.SndID}, Primary: true}}}
		np, _, err := a.encryptNext(c, use, kindReceipt)
		if err != nil {
			return nil, false, err
		}
		if _, err := tx.AddPending(np); err != nil {
			return nil, false, err
		}
		sw.Phase = SwitchSecured
		return []Event{switchEvent(c.ID, QueueRcv, SwitchSecured)}, true, nil
	case kindDelRcv:
		c.Trash = removeRcv(c.Trash, p.Queue)
		var evs []Event
		if sw := c.RcvSwitch; sw != nil && bytes.Equal(sw.Old, p.Queue) {
			c.RcvSwitch = nil
			evs = append(evs, switchEvent(c.ID, QueueRcv, SwitchCompleted))
		}
		return evs, true, nil
	}
	return nil, false, nil
}

func (c *connState) trashByID(rcvID []byte) *rcvQueue {
	for _, q := range c.Trash {
		if bytes.Equal(q.RcvID, rcvID) {
			return q
		}
	}
	return nil
}
