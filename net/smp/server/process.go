package server

import (
	"bytes"
	"errors"

	"duplex/crypto/keys"
	"duplex/net/smp"
	"duplex/net/smp/server/store"
)

// reply is one answer to a command plus, for SUB, a message that follows it
// in the same batch (as the reference relay does).
type reply struct {
	resp  smp.Response
	extra *smp.MSG // sent with an empty corrId after resp
	async bool     // the answer is pushed later (proxy commands)
}

func errReply(e *smp.Error) reply { return reply{resp: smp.ERR{Err: e}} }

var (
	rOK   = reply{resp: smp.OK{}}
	rAuth = errReply(smp.ErrAuth)
)

// dummyKey is verified against when no queue matches, so that a missing
// queue costs the same time as a wrong signature.
var dummyKey, _ = keys.Ed25519PublicFromBytes(make([]byte, 32))

// handle executes one transmission and returns its encoded replies.
func (c *client) handle(raw []byte) [][]byte {
	t, err := smp.ParseTransmission(c.v, raw)
	if err != nil {
		return [][]byte{c.encode(nil, nil, smp.ERR{Err: smp.ErrBlock})}
	}
	c.observe(t, raw)
	r := c.exec(t)
	if r.async {
		return nil
	}
	if e, ok := r.resp.(smp.ERR); ok && errors.Is(e.Err, smp.ErrAuth) {
		c.srv.ctr.authFail.Add(1)
	}
	entity := t.EntityID
	if _, ok := r.resp.(smp.PONG); ok {
		entity = nil
	}
	out := [][]byte{c.encode(t.CorrID, entity, r.resp)}
	if r.extra != nil {
		out = append(out, c.encode(nil, t.EntityID, *r.extra))
	}
	return out
}

func (c *client) exec(t *smp.Transmission) reply {
	if c.v < smp.VersionAuthCmds && !bytes.Equal(t.SessionID, c.sessionID) {
		return errReply(smp.ErrSession)
	}
	cmd, err := smp.ParseCommand(c.v, t.Command)
	if err != nil {
		var e *smp.Error
		if errors.As(err, &e) {
			return errReply(e)
		}
		return errReply(smp.ErrCmdSyntax)
	}
	if e := smp.CheckCredentials(len(t.Auth) > 0, t.EntityID, cmd); e != nil {
		return errReply(e)
	}
	verify := func(k keys.PublicKey) bool { return smp.VerifyAuth(t, k, c.sessionID, c.serverKey) }
	verifyDER := func(der []byte) bool {
		k, err := keys.ParsePublicDER(der)
		if err != nil {
			verify(dummyKey)
			return false
		}
		return verify(k)
	}
	// dummy burns a verification when there is nothing to verify against.
	dummy := func() reply { verify(dummyKey); return rAuth }

	switch cmd := cmd.(type) {
	case smp.PING:
		return reply{resp: smp.PONG{}}
	case smp.NEW:
		if !verify(cmd.RcvAuthKey) {
			return rAuth
		}
		return c.newQueue(t.CorrID, cmd)
	case smp.SEND:
		q := c.srv.queues.BySender(t.EntityID)
		if q == nil {
			return dummy()
		}
		if q.SenderKey != nil {
			if !verifyDER(q.SenderKey) {
				return rAuth
			}
		} else if len(t.Auth) != 0 {
			return rAuth
		}
		return c.sendMessage(q, cmd)
	case smp.SKEY:
		q := c.srv.queues.BySender(t.EntityID)
		if q == nil || !allowedSenderKey(q, cmd.SenderKey) {
			return dummy()
		}
		if !verify(cmd.SenderKey) {
			return rAuth
		}
		return c.secure(q, cmd.SenderKey)
	case smp.LKEY:
		q := c.srv.queues.ByLink(t.EntityID)
		if q == nil || !allowedSenderKey(q, cmd.SenderKey) {
			return dummy()
		}
		if !verify(cmd.SenderKey) {
			return rAuth
		}
		if r := c.secure(q, cmd.SenderKey); !isOK(r) {
			return r
		}
		return linkReply(c.srv.queues.ByLink(t.EntityID))
	case smp.LGET:
		q := c.srv.queues.ByLink(t.EntityID)
		if q == nil || !q.IsContact() {
			return rAuth
		}
		return linkReply(q)
	case smp.NSUB:
		q := c.srv.queues.ByNotifier(t.EntityID)
		if q == nil || q.Notifier == nil {
			return dummy()
		}
		if !verifyDER(q.Notifier.Key) {
			return rAuth
		}
		// There is no notification server: the subscription is accepted
		// and never produces NMSG.
		return reply{resp: smp.SOK{}}
	case smp.PRXY:
		return c.proxyRelay(t.CorrID, cmd)
	case smp.PFWD:
		return c.proxyForward(t.CorrID, t.EntityID, cmd)
	case smp.RFWD:
		return c.forwarded(t.CorrID, cmd)
	case smp.SUBS, smp.NSUBS:
		return errReply(smp.ErrProhibited) // services are not offered
	}

	// Every other command is the recipient's, on its queue.
	q := c.srv.queues.ByRecipient(t.EntityID)
	if q == nil {
		return dummy()
	}
	ok := false
	for _, der := range q.RecipientKeys {
		if verifyDER(der) {
			ok = true
			break
		}
	}
	if !ok {
		return rAuth
	}
	if q.Status == store.StatusBlocked {
		return errReply(&smp.Error{Code: smp.CodeBlocked, Blocked: &smp.BlockingInfo{Reason: "spam"}})
	}
	switch cmd := cmd.(type) {
	case smp.SUB:
		return c.subscribe(q)
	case smp.GET:
		return c.getMessage(q)
	case smp.ACK:
		return c.ack(q, cmd.MsgID)
	case smp.KEY:
		return c.secure(q, cmd.SenderKey)
	case smp.RKEY:
		if q.Mode != store.ModeContact {
			return rAuth
		}
		ders := make([][]byte, len(cmd.Keys))
		for i, k := range cmd.Keys {
			ders[i] = k.DER()
		}
		return c.storeResult(c.srv.queues.UpdateKeys(q.RecipientID, ders), rOK)
	case smp.LSET:
		if q.Secured() || q.Link != nil && !bytes.Equal(q.Link.ID, cmd.LinkID) {
			return rAuth
		}
		l := &store.Link{ID: bytes.Clone(cmd.LinkID), Fixed: bytes.Clone(cmd.Data.Fixed), User: bytes.Clone(cmd.Data.User)}
		return c.storeResult(c.srv.queues.SetLink(q.RecipientID, l), rOK)
	case smp.LDEL:
		return c.storeResult(c.srv.queues.DeleteLink(q.RecipientID), rOK)
	case smp.NKEY:
		return c.addNotifier(q, cmd.Creds)
	case smp.NDEL:
		return c.storeResult(c.srv.queues.DeleteNotifier(q.RecipientID), rOK)
	case smp.OFF:
		return c.storeResult(c.srv.queues.Suspend(q.RecipientID), rOK)
	case smp.DEL:
		return c.deleteQueue(q)
	case smp.QUE:
		return c.queueInfo(q)
	}
	return errReply(smp.ErrProhibited)
}

// allowedSenderKey: only messaging queues can be secured by the sender,
// and once secured only a retry with the same key is accepted.
func allowedSenderKey(q *store.Queue, k keys.PublicKey) bool {
	return q.Mode == store.ModeMessaging && (q.SenderKey == nil || bytes.Equal(q.SenderKey, k.DER()))
}

func linkReply(q *store.Queue) reply {
	if q == nil || q.Link == nil {
		return rAuth
	}
	return reply{resp: smp.LNK{SenderID: q.SenderID, Data: smp.LinkData{Fixed: q.Link.Fixed, User: q.Link.User}}}
}

func (c *client) secure(q *store.Queue, k keys.PublicKey) reply {
	r := c.storeResult(c.srv.queues.Secure(q.RecipientID, k.DER()), rOK)
	if isOK(r) && q.SenderKey == nil {
		c.srv.ctr.secured.Add(1)
	}
	return r
}

// storeResult maps a store error to the wire: a missing queue or a refused
// change is AUTH, as in the reference; anything else is INTERNAL (logged).
func (c *client) storeResult(err error, ok reply) reply {
	switch {
	case err == nil:
		return ok
	case errors.Is(err, store.ErrNoQueue), errors.Is(err, store.ErrAuth), errors.Is(err, store.ErrDuplicate):
		return rAuth
	}
	c.srv.log.Error("store failure", "err", err)
	return errReply(smp.ErrInternal)
}

func isOK(r reply) bool { _, ok := r.resp.(smp.OK); return ok }
