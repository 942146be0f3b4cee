package core

import (
	"fmt"
	"testing"
	"time"

	"duplex/core/api"
)

func TestMessagesBothWaysReplyEditDelete(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r)
	ca, cb := connect(t, alice, bob)

	hi := alice.send(ca.ID, "hello bob")
	if hi.Status != api.StatusSending || !hi.Sent || hi.Kind != api.KindText {
		t.Fatalf("sent item %+v", hi)
	}
	got := bob.waitText("hello bob")
	if got.Status != api.StatusReceived || got.ContactID != cb.ID {
		t.Fatalf("received %+v", got)
	}
	// Receipts: sending → sent → delivered.
	alice.waitItem(api.EvItemStatus, "delivered", func(it api.ChatItem) bool { return it.ID == hi.ID && it.Status == api.StatusDelivered })

	// Reply with a quote.
	re, err := bob.c.Send(ctx(t), cb.ID, api.Compose{Text: "hi alice", QuoteID: got.ID})
	if err != nil || re.Quote == nil || re.Quote.ItemID != got.ID || re.Quote.Sent {
		t.Fatalf("reply %+v %v", re, err)
	}
	q := alice.waitText("hi alice")
	if q.Quote == nil || q.Quote.ItemID != hi.ID || !q.Quote.Sent || q.Quote.Text != "hello bob" {
		t.Fatalf("quote on the receiver %+v", q.Quote)
	}
	// Both sides carry the quoted message's time as the replier knows it
	// (its item time; the chat API's quotedItem.sentAt), not the reply's.
	near := func(a, b time.Time) bool { d := a.Sub(b); return !a.IsZero() && d < time.Second && d > -time.Second }
	if !near(re.Quote.SentAt, got.Time) || !near(q.Quote.SentAt, got.Time) {
		t.Fatalf("quote times %v / %v, want %v", re.Quote.SentAt, q.Quote.SentAt, got.Time)
	}

	// Link preview.
	lp := &api.LinkPreview{URI: "https://simplex.chat", Title: "SimpleX", Description: "private"}
	if _, err := alice.c.Send(ctx(t), ca.ID, api.Compose{Text: "see https://simplex.chat", LinkPreview: lp}); err != nil {
		t.Fatal(err)
	}
	li := bob.waitText("see https://simplex.chat")
	if li.Kind != api.KindLink || li.LinkPreview == nil || *li.LinkPreview != *lp {
		t.Fatalf("link item %+v", li)
	}

	// Edit keeps history on the receiver.
	if _, err := bob.c.Edit(ctx(t), got.ID, "nope"); err != api.ErrNotOwnItem {
		t.Fatalf("edit of a received item: %v", err)
	}
	t0 := clk.Now()
	clk.Add(time.Minute)
	ed, err := alice.c.Edit(ctx(t), hi.ID, "hello, bob")
	if err != nil || !ed.Edited || ed.Text != "hello, bob" {
		t.Fatalf("edit %+v %v", ed, err)
	}
	up := bob.waitItem(api.EvItemUpdated, "edit", func(it api.ChatItem) bool { return it.ID == got.ID })
	if up.Text != "hello, bob" || !up.Edited {
		t.Fatalf("edited on receiver %+v", up)
	}
	h, err := bob.c.ItemHistory(ctx(t), got.ID)
	if err != nil || len(h) != 2 || h[0].Text != "hello bob" || h[1].Text != "hello, bob" {
		t.Fatalf("history %+v %v", h, err)
	}
	h, err = alice.c.ItemHistory(ctx(t), hi.ID)
	if err != nil || len(h) != 2 || !h[0].Time.Equal(t0) || !h[1].Time.Equal(t0.Add(time.Minute)) {
		t.Fatalf("sender's history %+v %v", h, err)
	}
	if h, _ := bob.c.ItemHistory(ctx(t), re.ID); len(h) != 1 || h[0].Text != "hi alice" {
		t.Fatalf("history of an unedited item %+v", h)
	}

	// Delete for everyone: marked deleted on both sides.
	if err := bob.c.DeleteItems(ctx(t), []api.ItemID{got.ID}, api.DeleteForEveryone); err != api.ErrNotOwnItem {
		t.Fatalf("delete a received item for everyone: %v", err)
	}
	if err := alice.c.DeleteItems(ctx(t), []api.ItemID{hi.ID}, api.DeleteForEveryone); err != nil {
		t.Fatal(err)
	}
	del := bob.waitItem(api.EvItemUpdated, "deleted", func(it api.ChatItem) bool { return it.ID == got.ID && it.Deleted })
	if del.Text != "" {
		t.Fatalf("deleted item still shows %q", del.Text)
	}
	if it, _ := alice.c.Item(ctx(t), hi.ID); !it.Deleted || it.Text != "hello, bob" {
		t.Fatalf("own deleted item %+v", it)
	}
	// Delete for me: gone here only.
	if err := alice.c.DeleteItems(ctx(t), []api.ItemID{q.ID}, api.DeleteForMe); err != nil {
		t.Fatal(err)
	}
	ev := alice.waitType(api.EvItemsDeleted)
	if len(ev.ItemIDs) != 1 || ev.ItemIDs[0] != q.ID {
		t.Fatalf("deleted event %+v", ev)
	}
	if _, err := alice.c.Item(ctx(t), q.ID); err != api.ErrNoSuchItem {
		t.Fatalf("deleted for me still there: %v", err)
	}
	if _, err := bob.c.Item(ctx(t), re.ID); err != nil {
		t.Fatalf("bob's copy went too: %v", err)
	}
	if _, err := alice.c.Send(ctx(t), ca.ID, api.Compose{Text: "  "}); err != api.ErrEmptyMessage {
		t.Fatalf("empty message: %v", err)
	}
}

func TestReactionsUnreadPagesSearch(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r)
	ca, cb := connect(t, alice, bob)

	msg := alice.send(ca.ID, "react to this")
	got := bob.waitText("react to this")
	for _, e := range []string{"👍", "❤\ufe0f", "😂"} {
		if _, err := bob.c.React(ctx(t), got.ID, e, true); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := bob.c.React(ctx(t), got.ID, "🦄", true); err == nil {
		t.Fatal("a reaction peers cannot show was accepted")
	}
	if _, err := bob.c.React(ctx(t), got.ID, "🚀", true); err != api.ErrTooManyReacts {
		t.Fatalf("fourth reaction: %v", err)
	}
	if _, err := bob.c.React(ctx(t), got.ID, "👍", true); err != nil {
		t.Fatalf("repeating a reaction: %v", err)
	}
	it, err := bob.c.React(ctx(t), got.ID, "😂", false)
	if err != nil || len(it.Reactions) != 2 {
		t.Fatalf("after removing %+v %v", it.Reactions, err)
	}
	if _, err := alice.c.React(ctx(t), msg.ID, "✅", true); err != nil {
		t.Fatal(err)
	}
	alice.wait("reactions", func(ev api.Event) bool {
		if ev.Type != api.EvItemUpdated || len(ev.Items) != 1 || ev.Items[0].ID != msg.ID {
			return false
		}
		rs := ev.Items[0].Reactions
		return len(rs) == 3 && reactionsHave(rs, "👍", false) && reactionsHave(rs, "❤", false) && reactionsHave(rs, "✅", true)
	})

	// Unread counts and mark read.
	for i := 1; i <= 5; i++ {
		alice.send(ca.ID, fmt.Sprintf("note %d about apples", i))
	}
	var last api.ChatItem
	for i := 1; i <= 5; i++ {
		last = bob.waitText(fmt.Sprintf("note %d about apples", i))
	}
	chats, err := bob.c.Chats(ctx(t), bob.p)
	if err != nil || len(chats) != 1 || chats[0].Unread != 6 || chats[0].FirstUnread != got.ID || chats[0].Last.ID != last.ID {
		t.Fatalf("chats %+v %v", chats, err)
	}
	if err := bob.c.MarkRead(ctx(t), cb.ID, got.ID); err != nil {
		t.Fatal(err)
	}
	chats, _ = bob.c.Chats(ctx(t), bob.p)
	if chats[0].Unread != 5 || chats[0].FirstUnread == got.ID {
		t.Fatalf("after reading one %+v", chats[0])
	}
	if err := bob.c.MarkRead(ctx(t), cb.ID, 0); err != nil {
		t.Fatal(err)
	}
	if chats, _ = bob.c.Chats(ctx(t), bob.p); chats[0].Unread != 0 || chats[0].FirstUnread != 0 {
		t.Fatalf("after reading all %+v", chats[0])
	}
	if it, _ := bob.c.Item(ctx(t), last.ID); it.Status != api.StatusSeen {
		t.Fatalf("status %v", it.Status)
	}

	// Pagination: 6 items in bob's chat.
	all, err := bob.c.Items(ctx(t), cb.ID, api.Page{Count: 100})
	if err != nil || len(all) != 6 || all[0].ID != got.ID || all[5].ID != last.ID {
		t.Fatalf("all %s %v", texts(all), err)
	}
	newest, _ := bob.c.Items(ctx(t), cb.ID, api.Page{Count: 2})
	if texts(newest) != "note 4 about apples,note 5 about apples" {
		t.Fatalf("newest %s", texts(newest))
	}
	older, _ := bob.c.Items(ctx(t), cb.ID, api.Page{Before: newest[0].ID, Count: 2})
	if texts(older) != "note 2 about apples,note 3 about apples" {
		t.Fatalf("before %s", texts(older))
	}
	newer, _ := bob.c.Items(ctx(t), cb.ID, api.Page{After: all[0].ID, Count: 2})
	if texts(newer) != "note 1 about apples,note 2 about apples" {
		t.Fatalf("after %s", texts(newer))
	}
	around, _ := bob.c.Items(ctx(t), cb.ID, api.Page{Around: all[3].ID, Count: 2})
	if texts(around) != "note 2 about apples,note 3 about apples,note 4 about apples" {
		t.Fatalf("around %s", texts(around))
	}

	// Search in one chat and across chats.
	carol := newUser(t, "carol", clk, r)
	cc, _ := connect(t, carol, bob)
	carol.send(cc.ID, "apples from carol")
	bob.waitText("apples from carol")
	one, err := bob.c.Search(ctx(t), bob.p, cb.ID, "apple", 10)
	if err != nil || len(one) != 5 || one[0].Text != "note 5 about apples" {
		t.Fatalf("search in chat %s %v", texts(one), err)
	}
	every, _ := bob.c.Search(ctx(t), bob.p, 0, "APPLES", 10)
	if len(every) != 6 || every[0].Text != "apples from carol" {
		t.Fatalf("search all %s", texts(every))
	}
	if res, _ := bob.c.Search(ctx(t), bob.p, 0, `"note" 3* NEAR`, 10); len(res) != 0 {
		t.Fatalf("search with FTS syntax %s", texts(res))
	}
	if res, err := bob.c.Search(ctx(t), bob.p, 0, `"note" (3*`, 10); err != nil || len(res) != 1 {
		t.Fatalf("search with stray FTS syntax %s %v", texts(res), err)
	}
	if res, _ := bob.c.Search(ctx(t), bob.p, 0, "pears", 10); len(res) != 0 {
		t.Fatalf("search for nothing %s", texts(res))
	}
}

func reactionsHave(rs []api.Reaction, emoji string, mine bool) bool {
	for _, r := range rs {
		if r.Emoji == emoji && r.Count == 1 && r.Mine == mine {
			return true
		}
	}
	return false
}
