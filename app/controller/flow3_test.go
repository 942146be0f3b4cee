package controller

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	qrcode "github.com/skip2/go-qrcode"

	"duplex/app/prefs"
	"duplex/app/screens"
	"duplex/core/api"
	"duplex/net/smp/server/smptest"
)

func TestNetworkSettings(t *testing.T) {
	relay := smptest.StartRelay(t)
	ctl, _, _ := newShell(t, &recordingNotifier{})
	test.Tap(ctl.Sidebar.SettingsButton)
	s := ctl.Settings.Servers
	waitFor(t, "the preset servers", func() bool { return len(s.Rows) > 0 || s.Error.Text != "" })
	if s.Error.Text != "" {
		t.Fatal(s.Error.Text)
	}
	for _, r := range s.Rows {
		if r.Server.Operator == "" || !r.Remove.Disabled() {
			t.Errorf("preset %s: operator %q, removable %v", r.Server.Address, r.Server.Operator, !r.Remove.Disabled())
		}
	}
	presets := len(s.Rows)

	test.Type(s.AddEntry, "smp://not-a-server")
	test.Tap(s.Add)
	waitFor(t, "the refusal", func() bool { return s.Error.Text != "" })

	addr := relay.Address().String()
	s.AddEntry.SetText(addr)
	test.Tap(s.Add)
	waitFor(t, "the added server", func() bool { return s.Row(addr) != nil })
	r := s.Row(addr)
	if !r.Enabled.Checked || r.Remove.Disabled() || !strings.Contains(r.Name.Text, "your server") || s.AddEntry.Text != "" {
		t.Errorf("own server row: enabled %v removable %v name %q", r.Enabled.Checked, !r.Remove.Disabled(), r.Name.Text)
	}
	test.Tap(r.Test)
	waitFor(t, "the test result", func() bool { r := s.Row(addr); return r != nil && strings.HasPrefix(r.Result.Text, "OK") })

	s.Row(addr).Enabled.SetChecked(false)
	waitFor(t, "the server disabled", func() bool { r := s.Row(addr); return r != nil && !r.Enabled.Checked && !r.Server.Enabled })
	test.Tap(s.Row(addr).Remove)
	waitFor(t, "the server removed", func() bool { return s.Row(addr) == nil && len(s.Rows) == presets })

	// Added again from a picture of its QR code; a picture without one is refused.
	s.Error.SetText("")
	ctl.AddServerFromImage([]byte("not a picture"))
	waitFor(t, "the bad picture refused", func() bool { return s.Error.Text != "" })
	png, err := qrcode.Encode(addr, qrcode.Medium, 512)
	if err != nil {
		t.Fatal(err)
	}
	ctl.AddServerFromImage(png)
	waitFor(t, "the server added from its QR picture", func() bool { return s.Row(addr) != nil })
}

func TestProfileSwitcherAndShortcuts(t *testing.T) {
	ctl, w, _ := newShell(t, &recordingNotifier{})
	if _, err := ctl.client.CreateProfile(context.Background(), api.NewProfile{DisplayName: "work"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "two profiles in the switcher", func() bool { return len(ctl.Sidebar.Profiles.Options) == 2 })
	if ctl.Sidebar.Profiles.Selected != "alice" {
		t.Errorf("switcher shows %q", ctl.Sidebar.Profiles.Selected)
	}
	ctl.Sidebar.Profiles.SetSelected("work")
	waitFor(t, "work active", func() bool { return ctl.profile().DisplayName == "work" })
	if ctl.Sidebar.Profiles.Selected != "work" {
		t.Errorf("switcher shows %q after switching", ctl.Sidebar.Profiles.Selected)
	}

	// Ctrl+K focuses the search box; Ctrl+N from it opens New chat.
	if !ctl.HandleShortcut(shortcutSearch) || w.Canvas().Focused() != ctl.Sidebar.Search {
		t.Fatal("Ctrl+K did not focus the search box")
	}
	ctl.Sidebar.Search.TypedShortcut(shortcutNew)
	if ctl.Shell.Page() != ctl.NewChat.Root {
		t.Fatal("Ctrl+N did not open New chat")
	}
}

func TestLinkBeforeShellAndBadLink(t *testing.T) {
	ctl, _, _ := newApp(t, t.TempDir(), &recordingNotifier{})
	const bad = "https://127.0.0.1/i#not-a-real-link" // loopback: even a resolve attempt stays local
	ctl.OpenLink(bad)                                 // a launch with a link, before the first run is done
	firstRun(t, ctl, "alice", "pw")
	cp := ctl.NewChat.Connect
	waitFor(t, "the waiting link opened", func() bool { return ctl.Shell.Page() == ctl.NewChat.Root && cp.Error.Text != "" })
	if strings.TrimSpace(cp.LinkEntry.Text) != bad || !cp.Connect.Disabled() || !strings.Contains(cp.Error.Text, "cannot be used") {
		t.Errorf("link %q, connect enabled %v, error %q", cp.LinkEntry.Text, !cp.Connect.Disabled(), cp.Error.Text)
	}
	// The search box offers to connect to a pasted link.
	ctl.ShowChats()
	ctl.Sidebar.Search.SetText(bad)
	if !ctl.Sidebar.ConnectLink.Visible() {
		t.Fatal("no Connect offer for a pasted link")
	}
	test.Tap(ctl.Sidebar.ConnectLink)
	waitFor(t, "the link in New chat", func() bool { return cp.LinkEntry.Text == bad && cp.Error.Text != "" })
	if ctl.Sidebar.Search.Text != "" {
		t.Error("search box kept the link")
	}
}

func TestOlderPagesAndFirstUnread(t *testing.T) {
	_, alice, bob := connectedPeers(t)
	_, ar, _ := alice.row("bob")
	const n = pageSize + 7
	for i := range n {
		if _, err := alice.core.Send(context.Background(), ar.Contact, api.Compose{Text: fmt.Sprintf("message %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "bob's unread count", func() bool { _, r, _ := bob.row("alice"); return r.Unread == n })
	i, r, _ := bob.row("alice")
	bob.ctl.Sidebar.List.Select(i)
	v := bob.ctl.Chat
	waitFor(t, "bob's chat", func() bool { return bob.ctl.Shell.Page() == v.Root && len(v.Items) > 0 })
	// More unread than a page: the chat opens at the first unread (the
	// page around it), not at the newest page.
	if _, ok := v.Item(r.FirstUnread); !ok || v.JumpUnread.Hidden || v.FirstUnread != r.FirstUnread {
		t.Fatalf("first page: %d items, first unread %d loaded %v, jump hidden %v", len(v.Items), r.FirstUnread, ok, v.JumpUnread.Hidden)
	}
	if !v.HasNewer {
		t.Fatal("a page from the middle does not offer newer messages")
	}
	// Jump to the first unread: loaded, so no fetch is needed.
	test.Tap(v.JumpUnread)
	waitFor(t, "the first unread loaded", func() bool { _, ok := v.Item(v.FirstUnread); return ok })
	// Scrolling down loads the newer pages until the newest.
	for v.HasNewer {
		bottom := v.Scroll.Content.MinSize().Height - v.Scroll.Size().Height
		v.Scroll.OnScrolled(v.Scroll.Offset.AddXY(0, bottom-v.Scroll.Offset.Y))
		waitFor(t, "a newer page", func() bool { return true }) // waitFor also waits for the load to be applied
	}
	if last := v.Items[len(v.Items)-1].Text; last != fmt.Sprintf("message %d", n-1) {
		t.Fatalf("after loading newer pages the last item is %q", last)
	}
	// Sending while reading an older page shows the newest page with it.
	v.SetChatAround(v.Contact, v.Items[:10], v.Items[5].ID)
	test.Type(v.Composer, "answer")
	v.Composer.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	waitFor(t, "the newest page with the answer", func() bool {
		return !v.HasNewer && len(v.Items) > 0 && v.Items[len(v.Items)-1].Text == "answer"
	})
	// Back to the newest page, then scroll to the top for the rest.
	bob.ctl.OpenChat(r.Contact)
	waitFor(t, "the newest page", func() bool {
		return len(v.Items) == pageSize && v.Items[len(v.Items)-1].Text == "answer"
	})
	v.Scroll.OnScrolled(v.Scroll.Offset.SubtractXY(0, v.Scroll.Offset.Y))
	waitFor(t, "the older page", func() bool { return len(v.Items) == n+1 })
	if v.HasOlder || v.Items[0].Text != "message 0" {
		t.Errorf("after the last page: older %v, first %q", v.HasOlder, v.Items[0].Text)
	}
	waitFor(t, "read", func() bool { _, r, _ := bob.row("alice"); return r.Unread == 0 })
	if got := bob.ctl.Pages.Showing(bob.ctl.Shell.Page()); got != screens.PageChat {
		t.Errorf("showing %s, want the chat", got)
	}
}

func TestFontScale(t *testing.T) {
	ctl, _, dir := newShell(t, &recordingNotifier{})
	test.Tap(ctl.Sidebar.SettingsButton)
	base := fyne.CurrentApp().Settings().Theme().Size(theme.SizeNameText)
	ctl.Settings.Prefs.FontScale.SetSelected(screens.FontScaleLabel(1.3))
	if got := fyne.CurrentApp().Settings().Theme().Size(theme.SizeNameText); got != base*1.3 {
		t.Errorf("text size %v, want %v", got, base*1.3)
	}
	st, err := prefs.Load(dir)
	if err != nil || st.FontScale != 1.3 {
		t.Errorf("saved scale %v (%v)", st.FontScale, err)
	}
	// The theme choice keeps the scale.
	ctl.Settings.Theme.SetSelected("Dark")
	if got := fyne.CurrentApp().Settings().Theme().Size(theme.SizeNameText); got != base*1.3 {
		t.Errorf("theme change lost the scale: %v", got)
	}
}

func TestSearchMessagesAcrossChats(t *testing.T) {
	_, alice, bob := connectedPeers(t)
	_, ar, _ := alice.row("bob")
	for _, text := range []string{"I like *bananas*", "apples are fine", "banana bread recipe?"} {
		if _, err := alice.core.Send(context.Background(), ar.Contact, api.Compose{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "bob's messages", func() bool { _, r, _ := bob.row("alice"); return r.Unread == 3 })
	s := bob.ctl.Sidebar
	test.Type(s.Search, "banana")
	waitFor(t, "the found messages", func() bool { return len(s.Found) == 2 })
	for _, r := range s.Found {
		if r.Kind != screens.RowMessage || r.Name != "alice" || !strings.Contains(strings.ToLower(r.Preview), "banana") {
			t.Errorf("result row %+v", r)
		}
	}
	if len(s.Visible) != 2 { // no chat is named "banana": only the messages
		t.Errorf("%d rows visible", len(s.Visible))
	}
	item := s.Found[len(s.Found)-1].Item
	s.List.Select(len(s.Visible) - 1)
	waitFor(t, "the chat at the found message", func() bool {
		_, ok := bob.ctl.Chat.Item(item)
		return ok && bob.ctl.Shell.Page() == bob.ctl.Chat.Root
	})
	test.Type(s.Search, "x") // "bananax": nothing
	waitFor(t, "no results", func() bool { return len(s.Found) == 0 })
}

func TestRelayDownShown(t *testing.T) {
	a := test.NewTempApp(t)
	relay := smptest.StartRelay(t, smptest.WithStore(t.TempDir()))
	alice, bob := newPeer(t, a, relay, "alice"), newPeer(t, a, relay, "bob")
	ctx := context.Background()
	pc, err := alice.core.CreateLink(ctx, alice.ctl.chats.profile, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bob.core.Connect(ctx, bob.ctl.chats.profile, pc.Link, false); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "connected", func() bool { _, r, ok := bob.row("alice"); return ok && r.Preview != "Connecting…" })
	s := bob.ctl.Sidebar
	if s.Status.Visible() {
		t.Fatalf("status shown while connected: %q", s.Status.Text)
	}
	relay.Stop()
	waitFor(t, "the relay shown down", func() bool { return s.Status.Visible() && strings.Contains(s.Status.Text, "127.0.0.1") })
	relay.Restart()
	waitFor(t, "the relay back", func() bool { return !s.Status.Visible() })
}
