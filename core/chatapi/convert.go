package chatapi

import (
	"encoding/json"
	"strconv"
	"time"

	"duplex/core/api"
	"duplex/core/chat/protocol"
)

// Conversions from core/api values to the upstream JSON records. Members
// Duplex has no equivalent for get the value a current SimpleX core writes
// for the ordinary case (receipts on, chat used, no group), so a bot that
// reads them sees nothing unusual.

func apiTime(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return formatTime(t)
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func rawJSON(v any) json.RawMessage {
	b, err := marshalNoEscape(v)
	if err != nil {
		return nil
	}
	return b
}

// chatVRange is the chat protocol range Duplex speaks. The core does not
// report a contact's negotiated range, so connections show ours.
func chatVRange() map[string]uint16 {
	return map[string]uint16{"minVersion": protocol.SupportedRange.Min, "maxVersion": protocol.SupportedRange.Max}
}

// UserFromAPI converts a profile to the API's User.
func UserFromAPI(p api.Profile) User {
	id := int64(p.ID)
	return User{
		UserID:           id,
		AgentUserID:      id,
		UserContactID:    id,
		LocalDisplayName: p.DisplayName,
		Profile: LocalProfile{
			ProfileID:   id,
			DisplayName: p.DisplayName,
			FullName:    p.FullName,
			Image:       strPtr(p.Image),
		},
		ActiveUser:        p.Active,
		ActiveOrder:       id,
		ShowNtfs:          !p.Muted,
		SendRcptsContacts: true,
		Extra:             Extra{"autoAcceptMemberContacts": rawJSON(false), "userChatRelay": rawJSON(false)},
	}
}

// ProfileFromAPI is the Profile record (no local id) of a user.
func ProfileFromAPI(p api.Profile) Profile {
	return Profile{DisplayName: p.DisplayName, FullName: p.FullName, Image: strPtr(p.Image)}
}

// ContactFromAPI converts a contact. activeConn carries the connection
// status upstream bots look at (connStatus "ready" once connected).
func ContactFromAPI(c api.Contact) Contact {
	status := "joined"
	if c.Ready {
		status = "ready"
	}
	// Until the contact's first message says otherwise, its range is taken
	// to be ours (what upstream assumes for a fresh connection too).
	peerRange, connVersion := chatVRange(), protocol.SupportedRange.Max
	if c.PeerMaxVersion != 0 {
		peerRange = map[string]uint16{"minVersion": c.PeerMinVersion, "maxVersion": c.PeerMaxVersion}
		connVersion = min(connVersion, c.PeerMaxVersion)
	}
	conn := map[string]any{
		"connId": int64(c.ID), "agentConnId": "", "connType": "contact", "entityId": int64(c.ID),
		"connChatVersion": connVersion, "peerChatVRange": peerRange,
		"connStatus": status, "connLevel": 0, "viaGroupLink": false,
		"contactConnInitiated": false, "localAlias": "",
		"pqSupport": c.PQ, "pqEncryption": c.PQ, "authErrCounter": 0, "quotaErrCounter": 0,
		"createdAt": apiTime(c.CreatedAt),
	}
	if c.Verified {
		conn["connectionCode"] = map[string]any{"securityCode": "", "verifiedAt": apiTime(c.CreatedAt)}
	}
	settings := map[string]any{"enableNtfs": "all", "favorite": false}
	if c.Muted {
		settings["enableNtfs"] = "none"
	}
	return Contact{
		ContactID:        int64(c.ID),
		LocalDisplayName: c.Name(),
		Profile: LocalProfile{
			ProfileID:   int64(c.ID),
			DisplayName: c.DisplayName,
			FullName:    c.FullName,
			Image:       strPtr(c.Image),
			LocalAlias:  c.Alias,
		},
		ActiveConn:    rawJSON(conn),
		ContactUsed:   true,
		ContactStatus: "active",
		ChatSettings:  rawJSON(settings),
		CreatedAt:     apiTime(c.CreatedAt),
		UpdatedAt:     apiTime(c.CreatedAt),
	}
}

// PendingFromAPI converts a pending connection.
func PendingFromAPI(p api.PendingConnection) PendingContactConnection {
	status := "joined"
	if p.Invited {
		status = "new"
	}
	pc := PendingContactConnection{
		PccConnID:      int64(p.ID),
		PccAgentConnID: strconv.FormatInt(int64(p.ID), 10),
		PccConnStatus:  status,
		LocalAlias:     p.Alias,
		CreatedAt:      apiTime(p.CreatedAt),
		UpdatedAt:      apiTime(p.CreatedAt),
	}
	if p.Link != "" {
		pc.ConnLinkInv = &CreatedConnLink{ConnFullLink: p.Link, ConnShortLink: strPtr(p.ShortLink)}
	}
	if p.Incognito {
		// upstream names the random profile by id; Duplex keeps it on the
		// connection, so the connection's own id stands for it.
		id := int64(p.ID)
		pc.CustomUserProfileID = &id
	}
	return pc
}

// AddressFromAPI converts a contact address.
func AddressFromAPI(a api.Address) UserContactLink {
	l := UserContactLink{
		UserContactLinkID: int64(a.ProfileID),
		ConnLinkContact:   CreatedConnLink{ConnFullLink: a.Link, ConnShortLink: strPtr(a.ShortLink)},
		ShortLinkDataSet:  a.ShortLink != "",
		Extra:             Extra{"shortLinkLargeDataSet": rawJSON(false)},
	}
	if a.AutoAccept {
		l.AddressSettings.AutoAccept = &AutoAccept{}
	}
	if a.WelcomeMessage != "" {
		l.AddressSettings.AutoReply, _ = EncodeMsgContent(protocol.MsgContent{Type: protocol.ContentText, Text: a.WelcomeMessage})
	}
	return l
}

// RequestFromAPI converts a contact request.
func RequestFromAPI(r api.ContactRequest) UserContactRequest {
	return UserContactRequest{
		ContactRequestID:  int64(r.ID),
		AgentInvitationID: strconv.FormatInt(int64(r.ID), 10),
		LocalDisplayName:  r.DisplayName,
		ProfileID:         int64(r.ID),
		Profile:           Profile{DisplayName: r.DisplayName, FullName: r.FullName, Image: strPtr(r.Image)},
		CreatedAt:         apiTime(r.CreatedAt),
		UpdatedAt:         apiTime(r.CreatedAt),
		Extra: Extra{"cReqChatVRange": rawJSON(chatVRange()),
			"pqSupport": rawJSON(true)},
	}
}

// DirectChat is the chatInfo of a contact's chat.
func DirectChat(c api.Contact) ChatInfo {
	ct := ContactFromAPI(c)
	return ChatInfo{Type: "direct", Contact: &ct}
}

// PendingChat is the chatInfo of a pending connection.
func PendingChat(p api.PendingConnection) ChatInfo {
	pc := PendingFromAPI(p)
	return ChatInfo{Type: "contactConnection", ContactConnection: &pc}
}

func direction(sent bool) CIDirection {
	if sent {
		return CIDirection{Type: "directSnd"}
	}
	return CIDirection{Type: "directRcv"}
}

// itemStatus is upstream CIStatus for an item: snd* for sent items,
// rcv* for received ones.
func itemStatus(it api.ChatItem) Tagged {
	str := func(s string) json.RawMessage { return rawJSON(s) }
	switch it.Status {
	case api.StatusSending:
		return Tagged{Type: "sndNew"}
	case api.StatusSent:
		return Tagged{Type: "sndSent", Fields: Extra{"sndProgress": str("complete")}}
	case api.StatusDelivered, api.StatusRead:
		return Tagged{Type: "sndRcvd", Fields: Extra{"msgRcptStatus": str("ok"), "sndProgress": str("complete")}}
	case api.StatusError:
		return Tagged{Type: "sndError", Fields: Extra{"agentError": rawJSON(map[string]string{"type": "other", "sndError": it.StatusErr})}}
	case api.StatusSeen:
		return Tagged{Type: "rcvRead"}
	}
	if it.Sent {
		return Tagged{Type: "sndNew"}
	}
	return Tagged{Type: "rcvNew"}
}

// msgContentOf is the MsgContent an item shows: text, or link with its
// preview; an unsupported message keeps the text Duplex stored for it.
func msgContentOf(text string, lp *api.LinkPreview, kind api.ItemKind) json.RawMessage {
	mc := protocol.MsgContent{Type: protocol.ContentText, Text: text}
	if lp != nil {
		mc.Type = protocol.ContentLink
		mc.Preview = &protocol.LinkPreview{URI: lp.URI, Title: lp.Title, Description: lp.Description, Image: lp.Image}
	}
	if kind == api.KindUnsupported {
		// upstream MsgContent "unknown": the original tag and JSON are not
		// kept by the core, only the text it shows.
		mc = protocol.MsgContent{Type: "unknown", Raw: rawJSON(map[string]any{"type": "unknown", "tag": "unknown", "text": text, "json": map[string]any{}})}
	}
	b, err := EncodeMsgContent(mc)
	if err != nil {
		b = rawJSON(map[string]string{"type": "text", "text": text})
	}
	return b
}

// ItemFromAPI converts a chat item of a direct chat.
func ItemFromAPI(it api.ChatItem) ChatItem {
	ci := ChatItem{ChatDir: direction(it.Sent)}
	ci.Meta = CIMeta{
		ItemID:     int64(it.ID),
		ItemTs:     apiTime(it.Time),
		ItemText:   it.Text,
		ItemStatus: itemStatus(it),
		ItemEdited: it.Edited,
		Deletable:  true,
		Editable:   it.Sent && !it.Deleted && it.Kind != api.KindEvent,
		CreatedAt:  apiTime(it.CreatedAt),
		UpdatedAt:  apiTime(it.CreatedAt),
		Extra:      Extra{"hasLink": rawJSON(it.LinkPreview != nil), "showGroupAsSender": rawJSON(false)},
	}
	if it.Deleted {
		ci.Meta.ItemDeleted = &Tagged{Type: "deleted", Fields: Extra{"deletedTs": rawJSON(apiTime(it.CreatedAt)), "chatType": rawJSON("direct")}}
	}
	if !it.DisappearAt.IsZero() {
		ci.Meta.ItemTimed = rawJSON(map[string]any{"ttl": int64(it.DisappearAt.Sub(it.Time) / time.Second), "deleteAt": apiTime(it.DisappearAt)})
	}
	if it.Via != "" {
		t := true
		ci.Meta.SentViaProxy = &t
	}
	switch {
	case it.Kind == api.KindEvent:
		// Duplex's chat events have no upstream content tag of their own;
		// they travel as a direct-event item that carries the text shown.
		tag := "rcvDirectEvent"
		if it.Sent {
			tag = "sndDirectEvent"
		}
		ci.Content = CIContent{Type: tag, Extra: Extra{tag: rawJSON(map[string]string{"type": "duplexEvent", "text": it.Text})}}
	case it.Sent:
		ci.Content = CIContent{Type: "sndMsgContent", MsgContent: msgContentOf(it.Text, it.LinkPreview, it.Kind)}
	default:
		ci.Content = CIContent{Type: "rcvMsgContent", MsgContent: msgContentOf(it.Text, it.LinkPreview, it.Kind)}
	}
	if q := it.Quote; q != nil {
		quote := map[string]any{
			"chatDir": direction(q.Sent), "sentAt": apiTime(quoteTime(q, it)),
			"content": json.RawMessage(msgContentOf(q.Text, nil, api.KindText)),
		}
		if q.ItemID != 0 {
			quote["itemId"] = int64(q.ItemID)
		}
		ci.QuotedItem = rawJSON(quote)
	}
	rs := make([]map[string]any, 0, len(it.Reactions))
	for _, r := range it.Reactions {
		rs = append(rs, map[string]any{
			"reaction":     map[string]string{"type": "emoji", "emoji": r.Emoji},
			"userReacted":  r.Mine,
			"totalReacted": r.Count,
		})
	}
	ci.Reactions = rawJSON(rs)
	ci.Mentions = json.RawMessage(`{}`)
	return ci
}

// StatsFromAPI converts a chat's unread counters.
func StatsFromAPI(s api.ChatSummary) ChatStats {
	return ChatStats{UnreadCount: int64(s.Unread), MinUnreadItemID: int64(s.FirstUnread)}
}

// PlanFromAPI converts a connection plan; contact tells whether the link
// is a contact address (else a one-time invitation).
func PlanFromAPI(p api.ConnectionPlan, contact bool) ConnectionPlan {
	lp := &LinkPlan{}
	switch p.Kind {
	case api.PlanInvitation, api.PlanAddress:
		lp.Type = "ok"
	case api.PlanOwnLink:
		lp.Type = "ownLink"
	case api.PlanConnecting:
		lp.Type = "connecting"
		if contact {
			lp.Type = "connectingConfirmReconnect"
		}
	case api.PlanKnownContact:
		lp.Type = "known"
		if p.Contact != nil {
			c := ContactFromAPI(*p.Contact)
			lp.Contact = &c
		}
	default:
		lp.Type = "ok"
	}
	if contact || p.Kind == api.PlanAddress {
		return ConnectionPlan{Type: "contactAddress", ContactAddressPlan: lp}
	}
	return ConnectionPlan{Type: "invitationLink", InvitationLinkPlan: lp}
}

// quoteTime is when the quoted message was sent; quotes stored before that
// was kept fall back to the reply's own time.
func quoteTime(q *api.Quote, it api.ChatItem) time.Time {
	if !q.SentAt.IsZero() {
		return q.SentAt
	}
	return it.Time
}
