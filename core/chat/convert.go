package chat

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"duplex/core/api"
	"duplex/core/chat/protocol"
	"duplex/db"
)

// timedPref is the SimpleX preference name of disappearing messages.
const timedPref = "timedMessages"

// connPQ: the agent connection is quantum resistant (false without an
// agent, as in the store-only fuzz and seed tools).
func (s *Service) connPQ(agentConn string) bool {
	return s.ag != nil && agentConn != "" && s.ag.ConnectionPQ(agentConn)
}

func (s *Service) apiContact(ctx context.Context, c *db.ChatContact) (api.Contact, error) {
	conn, err := s.st.ConnOfContact(ctx, c.ID)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return api.Contact{}, err
	}
	incognito := ""
	if conn != nil {
		incognito = conn.Incognito
	}
	a := apiContactWith(c, incognito)
	if conn != nil {
		a.PQ = s.connPQ(conn.AgentConn)
	}
	return a, nil
}

// apiContactWith converts a contact whose connection shows it incognito
// (a random name) or not ("").
func apiContactWith(c *db.ChatContact, incognito string) api.Contact {
	a := api.Contact{
		ID: api.ContactID(c.ID), ProfileID: api.ProfileID(c.ProfileID), DisplayName: c.DisplayName, FullName: c.FullName,
		Image: string(c.Image), Alias: c.Alias, Ready: c.Ready && !c.PeerDeleted, Verified: c.VerifiedCode != "",
		Muted: c.Muted, CreatedAt: c.CreatedAt, PeerMinVersion: uint16(c.VMin), PeerMaxVersion: uint16(c.VMax),
	}
	if c.TTLOffered > 0 && c.TTLOffered == c.TTLPeer {
		a.DisappearAfter = time.Duration(c.TTLOffered) * time.Second
	} else {
		a.DisappearOffered = time.Duration(c.TTLOffered) * time.Second
	}
	if incognito != "" {
		a.Incognito, a.IncognitoName = true, incognito
	}
	return a
}

func apiPending(c *db.ChatConn) api.PendingConnection {
	p := api.PendingConnection{ID: api.PendingID(c.ID), ProfileID: api.ProfileID(c.ProfileID), Invited: c.Invited && !c.ViaAddress,
		Incognito: c.Incognito != "", Alias: c.Alias, CreatedAt: c.CreatedAt}
	if p.Invited {
		p.Link, p.ShortLink = c.Link, c.ShortLink
	}
	return p
}

func apiRequest(r *db.ChatRequest) api.ContactRequest {
	return api.ContactRequest{ID: api.RequestID(r.ID), ProfileID: api.ProfileID(r.ProfileID), DisplayName: r.DisplayName,
		FullName: r.FullName, Image: string(r.Image), CreatedAt: r.CreatedAt}
}

func apiAddress(a *db.ChatAddress) api.Address {
	return api.Address{ProfileID: api.ProfileID(a.ProfileID), Link: a.Link, ShortLink: a.ShortLink, AutoAccept: a.AutoAccept,
		WelcomeMessage: a.Welcome}
}

// storedQuote is chat_items.quote.
type storedQuote struct {
	ItemID int64     `json:"itemId,omitempty"`
	Text   string    `json:"text"`
	Sent   bool      `json:"sent"`
	SentAt time.Time `json:"sentAt,omitzero"` // zero in quotes stored before it was kept
}

func (s *Service) apiItem(ctx context.Context, r *db.ChatRecord) (api.ChatItem, error) {
	rs, err := s.st.Reactions(ctx, r.ID)
	if err != nil {
		return api.ChatItem{}, err
	}
	return apiItemWith(r, rs), nil
}

// apiItemWith converts an item with its reactions.
func apiItemWith(r *db.ChatRecord, rs []db.ItemReaction) api.ChatItem {
	it := api.ChatItem{
		ID: api.ItemID(r.ID), ContactID: api.ContactID(r.ContactID), ProfileID: api.ProfileID(r.ProfileID), Sent: r.Sent,
		Kind: api.ItemKind(r.Kind), Status: statusOf(r.Status), StatusErr: r.StatusErr, Text: r.Text, Edited: r.Edited,
		Deleted: r.Deleted, Time: r.ItemTS, CreatedAt: r.CreatedAt, DisappearAt: r.DisappearAt, Via: r.Via,
	}
	if r.Deleted && !r.Sent {
		it.Text = ""
	}
	if len(r.Quote) > 0 {
		var q storedQuote
		if json.Unmarshal(r.Quote, &q) == nil {
			it.Quote = &api.Quote{ItemID: api.ItemID(q.ItemID), Text: q.Text, Sent: q.Sent, SentAt: q.SentAt}
		}
	}
	if len(r.Preview) > 0 {
		var p api.LinkPreview
		if json.Unmarshal(r.Preview, &p) == nil {
			it.LinkPreview = &p
		}
	}
	for _, x := range rs {
		found := false
		for i := range it.Reactions {
			if it.Reactions[i].Emoji == x.Emoji {
				it.Reactions[i].Count++
				it.Reactions[i].Mine = it.Reactions[i].Mine || x.Mine
				found = true
			}
		}
		if !found {
			it.Reactions = append(it.Reactions, api.Reaction{Emoji: x.Emoji, Count: 1, Mine: x.Mine})
		}
	}
	return it
}

func (s *Service) apiItems(ctx context.Context, rs []*db.ChatRecord) ([]api.ChatItem, error) {
	out := make([]api.ChatItem, 0, len(rs))
	for _, r := range rs {
		it, err := s.apiItem(ctx, r)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

var statusNames = map[string]api.ItemStatus{}

func init() {
	for st := api.StatusSending; st <= api.StatusSeen; st++ {
		statusNames[st.String()] = st
	}
}

func statusOf(s string) api.ItemStatus { return statusNames[s] }

// ourProfile is what the contact of conn sees: our profile, or the random
// incognito one, with our disappearing-messages offer.
func (s *Service) ourProfile(ctx context.Context, profileID int64, conn *db.ChatConn, c *db.ChatContact) (protocol.Profile, error) {
	var p protocol.Profile
	if conn != nil && conn.Incognito != "" {
		p.DisplayName = conn.Incognito
	} else {
		dp, err := s.d.Profiles().Get(ctx, profileID)
		if err != nil {
			if errors.Is(err, db.ErrNotFound) {
				return p, api.ErrNoSuchProfile
			}
			return p, err
		}
		p.DisplayName, p.FullName = dp.DisplayName, dp.FullName
		if len(dp.Image) > 0 {
			img := string(dp.Image)
			p.Image = &img
		}
	}
	pref := protocol.Preference{Value: "no"}
	if c != nil && c.TTLOffered > 0 {
		ttl := c.TTLOffered
		pref = protocol.Preference{Value: "yes", TTL: &ttl}
	}
	p.Preferences = protocol.Preferences{timedPref: pref}
	return p, nil
}

// peerTTL reads the contact's disappearing-messages offer (seconds, 0: none).
func peerTTL(p protocol.Profile) int64 {
	pr, ok := p.Preferences[timedPref]
	if !ok || (pr.Value != "yes" && pr.Value != "always") || pr.TTL == nil || *pr.TTL <= 0 {
		return 0
	}
	return *pr.TTL
}

// encodeMsg writes one chat message as an agent message body.
func encodeMsg(ev protocol.Event, msgID []byte) ([]byte, error) {
	return protocol.EncodeBody([]protocol.ChatMessage{{Version: protocol.SupportedRange, MsgID: msgID, Event: ev}}, protocol.BodyOptions{})
}

// profileJSON extracts the profile object as upstream writes it (for short
// link user data).
func profileJSON(p protocol.Profile) ([]byte, error) {
	b, err := protocol.Encode(protocol.ChatMessage{Version: protocol.SupportedRange, Event: &protocol.Info{Profile: p}})
	if err != nil {
		return nil, err
	}
	var m struct {
		Params struct {
			Profile json.RawMessage `json:"profile"`
		} `json:"params"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m.Params.Profile, nil
}

// profileFromInfo reads the peer's profile from conn info (x.info or x.contact).
func profileFromInfo(info []byte) (protocol.Profile, protocol.VersionRange, error) {
	items, err := protocol.DecodeBody(info)
	if err != nil {
		return protocol.Profile{}, protocol.VersionRange{}, err
	}
	for _, it := range items {
		if it.Err != nil {
			continue
		}
		switch e := it.Msg.Event.(type) {
		case *protocol.Info:
			return e.Profile, it.Msg.Version, nil
		case *protocol.Contact:
			return e.Profile, it.Msg.Version, nil
		}
	}
	return protocol.Profile{}, protocol.VersionRange{}, errors.New("chat: connection info carries no profile")
}

func imageBytes(p protocol.Profile) []byte {
	if p.Image == nil {
		return nil
	}
	return []byte(*p.Image)
}

func prefsJSON(p protocol.Profile) []byte {
	if p.Preferences == nil {
		return nil
	}
	b, _ := json.Marshal(p.Preferences)
	return b
}
