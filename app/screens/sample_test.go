package screens

import (
	"time"

	"duplex/core/api"
)

// t0 is the fixed "now" of screen tests: golden markup must not depend on
// the day the tests run.
var t0 = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

var (
	bob   = api.Contact{ID: 1, ProfileID: 1, DisplayName: "bob", FullName: "Bob Builder", Ready: true, CreatedAt: t0.Add(-72 * time.Hour)}
	carol = api.Contact{ID: 2, ProfileID: 1, DisplayName: "carol", Alias: "Carol (work)", Ready: true, Muted: true, Verified: true, CreatedAt: t0.Add(-48 * time.Hour)}
	dave  = api.Contact{ID: 3, ProfileID: 1, DisplayName: "dave", Ready: false, CreatedAt: t0.Add(-time.Hour)}
)

// sampleItems is a small conversation with bob over two days: markdown,
// a reply, an edit, reactions, a failed send and a deleted message.
func sampleItems() []api.ChatItem {
	at := func(h time.Duration) time.Time { return t0.Add(-h) }
	return []api.ChatItem{
		{ID: 10, ContactID: 1, Kind: api.KindEvent, Status: api.StatusSeen, Text: "contact connected", Time: at(30 * time.Hour)},
		{ID: 11, ContactID: 1, Kind: api.KindText, Status: api.StatusSeen, Text: "hi *there* _friend_, see https://example.com/page", Time: at(29 * time.Hour)},
		{ID: 12, ContactID: 1, Sent: true, Kind: api.KindText, Status: api.StatusDelivered, Text: "hello ~wrong~ `code` !1 red!", Time: at(28 * time.Hour),
			Reactions: []api.Reaction{{Emoji: "👍", Count: 1, Mine: false}}},
		{ID: 13, ContactID: 1, Kind: api.KindText, Status: api.StatusReceived, Text: "join simplex:/contact#/?v=2-7&smp=x", Time: at(2 * time.Hour),
			Quote: &api.Quote{ItemID: 12, Text: "hello ~wrong~", Sent: true}},
		{ID: 14, ContactID: 1, Sent: true, Kind: api.KindText, Status: api.StatusSent, Text: "edited text", Edited: true, Time: at(time.Hour),
			Reactions: []api.Reaction{{Emoji: "❤️", Count: 2, Mine: true}}},
		{ID: 15, ContactID: 1, Sent: true, Kind: api.KindText, Status: api.StatusError, StatusErr: "relay refused: QUOTA", Text: "did not go", Time: at(30 * time.Minute)},
		{ID: 16, ContactID: 1, Kind: api.KindText, Status: api.StatusReceived, Text: "oops", Deleted: true, Time: at(10 * time.Minute)},
	}
}

func sampleChats() []api.ChatSummary {
	items := sampleItems()
	last := items[len(items)-2]
	c2 := api.ChatItem{ID: 20, ContactID: 2, Kind: api.KindText, Status: api.StatusReceived, Text: "*lunch?*", Time: t0.Add(-26 * time.Hour)}
	return []api.ChatSummary{
		{Contact: bob, Last: &last, Unread: 2, FirstUnread: 13},
		{Contact: carol, Last: &c2, Unread: 1, FirstUnread: 20},
		{Contact: dave},
	}
}

func samplePending() []api.PendingConnection {
	return []api.PendingConnection{
		{ID: 5, ProfileID: 1, Invited: true, Link: "simplex:/invitation#/?v=2-7&smp=abc", ShortLink: "https://smp.example/i#abc/def", CreatedAt: t0.Add(-3 * time.Minute)},
		{ID: 6, ProfileID: 1, Invited: false, Incognito: true, CreatedAt: t0.Add(-200 * time.Hour)},
	}
}

func sampleRequests() []api.ContactRequest {
	return []api.ContactRequest{{ID: 7, ProfileID: 1, DisplayName: "erin", FullName: "Erin E.", CreatedAt: t0.Add(-5 * time.Minute)}}
}
