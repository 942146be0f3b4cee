package smp

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"time"

	"duplex/crypto/kdf"
)

// Request sends one command for entityID, authorized with key (nil =
// unsigned), and waits for its response. An ERR response is returned as
// *Error. It fails fast with ErrDisconnected while reconnecting.
func (c *Client) Request(ctx context.Context, entityID []byte, key PrivateAuthKey, cmd Command) (Response, error) {
	c.mu.Lock()
	s, closed := c.cur, c.closed
	c.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	if s == nil {
		return nil, ErrDisconnected
	}
	return c.requestOn(ctx, s, entityID, key, cmd)
}

func (c *Client) newCorrID() ([]byte, error) {
	id := make([]byte, 24)
	r := c.lockedRand()
	if r == nil {
		r = rand.Reader
	}
	_, err := io.ReadFull(r, id)
	return id, err
}

func (c *Client) requestOn(ctx context.Context, s *session, entityID []byte, key PrivateAuthKey, cmd Command) (Response, error) {
	return c.requestWith(ctx, s, entityID, key, func([]byte) Command { return cmd })
}

// requestWith builds the command once the corrId is known (NEW with short
// link data derives the sender id from it).
func (c *Client) requestWith(ctx context.Context, s *session, entityID []byte, key PrivateAuthKey, mk func(corrID []byte) Command) (Response, error) {
	corrID, err := c.newCorrID()
	if err != nil {
		return nil, err
	}
	return c.requestCorr(ctx, s, corrID, entityID, key, mk(corrID), c.cfg.RequestTimeout)
}

// requestCorr sends cmd with a caller-chosen corrId (proxy commands use
// their crypto_box nonce as the corrId) and waits up to timeout.
func (c *Client) requestCorr(ctx context.Context, s *session, corrID, entityID []byte, key PrivateAuthKey, cmd Command, timeout time.Duration) (Response, error) {
	v := s.t.Version()
	body, err := EncodeCommand(v, cmd)
	if err != nil {
		return nil, err
	}
	tr := &Transmission{CorrID: corrID, EntityID: entityID, Command: body}
	if entityID == nil {
		tr.EntityID = []byte{}
	}
	if v < VersionAuthCmds {
		tr.SessionID = s.t.SessionID()
	}
	if key != nil {
		if err := Authorize(tr, key, s.t.SessionID(), s.t.ServerKey()); err != nil {
			return nil, err
		}
	}
	wire, err := EncodeTransmission(v, tr)
	if err != nil {
		return nil, err
	}
	r := &request{corrID: corrID, entityID: tr.EntityID, tag: cmd.Tag(), wire: wire, resp: make(chan result, 1)}
	if err := s.send(r); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	select {
	case res := <-r.resp:
		if res.err != nil {
			return nil, res.err
		}
		if e, ok := res.r.(ERR); ok {
			return nil, e.Err
		}
		return res.r, nil
	case <-ctx.Done():
		s.forget(r)
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("%w: %s", ErrTimeout, cmd.Tag())
		}
		return nil, ctx.Err()
	}
}

func unexpected(r Response) error { return fmt.Errorf("%w: %s", ErrUnexpected, r.Tag()) }

// expectOK accepts OK only.
func expectOK(r Response, err error) error {
	if err != nil {
		return err
	}
	if _, ok := r.(OK); !ok {
		return unexpected(r)
	}
	return nil
}

// CreateQueue sends NEW signed by rcvKey (whose public half must be
// req.RcvAuthKey). With SubModeSubscribe the queue is subscribed on this
// connection and resubscribed after reconnects.
//
// With short-link data (QueueReq.Link) and no SenderID, the sender id is
// derived from the corrId as the relay requires: the first 24 bytes of
// SHA3-384(corrId); it is returned in IDS.SndID.
func (c *Client) CreateQueue(ctx context.Context, rcvKey PrivateAuthKey, req NEW) (IDS, error) {
	c.mu.Lock()
	s, closed := c.cur, c.closed
	c.mu.Unlock()
	if closed {
		return IDS{}, ErrClosed
	}
	if s == nil {
		return IDS{}, ErrDisconnected
	}
	r, err := c.requestWith(ctx, s, nil, rcvKey, func(corrID []byte) Command {
		if q := req.QueueReq; q != nil && q.Link != nil && q.Link.SenderID == nil {
			l := *q.Link
			l.SenderID = LinkSenderID(corrID)
			req.QueueReq = &QueueReq{Mode: q.Mode, Link: &l}
		}
		return req
	})
	if err != nil {
		return IDS{}, err
	}
	ids, ok := r.(IDS)
	if !ok {
		return IDS{}, unexpected(r)
	}
	if req.SubMode == SubModeSubscribe {
		c.mu.Lock()
		c.subs[string(ids.RcvID)] = rcvKey
		c.mu.Unlock()
	}
	return ids, nil
}

// Subscribe sends SUB and remembers the subscription. A message waiting in
// the queue is delivered to the Handler (in the reply or right after it).
func (c *Client) Subscribe(ctx context.Context, rcvID []byte, rcvKey PrivateAuthKey) error {
	c.mu.Lock()
	s := c.cur
	c.mu.Unlock()
	if s == nil {
		if c.isClosed() {
			return ErrClosed
		}
		return ErrDisconnected
	}
	_, err := c.subscribeOn(ctx, s, rcvID, rcvKey)
	return err
}

func (c *Client) subscribeOn(ctx context.Context, s *session, rcvID []byte, rcvKey PrivateAuthKey) (Response, error) {
	// Record first: a MSG may be pushed before the reply is processed.
	c.mu.Lock()
	_, had := c.subs[string(rcvID)]
	c.subs[string(rcvID)] = rcvKey
	c.mu.Unlock()
	r, err := c.requestOn(ctx, s, rcvID, rcvKey, SUB{})
	if err == nil {
		switch m := r.(type) {
		case OK, SOK:
			return r, nil
		case MSG:
			id := clone(rcvID)
			c.events.push(func(h Handler) { h.Message(id, m) })
			return r, nil
		default:
			err = unexpected(r)
		}
	}
	if !had && !Retryable(err) {
		c.mu.Lock()
		delete(c.subs, string(rcvID))
		c.mu.Unlock()
	}
	return nil, err
}

// Unsubscribe forgets a subscription locally (the relay keeps it until the
// connection ends or another client subscribes).
func (c *Client) Unsubscribe(rcvID []byte) {
	c.mu.Lock()
	delete(c.subs, string(rcvID))
	c.mu.Unlock()
}

// Subscribed reports whether the client holds a subscription for rcvID.
func (c *Client) Subscribed(rcvID []byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.subs[string(rcvID)]
	return ok
}

// Ack acknowledges msgID. If the relay answers with the next message, it
// goes to the Handler like any other.
func (c *Client) Ack(ctx context.Context, rcvID []byte, rcvKey PrivateAuthKey, msgID []byte) error {
	r, err := c.Request(ctx, rcvID, rcvKey, ACK{MsgID: msgID})
	if err != nil {
		return err
	}
	switch m := r.(type) {
	case OK:
		return nil
	case MSG:
		id := clone(rcvID)
		c.events.push(func(h Handler) { h.Message(id, m) })
		return nil
	}
	return unexpected(r)
}

// Get fetches one message without subscribing (nil, nil when empty).
func (c *Client) Get(ctx context.Context, rcvID []byte, rcvKey PrivateAuthKey) (*MSG, error) {
	r, err := c.Request(ctx, rcvID, rcvKey, GET{})
	if err != nil {
		return nil, err
	}
	switch m := r.(type) {
	case OK:
		return nil, nil
	case MSG:
		return &m, nil
	}
	return nil, unexpected(r)
}

// SecureQueue secures a queue by the recipient (KEY, legacy path).
func (c *Client) SecureQueue(ctx context.Context, rcvID []byte, rcvKey PrivateAuthKey, senderKey PrivateAuthKey) error {
	pub, err := PublicAuthKey(senderKey)
	if err != nil {
		return err
	}
	return expectOK(c.Request(ctx, rcvID, rcvKey, KEY{SenderKey: pub}))
}

// SecureBySender secures a messaging queue by its sender (SKEY, v≥9), signed
// with the new sender key itself.
func (c *Client) SecureBySender(ctx context.Context, sndID []byte, sndKey PrivateAuthKey) error {
	pub, err := PublicAuthKey(sndKey)
	if err != nil {
		return err
	}
	return expectOK(c.Request(ctx, sndID, sndKey, SKEY{SenderKey: pub}))
}

// Send sends a message; sndKey is nil before the queue is secured (and for
// contact queues).
func (c *Client) Send(ctx context.Context, sndID []byte, sndKey PrivateAuthKey, notify bool, body []byte) error {
	return expectOK(c.Request(ctx, sndID, sndKey, SEND{Notify: notify, Body: body}))
}

// DeleteQueue deletes a queue and forgets its subscription.
func (c *Client) DeleteQueue(ctx context.Context, rcvID []byte, rcvKey PrivateAuthKey) error {
	err := expectOK(c.Request(ctx, rcvID, rcvKey, DEL{}))
	if err == nil {
		c.Unsubscribe(rcvID)
	}
	return err
}

// SuspendQueue stops the sender from sending (OFF).
func (c *Client) SuspendQueue(ctx context.Context, rcvID []byte, rcvKey PrivateAuthKey) error {
	return expectOK(c.Request(ctx, rcvID, rcvKey, OFF{}))
}

// SetLinkData stores short-link data with a queue (LSET, v≥15).
func (c *Client) SetLinkData(ctx context.Context, rcvID []byte, rcvKey PrivateAuthKey, linkID []byte, d LinkData) error {
	return expectOK(c.Request(ctx, rcvID, rcvKey, LSET{LinkID: linkID, Data: d}))
}

// DeleteLinkData removes short-link data (LDEL).
func (c *Client) DeleteLinkData(ctx context.Context, rcvID []byte, rcvKey PrivateAuthKey) error {
	return expectOK(c.Request(ctx, rcvID, rcvKey, LDEL{}))
}

// GetLinkData fetches a contact queue's link data, unsigned (LGET).
func (c *Client) GetLinkData(ctx context.Context, linkID []byte) (LNK, error) {
	return expectLNK(c.Request(ctx, linkID, nil, LGET{}))
}

// SecureLink secures a one-time invitation queue through its link and
// returns its data (LKEY), signed by the new sender key.
func (c *Client) SecureLink(ctx context.Context, linkID []byte, sndKey PrivateAuthKey) (LNK, error) {
	pub, err := PublicAuthKey(sndKey)
	if err != nil {
		return LNK{}, err
	}
	return expectLNK(c.Request(ctx, linkID, sndKey, LKEY{SenderKey: pub}))
}

func expectLNK(r Response, err error) (LNK, error) {
	if err != nil {
		return LNK{}, err
	}
	l, ok := r.(LNK)
	if !ok {
		return LNK{}, unexpected(r)
	}
	return l, nil
}

// QueueInfo returns the relay's debug information about a queue (QUE → INFO JSON).
func (c *Client) QueueInfo(ctx context.Context, rcvID []byte, rcvKey PrivateAuthKey) ([]byte, error) {
	r, err := c.Request(ctx, rcvID, rcvKey, QUE{})
	if err != nil {
		return nil, err
	}
	i, ok := r.(INFO)
	if !ok {
		return nil, unexpected(r)
	}
	return i.JSON, nil
}

// Ping sends PING and waits for PONG.
func (c *Client) Ping(ctx context.Context) error {
	r, err := c.Request(ctx, nil, nil, PING{})
	if err != nil {
		return err
	}
	if _, ok := r.(PONG); !ok {
		return unexpected(r)
	}
	return nil
}

// LinkSenderID is the client-chosen sender id of a queue created with
// short-link data: the first 24 bytes of SHA3-384(corrId) of the NEW.
func LinkSenderID(corrID []byte) []byte {
	h := kdf.SHA3_384(corrID)
	return h[:24]
}
