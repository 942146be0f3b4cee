package links

import (
	"strings"
	"unicode/utf8"

	"duplex/crypto/enc"
)

// ConnMode is the kind of connection a link makes.
type ConnMode byte

// Values are the binary tags.
const (
	ModeInvitation ConnMode = 'I' // one-time invitation
	ModeContact    ConnMode = 'C' // contact address (long-lived)
)

func (m ConnMode) String() string {
	switch m {
	case ModeInvitation:
		return "invitation"
	case ModeContact:
		return "contact"
	}
	return "ConnMode(" + string(rune(m)) + ")"
}

// ConnRequest is a full connection link (upstream ConnectionRequestUri):
// one-time invitation or contact address.
type ConnRequest struct {
	Mode          ConnMode
	AgentVersions VersionRange
	Queues        []*QueueURI // at least one
	E2E           *E2EParams  // invitations only
	ClientData    *string     // data= JSON, kept verbatim; nil = absent
}

const whatConnReq = "connection request"

// String writes the canonical simplex: form:
//
//	simplex:/<invitation|contact>#/?v=<agent range>&smp=<queue URIs joined by ';'>[&e2e=<params>][&data=<json>]
func (c *ConnRequest) String() string {
	qs := make([]string, len(c.Queues))
	for i, q := range c.Queues {
		qs[i] = q.String()
	}
	ps := query{{"v", c.AgentVersions.String()}, {"smp", strings.Join(qs, ";")}}
	if c.E2E != nil && c.Mode == ModeInvitation {
		ps = append(ps, param{"e2e", c.E2E.String()})
	}
	if c.ClientData != nil {
		ps = append(ps, param{"data", *c.ClientData})
	}
	return "simplex:/" + c.Mode.String() + "#/?" + ps.render(false)
}

// ParseConnRequest parses simplex:/… and https://<any host>[:port]/… forms
// (the host is not kept: the canonical form is simplex:). Contact links have
// their agent range raised to at least 2, as the reference does for old
// published addresses.
func ParseConnRequest(s string) (*ConnRequest, error) {
	rest, err := cutScheme(s)
	if err != nil {
		return nil, perr(whatConnReq, "%v", err)
	}
	c := &ConnRequest{}
	switch {
	case strings.HasPrefix(rest, "/invitation"):
		c.Mode, rest = ModeInvitation, rest[len("/invitation"):]
	case strings.HasPrefix(rest, "/contact"):
		c.Mode, rest = ModeContact, rest[len("/contact"):]
	default:
		return nil, perr(whatConnReq, "unknown link type (want /invitation or /contact)")
	}
	rest = strings.TrimPrefix(rest, "/")
	qstr, ok := strings.CutPrefix(rest, "#/?")
	if !ok {
		return nil, perr(whatConnReq, "missing #/? after /%s", c.Mode)
	}
	if strings.ContainsAny(qstr, " \n") {
		return nil, perr(whatConnReq, "space or newline in the query")
	}
	ps := parseQuery(qstr)
	v, ok := ps.get("v")
	if !ok {
		return nil, perr(whatConnReq, "missing v= (agent version range)")
	}
	if c.AgentVersions, err = ParseVersionRange(v); err != nil {
		return nil, perr(whatConnReq, "v: %v", err)
	}
	smpStr, ok := ps.get("smp")
	if !ok {
		return nil, perr(whatConnReq, "missing smp= (queue URIs)")
	}
	for i, qs := range strings.Split(smpStr, ";") {
		q, err := ParseQueueURI(qs)
		if err != nil {
			return nil, wrapErr(whatConnReq, "smp queue "+itoa(i+1), err)
		}
		c.Queues = append(c.Queues, q)
	}
	if d, ok := ps.get("data"); ok {
		d = sanitizeUTF8(d)
		c.ClientData = &d
	}
	switch c.Mode {
	case ModeInvitation:
		e, ok := ps.get("e2e")
		if !ok {
			return nil, perr(whatConnReq, "invitation without e2e= (ratchet parameters)")
		}
		if c.E2E, err = ParseE2EParams(e); err != nil {
			return nil, wrapErr(whatConnReq, "e2e", err)
		}
	case ModeContact:
		lo := max(c.AgentVersions.Min, agentMinSupported)
		c.AgentVersions = VersionRange{lo, max(lo, c.AgentVersions.Max)}
	}
	return c, nil
}

// cutScheme strips "simplex:" or "https://<host>[:port]" and returns the
// rest, which starts at the path.
func cutScheme(s string) (string, error) {
	if rest, ok := strings.CutPrefix(s, "simplex:"); ok {
		return rest, nil
	}
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		return "", errString("must start with simplex: or https://")
	}
	n := 0
	for n < len(rest) && !strings.ContainsRune(":#,;/ ", rune(rest[n])) {
		n++
	}
	if n == 0 {
		return "", errString("https:// without a host")
	}
	rest = rest[n:]
	if p, ok := strings.CutPrefix(rest, ":"); ok {
		d := 0
		for d < len(p) && p[d] >= '0' && p[d] <= '9' {
			d++
		}
		if d == 0 {
			return "", errString("bad port after the host")
		}
		rest = p[d:]
	}
	return rest, nil
}

type errString string

func (e errString) Error() string { return string(e) }

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// MarshalBinary writes
//
//	'I' ‖ crData ‖ e2e   |   'C' ‖ crData
//	crData = w16 min ‖ w16 max ‖ nonempty(queueURI) ‖ maybe(lb(data))
func (c *ConnRequest) MarshalBinary() ([]byte, error) {
	w := enc.NewWriter(nil)
	c.encode(w)
	return w.Bytes()
}

func (c *ConnRequest) encode(w *enc.Writer) {
	w.Byte(byte(c.Mode))
	c.AgentVersions.encode(w)
	w.NonEmptyCount(len(c.Queues))
	for _, q := range c.Queues {
		q.encode(w)
	}
	w.MaybeTag(c.ClientData != nil)
	if c.ClientData != nil {
		w.LargeBytes([]byte(*c.ClientData))
	}
	switch c.Mode {
	case ModeInvitation:
		if c.E2E == nil {
			w.Fail(perr(whatConnReq, "invitation without e2e parameters"))
			return
		}
		c.E2E.encode(w)
	case ModeContact:
	default:
		w.Fail(perr(whatConnReq, "bad mode %q", byte(c.Mode)))
	}
}

// ParseConnRequestBinary parses the binary form, consuming b exactly.
// Queues without a mode become contact queues (the reference patches them
// so, since this form post-dates SMP client v3), so an invitation whose
// queue has no mode does not round-trip.
func ParseConnRequestBinary(b []byte) (*ConnRequest, error) {
	r := newBinReader(b)
	c := r.connRequest()
	if err := r.Done(); err != nil {
		return nil, perr(whatConnReq, "binary: %v", err)
	}
	return c, nil
}

func (r *binReader) connRequest() *ConnRequest {
	c := &ConnRequest{Mode: ConnMode(r.Byte())}
	if r.Err() != nil {
		return c
	}
	if c.Mode != ModeInvitation && c.Mode != ModeContact {
		r.Failf("bad connection mode %q", byte(c.Mode))
		return c
	}
	c.AgentVersions = readVersionRange(r.Reader)
	n := r.NonEmptyCount()
	for i := 0; i < n && r.Err() == nil; i++ {
		q := r.queueURI()
		if q.Mode == QueueModeUnset {
			q.Mode = QueueModeContact
		}
		c.Queues = append(c.Queues, q)
	}
	if r.MaybeTag() {
		d := r.LargeBytes()
		if r.Err() == nil {
			s := sanitizeUTF8(string(d))
			c.ClientData = &s
		}
	}
	if c.Mode == ModeInvitation && r.Err() == nil {
		c.E2E = r.e2eParams()
	}
	return c
}

// sanitizeUTF8 replaces each invalid byte with '?' (the reference's
// safeDecodeUtf8), so client data is always valid text.
func sanitizeUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, '?')
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}
