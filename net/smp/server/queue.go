package server

import (
	"bytes"
	"crypto/subtle"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"time"

	"duplex/crypto/box"
	"duplex/crypto/enc"
	"duplex/crypto/kdf"
	"duplex/crypto/keys"
	"duplex/net/smp"
	"duplex/net/smp/server/store"
)

const (
	idSize = 24
	// rcvPaddedLen is the padded size of a server→recipient message body
	// (reference §1.7): the box is 16 bytes longer.
	rcvPaddedLen = 16106
)

func (s *Server) randID() ([]byte, error) {
	b := make([]byte, idSize)
	_, err := io.ReadFull(s.cfg.Rand, b)
	return b, err
}

func (c *client) newQueue(corrID []byte, cmd smp.NEW) reply {
	cfg := &c.srv.cfg
	if cfg.NewQueuesDisabled {
		return rAuth
	}
	if cfg.Password != nil && (cmd.BasicAuth == nil || subtle.ConstantTimeCompare(cmd.BasicAuth, cfg.Password) != 1) {
		return rAuth
	}
	dhPriv, err := keys.GenerateX25519(cfg.Rand)
	if err != nil {
		return errReply(smp.ErrInternal)
	}
	secret, err := box.DH(cmd.RcvDHKey, dhPriv)
	if err != nil {
		return errReply(smp.ErrCmdSyntax) // a low-order DH key
	}
	mode := smp.QueueModeNone
	var link *smp.QueueLink
	if cmd.QueueReq != nil {
		mode, link = cmd.QueueReq.Mode, cmd.QueueReq.Link
	}
	// A client-chosen sender id must be derived from the corrId, so that
	// NEW cannot be used to probe whether some id exists (reference).
	if link != nil {
		want := kdf.SHA3_384(corrID)
		if !bytes.Equal(link.SenderID, want[:idSize]) {
			return errReply(smp.ErrProhibited)
		}
	}
	var ntf *store.Notifier
	var srvNtf *smp.ServerNtfCreds
	if cmd.NtfCreds != nil {
		n, pub, err := c.srv.newNotifier(*cmd.NtfCreds)
		if err != nil {
			return errReply(smp.ErrCmdSyntax)
		}
		ntf, srvNtf = n, &smp.ServerNtfCreds{NotifierID: n.ID, DHKey: pub}
	}
	for try := 0; try < 3; try++ {
		q := &store.Queue{
			RecipientKeys: [][]byte{cmd.RcvAuthKey.DER()},
			RcvDHSecret:   secret,
			Mode:          store.Mode(mode),
			Status:        store.StatusActive,
			Notifier:      ntf,
		}
		if q.RecipientID, err = c.srv.randID(); err != nil {
			return errReply(smp.ErrInternal)
		}
		if link != nil {
			q.SenderID = bytes.Clone(link.SenderID)
			q.Link = &store.Link{ID: bytes.Clone(link.LinkID), Fixed: bytes.Clone(link.Data.Fixed), User: bytes.Clone(link.Data.User)}
			if mode != smp.QueueModeContact || q.Link.ID == nil {
				q.Link.ID, err = c.srv.randID()
			}
		} else {
			q.SenderID, err = c.srv.randID()
		}
		if err != nil {
			return errReply(smp.ErrInternal)
		}
		err = c.srv.queues.Add(q)
		if errors.Is(err, store.ErrDuplicate) {
			if link != nil {
				return rAuth // no retry with client-chosen ids
			}
			continue
		}
		if err != nil {
			return c.storeResult(err, rOK)
		}
		c.srv.ctr.created.Add(1)
		if cmd.SubMode == smp.SubModeSubscribe {
			c.subscribeNew(q.RecipientID)
		}
		ids := smp.IDS{RcvID: q.RecipientID, SndID: q.SenderID, SrvDHKey: dhPriv.Public(), QueueMode: mode, NtfCreds: srvNtf}
		if q.Link != nil {
			ids.LinkID = q.Link.ID
		}
		return reply{resp: ids}
	}
	return errReply(smp.ErrInternal)
}

func (s *Server) newNotifier(creds smp.NtfCreds) (*store.Notifier, keys.X25519Public, error) {
	priv, err := keys.GenerateX25519(s.cfg.Rand)
	if err != nil {
		return nil, keys.X25519Public{}, err
	}
	secret, err := box.DH(creds.DHKey, priv)
	if err != nil {
		return nil, keys.X25519Public{}, err
	}
	id, err := s.randID()
	if err != nil {
		return nil, keys.X25519Public{}, err
	}
	return &store.Notifier{ID: id, Key: creds.AuthKey.DER(), DHSecret: secret}, priv.Public(), nil
}

func (c *client) addNotifier(q *store.Queue, creds smp.NtfCreds) reply {
	for try := 0; try < 3; try++ {
		n, pub, err := c.srv.newNotifier(creds)
		if err != nil {
			return errReply(smp.ErrCmdSyntax)
		}
		err = c.srv.queues.SetNotifier(q.RecipientID, n)
		if errors.Is(err, store.ErrDuplicate) {
			continue
		}
		return c.storeResult(err, reply{resp: smp.NID{NotifierID: n.ID, SrvNtfDH: pub}})
	}
	return errReply(smp.ErrInternal)
}

func (c *client) sendMessage(q *store.Queue, cmd smp.SEND) reply {
	if len(cmd.Body) > smp.MaxMessageLength(c.v) {
		return errReply(smp.ErrLargeMsg)
	}
	switch q.Status {
	case store.StatusOff:
		return rAuth
	case store.StatusBlocked:
		return errReply(&smp.Error{Code: smp.CodeBlocked, Blocked: &smp.BlockingInfo{Reason: "spam"}})
	}
	// Link data of a secured invitation is no longer needed (reference).
	if q.Link != nil && q.Secured() {
		if err := c.srv.queues.DeleteLink(q.RecipientID); err != nil {
			c.srv.log.Error("deleting link data", "err", err)
		}
	}
	id, err := c.srv.randID()
	if err != nil {
		return errReply(smp.ErrInternal)
	}
	// The body aliases the transport's read buffer: copy it.
	m := &store.Message{ID: id, Ts: c.srv.cfg.Now().Unix(), Notify: cmd.Notify, Body: bytes.Clone(cmd.Body)}
	wasEmpty, err := c.srv.msgs.Write(q.RecipientID, m)
	switch {
	case errors.Is(err, store.ErrQuota):
		c.srv.ctr.quota.Add(1)
		c.srv.deliver(q.RecipientID) // the marker may be the head
		return errReply(smp.ErrQuota)
	case err != nil:
		c.srv.log.Error("storing message", "err", err)
		return errReply(smp.ErrInternal)
	}
	c.srv.ctr.msgsIn.Add(1)
	if wasEmpty {
		c.srv.deliver(q.RecipientID)
	}
	return rOK
}

// deliver sends the head message of rid to its subscriber, if there is one
// and it has nothing un-ACKed. Lock order: subsMu → client.mu → store.
func (s *Server) deliver(rid []byte) {
	s.subsMu.Lock()
	defer s.subsMu.Unlock()
	c := s.subs[string(rid)]
	if c == nil {
		return
	}
	q := s.queues.ByRecipient(rid)
	if q == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	sb := c.subs[string(rid)]
	if sb == nil || sb.getOnly || sb.delivered != nil {
		return
	}
	m := s.msgs.Peek(rid)
	if m == nil {
		return
	}
	msg, err := encryptMsg(q, m)
	if err != nil {
		s.log.Error("encrypting message", "err", err)
		return
	}
	sb.delivered = m.ID
	c.pushLocked(c.encode(nil, rid, msg))
}

// encryptMsg boxes a message for the recipient with the queue's DH secret
// and the msgId as nonce: plain = i64 ts ‖ flag ‖ ' ' ‖ body, or
// "QUOTA " ‖ i64 ts for a marker, padded to 16106 bytes.
func encryptMsg(q *store.Queue, m *store.Message) (smp.MSG, error) {
	plain := make([]byte, 0, 10+len(m.Body))
	if m.Quota {
		plain = append(plain, "QUOTA "...)
		plain = binary.BigEndian.AppendUint64(plain, uint64(m.Ts))
	} else {
		plain = binary.BigEndian.AppendUint64(plain, uint64(m.Ts))
		flag := byte('F')
		if m.Notify {
			flag = 'T'
		}
		plain = append(plain, flag, ' ')
		plain = append(plain, m.Body...)
	}
	body, err := box.CbEncrypt(box.DHSecret(q.RcvDHSecret), box.NonceFrom(m.ID), plain, rcvPaddedLen)
	if err != nil {
		return smp.MSG{}, err
	}
	return smp.MSG{MsgID: m.ID, Body: body}, nil
}

// setSubscriber makes c the subscriber of rid and ENDs the previous one.
// The caller holds subsMu.
func (s *Server) setSubscriberLocked(rid string, c *client) {
	prev := s.subs[rid]
	s.subs[rid] = c
	if prev == nil || prev == c {
		return
	}
	prev.mu.Lock()
	if prev.subs != nil {
		delete(prev.subs, rid)
		prev.pushLocked(prev.encode(nil, []byte(rid), smp.END{}))
	}
	prev.mu.Unlock()
}

// subscribeNew subscribes the creating connection (NEW with 'S').
func (c *client) subscribeNew(rid []byte) {
	s := c.srv
	s.subsMu.Lock()
	c.mu.Lock()
	if c.subs != nil {
		c.subs[string(rid)] = &sub{}
	}
	c.mu.Unlock()
	s.setSubscriberLocked(string(rid), c)
	s.subsMu.Unlock()
}

// subscribe: SUB. A repeated SUB re-delivers the un-ACKed message.
func (c *client) subscribe(q *store.Queue) reply {
	s := c.srv
	rid := string(q.RecipientID)
	s.subsMu.Lock()
	defer s.subsMu.Unlock()
	c.mu.Lock()
	sb := c.subs[rid]
	if sb != nil && sb.getOnly {
		c.mu.Unlock()
		return errReply(smp.ErrProhibited) // GET and SUB do not mix on a connection
	}
	if sb == nil {
		sb = &sub{}
		if c.subs != nil {
			c.subs[rid] = sb
		}
	}
	sb.delivered = nil
	r := reply{resp: smp.SOK{}}
	if m := s.msgs.Peek(q.RecipientID); m != nil {
		if msg, err := encryptMsg(q, m); err == nil {
			sb.delivered = m.ID
			r.extra = &msg
		}
	}
	c.mu.Unlock()
	s.setSubscriberLocked(rid, c)
	return r
}

// getMessage: GET, for clients that poll (never mixed with SUB).
func (c *client) getMessage(q *store.Queue) reply {
	rid := string(q.RecipientID)
	c.mu.Lock()
	defer c.mu.Unlock()
	sb := c.subs[rid]
	if sb == nil {
		sb = &sub{getOnly: true}
		if c.subs != nil {
			c.subs[rid] = sb
		}
	} else if !sb.getOnly {
		return errReply(smp.ErrProhibited)
	}
	sb.delivered = nil
	m := c.srv.msgs.Peek(q.RecipientID)
	if m == nil {
		return rOK
	}
	msg, err := encryptMsg(q, m)
	if err != nil {
		return errReply(smp.ErrInternal)
	}
	sb.delivered = m.ID
	return reply{resp: msg}
}

// ack: ACK releases the delivered message; the reply is the next message
// (with the ACK's corrId) or OK. Without a matching delivery: NO_MSG.
func (c *client) ack(q *store.Queue, msgID []byte) reply {
	rid := string(q.RecipientID)
	c.mu.Lock()
	defer c.mu.Unlock()
	sb := c.subs[rid]
	if sb == nil || sb.delivered == nil || len(msgID) > 0 && !bytes.Equal(sb.delivered, msgID) {
		return errReply(smp.ErrNoMsg)
	}
	sb.delivered = nil
	deleted, next, err := c.srv.msgs.DeletePeek(q.RecipientID, msgID)
	if err != nil {
		c.srv.log.Error("removing message", "err", err)
		return errReply(smp.ErrInternal)
	}
	if deleted != nil && !deleted.Quota {
		c.srv.ctr.msgsOut.Add(1)
	}
	if sb.getOnly || next == nil {
		return rOK
	}
	msg, err := encryptMsg(q, next)
	if err != nil {
		return errReply(smp.ErrInternal)
	}
	sb.delivered = next.ID
	return reply{resp: msg}
}

// deleteQueue: DEL. Another subscribed connection gets DELD.
func (c *client) deleteQueue(q *store.Queue) reply {
	s := c.srv
	if _, err := s.queues.Delete(q.RecipientID); err != nil {
		return c.storeResult(err, rOK)
	}
	if _, err := s.msgs.DeleteQueue(q.RecipientID); err != nil {
		s.log.Error("deleting messages", "err", err)
	}
	s.ctr.deleted.Add(1)
	rid := string(q.RecipientID)
	s.subsMu.Lock()
	other := s.subs[rid]
	delete(s.subs, rid)
	s.subsMu.Unlock()
	c.mu.Lock()
	delete(c.subs, rid)
	c.mu.Unlock()
	if other != nil && other != c {
		other.mu.Lock()
		if other.subs != nil {
			delete(other.subs, rid)
			other.pushLocked(other.encode(nil, q.RecipientID, smp.DELD{}))
		}
		other.mu.Unlock()
	}
	return rOK
}

// queueInfo: QUE, the reference's debugging JSON.
func (c *client) queueInfo(q *store.Queue) reply {
	type qSub struct {
		Thread    string `json:"qSubThread"`
		Delivered string `json:"qDelivered,omitempty"`
	}
	type msgInfo struct {
		MsgID   string `json:"msgId"`
		MsgTs   string `json:"msgTs"`
		MsgType string `json:"msgType"`
	}
	info := struct {
		Snd  bool     `json:"qiSnd"`
		Ntf  bool     `json:"qiNtf"`
		Sub  *qSub    `json:"qiSub,omitempty"`
		Size int      `json:"qiSize"`
		Msg  *msgInfo `json:"qiMsg,omitempty"`
	}{Snd: q.SenderKey != nil, Ntf: q.Notifier != nil, Size: c.srv.msgs.Size(q.RecipientID)}
	c.mu.Lock()
	if sb := c.subs[string(q.RecipientID)]; sb != nil {
		info.Sub = &qSub{Thread: "noSub"}
		if sb.getOnly {
			info.Sub.Thread = "prohibitSub"
		}
		if sb.delivered != nil {
			info.Sub.Delivered = enc.B64(sb.delivered)
		}
	}
	c.mu.Unlock()
	if m := c.srv.msgs.Peek(q.RecipientID); m != nil {
		t := "message"
		if m.Quota {
			t = "quota"
		}
		info.Msg = &msgInfo{MsgID: enc.B64(m.ID), MsgTs: time.Unix(m.Ts, 0).UTC().Format(time.RFC3339), MsgType: t}
	}
	b, err := json.Marshal(info)
	if err != nil {
		return errReply(smp.ErrInternal)
	}
	return reply{resp: smp.INFO{JSON: b}}
}
