package core

import (
	"strings"
	"testing"
	"time"

	"duplex/core/api"
)

func TestIncognitoAliasProfileUpdate(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r)
	pc, err := alice.c.CreateLink(ctx(t), alice.p, true)
	if err != nil || !pc.Incognito {
		t.Fatalf("incognito link %+v %v", pc, err)
	}
	if _, err := bob.c.Connect(ctx(t), bob.p, pc.ShortLink, false); err != nil {
		t.Fatal(err)
	}
	ea := alice.waitType(api.EvContactConnected).Contact
	eb := bob.waitType(api.EvContactConnected).Contact
	if !ea.Incognito || ea.IncognitoName == "" || eb.DisplayName != ea.IncognitoName || eb.DisplayName == "alice" {
		t.Fatalf("incognito: alice sees %+v, bob sees %+v", ea, eb)
	}

	// Alias.
	c, err := bob.c.SetContactAlias(ctx(t), eb.ID, " Stranger ")
	if err != nil || c.Alias != "Stranger" || c.Name() != "Stranger" {
		t.Fatalf("alias %+v %v", c, err)
	}
	if ev := bob.waitType(api.EvContactUpdated); ev.Contact.Alias != "Stranger" {
		t.Fatalf("alias event %+v", ev.Contact)
	}
	if err := bob.c.MuteContact(ctx(t), eb.ID, true); err != nil {
		t.Fatal(err)
	}
	if c, _ := bob.c.Contact(ctx(t), eb.ID); !c.Muted {
		t.Fatal("not muted")
	}

	// Profile updates reach the contacts that see the profile; the
	// incognito contact keeps seeing the random one.
	carol := newUser(t, "carol", clk, r)
	_, cc := connect(t, alice, carol)
	name := "Alice A."
	if _, err := alice.c.UpdateProfile(ctx(t), alice.p, api.ProfileUpdate{DisplayName: &name}); err != nil {
		t.Fatal(err)
	}
	up := carol.wait("profile update", func(ev api.Event) bool {
		return ev.Type == api.EvContactUpdated && ev.ContactID == cc.ID && ev.Contact.DisplayName == name
	})
	if up.Contact.DisplayName != name {
		t.Fatal(up)
	}
	alice.send(ea.ID, "still incognito")
	bob.waitText("still incognito")
	if c, _ := bob.c.Contact(ctx(t), eb.ID); c.DisplayName != ea.IncognitoName {
		t.Fatalf("incognito contact got the real profile: %+v", c)
	}
}

func TestDeleteContactNotifiesPeer(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r)
	ca, cb := connect(t, alice, bob)
	alice.send(ca.ID, "bye")
	bob.waitText("bye")
	if err := alice.c.DeleteContact(ctx(t), ca.ID, true); err != nil {
		t.Fatal(err)
	}
	if ev := alice.waitType(api.EvContactDeleted); ev.ContactID != ca.ID {
		t.Fatalf("deleted event %+v", ev)
	}
	if _, err := alice.c.Contact(ctx(t), ca.ID); err != api.ErrNoSuchContact {
		t.Fatalf("contact after delete: %v", err)
	}
	if items, err := alice.c.Items(ctx(t), ca.ID, api.Page{}); err != api.ErrNoSuchContact || len(items) != 0 {
		t.Fatalf("items after delete: %v %v", items, err)
	}
	ev := bob.waitType(api.EvContactDeleted)
	if ev.ContactID != cb.ID || ev.Contact == nil || ev.Contact.Ready {
		t.Fatalf("peer's deleted event %+v", ev)
	}
	if _, err := bob.c.Send(ctx(t), cb.ID, api.Compose{Text: "are you there?"}); err == nil || !strings.Contains(err.Error(), "deleted") {
		t.Fatalf("send to a contact who deleted us: %v", err)
	}
	// Bob keeps the chat.
	if items, _ := bob.c.Items(ctx(t), cb.ID, api.Page{}); len(items) != 1 {
		t.Fatalf("bob's chat %s", texts(items))
	}
}

func TestDeleteContactSilentlyPeerSendFails(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r)
	ca, cb := connect(t, alice, bob)
	if err := alice.c.DeleteContact(ctx(t), ca.ID, false); err != nil {
		t.Fatal(err)
	}
	it := bob.send(cb.ID, "hello?")
	bad := bob.waitItem(api.EvItemStatus, "error status", func(x api.ChatItem) bool { return x.ID == it.ID && x.Status == api.StatusError })
	if !strings.Contains(bad.StatusErr, "deleted") {
		t.Fatalf("error reason %q", bad.StatusErr)
	}
}

func TestRestartKeepsContactsAndHistory(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r)
	ca, cb := connect(t, alice, bob)
	alice.send(ca.ID, "before restart")
	bob.waitText("before restart")
	alice.restart()
	bob.restart()
	for _, u := range []*user{alice, bob} {
		cs, err := u.c.Contacts(ctx(t), u.p)
		if err != nil || len(cs) != 1 || !cs[0].Ready {
			t.Fatalf("%s contacts after restart %+v %v", u.name, cs, err)
		}
	}
	if items, _ := bob.c.Items(ctx(t), cb.ID, api.Page{}); texts(items) != "before restart" {
		t.Fatalf("history %s", texts(items))
	}
	bob.send(cb.ID, "after restart")
	alice.waitText("after restart")
	alice.send(ca.ID, "me too")
	bob.waitText("me too")
}

func TestRelayDownItemStaysSending(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r)
	ca, _ := connect(t, alice, bob)
	r.Stop()
	it := alice.send(ca.ID, "while down")
	if it.Status != api.StatusSending {
		t.Fatalf("status %v", it.Status)
	}
	time.Sleep(300 * time.Millisecond) // a few retries fail meanwhile
	if got, _ := alice.c.Item(ctx(t), it.ID); got.Status != api.StatusSending {
		t.Fatalf("status while the relay is down: %v %q", got.Status, got.StatusErr)
	}
	r.Restart()
	alice.waitItem(api.EvItemStatus, "sent", func(x api.ChatItem) bool { return x.ID == it.ID && x.Status == api.StatusSent })
	bob.waitText("while down")
}

func TestDisappearingAfterAgreement(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r)
	ca, cb := connect(t, alice, bob)
	c, err := alice.c.SetDisappearing(ctx(t), ca.ID, time.Hour)
	if err != nil || c.DisappearOffered != time.Hour || c.DisappearAfter != 0 {
		t.Fatalf("offer %+v %v", c, err)
	}
	// Not agreed yet: messages stay.
	plain := alice.send(ca.ID, "not timed")
	if !plain.DisappearAt.IsZero() {
		t.Fatal("timed before agreement")
	}
	bob.wait("offer", func(ev api.Event) bool { return ev.Type == api.EvContactUpdated && ev.ContactID == cb.ID })
	bob.waitText("not timed")
	c, err = bob.c.SetDisappearing(ctx(t), cb.ID, time.Hour)
	if err != nil || c.DisappearAfter != time.Hour {
		t.Fatalf("agree %+v %v", c, err)
	}
	alice.wait("agreement", func(ev api.Event) bool {
		return ev.Type == api.EvContactUpdated && ev.Contact.DisappearAfter == time.Hour
	})
	timed := alice.send(ca.ID, "timed")
	if !timed.DisappearAt.Equal(clk.Now().Add(time.Hour)) {
		t.Fatalf("disappear at %v", timed.DisappearAt)
	}
	got := bob.waitText("timed")
	if !got.DisappearAt.IsZero() {
		t.Fatal("received item timed before it was read")
	}
	if err := bob.c.MarkRead(ctx(t), cb.ID, 0); err != nil {
		t.Fatal(err)
	}
	if it, _ := bob.c.Item(ctx(t), got.ID); !it.DisappearAt.Equal(clk.Now().Add(time.Hour)) {
		t.Fatalf("received item's timer %v", it.DisappearAt)
	}
	clk.Add(2 * time.Hour)
	alice.c.svc.Sweep()
	bob.c.svc.Sweep()
	alice.wait("timed item gone", func(ev api.Event) bool { return ev.Type == api.EvItemsDeleted && ev.ItemIDs[0] == timed.ID })
	bob.wait("timed item gone", func(ev api.Event) bool { return ev.Type == api.EvItemsDeleted && ev.ItemIDs[0] == got.ID })
	if items, _ := bob.c.Items(ctx(t), cb.ID, api.Page{}); texts(items) != "not timed,disappearing messages after 1 hour" ||
		items[1].Kind != api.KindEvent {
		t.Fatalf("bob keeps %s", texts(items))
	}
	if items, _ := alice.c.Items(ctx(t), ca.ID, api.Page{}); texts(items) != "not timed,disappearing messages after 1 hour" {
		t.Fatalf("alice keeps %s", texts(items))
	}
	// An expired item is deleted right after a start too.
	late := alice.send(ca.ID, "timed again")
	alice.close()
	clk.Add(2 * time.Hour)
	alice.open()
	alice.c.Storage(ctx(t))
	alice.wait("expired at start", func(ev api.Event) bool { return ev.Type == api.EvItemsDeleted && ev.ItemIDs[0] == late.ID })
	// Turning it off is an event too, and new messages stay.
	if _, err := bob.c.SetDisappearing(ctx(t), cb.ID, 0); err != nil {
		t.Fatal(err)
	}
	alice.waitItem(api.EvNewItems, "off event", func(it api.ChatItem) bool {
		return it.Kind == api.KindEvent && it.Text == "disappearing messages off"
	})
	if it := alice.send(ca.ID, "kept"); !it.DisappearAt.IsZero() {
		t.Fatal("timed after turning off")
	}
}

func TestDeleteProfileDeletesConnections(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r)
	other, err := alice.c.CreateProfile(ctx(t), api.NewProfile{DisplayName: "work"})
	if err != nil {
		t.Fatal(err)
	}
	_, cb := connect(t, alice, bob)
	if _, err := alice.c.CreateAddress(ctx(t), alice.p); err != nil {
		t.Fatal(err)
	}
	if err := alice.c.SetActiveProfile(ctx(t), other.ID); err != nil {
		t.Fatal(err)
	}
	if err := alice.c.DeleteProfile(ctx(t), alice.p); err != nil {
		t.Fatal(err)
	}
	if cs, err := alice.c.Contacts(ctx(t), alice.p); err != nil || len(cs) != 0 {
		t.Fatalf("contacts of a deleted profile %+v %v", cs, err)
	}
	it := bob.send(cb.ID, "anyone?")
	bob.waitItem(api.EvItemStatus, "error", func(x api.ChatItem) bool { return x.ID == it.ID && x.Status == api.StatusError })
}

func TestDeletePendingAndClearChat(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r)
	pc, err := alice.c.CreateLink(ctx(t), alice.p, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := alice.c.DeletePending(ctx(t), pc.ID); err != nil {
		t.Fatal(err)
	}
	alice.wait("pending deleted", func(ev api.Event) bool {
		return ev.Type == api.EvPendingUpdated && ev.Deleted && ev.Pending.ID == pc.ID
	})
	if err := alice.c.DeletePending(ctx(t), pc.ID); err != api.ErrNoSuchPending {
		t.Fatalf("delete twice: %v", err)
	}
	if ps, _ := alice.c.PendingConnections(ctx(t), alice.p); len(ps) != 0 {
		t.Fatalf("pending %+v", ps)
	}

	ca, cb := connect(t, alice, bob)
	alice.send(ca.ID, "one")
	alice.send(ca.ID, "two")
	bob.waitText("one")
	bob.waitText("two")
	if err := bob.c.ClearChat(ctx(t), cb.ID); err != nil {
		t.Fatal(err)
	}
	if ev := bob.waitType(api.EvItemsDeleted); len(ev.ItemIDs) != 2 {
		t.Fatalf("cleared %+v", ev)
	}
	if items, _ := bob.c.Items(ctx(t), cb.ID, api.Page{}); len(items) != 0 {
		t.Fatalf("items after clear %s", texts(items))
	}
	if c, err := bob.c.Contact(ctx(t), cb.ID); err != nil || !c.Ready {
		t.Fatalf("contact after clear %+v %v", c, err)
	}
	alice.send(ca.ID, "three")
	bob.waitText("three")
}

func TestRekeyRestartsTheService(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r)
	ca, cb := connect(t, alice, bob)
	if err := alice.c.ChangeProtection(ctx(t), api.ProtectionPassphrase, "correct horse"); err != nil {
		t.Fatal(err)
	}
	// The same watch keeps delivering, and the connection works both ways.
	bob.send(cb.ID, "after re-key")
	alice.waitText("after re-key")
	alice.send(ca.ID, "answer")
	bob.waitText("answer")
}

func TestWatchBeforeUnlockAndAfterClose(t *testing.T) {
	c := openCore(t, t.TempDir())
	ch, err := c.Watch(ctx(t), api.EvProfilesChanged.Mask())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Contacts(ctx(t), 1); err != api.ErrLocked {
		t.Fatalf("contacts before the database: %v", err)
	}
	if err := c.CreateStorage(ctx(t), api.ProtectionPassphrase, "pw"); err != nil {
		t.Fatal(err)
	}
	p, err := c.CreateProfile(ctx(t), api.NewProfile{DisplayName: "zoe"})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-ch:
		if ev.Type != api.EvProfilesChanged || ev.ProfileID != p.ID {
			t.Fatalf("event %+v", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no profilesChanged event")
	}
	c.Close()
	if _, ok := <-ch; ok {
		t.Fatal("watch open after Close")
	}
	if _, err := c.Watch(ctx(t), api.AllEvents); err != api.ErrClosed {
		t.Fatalf("Watch after Close: %v", err)
	}
	if _, err := c.Chats(ctx(t), p.ID); err != api.ErrClosed {
		t.Fatalf("Chats after Close: %v", err)
	}
}
