package agent

import (
	"context"
	"errors"
	"time"

	"duplex/db"
)

// stDeleted marks a connection whose relay queues are still to be deleted.
// The row is the "pending deletion": it is invisible to every API, its
// queues are not subscribed and its sends are gone, and the agent (again
// after a restart) keeps sending DEL until each relay confirms; then the row
// goes.
const stDeleted = "deleted"

// DeleteConnection deletes a connection (or contact address): its pending
// sends and unacknowledged messages are dropped at once, its send loop
// stops, no further event is reported for it, and its receive queues are
// deleted on their relays (DEL) in the background, retried across restarts
// until the relay confirms. The peer's later sends fail (the relay answers
// AUTH for a deleted queue), which it reports as MERR with ErrPeerGone.
//
// The queues we send to belong to the peer and only its recipient key can
// delete them, so they are simply forgotten.
func (a *Agent) DeleteConnection(ctx context.Context, connID string) error {
	a.mu.Lock()
	c := a.conns[connID]
	if c == nil {
		a.mu.Unlock()
		return ErrNoConnection
	}
	c.Status, c.Snd, c.ratchet, c.RatchetPriv, c.Requests, c.PeerQueues = stDeleted, nil, nil, nil, nil, nil
	c.Rcv, c.Trash, c.RcvSwitch, c.SndSwitch = append(c.Rcv, c.Trash...), nil, nil, nil
	delete(a.deferred, connID)
	err := a.st.Update(ctx, func(tx db.AgentTx) error {
		if err := tx.DeleteConn([]byte(connID)); err != nil {
			return err
		}
		return save(tx, c)
	})
	if err != nil {
		a.reload(connID)
		a.mu.Unlock()
		return err
	}
	delete(a.conns, connID)
	for _, q := range c.Rcv {
		delete(a.byRcv, string(q.RcvID))
	}
	if w := a.workers[connID]; w != nil {
		close(w.done)
		delete(a.workers, connID)
	}
	a.ev.drop(connID)
	a.mu.Unlock()
	a.startDeleter(c)
	return nil
}

// ErrPeerGone is reported (MERR, wrapping the relay's error) for a send the
// relay refused because the queue no longer exists or no longer accepts our
// key: the peer deleted the connection.
var ErrPeerGone = errors.New("agent: the peer's queue is gone (connection deleted by the peer?)")

func (a *Agent) startDeleter(c *connState) {
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		backoff := a.cfg.RetryMin
		for {
			err := a.deleteQueues(c)
			if err == nil {
				return
			}
			a.log.Warn("delete queues", "conn", c.ID, "err", err)
			select {
			case <-a.ctx.Done():
				return // the row stays; New retries
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, a.cfg.RetryMax)
		}
	}()
}

// deleteQueues sends DEL for every receive queue still listed, dropping each
// from the row as its relay confirms, and removes the row at the end. A
// queue the relay no longer knows (AUTH) counts as deleted: a DEL confirmed
// just before a crash is repeated after the restart.
func (a *Agent) deleteQueues(c *connState) error {
	for len(c.Rcv) > 0 {
		if err := a.delRcv(c.Rcv[0]); err != nil {
			return err
		}
		c.Rcv = c.Rcv[1:]
		err := a.st.Update(a.ctx, func(tx db.AgentTx) error {
			if len(c.Rcv) == 0 {
				return tx.DeleteConn([]byte(c.ID))
			}
			return save(tx, c)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
