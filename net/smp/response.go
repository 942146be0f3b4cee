package smp

import (
	"errors"

	"duplex/crypto/enc"
	"duplex/crypto/keys"
)

// Response is a relay → client message: a reply to a command (same corrId)
// or an event pushed with an empty corrId (MSG, END, DELD …).
type Response interface {
	Tag() string
	encode(w *enc.Writer, v Version)
}

// IDS answers NEW. Layout after "IDS ":
//
//	sb(rcvId) sb(sndId) sb(srvDhKey) …
//	v6–8:   nothing more
//	v9–14:  bool(senderCanSecure)
//	v15:    maybe(queueMode) maybe(sb linkId)
//	v16:    … maybe(sb serviceId)
//	v17+:   … maybe(sb notifierId, sb srvNtfDhKey)
type IDS struct {
	RcvID     []byte
	SndID     []byte
	SrvDHKey  keys.X25519Public
	QueueMode QueueMode       // QueueModeNone = absent; v9–14 carry only messaging vs contact
	LinkID    []byte          // v≥15, nil = absent
	ServiceID []byte          // v≥16, nil = absent
	NtfCreds  *ServerNtfCreds // v≥17, nil = absent
}

// ServerNtfCreds are the notifier id and the relay's DH key for notifications.
type ServerNtfCreds struct {
	NotifierID []byte
	DHKey      keys.X25519Public
}

// LNK returns short-link data (answer to LKEY/LGET).
type LNK struct {
	SenderID []byte
	Data     LinkData
}

// SOK confirms SUB at v≥16 ("SOK " maybe(sb serviceId)); before v16 it is
// sent as OK.
type SOK struct{ ServiceID []byte }

// MSG delivers a message: "MSG " sb(msgId) tail(encBody).
type MSG struct {
	MsgID []byte
	Body  []byte // server→recipient encrypted (cbEncrypt, nonce = msgId)
}

// Other relay messages.
type (
	SOKS struct{ Count int64 } // queues subscribed by SUBS
	ENDS struct{ Count int64 } // service subscriptions ended
	NID  struct {              // answer to NKEY
		NotifierID []byte
		SrvNtfDH   keys.X25519Public
	}
	NMSG struct { // notification
		Nonce   [24]byte
		EncMeta []byte
	}
	RRES struct{ Enc []byte }  // relay → proxy
	PRES struct{ Enc []byte }  // proxy → client
	END  struct{}              // subscription moved to another connection
	DELD struct{}              // queue deleted elsewhere (v≥10; END before)
	INFO struct{ JSON []byte } // queue info (answer to QUE)
	OK   struct{}
	PONG struct{}
	ERR  struct{ Err *Error }
)

// PKEY answers PRXY: the relay session id, its version range and its
// certificate chain with the signed session key.
type PKEY struct {
	SessionID []byte
	Range     VersionRange
	Cert      CertChainPubKey
}

func (IDS) Tag() string  { return "IDS" }
func (LNK) Tag() string  { return "LNK" }
func (SOK) Tag() string  { return "SOK" }
func (SOKS) Tag() string { return "SOKS" }
func (MSG) Tag() string  { return "MSG" }
func (NID) Tag() string  { return "NID" }
func (NMSG) Tag() string { return "NMSG" }
func (PKEY) Tag() string { return "PKEY" }
func (RRES) Tag() string { return "RRES" }
func (PRES) Tag() string { return "PRES" }
func (END) Tag() string  { return "END" }
func (ENDS) Tag() string { return "ENDS" }
func (DELD) Tag() string { return "DELD" }
func (INFO) Tag() string { return "INFO" }
func (OK) Tag() string   { return "OK" }
func (ERR) Tag() string  { return "ERR" }
func (PONG) Tag() string { return "PONG" }

func (r IDS) encode(w *enc.Writer, v Version) {
	w.String("IDS ")
	w.ShortBytes(r.RcvID)
	w.ShortBytes(r.SndID)
	writeKey(w, r.SrvDHKey)
	switch {
	case v >= VersionShortLinks:
		w.MaybeTag(r.QueueMode != QueueModeNone)
		if r.QueueMode != QueueModeNone {
			w.Byte(byte(r.QueueMode))
		}
		w.MaybeShortBytes(r.LinkID)
		if v >= VersionServiceCerts {
			w.MaybeShortBytes(r.ServiceID)
		}
		if v >= VersionNewNtfCreds {
			w.MaybeTag(r.NtfCreds != nil)
			if r.NtfCreds != nil {
				w.ShortBytes(r.NtfCreds.NotifierID)
				writeKey(w, r.NtfCreds.DHKey)
			}
		}
	case v >= VersionSndAuthKey:
		writeSenderCanSecure(w, r.QueueMode)
	}
}

func parseIDS(r *enc.Reader, v Version) Response {
	x := IDS{RcvID: clone(r.ShortBytes()), SndID: clone(r.ShortBytes()), SrvDHKey: readX25519(r)}
	switch {
	case v >= VersionShortLinks:
		if r.MaybeTag() {
			x.QueueMode = readQueueMode(r)
		}
		x.LinkID = clone(r.MaybeShortBytes())
		if v >= VersionServiceCerts {
			x.ServiceID = clone(r.MaybeShortBytes())
		}
		if v >= VersionNewNtfCreds && r.MaybeTag() {
			x.NtfCreds = &ServerNtfCreds{NotifierID: clone(r.ShortBytes()), DHKey: readX25519(r)}
		}
	case v >= VersionSndAuthKey:
		x.QueueMode = readSenderCanSecure(r)
	}
	return x
}

func (r LNK) encode(w *enc.Writer, _ Version) {
	w.String("LNK ")
	w.ShortBytes(r.SenderID)
	r.Data.encode(w)
}

func (r SOK) encode(w *enc.Writer, v Version) {
	if v < VersionServiceCerts {
		w.String("OK")
		return
	}
	w.String("SOK ")
	w.MaybeShortBytes(r.ServiceID)
}

func (r SOKS) encode(w *enc.Writer, _ Version) { w.String("SOKS "); w.I64(r.Count) }
func (r ENDS) encode(w *enc.Writer, _ Version) { w.String("ENDS "); w.I64(r.Count) }

func (r MSG) encode(w *enc.Writer, _ Version) {
	w.String("MSG ")
	w.ShortBytes(r.MsgID)
	w.Tail(r.Body)
}

func (r NID) encode(w *enc.Writer, _ Version) {
	w.String("NID ")
	w.ShortBytes(r.NotifierID)
	writeKey(w, r.SrvNtfDH)
}

func (r NMSG) encode(w *enc.Writer, _ Version) {
	w.String("NMSG ")
	w.Raw(r.Nonce[:])
	w.ShortBytes(r.EncMeta)
}

func (r PKEY) encode(w *enc.Writer, _ Version) {
	w.String("PKEY ")
	w.ShortBytes(r.SessionID)
	w.W16(uint16(r.Range.Min))
	w.W16(uint16(r.Range.Max))
	r.Cert.encode(w)
}

func (r RRES) encode(w *enc.Writer, _ Version) { w.String("RRES "); w.Tail(r.Enc) }
func (r PRES) encode(w *enc.Writer, _ Version) { w.String("PRES "); w.Tail(r.Enc) }
func (END) encode(w *enc.Writer, _ Version)    { w.String("END") }
func (OK) encode(w *enc.Writer, _ Version)     { w.String("OK") }
func (PONG) encode(w *enc.Writer, _ Version)   { w.String("PONG") }

func (DELD) encode(w *enc.Writer, v Version) {
	if v < VersionDeletedEvent {
		w.String("END")
		return
	}
	w.String("DELD")
}

func (r INFO) encode(w *enc.Writer, _ Version) {
	if !jsonObject(string(r.JSON)) {
		w.Fail(errors.New("smp: INFO: not a JSON object"))
		return
	}
	w.String("INFO ")
	w.Tail(r.JSON)
}

func (r ERR) encode(w *enc.Writer, v Version) {
	if r.Err == nil {
		w.Fail(errors.New("smp: ERR without error"))
		return
	}
	w.String("ERR ")
	r.Err.encode(w, v)
}

// EncodeResponse returns the response bytes for version v. Version-dependent
// downgrades follow the reference relay: SOK → OK before v16, DELD → END
// before v10, ERR BLOCKED → AUTH before v12 and without notice before v18.
func EncodeResponse(v Version, r Response) ([]byte, error) {
	w := enc.NewWriter(nil)
	r.encode(w, v)
	return w.Bytes()
}

// ParseResponse parses the response part of a transmission for version v,
// consuming it exactly.
func ParseResponse(v Version, b []byte) (Response, error) {
	tag, rest := takeWord(b)
	p, ok := responseParsers[tag]
	if !ok {
		return nil, ErrCmdUnknown
	}
	if (rest != nil) != p.hasArgs {
		return nil, ErrCmdSyntax
	}
	var args []byte
	if rest != nil {
		args = rest[1:]
	}
	if tag == "ERR" {
		e, err := parseError(args)
		if err != nil {
			return nil, ErrCmdSyntax
		}
		return ERR{e}, nil
	}
	r := enc.NewReader(args)
	x := p.fn(r, v)
	if r.Done() != nil {
		return nil, ErrCmdSyntax
	}
	return x, nil
}

type respParser struct {
	hasArgs bool
	fn      func(r *enc.Reader, v Version) Response
}

func noArgsR(x Response) respParser {
	return respParser{fn: func(*enc.Reader, Version) Response { return x }}
}

var responseParsers = map[string]respParser{
	"IDS":  {true, parseIDS},
	"LNK":  {true, func(r *enc.Reader, _ Version) Response { return LNK{clone(r.ShortBytes()), readLinkData(r)} }},
	"SOK":  {true, func(r *enc.Reader, _ Version) Response { return SOK{clone(r.MaybeShortBytes())} }},
	"SOKS": {true, func(r *enc.Reader, _ Version) Response { return SOKS{r.I64()} }},
	"ENDS": {true, func(r *enc.Reader, _ Version) Response { return ENDS{r.I64()} }},
	"MSG": {true, func(r *enc.Reader, _ Version) Response {
		return MSG{MsgID: clone(r.ShortBytes()), Body: clone(r.Tail())}
	}},
	"NID": {true, func(r *enc.Reader, _ Version) Response { return NID{clone(r.ShortBytes()), readX25519(r)} }},
	"NMSG": {true, func(r *enc.Reader, _ Version) Response {
		x := NMSG{}
		copy(x.Nonce[:], r.Fixed(24))
		x.EncMeta = clone(r.ShortBytes())
		return x
	}},
	"PKEY": {true, func(r *enc.Reader, _ Version) Response {
		x := PKEY{SessionID: clone(r.ShortBytes())}
		x.Range = VersionRange{Version(r.W16()), Version(r.W16())}
		x.Cert = readCertChainPubKey(r)
		return x
	}},
	"RRES": {true, func(r *enc.Reader, _ Version) Response { return RRES{clone(r.Tail())} }},
	"PRES": {true, func(r *enc.Reader, _ Version) Response { return PRES{clone(r.Tail())} }},
	"END":  noArgsR(END{}),
	"DELD": noArgsR(DELD{}),
	"INFO": {true, func(r *enc.Reader, _ Version) Response {
		j := r.Tail()
		if r.Err() == nil && !jsonObject(string(j)) {
			r.Failf("INFO: not a JSON object")
		}
		return INFO{clone(j)}
	}},
	"OK":   noArgsR(OK{}),
	"PONG": noArgsR(PONG{}),
	"ERR":  {hasArgs: true},
}
