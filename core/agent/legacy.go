package agent

import (
	"context"
	"fmt"
	"time"

	"duplex/crypto/keys"
	"duplex/db"
	"duplex/net/agentproto"
	"duplex/net/smp"
)

// secureOwn secures one of our receive queues with the peer's sender key
// (KEY, the legacy handshake). peerKey is the DER from the peer's 'K'
// header.
func (a *Agent) secureOwn(q *rcvQueue, peerKey []byte) error {
	if q == nil || peerKey == nil {
		return fmt.Errorf("%w: no queue or sender key to KEY", ErrState)
	}
	k, err := keys.ParsePublicDER(peerKey)
	if err != nil {
		return fmt.Errorf("agent: peer's sender key: %w", err)
	}
	ctx, cancel := context.WithTimeout(a.ctx, time.Minute)
	defer cancel()
	cl, err := a.client(ctx, q.Server)
	if err != nil {
		return err
	}
	r, err := cl.Request(ctx, q.RcvID, ed25519(q.RcvKey), smp.KEY{SenderKey: k})
	if err != nil {
		return fmt.Errorf("agent: KEY: %w", err)
	}
	if _, ok := r.(smp.OK); !ok {
		return fmt.Errorf("agent: KEY: unexpected %T", r)
	}
	return nil
}

// legacyJoinerConfirmed queues, on the joiner, what follows the
// initiator's legacy confirmation: KEY of our reply queue with the
// initiator's sender key, then HELLO. They are rows of the send loop in
// that order, so HELLO leaves only after the relay said OK to KEY (the
// official app answers HELLO at once, and its reply would fail with AUTH on
// an unsecured queue), and both survive a restart. Called within the
// transaction that stores the confirmation.
func (a *Agent) legacyJoinerConfirmed(tx db.AgentTx, c *connState, peerKey keys.PublicKey) error {
	if peerKey == nil || len(c.Rcv) == 0 {
		return &agentproto.Error{Kind: agentproto.KindProhibited, Detail: "legacy confirmation without a sender key"}
	}
	if _, err := tx.AddPending(db.AgentPending{ConnID: []byte(c.ID), Kind: kindSecure, Queue: c.Rcv[0].RcvID, Body: peerKey.DER()}); err != nil {
		return err
	}
	return a.queueHello(tx, c)
}

// queueHello encrypts HELLO as the next message and queues it within tx.
func (a *Agent) queueHello(tx db.AgentTx, c *connState) error {
	p, _, err := a.encryptNext(c, agentproto.Hello{}, kindHello)
	if err != nil {
		return err
	}
	_, err = tx.AddPending(p)
	return err
}

// onHello handles the peer's HELLO within the receive transaction: the
// first side to get one answers with its own; the side whose HELLO is
// already out is connected (CON). The other side's CON comes when its
// reply HELLO has been sent (sent, kindHello).
func (a *Agent) onHello(tx db.AgentTx, c *connState) ([]Event, bool, error) {
	if !c.Legacy || c.HelloRcvd {
		return nil, false, nil
	}
	c.HelloRcvd = true
	if !c.HelloSent {
		return nil, true, a.queueHello(tx, c)
	}
	if c.Status == stActive {
		return nil, false, nil
	}
	c.Status = stActive
	return []Event{{Type: EvCON, ConnID: c.ID}}, false, nil
}
