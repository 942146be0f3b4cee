package smp

import (
	"errors"

	"duplex/crypto/enc"
	"duplex/crypto/keys"
)

// Command is a client → relay command. Each has its own struct, named as on
// the wire. The encodings that depend on the version are documented on the
// struct; EncodeCommand/ParseCommand apply them.
type Command interface {
	// Tag is the ASCII command word, e.g. "SEND".
	Tag() string
	encode(w *enc.Writer, v Version)
}

// SubMode tells NEW whether the creating connection subscribes at once.
type SubMode byte

const (
	SubModeSubscribe  SubMode = 'S'
	SubModeOnlyCreate SubMode = 'C'
)

// NEW creates a queue. Layout after "NEW ":
//
//	sb(rcvAuthKey) sb(rcvDhKey) …
//	v6–8:   ['A' sb(basicAuth)] subMode
//	v9–14:  maybe(sb basicAuth) subMode bool(senderCanSecure)
//	v15–16: maybe(sb basicAuth) subMode maybe(queueReq)
//	v17+:   maybe(sb basicAuth) subMode maybe(queueReq) maybe(ntfCreds)
//
// queueReq = 'M' maybe(sb senderId, linkData) | 'C' maybe(sb linkId, sb senderId, linkData).
// Before v15 only the mode survives (as senderCanSecure, from v9); a parsed
// v9–14 NEW has QueueReq with Mode set and no Link.
type NEW struct {
	RcvAuthKey keys.PublicKey    // Ed25519, Ed448 or X25519
	RcvDHKey   keys.X25519Public // for server→recipient encryption
	BasicAuth  []byte            // nil = none (server password)
	SubMode    SubMode           // SubModeSubscribe or SubModeOnlyCreate
	QueueReq   *QueueReq         // nil = absent
	NtfCreds   *NtfCreds         // v≥17, nil = absent
}

// QueueReq is the queue mode requested by NEW, optionally with short-link data.
type QueueReq struct {
	Mode QueueMode  // QueueModeMessaging or QueueModeContact
	Link *QueueLink // v≥15, nil = absent
}

// QueueLink is the short-link part of a NEW request. LinkID is used only by
// contact queues (a messaging queue's link id is chosen by the relay).
type QueueLink struct {
	LinkID   []byte // contact mode only
	SenderID []byte // client-chosen: first 24 bytes of SHA3-384(corrId)
	Data     LinkData
}

// NtfCreds are notifier credentials sent with NEW (v≥17) or NKEY.
type NtfCreds struct {
	AuthKey keys.PublicKey
	DHKey   keys.X25519Public
}

// Recipient commands.
type (
	SUB  struct{}                           // subscribe (→ OK/SOK, maybe followed by MSG)
	KEY  struct{ SenderKey keys.PublicKey } // secure the queue (recipient, legacy)
	RKEY struct{ Keys []keys.PublicKey }    // replace recipient keys (non-empty)
	LSET struct {                           // set short-link data
		LinkID []byte
		Data   LinkData
	}
	LDEL  struct{}                           // delete short-link data
	NKEY  struct{ Creds NtfCreds }           // enable notifications (→ NID)
	NDEL  struct{}                           // disable notifications
	GET   struct{}                           // one message without subscribing
	ACK   struct{ MsgID []byte }             // acknowledge a message
	OFF   struct{}                           // suspend the queue
	DEL   struct{}                           // delete the queue
	QUE   struct{}                           // queue info (→ INFO)
	SUBS  struct{}                           // service: subscribe all (v≥16)
	NSUB  struct{}                           // notifier subscription
	NSUBS struct{}                           // service: notifier subscribe all
	SKEY  struct{ SenderKey keys.PublicKey } // sender secures the queue (v≥9)
	PING  struct{}                           // keep-alive (→ PONG)
	LKEY  struct{ SenderKey keys.PublicKey } // secure an invitation via its link (→ LNK)
	LGET  struct{}                           // get contact link data (→ LNK)
	RFWD  struct{ EncTransmission []byte }   // proxy → relay
)

// SEND sends a message: "SEND " flags ' ' tail(body). Flags is one bool
// (notify); the reference parser skips any further flag bytes up to the space.
type SEND struct {
	Notify bool
	Body   []byte
}

// PRXY asks a proxy for a session with a relay (v≥8). Server is in the binary
// form nonempty(sb host) sb(port) sb(keyHash).
type PRXY struct {
	Server    Server
	BasicAuth []byte // nil = none
}

// PFWD forwards an encrypted transmission through a proxy (v≥8).
type PFWD struct {
	RelayVersion    Version
	CmdKey          keys.X25519Public
	EncTransmission []byte
}

func (NEW) Tag() string   { return "NEW" }
func (SUB) Tag() string   { return "SUB" }
func (SUBS) Tag() string  { return "SUBS" }
func (KEY) Tag() string   { return "KEY" }
func (RKEY) Tag() string  { return "RKEY" }
func (LSET) Tag() string  { return "LSET" }
func (LDEL) Tag() string  { return "LDEL" }
func (NKEY) Tag() string  { return "NKEY" }
func (NDEL) Tag() string  { return "NDEL" }
func (GET) Tag() string   { return "GET" }
func (ACK) Tag() string   { return "ACK" }
func (OFF) Tag() string   { return "OFF" }
func (DEL) Tag() string   { return "DEL" }
func (QUE) Tag() string   { return "QUE" }
func (SKEY) Tag() string  { return "SKEY" }
func (SEND) Tag() string  { return "SEND" }
func (PING) Tag() string  { return "PING" }
func (LKEY) Tag() string  { return "LKEY" }
func (LGET) Tag() string  { return "LGET" }
func (NSUB) Tag() string  { return "NSUB" }
func (NSUBS) Tag() string { return "NSUBS" }
func (PRXY) Tag() string  { return "PRXY" }
func (PFWD) Tag() string  { return "PFWD" }
func (RFWD) Tag() string  { return "RFWD" }

func (c NEW) encode(w *enc.Writer, v Version) {
	w.String("NEW ")
	writeKey(w, c.RcvAuthKey)
	writeKey(w, c.RcvDHKey)
	if c.SubMode != SubModeSubscribe && c.SubMode != SubModeOnlyCreate {
		w.Fail(errors.New("smp: NEW: bad subscription mode"))
		return
	}
	if c.BasicAuth != nil && !validBasicAuth(c.BasicAuth) {
		w.Fail(errors.New("smp: NEW: bad basic auth"))
		return
	}
	if v < VersionSndAuthKey {
		if c.BasicAuth != nil {
			w.Byte('A')
			w.ShortBytes(c.BasicAuth)
		}
		w.Byte(byte(c.SubMode))
		return
	}
	w.MaybeShortBytes(c.BasicAuth)
	w.Byte(byte(c.SubMode))
	if v < VersionShortLinks {
		m := QueueModeNone
		if c.QueueReq != nil {
			m = c.QueueReq.Mode
		}
		writeSenderCanSecure(w, m)
		return
	}
	w.MaybeTag(c.QueueReq != nil)
	if c.QueueReq != nil {
		c.QueueReq.encode(w)
	}
	if v >= VersionNewNtfCreds {
		w.MaybeTag(c.NtfCreds != nil)
		if c.NtfCreds != nil {
			c.NtfCreds.encode(w)
		}
	}
}

func (q *QueueReq) encode(w *enc.Writer) {
	switch q.Mode {
	case QueueModeMessaging, QueueModeContact:
		w.Byte(byte(q.Mode))
	default:
		w.Fail(errors.New("smp: NEW: bad queue mode"))
		return
	}
	w.MaybeTag(q.Link != nil)
	if q.Link == nil {
		return
	}
	if q.Mode == QueueModeContact {
		w.ShortBytes(q.Link.LinkID)
	}
	w.ShortBytes(q.Link.SenderID)
	q.Link.Data.encode(w)
}

func readQueueReq(r *enc.Reader) *QueueReq {
	q := &QueueReq{Mode: readQueueMode(r)}
	if r.MaybeTag() {
		l := &QueueLink{}
		if q.Mode == QueueModeContact {
			l.LinkID = clone(r.ShortBytes())
		}
		l.SenderID = clone(r.ShortBytes())
		l.Data = readLinkData(r)
		q.Link = l
	}
	return q
}

func (n *NtfCreds) encode(w *enc.Writer) { writeKey(w, n.AuthKey); writeKey(w, n.DHKey) }

func readNtfCreds(r *enc.Reader) *NtfCreds {
	return &NtfCreds{AuthKey: readAuthKey(r), DHKey: readX25519(r)}
}

func readSubMode(r *enc.Reader) SubMode {
	switch m := SubMode(r.Byte()); m {
	case SubModeSubscribe, SubModeOnlyCreate:
		return m
	}
	r.Failf("bad subscription mode")
	return 0
}

func parseNEW(r *enc.Reader, v Version) Command {
	c := NEW{RcvAuthKey: readAuthKey(r), RcvDHKey: readX25519(r)}
	if v < VersionSndAuthKey {
		if r.Len() > 0 && r.Err() == nil {
			// Peek: 'A' starts basic auth; otherwise it is the subscription mode.
			save := *r
			if r.Byte() == 'A' {
				c.BasicAuth = readBasicAuth(r)
			} else {
				*r = save
			}
		}
		c.SubMode = readSubMode(r)
		return c
	}
	if r.MaybeTag() {
		c.BasicAuth = readBasicAuth(r)
	}
	c.SubMode = readSubMode(r)
	if v < VersionShortLinks {
		c.QueueReq = &QueueReq{Mode: readSenderCanSecure(r)}
		return c
	}
	if r.MaybeTag() {
		c.QueueReq = readQueueReq(r)
	}
	if v >= VersionNewNtfCreds && r.MaybeTag() {
		c.NtfCreds = readNtfCreds(r)
	}
	return c
}

func (SUB) encode(w *enc.Writer, _ Version)   { w.String("SUB") }
func (SUBS) encode(w *enc.Writer, _ Version)  { w.String("SUBS") }
func (LDEL) encode(w *enc.Writer, _ Version)  { w.String("LDEL") }
func (NDEL) encode(w *enc.Writer, _ Version)  { w.String("NDEL") }
func (GET) encode(w *enc.Writer, _ Version)   { w.String("GET") }
func (OFF) encode(w *enc.Writer, _ Version)   { w.String("OFF") }
func (DEL) encode(w *enc.Writer, _ Version)   { w.String("DEL") }
func (QUE) encode(w *enc.Writer, _ Version)   { w.String("QUE") }
func (PING) encode(w *enc.Writer, _ Version)  { w.String("PING") }
func (LGET) encode(w *enc.Writer, _ Version)  { w.String("LGET") }
func (NSUB) encode(w *enc.Writer, _ Version)  { w.String("NSUB") }
func (NSUBS) encode(w *enc.Writer, _ Version) { w.String("NSUBS") }

func (c KEY) encode(w *enc.Writer, _ Version)  { w.String("KEY "); writeKey(w, c.SenderKey) }
func (c SKEY) encode(w *enc.Writer, _ Version) { w.String("SKEY "); writeKey(w, c.SenderKey) }
func (c LKEY) encode(w *enc.Writer, _ Version) { w.String("LKEY "); writeKey(w, c.SenderKey) }

func (c RKEY) encode(w *enc.Writer, _ Version) {
	w.String("RKEY ")
	w.NonEmptyCount(len(c.Keys))
	for _, k := range c.Keys {
		writeKey(w, k)
	}
}

func (c LSET) encode(w *enc.Writer, _ Version) {
	w.String("LSET ")
	w.ShortBytes(c.LinkID)
	c.Data.encode(w)
}

func (c NKEY) encode(w *enc.Writer, _ Version) { w.String("NKEY "); c.Creds.encode(w) }

func (c ACK) encode(w *enc.Writer, _ Version) { w.String("ACK "); w.ShortBytes(c.MsgID) }

func (c SEND) encode(w *enc.Writer, _ Version) {
	w.String("SEND ")
	w.Bool(c.Notify)
	w.Byte(' ')
	w.Tail(c.Body)
}

func (c PRXY) encode(w *enc.Writer, _ Version) {
	w.String("PRXY ")
	c.Server.encodeBinary(w)
	if c.BasicAuth != nil && !validBasicAuth(c.BasicAuth) {
		w.Fail(errors.New("smp: PRXY: bad basic auth"))
	}
	w.MaybeShortBytes(c.BasicAuth)
}

func (c PFWD) encode(w *enc.Writer, _ Version) {
	w.String("PFWD ")
	w.W16(uint16(c.RelayVersion))
	writeKey(w, c.CmdKey)
	w.Tail(c.EncTransmission)
}

func (c RFWD) encode(w *enc.Writer, _ Version) { w.String("RFWD "); w.Tail(c.EncTransmission) }

// EncodeCommand returns the command bytes for version v (the part of a
// transmission after sb(entityId)).
func EncodeCommand(v Version, c Command) ([]byte, error) {
	w := enc.NewWriter(nil)
	c.encode(w, v)
	return w.Bytes()
}

// ParseCommand parses the command part of a transmission for version v. The
// input must be consumed exactly. Errors are *Error values a relay can send
// back as is: ErrCmdUnknown for an unknown tag, ErrCmdSyntax otherwise.
func ParseCommand(v Version, b []byte) (Command, error) {
	tag, rest := takeWord(b)
	parse, ok := commandParsers[tag]
	if !ok {
		return nil, ErrCmdUnknown
	}
	var args []byte
	if rest != nil {
		args = rest[1:]
	}
	r := enc.NewReader(args)
	if (rest != nil) != parse.hasArgs {
		return nil, ErrCmdSyntax
	}
	c := parse.fn(r, v)
	if r.Done() != nil {
		return nil, ErrCmdSyntax
	}
	return c, nil
}

type cmdParser struct {
	hasArgs bool
	fn      func(r *enc.Reader, v Version) Command
}

func noArgs(c Command) cmdParser {
	return cmdParser{fn: func(*enc.Reader, Version) Command { return c }}
}

var commandParsers = map[string]cmdParser{
	"NEW":   {true, parseNEW},
	"SUB":   noArgs(SUB{}),
	"SUBS":  noArgs(SUBS{}),
	"KEY":   {true, func(r *enc.Reader, _ Version) Command { return KEY{readAuthKey(r)} }},
	"RKEY":  {true, parseRKEY},
	"LSET":  {true, func(r *enc.Reader, _ Version) Command { return LSET{clone(r.ShortBytes()), readLinkData(r)} }},
	"LDEL":  noArgs(LDEL{}),
	"NKEY":  {true, func(r *enc.Reader, _ Version) Command { return NKEY{*readNtfCreds(r)} }},
	"NDEL":  noArgs(NDEL{}),
	"GET":   noArgs(GET{}),
	"ACK":   {true, func(r *enc.Reader, _ Version) Command { return ACK{clone(r.ShortBytes())} }},
	"OFF":   noArgs(OFF{}),
	"DEL":   noArgs(DEL{}),
	"QUE":   noArgs(QUE{}),
	"SKEY":  {true, func(r *enc.Reader, _ Version) Command { return SKEY{readAuthKey(r)} }},
	"SEND":  {true, parseSEND},
	"PING":  noArgs(PING{}),
	"LKEY":  {true, func(r *enc.Reader, _ Version) Command { return LKEY{readAuthKey(r)} }},
	"LGET":  noArgs(LGET{}),
	"NSUB":  noArgs(NSUB{}),
	"NSUBS": noArgs(NSUBS{}),
	"PRXY":  {true, parsePRXY},
	"PFWD":  {true, parsePFWD},
	"RFWD":  {true, func(r *enc.Reader, _ Version) Command { return RFWD{clone(r.Tail())} }},
}

func parseRKEY(r *enc.Reader, _ Version) Command {
	n := r.NonEmptyCount()
	c := RKEY{}
	for i := 0; i < n && r.Err() == nil; i++ {
		c.Keys = append(c.Keys, readAuthKey(r))
	}
	return c
}

func parseSEND(r *enc.Reader, _ Version) Command {
	c := SEND{Notify: r.Bool()}
	// Future flags are skipped up to the space, as the reference does.
	for r.Err() == nil && r.Byte() != ' ' {
	}
	c.Body = clone(r.Tail())
	return c
}

func parsePRXY(r *enc.Reader, _ Version) Command {
	c := PRXY{Server: readServerBinary(r)}
	if r.MaybeTag() {
		c.BasicAuth = readBasicAuth(r)
	}
	return c
}

func parsePFWD(r *enc.Reader, _ Version) Command {
	return PFWD{RelayVersion: Version(r.W16()), CmdKey: readX25519(r), EncTransmission: clone(r.Tail())}
}
