package chatapi

import (
	"encoding/json"
	"testing"
	"time"

	"duplex/core/api"
	"duplex/core/chat/protocol"
)

func TestItemFromAPI(t *testing.T) {
	ts := time.Date(2026, 11, 22, 6, 0, 0, 5e8, time.UTC)
	it := api.ChatItem{ID: 7, ContactID: 2, Sent: true, Kind: api.KindText, Status: api.StatusDelivered,
		Text: "hello <b>", Time: ts, CreatedAt: ts, Edited: true,
		Quote:     &api.Quote{ItemID: 5, Text: "earlier", Sent: false, SentAt: ts.Add(-time.Hour)},
		Reactions: []api.Reaction{{Emoji: "👍", Count: 2, Mine: true}}}
	ci := ItemFromAPI(it)
	if ci.ChatDir.Type != "directSnd" || ci.Meta.ItemID != 7 || ci.Meta.ItemText != "hello <b>" || !ci.Meta.ItemEdited || !ci.Meta.Editable {
		t.Fatalf("meta %+v", ci.Meta)
	}
	if ci.Meta.ItemTs != "2026-11-22T06:00:00.5Z" {
		t.Fatalf("itemTs %s", ci.Meta.ItemTs)
	}
	if ci.Meta.ItemStatus.Type != "sndRcvd" || string(ci.Meta.ItemStatus.Fields["msgRcptStatus"]) != `"ok"` {
		t.Fatalf("status %+v", ci.Meta.ItemStatus)
	}
	mc, err := ci.Content.Msg()
	if err != nil || ci.Content.Type != "sndMsgContent" || mc.Type != "text" || mc.Text != "hello <b>" {
		t.Fatalf("content %+v %v", ci.Content, err)
	}
	var q struct {
		ItemID  int64       `json:"itemId"`
		SentAt  string      `json:"sentAt"`
		ChatDir CIDirection `json:"chatDir"`
		Content struct{ Text string }
	}
	if err := json.Unmarshal(ci.QuotedItem, &q); err != nil || q.ItemID != 5 || q.ChatDir.Type != "directRcv" || q.Content.Text != "earlier" ||
		q.SentAt != "2026-11-22T05:00:00.5Z" {
		t.Fatalf("quote %s", ci.QuotedItem)
	}
	if string(ci.Reactions) != `[{"reaction":{"emoji":"👍","type":"emoji"},"totalReacted":2,"userReacted":true}]` {
		t.Fatalf("reactions %s", ci.Reactions)
	}

	statuses := map[api.ItemStatus]string{api.StatusSending: "sndNew", api.StatusSent: "sndSent",
		api.StatusError: "sndError", api.StatusReceived: "rcvNew", api.StatusSeen: "rcvRead"}
	for s, want := range statuses {
		it := api.ChatItem{Status: s, Sent: s <= api.StatusError}
		if got := ItemFromAPI(it).Meta.ItemStatus.Type; got != want {
			t.Errorf("status %v → %s, want %s", s, got, want)
		}
	}

	rcv := ItemFromAPI(api.ChatItem{ID: 8, Deleted: true, Text: "gone", Status: api.StatusReceived,
		LinkPreview: &api.LinkPreview{URI: "https://simplex.chat", Title: "SimpleX"}})
	if rcv.Content.Type != "rcvMsgContent" || rcv.Meta.ItemDeleted == nil || rcv.Meta.ItemDeleted.Type != "deleted" || rcv.Meta.Editable {
		t.Fatalf("received deleted item %+v", rcv)
	}
	if mc, _ := rcv.Content.Msg(); mc.Type != "link" || mc.Preview == nil || mc.Preview.URI != "https://simplex.chat" {
		t.Fatalf("link content %+v", mc)
	}
	ev := ItemFromAPI(api.ChatItem{Kind: api.KindEvent, Text: "connected"})
	if ev.Content.Type != "rcvDirectEvent" {
		t.Fatalf("event content %+v", ev.Content)
	}
	if un := ItemFromAPI(api.ChatItem{Kind: api.KindUnsupported, Text: "x.future"}); string(un.Content.MsgContent) != `{"json":{},"tag":"unknown","text":"x.future","type":"unknown"}` {
		t.Fatalf("unsupported content %s", un.Content.MsgContent)
	}
}

func TestPlanFromAPI(t *testing.T) {
	ct := api.Contact{ID: 3, DisplayName: "bob"}
	cases := []struct {
		plan    api.ConnectionPlan
		contact bool
		typ     string
		sub     string
	}{
		{api.ConnectionPlan{Kind: api.PlanInvitation}, false, "invitationLink", "ok"},
		{api.ConnectionPlan{Kind: api.PlanAddress}, true, "contactAddress", "ok"},
		{api.ConnectionPlan{Kind: api.PlanOwnLink}, false, "invitationLink", "ownLink"},
		{api.ConnectionPlan{Kind: api.PlanOwnLink}, true, "contactAddress", "ownLink"},
		{api.ConnectionPlan{Kind: api.PlanConnecting}, false, "invitationLink", "connecting"},
		{api.ConnectionPlan{Kind: api.PlanConnecting}, true, "contactAddress", "connectingConfirmReconnect"},
		{api.ConnectionPlan{Kind: api.PlanKnownContact, Contact: &ct}, true, "contactAddress", "known"},
	}
	for _, c := range cases {
		p := PlanFromAPI(c.plan, c.contact)
		lp := p.InvitationLinkPlan
		if p.ContactAddressPlan != nil {
			lp = p.ContactAddressPlan
		}
		if p.Type != c.typ || lp == nil || lp.Type != c.sub {
			t.Errorf("%+v → %+v", c.plan, p)
		}
		if c.plan.Contact != nil && (lp.Contact == nil || lp.Contact.ContactID != 3) {
			t.Errorf("known contact lost: %+v", lp)
		}
	}
}

// TestEventUpdates: one core "item updated" event becomes the upstream
// event for what changed.
func TestEventUpdates(t *testing.T) {
	u := User{UserID: 1}
	base := api.ChatItem{ID: 4, Sent: true, Text: "hi"}
	aci := func(it api.ChatItem) AChatItem { return AChatItem{ChatItem: ItemFromAPI(it)} }
	types := func(rs []Response) []string {
		var s []string
		for _, r := range rs {
			s = append(s, r.Type())
			if cr, ok := r.(*ChatItemReaction); ok {
				s = append(s, cr.Reaction.ChatReaction.ChatDir.Type, map[bool]string{true: "added", false: "removed"}[cr.Added])
			}
		}
		return s
	}
	st := func(it api.ChatItem) itemState {
		return itemState{text: it.Text, edited: it.Edited, deleted: it.Deleted, reactions: it.Reactions}
	}
	check := func(name string, old, now api.ChatItem, known bool, want ...string) {
		t.Helper()
		got := types(updates(u, aci(now), now, st(old), known))
		if len(got) != len(want) {
			t.Fatalf("%s: %v, want %v", name, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: %v, want %v", name, got, want)
			}
		}
	}
	rcv := api.ChatItem{ID: 5, Text: "yo", Status: api.StatusSeen}
	rcvEdited := rcv
	rcvEdited.Text, rcvEdited.Edited = "yo!", true
	check("their edit", rcv, rcvEdited, true, "chatItemUpdated")
	edited := base
	edited.Text, edited.Edited = "hi!", true
	check("our own edit is not echoed", base, edited, true)
	liked := base
	liked.Reactions = []api.Reaction{{Emoji: "👍", Count: 1}}
	check("their reaction", base, liked, true, "chatItemReaction", "directRcv", "added")
	check("their reaction, item not seen before", base, liked, false, "chatItemReaction", "directRcv", "added")
	both := base
	both.Reactions = []api.Reaction{{Emoji: "👍", Count: 2, Mine: true}}
	check("our own reaction is not echoed", liked, both, true)
	check("theirs removed, ours stays", both, api.ChatItem{ID: 4, Sent: true, Text: "hi", Reactions: []api.Reaction{{Emoji: "👍", Count: 1, Mine: true}}}, true,
		"chatItemReaction", "directRcv", "removed")
	check("all removed", liked, base, true, "chatItemReaction", "directRcv", "removed")
	gone := rcv
	gone.Deleted = true
	check("deleted for everyone by them", rcv, gone, true, "chatItemsDeleted")
	ownGone := base
	ownGone.Deleted = true
	check("our own deletion is not echoed", base, ownGone, true)
	check("unknown change of an unseen received item", rcv, rcv, false, "chatItemUpdated")
	check("unknown change of an unseen sent item", base, base, false)
	check("nothing changed", base, base, true)
}

// The contact's connection shows the peer's advertised chat version range
// once known, the version in use (the highest both support) and whether
// the encryption is quantum resistant.
func TestContactPeerVersionRange(t *testing.T) {
	conn := func(c api.Contact) map[string]any {
		t.Helper()
		b, err := json.Marshal(ContactFromAPI(c))
		if err != nil {
			t.Fatal(err)
		}
		var v struct {
			ActiveConn map[string]any `json:"activeConn"`
		}
		if err := json.Unmarshal(b, &v); err != nil || v.ActiveConn == nil {
			t.Fatalf("no activeConn in %s (%v)", b, err)
		}
		return v.ActiveConn
	}
	fresh := conn(api.Contact{ID: 3, DisplayName: "bob", PQ: true})
	if fresh["pqEncryption"] != true || fresh["pqSupport"] != true {
		t.Fatalf("PQ contact: %v", fresh)
	}
	if r := fresh["peerChatVRange"].(map[string]any); r["maxVersion"] != float64(protocol.SupportedRange.Max) {
		t.Fatalf("unknown peer: range %v", r)
	}
	old := conn(api.Contact{ID: 3, DisplayName: "bob", PeerMinVersion: 1, PeerMaxVersion: 7})
	r := old["peerChatVRange"].(map[string]any)
	if r["minVersion"] != float64(1) || r["maxVersion"] != float64(7) || old["connChatVersion"] != float64(7) {
		t.Fatalf("peer 1-7: range %v, version %v", r, old["connChatVersion"])
	}
	if old["pqEncryption"] != false {
		t.Fatalf("a contact without PQ shown as PQ: %v", old)
	}
}
