package protocol

import "sort"

// decoders maps each modelled tag to its params reader. A reader records
// problems in o.err; the caller turns that into a DecodeError.
var decoders map[string]func(o *obj) Event

func init() {
	decoders = map[string]func(o *obj) Event{
		TagMsgNew:     decodeMsgNew,
		TagMsgUpdate:  decodeMsgUpdate,
		TagMsgDel:     func(o *obj) Event { return &MsgDel{o.bytes("msgId", true), o.bytes("memberId", false), o.rest()} },
		TagMsgDeleted: func(o *obj) Event { return &MsgDeleted{o.rest()} },
		TagMsgReact:   decodeMsgReact,
		TagFile: func(o *obj) Event {
			e := &File{}
			if c := o.rawObj("file", true); c != nil {
				e.File = decodeFileInv(c)
				o.take(c.err)
			}
			e.Extra = o.rest()
			return e
		},
		TagFileAcpt: func(o *obj) Event { s, _ := o.str("fileName", true); return &FileAcpt{s, o.rest()} },
		TagFileAcptInv: func(o *obj) Event {
			e := &FileAcptInv{MsgID: o.bytes("msgId", true), FileConnReq: o.optStr("fileConnReq")}
			e.FileName, _ = o.str("fileName", true)
			e.Extra = o.rest()
			return e
		},
		TagFileCancel: func(o *obj) Event { return &FileCancel{o.bytes("msgId", true), o.rest()} },
		TagInfo:       func(o *obj) Event { p := profileAt(o, "profile"); return &Info{p, o.rest()} },
		TagContact: func(o *obj) Event {
			p := profileAt(o, "profile")
			return &Contact{p, o.bytes("contactReqId", false), o.rest()}
		},
		TagDirectDel: func(o *obj) Event { return &DirectDel{o.rest()} },
		TagGrpInv: func(o *obj) Event {
			e := &GrpInv{}
			if c := o.rawObj("groupInvitation", true); c != nil {
				e.Invitation = decodeGroupInvitation(c)
				o.take(c.err)
			}
			e.Extra = o.rest()
			return e
		},
		TagGrpAcpt: func(o *obj) Event { return &GrpAcpt{o.bytes("memberId", true), o.rest()} },
		TagGrpMemInfo: func(o *obj) Event {
			id := o.bytes("memberId", true)
			return &GrpMemInfo{id, profileAt(o, "profile"), o.rest()}
		},
		TagGrpMemRole: func(o *obj) Event {
			id := o.bytes("memberId", true)
			r, _ := o.str("role", true)
			return &GrpMemRole{id, r, o.rest()}
		},
		TagGrpMemCon:    func(o *obj) Event { return &GrpMemCon{o.bytes("memberId", true), o.rest()} },
		TagGrpMemConAll: func(o *obj) Event { return &GrpMemConAll{o.bytes("memberId", true), o.rest()} },
		TagGrpMemDel: func(o *obj) Event {
			id := o.bytes("memberId", true)
			// Upstream reads "messages" leniently: anything but true is false.
			raw, _ := o.get("messages", false)
			return &GrpMemDel{id, string(raw) == "true", o.rest()}
		},
		TagGrpLeave: func(o *obj) Event { return &GrpLeave{o.rest()} },
		TagGrpDel:   func(o *obj) Event { return &GrpDel{o.rest()} },
		TagGrpInfo: func(o *obj) Event {
			e := &GrpInfo{}
			if c := o.rawObj("groupProfile", true); c != nil {
				e.GroupProfile = decodeGroupProfile(c)
				o.take(c.err)
			}
			e.Extra = o.rest()
			return e
		},
		TagGrpPrefs: func(o *obj) Event {
			e := &GrpPrefs{}
			if c := o.rawObj("groupPreferences", true); c != nil {
				e.Preferences = decodePrefs(c, "enable")
				o.take(c.err)
			}
			e.Extra = o.rest()
			return e
		},
		TagInfoProbe:      func(o *obj) Event { return &InfoProbe{o.bytes("probe", true), o.rest()} },
		TagInfoProbeCheck: func(o *obj) Event { return &InfoProbeCheck{o.bytes("probeHash", true), o.rest()} },
		TagInfoProbeOk:    func(o *obj) Event { return &InfoProbeOk{o.bytes("probe", true), o.rest()} },
		TagOk:             func(o *obj) Event { return &Ok{o.rest()} },
	}
}

func profileAt(o *obj, key string) Profile {
	c := o.rawObj(key, true)
	if c == nil {
		return Profile{}
	}
	p := decodeProfile(c)
	o.take(c.err)
	return p
}

func contentAt(o *obj) MsgContent {
	c := o.rawObj("content", true)
	if c == nil {
		return MsgContent{}
	}
	mc := decodeContent(c)
	o.take(c.err)
	return mc
}

func decodeMentions(o *obj) map[string]Mention {
	c := o.rawObj("mentions", false)
	if c == nil {
		return nil
	}
	names := make([]string, 0, len(c.m))
	for k := range c.m {
		names = append(names, k)
	}
	sort.Strings(names)
	ms := map[string]Mention{}
	for _, n := range names {
		mo := c.rawObj(n, true)
		if mo == nil {
			break
		}
		ms[n] = Mention{mo.bytes("memberId", true), mo.rest()}
		c.take(mo.err)
	}
	o.take(c.err)
	if len(ms) == 0 {
		return nil // upstream treats {} as no mentions
	}
	return ms
}

func encodeMentions(w wobj, ms map[string]Mention) {
	if len(ms) == 0 {
		return
	}
	mw := wobj{}
	for n, m := range ms {
		e := newW(m.Extra)
		e.bytes("memberId", m.MemberID)
		mw.set(n, e.bytesOut())
	}
	w.set("mentions", mw.bytesOut())
}

func decodeMsgNew(o *obj) Event {
	e := &MsgNew{Content: contentAt(o)}
	if c := o.rawObj("quote", false); c != nil {
		q := decodeQuote(c)
		o.take(c.err)
		e.Quote = &q
	}
	if c := o.rawObj("file", false); c != nil {
		f := decodeFileInv(c)
		o.take(c.err)
		e.File = &f
	}
	e.TTL = o.optInt("ttl")
	e.Live = o.optBool("live")
	// "forward" was an object in older clients; any object, or true, means
	// forwarded (as upstream reads it).
	if raw, ok := o.get("forward", false); ok {
		switch {
		case string(raw) == "true":
			e.Forward = true
		case string(raw) == "false":
		case raw[0] == '{':
			e.Forward = true
		default:
			o.fail("forward", "want a boolean or an object, have %s", kind(raw))
		}
	}
	e.Mentions = decodeMentions(o)
	e.Extra = o.rest()
	return e
}

func decodeMsgUpdate(o *obj) Event {
	e := &MsgUpdate{MsgID: o.bytes("msgId", true), Content: contentAt(o)}
	e.Mentions = decodeMentions(o)
	e.TTL = o.optInt("ttl")
	e.Live = o.optBool("live")
	e.Extra = o.rest()
	return e
}

func decodeMsgReact(o *obj) Event {
	e := &MsgReact{MsgID: o.bytes("msgId", true), MemberID: o.bytes("memberId", false)}
	if c := o.rawObj("reaction", true); c != nil {
		e.Reaction = decodeReaction(c)
		o.take(c.err)
	}
	e.Add, _ = o.boolean("add", true)
	e.Extra = o.rest()
	return e
}

func (e *MsgNew) params() wobj {
	w := newW(e.Extra)
	w.set("content", e.Content.encode())
	if e.Quote != nil {
		w.set("quote", e.Quote.encode())
	}
	if e.File != nil {
		w.set("file", e.File.encode())
	}
	w.optInt("ttl", e.TTL)
	w.optBool("live", e.Live)
	if e.Forward {
		w.boolean("forward", true)
	}
	encodeMentions(w, e.Mentions)
	return w
}

func (e *MsgUpdate) params() wobj {
	w := newW(e.Extra)
	w.bytes("msgId", e.MsgID)
	w.set("content", e.Content.encode())
	encodeMentions(w, e.Mentions)
	w.optInt("ttl", e.TTL)
	w.optBool("live", e.Live)
	return w
}

func (e *MsgDel) params() wobj {
	w := newW(e.Extra)
	w.bytes("msgId", e.MsgID)
	w.bytes("memberId", e.MemberID)
	return w
}

func (e *MsgReact) params() wobj {
	w := newW(e.Extra)
	w.bytes("msgId", e.MsgID)
	w.bytes("memberId", e.MemberID)
	w.set("reaction", e.Reaction.encode())
	w.boolean("add", e.Add)
	return w
}

func (e *File) params() wobj { w := newW(e.Extra); w.set("file", e.File.encode()); return w }
func (e *FileAcpt) params() wobj {
	w := newW(e.Extra)
	w.str("fileName", e.FileName)
	return w
}
func (e *FileAcptInv) params() wobj {
	w := newW(e.Extra)
	w.bytes("msgId", e.MsgID)
	w.optStr("fileConnReq", e.FileConnReq)
	w.str("fileName", e.FileName)
	return w
}
func (e *FileCancel) params() wobj { return idParams(e.Extra, "msgId", e.MsgID) }
func (e *Info) params() wobj       { w := newW(e.Extra); w.set("profile", e.Profile.encode()); return w }
func (e *Contact) params() wobj {
	w := newW(e.Extra)
	w.set("profile", e.Profile.encode())
	w.bytes("contactReqId", e.ContactReqID)
	return w
}
func (e *GrpInv) params() wobj {
	w := newW(e.Extra)
	w.set("groupInvitation", e.Invitation.encode())
	return w
}
func (e *GrpAcpt) params() wobj { return idParams(e.Extra, "memberId", e.MemberID) }
func (e *GrpMemInfo) params() wobj {
	w := idParams(e.Extra, "memberId", e.MemberID)
	w.set("profile", e.Profile.encode())
	return w
}
func (e *GrpMemRole) params() wobj {
	w := idParams(e.Extra, "memberId", e.MemberID)
	w.str("role", e.Role)
	return w
}
func (e *GrpMemCon) params() wobj    { return idParams(e.Extra, "memberId", e.MemberID) }
func (e *GrpMemConAll) params() wobj { return idParams(e.Extra, "memberId", e.MemberID) }
func (e *GrpMemDel) params() wobj {
	w := idParams(e.Extra, "memberId", e.MemberID)
	if e.Messages {
		w.boolean("messages", true)
	}
	return w
}
func (e *GrpInfo) params() wobj {
	w := newW(e.Extra)
	w.set("groupProfile", e.GroupProfile.encode())
	return w
}
func (e *GrpPrefs) params() wobj {
	w := newW(e.Extra)
	w.set("groupPreferences", e.Preferences.encode("enable"))
	return w
}
func (e *InfoProbe) params() wobj      { return idParams(e.Extra, "probe", e.Probe) }
func (e *InfoProbeCheck) params() wobj { return idParams(e.Extra, "probeHash", e.ProbeHash) }
func (e *InfoProbeOk) params() wobj    { return idParams(e.Extra, "probe", e.Probe) }
func (e *MsgDeleted) params() wobj     { return newW(e.Extra) }
func (e *DirectDel) params() wobj      { return newW(e.Extra) }
func (e *GrpLeave) params() wobj       { return newW(e.Extra) }
func (e *GrpDel) params() wobj         { return newW(e.Extra) }
func (e *Ok) params() wobj             { return newW(e.Extra) }
func (e *Unknown) params() wobj        { return newW(e.Params) }

func idParams(extra Extra, key string, id []byte) wobj {
	w := newW(extra)
	w.bytes(key, id)
	return w
}
