package links

import (
	"fmt"
	"strings"

	"duplex/crypto/enc"
	"duplex/crypto/keys"
	"duplex/net/smp"
)

// QueueMode says what a queue is for; it decides whether the sender may
// secure the queue itself (SKEY) — only messaging queues allow it.
type QueueMode byte

// Values are the binary tags; QueueModeUnset is an old URI without q= or k=.
const (
	QueueModeUnset     QueueMode = 0
	QueueModeMessaging QueueMode = 'M'
	QueueModeContact   QueueMode = 'C'
)

func (m QueueMode) String() string {
	switch m {
	case QueueModeMessaging:
		return "messaging"
	case QueueModeContact:
		return "contact"
	case QueueModeUnset:
		return "unset"
	}
	return fmt.Sprintf("QueueMode(%d)", byte(m))
}

// SenderCanSecure reports whether the sender secures the queue (SKEY).
func (m QueueMode) SenderCanSecure() bool { return m == QueueModeMessaging }

// QueueAddress is where a sender finds a queue and how it encrypts to the
// recipient (the per-queue e2e DH key).
type QueueAddress struct {
	Server   smp.Server
	SenderID []byte
	DHKey    keys.X25519Public
	Mode     QueueMode
}

// QueueURI is a queue address with the SMP client versions its owner
// supports (upstream SMPQueueUri).
type QueueURI struct {
	Versions VersionRange
	QueueAddress
}

const whatQueue = "queue URI"

// String writes the URI form (see doc.go). Versions with min < 2 use the
// legacy authority (first host only, other hosts in srv=).
func (q *QueueURI) String() string {
	legacy := q.Versions.Min < smpClientHostnames
	var b strings.Builder
	b.WriteString("smp://")
	b.WriteString(serverAuthority(q.Server, legacy))
	b.WriteByte('/')
	b.WriteString(enc.B64(q.SenderID))
	b.WriteString("#/?")
	qs := query{{"v", q.Versions.String()}, {"dh", enc.B64(q.DHKey.DER())}}
	switch q.Mode {
	case QueueModeMessaging:
		qs = append(qs, param{"q", "m"})
	case QueueModeContact:
		qs = append(qs, param{"q", "c"})
	}
	if q.Mode.SenderCanSecure() && q.Versions.Min < smpClientShortLink {
		qs = append(qs, param{"k", "s"})
	}
	if legacy && len(q.Server.Hosts) > 1 {
		qs = append(qs, param{"srv", formatHostList(q.Server.Hosts[1:])})
	}
	b.WriteString(qs.render(false))
	return b.String()
}

// ParseQueueURI parses
//
//	smp://<keyHash>@<hosts>[:port]/<senderId>[/]#[<dhKey>][/]?v=…&dh=…[&q=m|c][&k=s][&srv=…]
//	smp://<keyHash>@<hosts>[:port]/<senderId>[/]#<dhKey>            (version 1)
//
// Unknown parameters are ignored; dh in the fragment wins over dh=.
func ParseQueueURI(s string) (*QueueURI, error) {
	rest, ok := strings.CutPrefix(s, "smp://")
	if !ok {
		return nil, perr(whatQueue, "must start with smp://")
	}
	slash := strings.IndexByte(rest, '/')
	if slash < 0 {
		return nil, perr(whatQueue, "missing /<sender id> after the server")
	}
	srv, err := parseAuthority(rest[:slash])
	if err != nil {
		return nil, perr(whatQueue, "%v", err)
	}
	rest = rest[slash+1:]
	hash := strings.IndexByte(rest, '#')
	if hash < 0 {
		return nil, perr(whatQueue, "missing '#' after the sender id")
	}
	sid, err := parseB64(strings.TrimSuffix(rest[:hash], "/"))
	if err != nil {
		return nil, perr(whatQueue, "sender id: %v", err)
	}
	frag := rest[hash+1:]
	q := &QueueURI{QueueAddress: QueueAddress{SenderID: sid}}

	var dhStr string
	qm := strings.IndexByte(frag, '?')
	if qm < 0 {
		// legacy "#<dhKey>", version 1
		if frag == "" {
			return nil, perr(whatQueue, "missing dh key or query after '#'")
		}
		q.Versions = VersionRange{smpClientInitial, smpClientInitial}
		dhStr = frag
	} else {
		head, qstr := strings.TrimSuffix(frag[:qm], "/"), frag[qm+1:]
		if strings.ContainsAny(qstr, " \n") {
			return nil, perr(whatQueue, "space or newline in the query")
		}
		qs := parseQuery(qstr)
		v, ok := qs.get("v")
		if !ok {
			return nil, perr(whatQueue, "missing v= (version range)")
		}
		if q.Versions, err = ParseVersionRange(v); err != nil {
			return nil, perr(whatQueue, "v: %v", err)
		}
		if head != "" {
			dhStr = head
		} else if dhStr, ok = qs.get("dh"); !ok {
			return nil, perr(whatQueue, "missing dh= (queue DH key)")
		}
		if h, ok := qs.get("srv"); ok {
			hs, err := parseHostList(h)
			if err != nil {
				return nil, perr(whatQueue, "srv: %v", err)
			}
			srv.Hosts = append(srv.Hosts, hs...)
		}
		mode, _ := qs.get("q")
		k, _ := qs.get("k")
		switch {
		case mode == "m":
			q.Mode = QueueModeMessaging
		case mode == "c":
			q.Mode = QueueModeContact
		case k == "s":
			q.Mode = QueueModeMessaging
		}
	}
	if q.DHKey, err = parseX25519(dhStr); err != nil {
		return nil, perr(whatQueue, "dh key: %v", err)
	}
	if q.Versions.Max < smpClientHostnames {
		srv = addOnionAlias(srv)
	}
	q.Server = srv
	return q, nil
}

func parseX25519(s string) (keys.X25519Public, error) {
	der, err := parseB64(s)
	if err != nil {
		return keys.X25519Public{}, err
	}
	k, err := keys.ParseX25519PublicDER(der)
	if err != nil {
		return keys.X25519Public{}, fmt.Errorf("not an X25519 key")
	}
	return k, nil
}

// MarshalBinary writes
//
//	w16 min ‖ w16 max ‖ server ‖ sb(senderId) ‖ sb(dhKey DER) ‖ mode
//
// where mode is the queue-mode byte when min ≥ 4, the sender-can-secure bool
// when min ≥ 3 (or max ≥ 3 and the queue is securable), else nothing.
func (q *QueueURI) MarshalBinary() ([]byte, error) {
	w := enc.NewWriter(nil)
	q.encode(w)
	return w.Bytes()
}

func (q *QueueURI) encode(w *enc.Writer) {
	q.Versions.encode(w)
	q.QueueAddress.encodeAddr(w)
	min, max := q.Versions.Min, q.Versions.Max
	switch {
	case min >= smpClientShortLink:
		if q.Mode != QueueModeUnset {
			w.Byte(byte(q.Mode))
		}
	case min >= smpClientSndAuth || max >= smpClientSndAuth && q.Mode.SenderCanSecure():
		w.Bool(q.Mode.SenderCanSecure())
	}
}

func (a *QueueAddress) encodeAddr(w *enc.Writer) {
	smp.AppendServer(w, a.Server)
	w.ShortBytes(a.SenderID)
	w.ShortBytes(a.DHKey.DER())
}

// ParseQueueURIBinary parses the binary form, consuming b exactly.
func ParseQueueURIBinary(b []byte) (*QueueURI, error) {
	r := newBinReader(b)
	q := r.queueURI()
	if err := r.Done(); err != nil {
		return nil, perr(whatQueue, "binary: %v", err)
	}
	return q, nil
}

// DecodeQueueURI reads a binary SMPQueueUri from the start of b and returns
// it with the number of bytes it used: agent messages embed queue URIs in
// lists, so the caller continues after them.
func DecodeQueueURI(b []byte) (*QueueURI, int, error) {
	r := newBinReader(b)
	q := r.queueURI()
	if err := r.Err(); err != nil {
		return nil, 0, perr(whatQueue, "binary: %v", err)
	}
	return q, r.Offset(), nil
}

func (r *binReader) queueURI() *QueueURI {
	q := &QueueURI{Versions: readVersionRange(r.Reader)}
	q.Server = smp.ReadServer(r.Reader)
	q.readRest(r)
	return q
}

// readRest reads sender id, dh key and the optional mode.
func (a *QueueAddress) readRest(r *binReader) {
	a.SenderID = clone(r.ShortBytes())
	der := r.ShortBytes()
	if r.Err() == nil {
		k, err := keys.ParseX25519PublicDER(der)
		if err != nil {
			r.Failf("dh key: not an X25519 key")
		}
		a.DHKey = k
	}
	// The reference's queueModeP: a mode byte, else a bool, else nothing.
	if c, ok := r.peek(); ok {
		switch c {
		case 'M', 'C':
			a.Mode = QueueMode(r.Byte())
		case 'T':
			r.Byte()
			a.Mode = QueueModeMessaging
		case 'F':
			r.Byte()
			a.Mode = QueueModeContact
		}
	}
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

// QueueInfo is a queue address with one agreed SMP client version, as sent
// inside agent messages (upstream SMPQueueInfo).
type QueueInfo struct {
	Version uint16
	QueueAddress
}

// Info returns the queue at version v.
func (q *QueueURI) Info(v uint16) *QueueInfo {
	return &QueueInfo{Version: v, QueueAddress: q.QueueAddress}
}

// MarshalBinary writes w16 version ‖ address ‖ mode, where version 1 uses the
// single-host legacy server form and the mode follows the same version rules
// as QueueURI (with the one version standing for min and max).
func (q *QueueInfo) MarshalBinary() ([]byte, error) {
	w := enc.NewWriter(nil)
	q.Encode(w)
	return w.Bytes()
}

// Encode appends the binary form to w (for envelopes that embed it).
func (q *QueueInfo) Encode(w *enc.Writer) {
	w.W16(q.Version)
	if q.Version <= smpClientInitial {
		smp.AppendServerV1(w, q.Server)
		w.ShortBytes(q.SenderID)
		w.ShortBytes(q.DHKey.DER())
		return
	}
	q.QueueAddress.encodeAddr(w)
	switch {
	case q.Version >= smpClientShortLink:
		if q.Mode != QueueModeUnset {
			w.Byte(byte(q.Mode))
		}
	case q.Version >= smpClientSndAuth && q.Mode.SenderCanSecure():
		w.Bool(true)
	}
}

// ParseQueueInfo parses the binary form, consuming b exactly.
func ParseQueueInfo(b []byte) (*QueueInfo, error) {
	r := newBinReader(b)
	q := r.queueInfo()
	if err := r.Done(); err != nil {
		return nil, perr("queue info", "%v", err)
	}
	return q, nil
}

// DecodeQueueInfo reads a QueueInfo from the start of b and returns it with
// the number of bytes it used (for agent messages that embed it).
func DecodeQueueInfo(b []byte) (*QueueInfo, int, error) {
	r := newBinReader(b)
	q := r.queueInfo()
	if err := r.Err(); err != nil {
		return nil, 0, perr("queue info", "%v", err)
	}
	return q, r.Offset(), nil
}

func (r *binReader) queueInfo() *QueueInfo {
	q := &QueueInfo{Version: r.W16()}
	if q.Version > smpClientInitial {
		q.Server = smp.ReadServer(r.Reader)
	} else {
		q.Server = addOnionAlias(smp.ReadServerV1(r.Reader))
	}
	q.readRest(r)
	return q
}
