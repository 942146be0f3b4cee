package main

import (
	"strconv"
	"strings"
	"testing"
)

func textMsg(text string) string {
	return `[{"msgContent":{"type":"text","text":` + strconv.Quote(text) + `},"mentions":{}}]`
}

// newItemText waits for a received message with this text and returns
// its AChatItem.
func newItemText(a *apiClient, text string) any {
	a.t.Helper()
	var found any
	a.waitEvent("newChatItems", func(e map[string]any) bool {
		for _, it := range get(e, "chatItems").([]any) {
			if itemText(it) == text {
				found = it
				return true
			}
		}
		return false
	})
	return found
}

// checkInspect runs "duplex-host link inspect" on a link a host made and
// checks it names our relay.
func checkInspect(t *testing.T, r *relay, link, form string) {
	t.Helper()
	code, m, msg := inspect(t, link)
	if code != 0 || m["type"] != "invitation" || m["form"] != form {
		t.Fatalf("inspect %s: %d %v %s", link, code, m, msg)
	}
	t.Logf("inspect %s: pq=%v kind=%v", form, m["pqKeyPresent"], m["kind"])
	srv := get(m, "servers", 0).(map[string]any)
	fp, _, _ := strings.Cut(strings.TrimPrefix(r.address, "smp://"), "@")
	if srv["fingerprint"] != fp || get(srv, "hosts", 0) != "127.0.0.1" || !strings.HasSuffix(r.address, ":"+srv["port"].(string)) {
		t.Fatalf("inspect server %v, relay %s", srv, r.address)
	}
	if form == "full" && m["e2eParamsPresent"] != true {
		t.Fatalf("invitation without e2e params: %v", m)
	}
}

// connectPair makes alice and bob contacts through a one-time link and
// returns each side's contact id for the other.
func connectPair(t *testing.T, alice, bob *host) (aliceSeesBob, bobSeesAlice int64) {
	t.Helper()
	inv := alice.ws.must("/_connect 1", "invitation")
	link, _ := get(inv, "connLinkInvitation", "connFullLink").(string)
	if !strings.HasPrefix(link, "simplex:/invitation#") && !strings.HasPrefix(link, "https://") {
		t.Fatalf("invitation link %q", link)
	}
	checkInspect(t, alice.relay, link, "full")
	if short, ok := get(inv, "connLinkInvitation", "connShortLink").(string); ok {
		checkInspect(t, alice.relay, short, "short")
	}
	plan := bob.ws.must("/_connect plan 1 "+link, "connectionPlan")
	if get(plan, "connectionPlan", "type") != "invitationLink" || get(plan, "connectionPlan", "invitationLinkPlan", "type") != "ok" {
		t.Fatalf("plan %s", js(plan))
	}
	own := alice.ws.must("/_connect plan 1 "+link, "connectionPlan")
	if get(own, "connectionPlan", "invitationLinkPlan", "type") != "ownLink" {
		t.Fatalf("own plan %s", js(own))
	}
	bob.ws.must("/_connect 1 "+link, "sentConfirmation")
	ea := alice.ws.waitEvent("contactConnected", nil)
	eb := bob.ws.waitEvent("contactConnected", nil)
	if get(ea, "contact", "profile", "displayName") != "bob" || get(eb, "contact", "profile", "displayName") != "alice" {
		t.Fatalf("connected events:\n%s\n%s", js(ea), js(eb))
	}
	return num(get(ea, "contact", "contactId")), num(get(eb, "contact", "contactId"))
}

// TestHostsEndToEnd: two duplex-host processes and the smp-server binary,
// driven over the chat API as a bot would.
func TestHostsEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs binaries")
	}
	r := startRelay(t)
	alice := startHost(t, "alice", t.TempDir(), "alice pass", r)
	bob := startHost(t, "bob", t.TempDir(), "bob pass", r)

	u := alice.ws.must(`/_create user {"profile":{"displayName":"alice","fullName":"Alice"},"pastTimestamp":false}`, "activeUser")
	if num(get(u, "user", "userId")) != 1 {
		t.Fatalf("user %s", js(u))
	}
	bob.ws.must(`/_create user {"profile":{"displayName":"bob","fullName":""}}`, "activeUser")
	e := alice.ws.must("/_send @1 json "+textMsg("x"), "chatCmdError")
	if get(e, "chatError", "storeError", "type") != "contactNotFound" || num(get(e, "chatError", "storeError", "contactId")) != 1 {
		t.Fatalf("send to nobody: %s", js(e))
	}
	e = alice.ws.must("/_sned @1 text hi", "chatCmdError")
	if get(e, "chatError", "errorType", "type") != "commandError" {
		t.Fatalf("bad command: %s", js(e))
	}

	ab, ba := connectPair(t, alice, bob)
	atBob, atAlice := "@"+strconv.FormatInt(ab, 10), "@"+strconv.FormatInt(ba, 10)

	// text
	sent := alice.ws.must("/_send "+atBob+" json "+textMsg("hello bob"), "newChatItems")
	aItem := num(get(sent, "chatItems", 0, "chatItem", "meta", "itemId"))
	if get(sent, "chatItems", 0, "chatItem", "chatDir", "type") != "directSnd" {
		t.Fatalf("sent %s", js(sent))
	}
	got := newItemText(bob.ws, "hello bob")
	bItem := num(get(got, "chatItem", "meta", "itemId"))
	if get(got, "chatItem", "chatDir", "type") != "directRcv" || get(got, "chatItem", "content", "msgContent", "type") != "text" {
		t.Fatalf("received %s", js(got))
	}

	// receipt: alice's item becomes sndRcvd
	alice.ws.waitEvent("chatItemsStatusesUpdated", func(e map[string]any) bool {
		for _, it := range get(e, "chatItems").([]any) {
			if num(get(it, "chatItem", "meta", "itemId")) == aItem && get(it, "chatItem", "meta", "itemStatus", "type") == "sndRcvd" {
				return true
			}
		}
		return false
	})

	// reply with a quote
	bob.ws.must("/_send "+atAlice+` json [{"quotedItemId":`+strconv.FormatInt(bItem, 10)+`,"msgContent":{"type":"text","text":"hi alice"},"mentions":{}}]`, "newChatItems")
	reply := newItemText(alice.ws, "hi alice")
	if num(get(reply, "chatItem", "quotedItem", "itemId")) != aItem {
		t.Fatalf("reply does not quote %d: %s", aItem, js(reply))
	}

	// edit
	up := alice.ws.must("/_update item "+atBob+" "+strconv.FormatInt(aItem, 10)+` json {"msgContent":{"type":"text","text":"hello bob!"},"mentions":{}}`, "chatItemUpdated")
	if itemText(get(up, "chatItem")) != "hello bob!" {
		t.Fatalf("update answer %s", js(up))
	}
	bob.ws.waitEvent("chatItemUpdated", func(e map[string]any) bool {
		return itemText(get(e, "chatItem")) == "hello bob!" && get(e, "chatItem", "chatItem", "meta", "itemEdited") == true
	})

	// react
	bob.ws.must("/_reaction "+atAlice+" "+strconv.FormatInt(bItem, 10)+` on {"type":"emoji","emoji":"👍"}`, "chatItemReaction")
	re := alice.ws.waitEvent("chatItemReaction", nil)
	if get(re, "added") != true || get(re, "reaction", "chatReaction", "reaction", "emoji") != "👍" || num(get(re, "reaction", "chatReaction", "chatItem", "meta", "itemId")) != aItem {
		t.Fatalf("reaction event %s", js(re))
	}

	// delete for everyone
	del := alice.ws.must("/_delete item "+atBob+" "+strconv.FormatInt(aItem, 10)+" broadcast", "chatItemsDeleted")
	if num(get(del, "chatItemDeletions", 0, "deletedChatItem", "chatItem", "meta", "itemId")) != aItem {
		t.Fatalf("delete answer %s", js(del))
	}
	bob.ws.waitEvent("chatItemsDeleted", func(e map[string]any) bool {
		return num(get(e, "chatItemDeletions", 0, "deletedChatItem", "chatItem", "meta", "itemId")) == bItem
	})
	// alice's own send, edit and delete were answered, never echoed as events.
	for _, typ := range []string{"chatItemUpdated", "chatItemsDeleted", "chatItemReaction"} {
		alice.ws.noEvent(typ)
	}
	alice.ws.noEvent("newChatItems") // bob's reply was taken above; her sends never came
	bob.ws.noEvent("chatItemReaction")

	// contact address: bob's second profile asks, alice accepts
	addr := alice.ws.must("/_address 1", "userContactLinkCreated")
	alink, _ := get(addr, "connLinkContact", "connFullLink").(string)
	alice.ws.must("/_show_address 1", "userContactLink")
	bob.ws.must(`/_create user {"profile":{"displayName":"carol","fullName":""}}`, "activeUser")
	plan := bob.ws.must("/_connect plan 2 "+alink, "connectionPlan")
	if get(plan, "connectionPlan", "type") != "contactAddress" {
		t.Fatalf("address plan %s", js(plan))
	}
	bob.ws.must("/_connect 2 "+alink, "sentInvitation")
	req := alice.ws.waitEvent("receivedContactRequest", nil)
	if get(req, "contactRequest", "profile", "displayName") != "carol" {
		t.Fatalf("request %s", js(req))
	}
	reqID := num(get(req, "contactRequest", "contactRequestId"))
	alice.ws.must("/_accept "+strconv.FormatInt(reqID, 10), "acceptingContactRequest")
	alice.ws.waitEvent("contactConnected", func(e map[string]any) bool { return get(e, "contact", "profile", "displayName") == "carol" })
	bob.ws.waitEvent("contactConnected", func(e map[string]any) bool {
		return get(e, "contact", "profile", "displayName") == "alice" && num(get(e, "user", "userId")) == 2
	})
	cs := alice.ws.must("/_contacts 1", "contactsList")
	if n := len(get(cs, "contacts").([]any)); n != 2 {
		t.Fatalf("alice has %d contacts: %s", n, js(cs))
	}
	bob.ws.must("/_user 1", "activeUser")

	// restart both: history and connections survive
	alice.stop()
	bob.stop()
	alice.start()
	bob.start()
	hist := alice.ws.must("/_get chat "+atBob+" count=100", "apiChat")
	var texts []string
	for _, it := range get(hist, "chat", "chatItems").([]any) {
		texts = append(texts, get(it, "meta", "itemText").(string))
	}
	if !strings.Contains(strings.Join(texts, "|"), "hi alice") {
		t.Fatalf("history after restart: %q", texts)
	}
	chats := alice.ws.must("/_get chats 1 pcc=on", "apiChats")
	if len(get(chats, "chats").([]any)) < 2 {
		t.Fatalf("chats after restart %s", js(chats))
	}
	alice.ws.must("/_send "+atBob+" text after restart", "newChatItems")
	newItemText(bob.ws, "after restart")
	bob.ws.must("/_send "+atAlice+" text and back", "newChatItems")
	newItemText(alice.ws, "and back")
	unread := alice.ws.must(`/_get chats 1 {"type":"filters","favorite":false,"unread":true}`, "apiChats")
	if cs := get(unread, "chats").([]any); len(cs) != 1 || num(get(cs[0], "chatInfo", "contact", "contactId")) != ab ||
		num(get(cs[0], "chatStats", "unreadCount")) == 0 {
		t.Fatalf("unread chats %s", js(unread))
	}
	found := alice.ws.must(`/_get chats 1 {"type":"search","search":"CAR"}`, "apiChats")
	if cs := get(found, "chats").([]any); len(cs) != 1 || get(cs[0], "chatInfo", "contact", "localDisplayName") != "carol" {
		t.Fatalf("search chats %s", js(found))
	}
	alice.ws.must("/_read chat "+atBob, "cmdOk")
	if cs := get(alice.ws.must(`/_get chats 1 {"type":"filters","favorite":false,"unread":true}`, "apiChats"), "chats").([]any); len(cs) != 0 {
		t.Fatalf("unread after /_read chat: %s", js(cs))
	}
	hits := alice.ws.must("/_get chat "+atBob+" count=10 search=restart", "apiChat")
	if its := get(hits, "chat", "chatItems").([]any); len(its) != 1 || get(its[0], "meta", "itemText") != "after restart" {
		t.Fatalf("search in chat: %s", js(hits))
	}
}
