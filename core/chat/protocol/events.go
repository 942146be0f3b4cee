package protocol

// Event is the typed payload of a chat message, one Go type per "event"
// tag. Use a type switch; *Unknown carries every tag this codec does not
// model, verbatim.
//
// Every event keeps params members it does not model in Extra, so a field
// added by a newer peer survives storage and re-encoding.
type Event interface {
	Tag() string
	params() wobj
}

// Event tags.
const (
	TagMsgNew         = "x.msg.new"
	TagMsgUpdate      = "x.msg.update"
	TagMsgDel         = "x.msg.del"
	TagMsgDeleted     = "x.msg.deleted"
	TagMsgReact       = "x.msg.react"
	TagFile           = "x.file"
	TagFileAcpt       = "x.file.acpt"
	TagFileAcptInv    = "x.file.acpt.inv"
	TagFileCancel     = "x.file.cancel"
	TagInfo           = "x.info"
	TagContact        = "x.contact"
	TagDirectDel      = "x.direct.del"
	TagGrpInv         = "x.grp.inv"
	TagGrpAcpt        = "x.grp.acpt"
	TagGrpMemInfo     = "x.grp.mem.info"
	TagGrpMemRole     = "x.grp.mem.role"
	TagGrpMemCon      = "x.grp.mem.con"
	TagGrpMemConAll   = "x.grp.mem.con.all"
	TagGrpMemDel      = "x.grp.mem.del"
	TagGrpLeave       = "x.grp.leave"
	TagGrpDel         = "x.grp.del"
	TagGrpInfo        = "x.grp.info"
	TagGrpPrefs       = "x.grp.prefs"
	TagInfoProbe      = "x.info.probe"
	TagInfoProbeCheck = "x.info.probe.check"
	TagInfoProbeOk    = "x.info.probe.ok"
	TagOk             = "x.ok"
)

// MsgNew is a new message (x.msg.new).
type MsgNew struct {
	Content  MsgContent
	Quote    *QuotedMsg
	File     *FileInvitation
	TTL      *int64 // disappearing after this many seconds
	Live     *bool  // a live message that will be updated
	Forward  bool   // forwarded from another chat
	Mentions map[string]Mention
	Extra    Extra // parent, scope, asGroup, … kept verbatim
}

// MsgUpdate edits a sent message (x.msg.update).
type MsgUpdate struct {
	MsgID    []byte
	Content  MsgContent
	Mentions map[string]Mention
	TTL      *int64
	Live     *bool
	Extra    Extra
}

// MsgDel deletes a message for everyone (x.msg.del). MemberID names the
// author when a moderator deletes in a group.
type MsgDel struct {
	MsgID    []byte
	MemberID []byte
	Extra    Extra
}

// MsgDeleted (x.msg.deleted) is sent in place of a deleted message.
type MsgDeleted struct{ Extra Extra }

// MsgReact adds or removes a reaction (x.msg.react).
type MsgReact struct {
	MsgID    []byte
	MemberID []byte
	Reaction Reaction
	Add      bool
	Extra    Extra
}

// File is the legacy standalone file offer (x.file).
type File struct {
	File  FileInvitation
	Extra Extra
}

// FileAcpt accepts a legacy direct file transfer (x.file.acpt).
type FileAcpt struct {
	FileName string
	Extra    Extra
}

// FileAcptInv accepts a file sent with a message (x.file.acpt.inv).
type FileAcptInv struct {
	MsgID       []byte
	FileConnReq *string
	FileName    string
	Extra       Extra
}

// FileCancel cancels a file sent with message MsgID (x.file.cancel).
type FileCancel struct {
	MsgID []byte
	Extra Extra
}

// Info carries the sender's profile (x.info), on connect and on update.
type Info struct {
	Profile Profile
	Extra   Extra
}

// Contact is a contact request through an address (x.contact).
type Contact struct {
	Profile      Profile
	ContactReqID []byte
	Extra        Extra // welcomeMsgId, msgId+content (request message)
}

// DirectDel tells the peer the contact was deleted (x.direct.del).
type DirectDel struct{ Extra Extra }

// GrpInv invites the recipient into a group (x.grp.inv).
type GrpInv struct {
	Invitation GroupInvitation
	Extra      Extra
}

// GrpAcpt accepts a group invitation (x.grp.acpt).
type GrpAcpt struct {
	MemberID []byte
	Extra    Extra
}

// GrpMemInfo is a member's profile within a group (x.grp.mem.info).
type GrpMemInfo struct {
	MemberID []byte
	Profile  Profile
	Extra    Extra
}

// GrpMemRole changes a member's role (x.grp.mem.role).
type GrpMemRole struct {
	MemberID []byte
	Role     string
	Extra    Extra
}

// GrpMemCon reports a member connected (x.grp.mem.con).
type GrpMemCon struct {
	MemberID []byte
	Extra    Extra
}

// GrpMemConAll reports all members connected (x.grp.mem.con.all).
type GrpMemConAll struct {
	MemberID []byte
	Extra    Extra
}

// GrpMemDel removes a member (x.grp.mem.del); Messages also deletes the
// member's messages.
type GrpMemDel struct {
	MemberID []byte
	Messages bool
	Extra    Extra
}

// GrpLeave (x.grp.leave): the sender left the group.
type GrpLeave struct{ Extra Extra }

// GrpDel (x.grp.del): the group was deleted by its owner.
type GrpDel struct{ Extra Extra }

// GrpInfo updates the group profile (x.grp.info).
type GrpInfo struct {
	GroupProfile GroupProfile
	Extra        Extra
}

// GrpPrefs updates group preferences (x.grp.prefs).
type GrpPrefs struct {
	Preferences Preferences
	Extra       Extra
}

// InfoProbe, InfoProbeCheck and InfoProbeOk run the contact-merging probe:
// a random probe, its hash sent to other contacts, and the confirmation.
type InfoProbe struct {
	Probe []byte
	Extra Extra
}

type InfoProbeCheck struct {
	ProbeHash []byte
	Extra     Extra
}

type InfoProbeOk struct {
	Probe []byte
	Extra Extra
}

// Ok (x.ok) confirms a connection.
type Ok struct{ Extra Extra }

// Unknown is any event this codec does not model: a newer peer's event, a
// call or an x.grp.* event beyond the ones above. It is stored as
// "unsupported" and re-encodes byte-for-byte equal as JSON.
type Unknown struct {
	Event  string
	Params Extra
}

func (*MsgNew) Tag() string         { return TagMsgNew }
func (*MsgUpdate) Tag() string      { return TagMsgUpdate }
func (*MsgDel) Tag() string         { return TagMsgDel }
func (*MsgDeleted) Tag() string     { return TagMsgDeleted }
func (*MsgReact) Tag() string       { return TagMsgReact }
func (*File) Tag() string           { return TagFile }
func (*FileAcpt) Tag() string       { return TagFileAcpt }
func (*FileAcptInv) Tag() string    { return TagFileAcptInv }
func (*FileCancel) Tag() string     { return TagFileCancel }
func (*Info) Tag() string           { return TagInfo }
func (*Contact) Tag() string        { return TagContact }
func (*DirectDel) Tag() string      { return TagDirectDel }
func (*GrpInv) Tag() string         { return TagGrpInv }
func (*GrpAcpt) Tag() string        { return TagGrpAcpt }
func (*GrpMemInfo) Tag() string     { return TagGrpMemInfo }
func (*GrpMemRole) Tag() string     { return TagGrpMemRole }
func (*GrpMemCon) Tag() string      { return TagGrpMemCon }
func (*GrpMemConAll) Tag() string   { return TagGrpMemConAll }
func (*GrpMemDel) Tag() string      { return TagGrpMemDel }
func (*GrpLeave) Tag() string       { return TagGrpLeave }
func (*GrpDel) Tag() string         { return TagGrpDel }
func (*GrpInfo) Tag() string        { return TagGrpInfo }
func (*GrpPrefs) Tag() string       { return TagGrpPrefs }
func (*InfoProbe) Tag() string      { return TagInfoProbe }
func (*InfoProbeCheck) Tag() string { return TagInfoProbeCheck }
func (*InfoProbeOk) Tag() string    { return TagInfoProbeOk }
func (*Ok) Tag() string             { return TagOk }
func (u *Unknown) Tag() string      { return u.Event }
