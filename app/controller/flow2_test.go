package controller

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	qrcode "github.com/skip2/go-qrcode"

	"duplex/app/prefs"
	"duplex/app/screens"
	"duplex/core/api"
	"duplex/net/smp/server/smptest"
)

// connectedPeers starts two desktops and connects them through the cores
// (the UI path is TestTwoDesktopsChat's); it returns once both chat lists
// show the other as ready.
func connectedPeers(t *testing.T) (fyne.App, *peer, *peer) {
	t.Helper()
	a := test.NewTempApp(t)
	relay := smptest.StartRelay(t)
	alice, bob := newPeer(t, a, relay, "alice"), newPeer(t, a, relay, "bob")
	ctx := context.Background()
	pc, err := alice.core.CreateLink(ctx, alice.ctl.chats.profile, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bob.core.Connect(ctx, bob.ctl.chats.profile, pc.Link, false); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		p    *peer
		name string
	}{{alice, "bob"}, {bob, "alice"}} {
		waitFor(t, p.p.name+"'s contact", func() bool { _, r, ok := p.p.row(p.name); return ok && r.Preview != "Connecting…" })
	}
	return a, alice, bob
}

func TestContactInfoVerifyAliasMuteDelete(t *testing.T) {
	_, alice, bob := connectedPeers(t)
	_, r, _ := alice.row("bob")
	alice.ctl.OpenChat(r.Contact)
	waitFor(t, "alice's chat", func() bool { return alice.ctl.Shell.Page() == alice.ctl.Chat.Root })
	test.Tap(alice.ctl.Chat.InfoButton)
	ci := alice.ctl.Contact
	waitFor(t, "the contact page with its code", func() bool {
		return alice.ctl.Shell.Page() == ci.Root && strings.Count(ci.Code.Text, " ") >= 3
	})
	if !strings.Contains(alice.ctl.Chat.Subtitle.Text, "quantum resistant") {
		t.Errorf("chat header %q does not say quantum resistant", alice.ctl.Chat.Subtitle.Text)
	}
	if ci.Encryption.Text != screens.PQText {
		t.Fatalf("encryption shown as %q, want %q", ci.Encryption.Text, screens.PQText)
	}
	groups := strings.Fields(ci.Code.Text)
	for i, g := range groups {
		if len(g) != 5 && (i < len(groups)-1 || len(g) > 5) { // the last group may be short
			t.Fatalf("code not in groups of 5: %q", ci.Code.Text)
		}
	}
	_, br, _ := bob.row("alice")
	bobCode, err := bob.core.SecurityCode(context.Background(), br.Contact)
	if err != nil {
		t.Fatal(err)
	}
	// A wrong code is refused, the right one (as bob reads it out) verifies.
	test.Type(ci.TheirCode, "12345 12345")
	test.Tap(ci.Compare)
	waitFor(t, "the mismatch", func() bool { return ci.CodeResult.Text == screens.CodeMismatchText })
	ci.TheirCode.SetText(bobCode)
	test.Tap(ci.Compare)
	waitFor(t, "verification", func() bool {
		return ci.CodeResult.Text == screens.CodeMatchText && strings.Contains(ci.Verified.Text, screens.VerifiedText)
	})
	if !strings.Contains(alice.ctl.Chat.Subtitle.Text, "verified") {
		t.Errorf("chat header %q lacks verified", alice.ctl.Chat.Subtitle.Text)
	}

	ci.Alias.SetText("Bobby")
	test.Tap(ci.SaveAlias)
	waitFor(t, "the alias in the list", func() bool {
		_, ok := func() (screens.ChatRow, bool) { _, r, ok := alice.row("Bobby"); return r, ok }()
		return ok
	})
	if ci.Name.Text != "Bobby" || alice.ctl.Chat.Title.Text != "Bobby" {
		t.Errorf("alias not shown: %q / %q", ci.Name.Text, alice.ctl.Chat.Title.Text)
	}

	ci.Mute.SetChecked(true)
	waitFor(t, "muted", func() bool { _, r, _ := alice.row("Bobby"); return r.Muted })
	ci.Disappear.SetSelected("1 day")
	waitFor(t, "disappearing offered", func() bool {
		return ci.Contact.DisappearOffered > 0 || ci.Contact.DisappearAfter > 0 || ci.Error.Text != ""
	})
	if ci.Error.Text != "" {
		t.Fatal(ci.Error.Text)
	}

	// A muted contact does not notify (alice is looking at another page).
	alice.ctl.ShowSettings()
	if _, err := bob.core.Send(context.Background(), br.Contact, api.Compose{Text: "psst"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the message in alice's list", func() bool { _, r, _ := alice.row("Bobby"); return r.Preview == "psst" && r.Unread == 1 })
	if len(alice.n.sent) != 0 {
		t.Errorf("muted contact notified: %v", alice.n.sent)
	}

	// bob looks at the chat while alice deletes him.
	bob.ctl.OpenChat(br.Contact)
	waitFor(t, "bob's chat", func() bool { return bob.ctl.Shell.Page() == bob.ctl.Chat.Root })

	// Clear chat, then delete the contact, both after confirming.
	alice.ctl.ShowContactInfo(r.Contact)
	waitFor(t, "the contact page", func() bool { return alice.ctl.Shell.Page() == ci.Root })
	test.Tap(ci.ClearChat)
	tapDialogButton(t, alice.w, "Clear")
	waitFor(t, "the chat cleared", func() bool { _, r, _ := alice.row("Bobby"); return r.Preview == "" && r.Unread == 0 })
	test.Tap(ci.Delete)
	tapDialogButton(t, alice.w, "Delete")
	waitFor(t, "the contact gone", func() bool {
		_, _, ok := alice.row("Bobby")
		return !ok && alice.ctl.Shell.Page() == alice.ctl.Welcome.Root
	})
	waitFor(t, "bob told", func() bool {
		return bob.ctl.Chat.Composer.Disabled() && strings.Contains(bob.ctl.Chat.Notice.Text, "deleted this contact")
	})
}

func TestAddressRequestsAndQRImages(t *testing.T) {
	a := test.NewTempApp(t)
	relay := smptest.StartRelay(t)
	alice, bob := newPeer(t, a, relay, "alice"), newPeer(t, a, relay, "bob")

	// bob makes an address.
	bob.ctl.ShowNewChat(screens.TabAddress)
	ap := bob.ctl.NewChat.Address
	waitFor(t, "the address tab", func() bool { return ap.Create.Visible() })
	test.Tap(ap.Create)
	waitFor(t, "the address", func() bool { return ap.Address != nil || ap.Error.Text != "" })
	if ap.Error.Text != "" {
		t.Fatal(ap.Error.Text)
	}
	addr := ap.Current()
	if ap.QR() == nil || ap.QR().Text() != addr {
		t.Fatal("no QR code for the address")
	}

	// alice reads it from a QR picture (file path) and from the clipboard.
	png, err := qrcode.Encode(addr, qrcode.Medium, 512)
	if err != nil {
		t.Fatal(err)
	}
	cp := alice.ctl.NewChat.Connect
	alice.ctl.ShowNewChat(screens.TabConnect)
	alice.ctl.ConnectFromImage([]byte("not a picture"))
	waitFor(t, "the bad picture refused", func() bool { return cp.Error.Text != "" })
	a.Clipboard().SetContent("")
	alice.ctl.ClipboardImage = func() ([]byte, error) { return png, nil }
	test.Tap(cp.PasteImage)
	waitFor(t, "the plan from the clipboard picture", func() bool { return cp.CurrentPlan() != nil || cp.Error.Text != "" })
	if cp.Error.Text != "" || cp.CurrentPlan().Kind != api.PlanAddress {
		t.Fatalf("plan %+v error %q", cp.CurrentPlan(), cp.Error.Text)
	}
	if strings.TrimSpace(cp.LinkEntry.Text) != addr {
		t.Error("decoded link not shown")
	}
	test.Tap(cp.Connect)
	waitFor(t, "the request sent", func() bool { return cp.Result.Text != "" || cp.Error.Text != "" })
	if cp.Error.Text != "" {
		t.Fatal(cp.Error.Text)
	}

	// bob: a request row, notified, accepted from the Requests tab.
	waitFor(t, "bob's request row", func() bool {
		return len(bob.ctl.Sidebar.Rows) > 0 && bob.ctl.Sidebar.Rows[0].Kind == screens.RowRequest
	})
	bob.ctl.Sidebar.List.Select(0)
	rp := bob.ctl.NewChat.Requests
	waitFor(t, "the requests tab", func() bool {
		return bob.ctl.NewChat.Tabs.Selected().Text == screens.TabRequests && len(rp.Rows) == 1
	})
	if rp.Rows[0].Request.DisplayName != "alice" {
		t.Errorf("request from %q", rp.Rows[0].Request.DisplayName)
	}
	waitFor(t, "bob's notification", func() bool { bob.n.mu.Lock(); defer bob.n.mu.Unlock(); return len(bob.n.sent) > 0 })
	test.Tap(rp.Rows[0].Accept)
	waitFor(t, "bob's chat with alice", func() bool {
		return bob.ctl.Shell.Page() == bob.ctl.Chat.Root && bob.ctl.Chat.Contact.Name() == "alice"
	})
	waitFor(t, "alice connected", func() bool { _, r, ok := alice.row("bob"); return ok && r.Preview != "Connecting…" })

	// Auto-accept with a welcome message, then delete the address.
	bob.ctl.ShowNewChat(screens.TabAddress)
	waitFor(t, "the address again", func() bool { return ap.Address != nil && ap.Delete.Visible() })
	ap.AutoAccept.SetChecked(true)
	ap.Welcome.SetText("Welcome!")
	test.Tap(ap.Save)
	waitFor(t, "settings saved", func() bool { return ap.Address.AutoAccept && ap.Address.WelcomeMessage == "Welcome!" })
	test.Tap(ap.Delete)
	tapDialogButton(t, bob.w, "Delete")
	waitFor(t, "the address deleted", func() bool { return ap.Address == nil && ap.Create.Visible() })

	// Using our own link is recognised by the plan.
	pc, err := bob.core.CreateLink(context.Background(), bob.ctl.chats.profile, false)
	if err != nil {
		t.Fatal(err)
	}
	bob.ctl.OpenLink(pc.Link)
	bcp := bob.ctl.NewChat.Connect
	waitFor(t, "own-link plan", func() bool { return bcp.CurrentPlan() != nil || bcp.Error.Text != "" })
	if p := bcp.CurrentPlan(); p == nil || p.Kind != api.PlanOwnLink || !bcp.Connect.Disabled() {
		t.Errorf("own link: plan %+v, error %q, connect enabled %v", p, bcp.Error.Text, !bcp.Connect.Disabled())
	}

	// The unused link is a pending row; opening it shows the link, which
	// can be deleted.
	row := -1
	waitFor(t, "bob's pending row", func() bool {
		for i, r := range bob.ctl.Sidebar.Visible {
			if r.Kind == screens.RowPending && r.Pending == pc.ID {
				row = i
				return true
			}
		}
		return false
	})
	bob.ctl.Sidebar.List.Select(row)
	lp := bob.ctl.NewChat.Link
	waitFor(t, "the pending link shown", func() bool { return lp.Pending != nil && lp.Pending.ID == pc.ID })
	test.Tap(lp.Delete)
	tapDialogButton(t, bob.w, "Delete")
	waitFor(t, "the pending row gone", func() bool {
		for _, r := range bob.ctl.Sidebar.Rows {
			if r.Kind == screens.RowPending {
				return false
			}
		}
		return lp.Pending == nil
	})
}

func TestNotificationPreviewModes(t *testing.T) {
	_, alice, bob := connectedPeers(t)
	_, br, _ := bob.row("alice")
	send := func(text string) {
		t.Helper()
		if _, err := bob.core.Send(context.Background(), br.Contact, api.Compose{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	notes := func(n int) []string {
		waitFor(t, "notifications", func() bool { alice.n.mu.Lock(); defer alice.n.mu.Unlock(); return len(alice.n.sent) >= n })
		alice.n.mu.Lock()
		defer alice.n.mu.Unlock()
		return append([]string(nil), alice.n.sent...)
	}
	// A burst (one event with several items, as after being offline) is
	// one notification per chat.
	_, ar, _ := alice.row("bob")
	alice.ctl.notifyItems([]api.ChatItem{{ContactID: ar.Contact, Text: "first"}, {ContactID: ar.Contact, Text: "*second*"}})
	if got := notes(1)[0]; got != "bob: second (2 new messages)" {
		t.Errorf("burst notification %q", got)
	}
	test.Tap(alice.ctl.Sidebar.SettingsButton)
	alice.ctl.Settings.Prefs.SelectPreviewMode(prefs.PreviewName)
	send("secret plans")
	if got := notes(2)[1]; got != "bob: New message" {
		t.Errorf("name-only notification %q", got)
	}
	alice.ctl.Settings.Prefs.SelectPreviewMode(prefs.PreviewHidden)
	send("more")
	if got := notes(3)[2]; got != "Duplex: New message" {
		t.Errorf("hidden notification %q", got)
	}
	st, _ := prefs.Load(alice.ctl.dataDir)
	if st.NotifyPreview != prefs.PreviewHidden {
		t.Errorf("mode not saved: %q", st.NotifyPreview)
	}
	// Off: nothing more.
	alice.ctl.Settings.Prefs.Notifications.SetChecked(false)
	send("quiet")
	waitFor(t, "the third message", func() bool { _, r, _ := alice.row("bob"); return r.Unread == 3 })
	if n := len(notes(3)); n != 3 {
		t.Errorf("%d notifications with notifications off", n)
	}
	// The chat list hides message text when asked.
	alice.ctl.Settings.Prefs.ListPreviews.SetChecked(false)
	if _, r, _ := alice.row("bob"); r.Preview != screens.NoPreviewText {
		t.Errorf("preview %q with list previews off", r.Preview)
	}
}
