package links

import (
	"fmt"
	"strconv"
	"strings"

	"duplex/crypto/enc"
	"duplex/net/smp"
)

// LinkType is the path letter of a short link.
type LinkType byte

// Values are the URI letters; binary uses the upper case of the contact kinds.
const (
	LinkInvitation LinkType = 'i' // one-time invitation: /i#<linkId>/<key>
	LinkContact    LinkType = 'a' // contact address
	LinkChannel    LinkType = 'c' // channel
	LinkGroup      LinkType = 'g' // group
	LinkRelay      LinkType = 'r' // chat relay
)

// Mode says which connection the link leads to.
func (t LinkType) Mode() ConnMode {
	if t == LinkInvitation {
		return ModeInvitation
	}
	return ModeContact
}

func (t LinkType) valid() bool {
	switch t {
	case LinkInvitation, LinkContact, LinkChannel, LinkGroup, LinkRelay:
		return true
	}
	return false
}

// LinkScheme is how a short link is written.
type LinkScheme uint8

const (
	// SchemeServer: https://<first host>/… — opens in a browser too; h= lists the other hosts.
	SchemeServer LinkScheme = 1
	// SchemeSimplex: simplex:/… — h= lists all hosts.
	SchemeSimplex LinkScheme = 2
)

// LinkKey is SHA3-256 of the encoded fixed link data: the link commits to
// the connection request it resolves to.
type LinkKey [32]byte

// LinkIDSize is the size of a server-assigned link id.
const LinkIDSize = 24

// ShortLink is a link to data stored on an SMP server (upstream ConnShortLink).
type ShortLink struct {
	Scheme LinkScheme
	Type   LinkType
	Server smp.Server
	LinkID []byte // invitations only (server-assigned)
	Key    LinkKey
}

const whatShort = "short link"

// String writes
//
//	<auth>/i#<linkId>/<key>[?h=<hosts>&p=<port>&c=<keyHash>]
//	<auth>/<a|c|g|r>#<key>[?…]
//
// with base64url without padding; parameters that would be empty are left out.
func (l *ShortLink) String() string {
	var b strings.Builder
	var paramHosts []string
	if l.Scheme == SchemeSimplex || len(l.Server.Hosts) == 0 {
		b.WriteString("simplex:")
		paramHosts = l.Server.Hosts
	} else {
		b.WriteString("https://")
		b.WriteString(formatHostList(l.Server.Hosts[:1]))
		paramHosts = l.Server.Hosts[1:]
	}
	b.WriteByte('/')
	b.WriteByte(byte(l.Type))
	b.WriteByte('#')
	if l.Type == LinkInvitation {
		b.WriteString(enc.B64NoPad(l.LinkID))
		b.WriteByte('/')
	}
	b.WriteString(enc.B64NoPad(l.Key[:]))
	var qs query
	if len(paramHosts) > 0 {
		qs = append(qs, param{"h", formatHostList(paramHosts)})
	}
	if l.Server.Port != "" {
		qs = append(qs, param{"p", l.Server.Port})
	}
	if len(l.Server.KeyHash) > 0 {
		qs = append(qs, param{"c", enc.B64NoPad(l.Server.KeyHash)})
	}
	if len(qs) > 0 {
		b.WriteByte('?')
		b.WriteString(qs.render(false))
	}
	return b.String()
}

// ParseShortLink parses a short link. A link without query keeps only the
// host of an https:// authority (the shortened form, see Restore).
func ParseShortLink(s string) (*ShortLink, error) {
	l := &ShortLink{}
	var rest string
	var authHost string
	switch {
	case strings.HasPrefix(s, "simplex:"):
		l.Scheme, rest = SchemeSimplex, s[len("simplex:"):]
	case strings.HasPrefix(s, "https://"):
		l.Scheme, rest = SchemeServer, s[len("https://"):]
		slash := strings.IndexByte(rest, '/')
		if slash < 0 {
			return nil, perr(whatShort, "missing path after the host")
		}
		authHost = rest[:slash]
		hs, err := parseHostList(authHost)
		if err != nil || len(hs) != 1 {
			return nil, perr(whatShort, "bad host %q", authHost)
		}
		authHost, rest = hs[0], rest[slash:]
	default:
		return nil, perr(whatShort, "bad scheme (want simplex: or https://)")
	}
	if !strings.HasPrefix(rest, "/") || len(rest) < 2 {
		return nil, perr(whatShort, "missing link type")
	}
	c := rest[1]
	if c >= 'A' && c <= 'Z' && c != 'I' {
		c += 'a' - 'A' // the reference accepts upper-case contact kinds
	}
	l.Type = LinkType(c)
	if !l.Type.valid() || len(rest) > 2 && rest[2] != '/' && rest[2] != '#' {
		end := strings.IndexAny(rest[1:], "/#?")
		if end < 0 {
			end = len(rest) - 1
		}
		return nil, perr(whatShort, "unknown link type /%s", rest[1:1+end])
	}
	rest = strings.TrimPrefix(rest[2:], "/")
	frag, ok := strings.CutPrefix(rest, "#")
	if !ok {
		return nil, perr(whatShort, "missing '#' after the link type")
	}
	frag, qstr, hasQuery := strings.Cut(frag, "?")
	keyStr := frag
	if l.Type == LinkInvitation {
		id, k, ok := strings.Cut(frag, "/")
		if !ok {
			return nil, perr(whatShort, "invitation needs #<link id>/<link key>")
		}
		b, err := parseB64(id)
		if err != nil {
			return nil, perr(whatShort, "link id: %v", err)
		}
		if len(b) != LinkIDSize {
			return nil, perr(whatShort, "link id must be %d bytes, got %d", LinkIDSize, len(b))
		}
		l.LinkID, keyStr = b, k
	}
	kb, err := parseB64(keyStr)
	if err != nil {
		return nil, perr(whatShort, "link key: %v", err)
	}
	if len(kb) != len(l.Key) {
		return nil, perr(whatShort, "link key must be %d bytes, got %d", len(l.Key), len(kb))
	}
	copy(l.Key[:], kb)
	if authHost != "" {
		l.Server.Hosts = []string{authHost}
	}
	if !hasQuery {
		if authHost == "" {
			return nil, perr(whatShort, "short link without server (simplex: needs ?h=)")
		}
		return l, nil
	}
	if strings.ContainsAny(qstr, " \n") {
		return nil, perr(whatShort, "space or newline in the query")
	}
	qs := parseQuery(qstr)
	if h, ok := qs.get("h"); ok {
		hs, err := parseHostList(h)
		if err != nil {
			return nil, perr(whatShort, "h: %v", err)
		}
		l.Server.Hosts = append(l.Server.Hosts, hs...)
	}
	if len(l.Server.Hosts) == 0 {
		return nil, perr(whatShort, "short link without server (no hosts)")
	}
	if p, ok := qs.get("p"); ok {
		n, err := parseVersion(p) // a decimal Word16, as the reference
		if err != nil {
			return nil, perr(whatShort, "p: bad port %q", p)
		}
		l.Server.Port = strconv.Itoa(int(n))
	}
	if c, ok := qs.get("c"); ok {
		kh, err := parseB64(c)
		if err != nil {
			return nil, perr(whatShort, "c: key hash: %v", err)
		}
		l.Server.KeyHash = kh
	}
	return l, nil
}

// MarshalBinary writes 'I' ‖ server ‖ sb(linkId) ‖ sb(key) or
// 'C' ‖ kind ('A'|'C'|'G'|'R') ‖ server ‖ sb(key). The scheme is not kept
// (it parses back as SchemeServer).
func (l *ShortLink) MarshalBinary() ([]byte, error) {
	w := enc.NewWriter(nil)
	l.encode(w)
	return w.Bytes()
}

func (l *ShortLink) encode(w *enc.Writer) {
	switch {
	case l.Type == LinkInvitation:
		w.Byte('I')
		smp.AppendServer(w, l.Server)
		w.ShortBytes(l.LinkID)
	case l.Type.valid():
		w.Byte('C')
		w.Byte(byte(l.Type) - ('a' - 'A'))
		smp.AppendServer(w, l.Server)
	default:
		w.Fail(perr(whatShort, "bad link type %q", byte(l.Type)))
	}
	w.ShortBytes(l.Key[:])
}

// ParseShortLinkBinary parses the binary form, consuming b exactly.
func ParseShortLinkBinary(b []byte) (*ShortLink, error) {
	r := newBinReader(b)
	l := r.shortLink()
	if err := r.Done(); err != nil {
		return nil, perr(whatShort, "binary: %v", err)
	}
	return l, nil
}

func (r *binReader) shortLink() *ShortLink {
	l := &ShortLink{Scheme: SchemeServer}
	switch m := r.Byte(); {
	case r.Err() != nil:
		return l
	case m == 'I':
		l.Type = LinkInvitation
		l.Server = smp.ReadServer(r.Reader)
		l.LinkID = clone(r.ShortBytes())
		if r.Err() == nil && len(l.LinkID) != LinkIDSize {
			r.Failf("link id must be %d bytes, got %d", LinkIDSize, len(l.LinkID))
			return l
		}
	case m == 'C':
		t := r.Byte()
		l.Type = LinkType(t + ('a' - 'A'))
		if r.Err() == nil && (t < 'A' || t > 'Z' || l.Type == LinkInvitation || !l.Type.valid()) {
			r.Failf("unknown contact address type %q", t)
			return l
		}
		l.Server = smp.ReadServer(r.Reader)
	default:
		r.Failf("bad connection mode %q", m)
		return l
	}
	k := r.ShortBytes()
	if r.Err() == nil {
		if len(k) != len(l.Key) {
			r.Failf("link key must be %d bytes, got %d", len(l.Key), len(k))
			return l
		}
		copy(l.Key[:], k)
	}
	return l
}

// Simplex returns the link in the simplex: scheme.
func (l *ShortLink) Simplex() *ShortLink {
	c := *l
	c.Scheme = SchemeSimplex
	return &c
}

// IsShortened reports whether the server is only a host (no port, no key
// hash): such a link must be restored from the preset list before use.
func (l *ShortLink) IsShortened() bool {
	return len(l.Server.Hosts) == 1 && l.Server.Port == "" && len(l.Server.KeyHash) == 0
}

// Shorten drops the port, key hash and extra hosts when the server is one
// of the preset servers (matched by first host; every link host must be a
// preset host, the key hash equal, and the port equal or a default port
// 443/5223 when the preset names none). presets must be the full preset
// list (PresetList.SMPServers), never user-configured servers.
func (l *ShortLink) Shorten(presets []smp.Server) *ShortLink {
	c := *l
	if isPresetServer(l.Server, presets) {
		c.Server = smp.Server{Hosts: []string{l.Server.Hosts[0]}}
	}
	return &c
}

// Restore replaces a shortened server by the preset server with the same
// first host; other links are returned unchanged.
func (l *ShortLink) Restore(presets []smp.Server) *ShortLink {
	c := *l
	if l.IsShortened() {
		if p, ok := findPreset(l.Server, presets); ok {
			c.Server = cloneServer(p)
		}
	}
	return &c
}

func findPreset(s smp.Server, presets []smp.Server) (smp.Server, bool) {
	if len(s.Hosts) == 0 {
		return smp.Server{}, false
	}
	for _, p := range presets {
		if len(p.Hosts) > 0 && p.Hosts[0] == s.Hosts[0] {
			return p, true
		}
	}
	return smp.Server{}, false
}

func isPresetServer(s smp.Server, presets []smp.Server) bool {
	p, ok := findPreset(s, presets)
	if !ok {
		return false
	}
	for _, h := range s.Hosts {
		found := false
		for _, ph := range p.Hosts {
			found = found || ph == h
		}
		if !found {
			return false
		}
	}
	portOK := s.Port == p.Port || p.Port == "" && (s.Port == "443" || s.Port == "5223")
	return portOK && string(s.KeyHash) == string(p.KeyHash)
}

// SameContact reports whether two contact links point to the same address
// (kind, hosts, port and key; not scheme or key hash), as the reference's
// sameShortLinkContact.
func SameContact(a, b *ShortLink) bool {
	return a.Type == b.Type && a.Type != LinkInvitation && sameServerAddr(a.Server, b.Server) && a.Key == b.Key
}

func (t LinkType) String() string { return fmt.Sprintf("/%c", byte(t)) }
