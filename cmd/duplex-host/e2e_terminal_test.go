package main

import (
	"io"
	"strings"
	"testing"
)

// TestTerminalMode drives alice's host through its terminal (stdin pipe,
// --terminal) while bob is a bot on the chat API.
func TestTerminalMode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs binaries")
	}
	r := startRelay(t)
	bin, _ := binaries(t)
	alice := startProcIn(t, true, []string{"DUPLEX_PASSPHRASE=t"}, bin, "--terminal", "--data-dir", t.TempDir(),
		"--server", r.address, "--argon2", "1,64,1")
	bob := startHost(t, "bob", t.TempDir(), "b", r)
	bob.ws.must(`/_create user {"profile":{"displayName":"bob","fullName":""}}`, "activeUser")
	say := func(line string) {
		t.Helper()
		if _, err := io.WriteString(alice.stdin, line+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	alice.waitLine(t, "Type /help")
	say("/help")
	alice.waitLine(t, "  /ad ")
	say("@bob hi")
	alice.waitLine(t, "error: no profile yet")
	say("/create user alice")
	alice.waitLine(t, `  "type": "activeUser"`)
	say("/c")
	alice.waitLine(t, "Give this one-time link")
	link := alice.waitLine(t, "")
	if !strings.HasPrefix(link, "simplex:/") && !strings.HasPrefix(link, "https://") {
		t.Fatalf("link line %q", link)
	}
	bob.ws.must("/_connect 1 "+link, "sentConfirmation")
	alice.waitLine(t, "bob: contact connected")
	ct := bob.ws.waitEvent("contactConnected", nil)
	atAlice := "@" + itoa(num(get(ct, "contact", "contactId")))
	bob.ws.must("/_send "+atAlice+" text hello from bob", "newChatItems")
	alice.waitLine(t, "bob> hello from bob")
	say("@bob hello from alice")
	newItemText(bob.ws, "hello from alice")
	say("/contacts")
	alice.waitLine(t, "@bob")
	say("/tail @bob 5")
	alice.waitLine(t, "")
	if !strings.Contains(alice.waitLine(t, ""), "you> hello from alice") {
		// lines come in order: bob's, then ours
		t.Fatalf("tail:\n%s", alice.out.String())
	}

	// address: bob's second profile asks, alice accepts by name
	say("/ad")
	alice.waitLine(t, "Your contact address:")
	addr := alice.waitLine(t, "")
	bob.ws.must(`/_create user {"profile":{"displayName":"carol","fullName":""}}`, "activeUser")
	say("/c " + addr)
	alice.waitLine(t, "This is your own contact address.") // the plan, and no connection
	bob.ws.must("/_connect 2 "+addr, "sentInvitation")
	alice.waitLine(t, "carol wants to connect to you: /ac carol")
	say("/ac carol")
	alice.waitLine(t, "accepting @carol")
	alice.waitLine(t, "carol: contact connected")
	say("/tail 1") // the last message of the most recent chat that has one
	if l := alice.waitLine(t, ""); !strings.Contains(l, "you> hello from alice") {
		t.Fatalf("/tail 1: %q", l)
	}
	say("/_get chats 1")
	alice.waitLine(t, `  "type": "apiChats"`)
	alice.stop(t)
}
