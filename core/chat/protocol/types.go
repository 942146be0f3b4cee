package protocol

import (
	"encoding/json"
	"sort"
	"time"
	"unicode/utf8"
)

// Profile is a user's public profile (x.info, x.contact, x.grp.mem.info).
type Profile struct {
	DisplayName string
	FullName    string
	Image       *string // data URI
	ContactLink *string
	Preferences Preferences // nil: absent
	Extra       Extra       // shortDescr, peerType, … kept verbatim
}

func decodeProfile(o *obj) Profile {
	var p Profile
	p.DisplayName, _ = o.str("displayName", true)
	p.FullName, _ = o.str("fullName", true)
	p.Image = o.optStr("image")
	p.ContactLink = o.optStr("contactLink")
	if c := o.rawObj("preferences", false); c != nil {
		p.Preferences = decodePrefs(c, "allow")
		o.take(c.err)
	}
	p.Extra = o.rest()
	return p
}

func (p *Profile) encode() json.RawMessage {
	w := newW(p.Extra)
	w.str("displayName", p.DisplayName)
	w.str("fullName", p.FullName)
	w.optStr("image", p.Image)
	w.optStr("contactLink", p.ContactLink)
	if p.Preferences != nil {
		w.set("preferences", p.Preferences.encode("allow"))
	}
	return w.bytesOut()
}

// Preference is one feature setting. In a user profile Value is "allow"
// ("always", "yes", "no"); in a group profile it is "enable" ("on", "off").
// Feature names are open-ended (timedMessages, fullDelete, reactions, voice,
// files, calls, sessions, history, …), so Preferences is a map.
type Preference struct {
	Value string
	TTL   *int64  // timedMessages
	Role  *string // group features limited to a role
	Extra Extra
}

// Preferences maps a feature name to its setting.
type Preferences map[string]Preference

func decodePrefs(o *obj, valueKey string) Preferences {
	ps := Preferences{}
	names := make([]string, 0, len(o.m))
	for k := range o.m {
		names = append(names, k)
	}
	sort.Strings(names) // first error is deterministic
	for _, name := range names {
		c := o.rawObj(name, true)
		if c == nil {
			return ps
		}
		var p Preference
		p.Value, _ = c.str(valueKey, true)
		p.TTL = c.optInt("ttl")
		p.Role = c.optStr("role")
		p.Extra = c.rest()
		o.take(c.err)
		ps[name] = p
	}
	return ps
}

func (ps Preferences) encode(valueKey string) json.RawMessage {
	w := wobj{}
	for name, p := range ps {
		pw := newW(p.Extra)
		pw.str(valueKey, p.Value)
		pw.optInt("ttl", p.TTL)
		pw.optStr("role", p.Role)
		w.set(name, pw.bytesOut())
	}
	return w.bytesOut()
}

// GroupProfile is a group's public profile.
type GroupProfile struct {
	DisplayName string
	FullName    string
	Description *string
	Image       *string
	Preferences Preferences // "groupPreferences", values under "enable"
	Extra       Extra
}

func decodeGroupProfile(o *obj) GroupProfile {
	var g GroupProfile
	g.DisplayName, _ = o.str("displayName", true)
	g.FullName, _ = o.str("fullName", true)
	g.Description = o.optStr("description")
	g.Image = o.optStr("image")
	if c := o.rawObj("groupPreferences", false); c != nil {
		g.Preferences = decodePrefs(c, "enable")
		o.take(c.err)
	}
	g.Extra = o.rest()
	return g
}

func (g *GroupProfile) encode() json.RawMessage {
	w := newW(g.Extra)
	w.str("displayName", g.DisplayName)
	w.str("fullName", g.FullName)
	w.optStr("description", g.Description)
	w.optStr("image", g.Image)
	if g.Preferences != nil {
		w.set("groupPreferences", g.Preferences.encode("enable"))
	}
	return w.bytesOut()
}

// MemberIDRole names a group member and its role (owner, admin, moderator,
// member, observer, author, …: open-ended, kept as text).
type MemberIDRole struct {
	MemberID []byte
	Role     string
	Extra    Extra
}

func decodeMemberIDRole(o *obj) MemberIDRole {
	var m MemberIDRole
	m.MemberID = o.bytes("memberId", true)
	m.Role, _ = o.str("memberRole", true)
	m.Extra = o.rest()
	return m
}

func (m *MemberIDRole) encode() json.RawMessage {
	w := newW(m.Extra)
	w.bytes("memberId", m.MemberID)
	w.str("memberRole", m.Role)
	return w.bytesOut()
}

// GroupInvitation is x.grp.inv's payload.
type GroupInvitation struct {
	FromMember    MemberIDRole
	InvitedMember MemberIDRole
	ConnRequest   string // an invitation URI, parsed by net/links
	GroupProfile  GroupProfile
	GroupLinkID   []byte // nil: absent
	Extra         Extra  // groupSize, business, …
}

func decodeGroupInvitation(o *obj) GroupInvitation {
	var g GroupInvitation
	if c := o.rawObj("fromMember", true); c != nil {
		g.FromMember = decodeMemberIDRole(c)
		o.take(c.err)
	}
	if c := o.rawObj("invitedMember", true); c != nil {
		g.InvitedMember = decodeMemberIDRole(c)
		o.take(c.err)
	}
	g.ConnRequest, _ = o.str("connRequest", true)
	if c := o.rawObj("groupProfile", true); c != nil {
		g.GroupProfile = decodeGroupProfile(c)
		o.take(c.err)
	}
	g.GroupLinkID = o.bytes("groupLinkId", false)
	g.Extra = o.rest()
	return g
}

func (g *GroupInvitation) encode() json.RawMessage {
	w := newW(g.Extra)
	w.set("fromMember", g.FromMember.encode())
	w.set("invitedMember", g.InvitedMember.encode())
	w.str("connRequest", g.ConnRequest)
	w.set("groupProfile", g.GroupProfile.encode())
	w.bytes("groupLinkId", g.GroupLinkID)
	return w.bytesOut()
}

// FileInvitation offers a file with a message (x.msg.new "file", x.file).
type FileInvitation struct {
	FileName    string
	FileSize    int64
	FileConnReq *string // old direct-connection transfer
	Extra       Extra   // fileDigest, fileInline, fileDescr (XFTP) kept verbatim
}

func decodeFileInv(o *obj) FileInvitation {
	var f FileInvitation
	f.FileName, _ = o.str("fileName", true)
	f.FileSize, _ = o.integer("fileSize", true)
	f.FileConnReq = o.optStr("fileConnReq")
	f.Extra = o.rest()
	return f
}

func (f *FileInvitation) encode() json.RawMessage {
	w := newW(f.Extra)
	w.str("fileName", f.FileName)
	w.integer("fileSize", f.FileSize)
	w.optStr("fileConnReq", f.FileConnReq)
	return w.bytesOut()
}

// MsgRef points at a quoted (or parent) message.
type MsgRef struct {
	MsgID    []byte // nil: absent
	SentAt   time.Time
	Sent     bool   // true: the quoting side sent the original
	MemberID []byte // groups; nil: absent
	Extra    Extra
}

func decodeMsgRef(o *obj) MsgRef {
	var r MsgRef
	r.MsgID = o.bytes("msgId", false)
	r.SentAt = o.time("sentAt", true)
	r.Sent, _ = o.boolean("sent", true)
	r.MemberID = o.bytes("memberId", false)
	r.Extra = o.rest()
	return r
}

func (r *MsgRef) encode() json.RawMessage {
	w := newW(r.Extra)
	w.bytes("msgId", r.MsgID)
	w.time("sentAt", r.SentAt)
	w.boolean("sent", r.Sent)
	w.bytes("memberId", r.MemberID)
	return w.bytesOut()
}

// QuotedMsg is a reply's copy of what it answers.
type QuotedMsg struct {
	MsgRef  MsgRef
	Content MsgContent
	Extra   Extra
}

func decodeQuote(o *obj) QuotedMsg {
	var q QuotedMsg
	if c := o.rawObj("msgRef", true); c != nil {
		q.MsgRef = decodeMsgRef(c)
		o.take(c.err)
	}
	if c := o.rawObj("content", true); c != nil {
		q.Content = decodeContent(c)
		o.take(c.err)
	}
	q.Extra = o.rest()
	return q
}

func (q *QuotedMsg) encode() json.RawMessage {
	w := newW(q.Extra)
	w.set("msgRef", q.MsgRef.encode())
	w.set("content", q.Content.encode())
	return w.bytesOut()
}

// Reaction is a message reaction. Upstream accepts only a fixed emoji set
// as known; any other reaction (another emoji, another type) is kept in Raw
// so newer reactions pass through and show as unknown.
type Reaction struct {
	Emoji string          // set when known
	Raw   json.RawMessage // unknown reaction: the whole object
}

// KnownEmoji lists the reactions upstream accepts (one code point each).
const KnownEmoji = "👍👎😀😂😢❤🚀✅"

func decodeReaction(o *obj) Reaction {
	t, ok := o.str("type", true)
	if !ok {
		return Reaction{}
	}
	if t == "emoji" {
		raw, ok := o.m["emoji"]
		var e string
		if ok && json.Unmarshal(raw, &e) == nil && utf8.RuneCountInString(e) == 1 && containsRune(e) {
			if len(o.m) == 2 {
				return Reaction{Emoji: e}
			}
		}
	}
	return Reaction{Raw: o.all()}
}

func containsRune(e string) bool {
	r, _ := utf8.DecodeRuneInString(e)
	for _, k := range KnownEmoji {
		if k == r {
			return true
		}
	}
	return false
}

func (r *Reaction) encode() json.RawMessage {
	if r.Raw != nil {
		return r.Raw
	}
	w := wobj{}
	w.str("type", "emoji")
	w.str("emoji", r.Emoji)
	return w.bytesOut()
}

// Mention links a display name used in the text to a group member.
type Mention struct {
	MemberID []byte
	Extra    Extra
}
