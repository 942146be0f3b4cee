package controller

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"duplex/app/prefs"
	"duplex/app/screens"
	"duplex/app/widgets"
	"duplex/core"
	"duplex/core/api"
	"duplex/db"
	"duplex/net/smp/server/smptest"
	"duplex/resources"
)

// peer is one desktop: a real core with its own data dir and key file,
// using the test's relay, and the controller in a test window.
type peer struct {
	name string
	ctl  *Controller
	w    fyne.Window
	core *core.Local
	n    *recordingNotifier
}

func newPeer(t *testing.T, a fyne.App, relay *smptest.Relay, name string) *peer {
	t.Helper()
	dir := t.TempDir()
	key := filepath.Join(dir, "key")
	if err := db.WriteKeyFile(key, rand.Reader); err != nil {
		t.Fatal(err)
	}
	c, err := core.Open(core.Options{DataDir: filepath.Join(dir, "data"), KeyFile: key, KDF: cheapKDF,
		Servers: []string{relay.Address().String()},
		SMP: &core.SMPTuning{RequestTimeout: 5 * time.Second, ReconnectMin: 50 * time.Millisecond, ReconnectMax: 300 * time.Millisecond,
			RetryMin: 50 * time.Millisecond, RetryMax: 300 * time.Millisecond, NoPing: true}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.CreateStorage(context.Background(), api.ProtectionKeyFile, ""); err != nil {
		t.Fatal(err)
	}
	p := &peer{name: name, core: c, n: &recordingNotifier{}}
	p.ctl = New(a, c, dir, prefs.Defaults(), fyne.NewStaticResource("icon.png", resources.IconPNG), p.n)
	running = append(running, p.ctl)
	t.Cleanup(func() { running = nil })
	p.w = test.NewTempWindow(t, p.ctl.Content())
	p.ctl.AttachWindow(p.w)
	p.w.Resize(fyne.NewSize(1000, 700))
	p.ctl.Load(nil)
	// Create the profile through the first-run page (the database exists).
	waitFor(t, name+"'s first-run page", func() bool { return p.ctl.Screen() == p.ctl.FirstRun.Root })
	test.Type(p.ctl.FirstRun.DisplayName, name)
	test.Tap(p.ctl.FirstRun.Submit)
	waitFor(t, name+"'s shell", func() bool { return p.ctl.Screen() == p.ctl.Shell.Root && p.ctl.chats.watching })
	return p
}

// row finds a chat list row by name.
func (p *peer) row(name string) (int, screens.ChatRow, bool) {
	for i, r := range p.ctl.Sidebar.Visible {
		if r.Kind == screens.RowChat && r.Name == name {
			return i, r, true
		}
	}
	return 0, screens.ChatRow{}, false
}

// item finds a loaded item of the open chat by a predicate.
func (p *peer) item(ok func(api.ChatItem) bool) (api.ChatItem, bool) {
	for _, it := range p.ctl.Chat.Items {
		if ok(it) {
			return it, true
		}
	}
	return api.ChatItem{}, false
}

func hasText(s string) func(api.ChatItem) bool {
	return func(it api.ChatItem) bool { return it.Text == s }
}

// TestTwoDesktopsChat drives two desktops over an in-process relay: create
// profiles, create a link in one, connect from the other, send, reply,
// edit, react and delete — every step checked on the widgets.
func TestTwoDesktopsChat(t *testing.T) {
	a := test.NewTempApp(t)
	relay := smptest.StartRelay(t)
	alice := newPeer(t, a, relay, "alice")
	bob := newPeer(t, a, relay, "bob")
	if !strings.Contains(visibleTexts(alice.w), screens.EmptyChatsText) {
		t.Fatal("a new profile does not show the empty chat list")
	}

	// alice: New chat → create a one-time link, shown as a QR code.
	test.Tap(alice.ctl.Sidebar.NewChat)
	if alice.ctl.Shell.Page() != alice.ctl.NewChat.Root {
		t.Fatal("New chat did not open")
	}
	lp := alice.ctl.NewChat.Link
	test.Tap(lp.Create)
	waitFor(t, "the one-time link", func() bool { return lp.Pending != nil || lp.Error.Text != "" })
	if lp.Error.Text != "" {
		t.Fatal(lp.Error.Text)
	}
	link := lp.Current()
	if lp.QR() == nil || lp.QR().Text() != link || link == "" {
		t.Fatalf("QR code shows %v, link %q", lp.QR(), link)
	}
	test.Tap(lp.Copy)
	if a.Clipboard().Content() != link {
		t.Error("Copy link did not copy")
	}
	waitFor(t, "alice's pending row", func() bool {
		return len(alice.ctl.Sidebar.Rows) == 1 && alice.ctl.Sidebar.Rows[0].Kind == screens.RowPending
	})

	// bob: the link arrives as a simplex: launch would; the plan shows first.
	bob.ctl.OpenLink(link)
	cp := bob.ctl.NewChat.Connect
	waitFor(t, "bob's connection plan", func() bool { return cp.CurrentPlan() != nil || cp.Error.Text != "" })
	if cp.Error.Text != "" || cp.CurrentPlan().Kind != api.PlanInvitation || cp.Connect.Disabled() {
		t.Fatalf("plan %+v, error %q", cp.CurrentPlan(), cp.Error.Text)
	}
	test.Tap(cp.Connect)
	waitFor(t, "bob to connect", func() bool { return cp.Result.Text != "" || cp.Error.Text != "" })
	if cp.Error.Text != "" {
		t.Fatal(cp.Error.Text)
	}

	// Both lists get the contact, ready.
	ready := func(p *peer, name string) func() bool {
		return func() bool {
			_, r, ok := p.row(name)
			return ok && r.Preview != "Connecting…"
		}
	}
	waitFor(t, "alice's chat with bob", ready(alice, "bob"))
	waitFor(t, "bob's chat with alice", ready(bob, "alice"))

	// alice opens the chat (↓ from the search box) and sends.
	alice.ctl.Sidebar.Search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	waitFor(t, "alice's chat view", func() bool {
		return alice.ctl.Shell.Page() == alice.ctl.Chat.Root && alice.ctl.Chat.Contact.Name() == "bob" && !alice.ctl.Chat.Composer.Disabled()
	})
	av := alice.ctl.Chat
	test.Type(av.Composer, "hello *bob*")
	av.Composer.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	waitFor(t, "alice's message delivered", func() bool {
		it, ok := alice.item(hasText("hello *bob*"))
		return ok && it.Status == api.StatusDelivered
	})
	if av.Composer.Text != "" {
		t.Errorf("composer kept %q after sending", av.Composer.Text)
	}
	sent, _ := alice.item(hasText("hello *bob*"))
	if f := av.Bubbles[sent.ID].Footer.Text; !strings.HasSuffix(f, "✓✓") {
		t.Errorf("delivered tick missing: %q", f)
	}

	// bob sees it unread in the list, notified with the sender's name.
	waitFor(t, "bob's unread badge", func() bool { _, r, ok := bob.row("alice"); return ok && r.Unread == 1 })
	if _, r, _ := bob.row("alice"); r.Preview != "hello bob" {
		t.Errorf("bob's preview %q", r.Preview)
	}
	waitFor(t, "bob's notification", func() bool { bob.n.mu.Lock(); defer bob.n.mu.Unlock(); return len(bob.n.sent) == 1 })
	if got := bob.n.sent[0]; got != "alice: hello bob" {
		t.Errorf("notification %q", got)
	}
	i, _, _ := bob.row("alice")
	bob.ctl.Sidebar.List.Select(i)
	bv := bob.ctl.Chat
	waitFor(t, "bob's chat view with the message", func() bool {
		_, ok := bob.item(hasText("hello *bob*"))
		return ok && bob.ctl.Shell.Page() == bv.Root
	})
	got, _ := bob.item(hasText("hello *bob*"))
	if bv.FirstUnread != got.ID {
		t.Errorf("unread marker at %d, want %d", bv.FirstUnread, got.ID)
	}
	waitFor(t, "bob's chat marked read", func() bool { _, r, _ := bob.row("alice"); return r.Unread == 0 })

	// bob replies; alice's bubble shows the quote.
	if !bv.Run(got.ID, "Reply") {
		t.Fatal("no Reply action")
	}
	test.Type(bv.Composer, "hi alice")
	bv.Composer.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	waitFor(t, "the reply at alice", func() bool {
		it, ok := alice.item(hasText("hi alice"))
		return ok && it.Quote != nil && it.Quote.ItemID == sent.ID && av.Bubbles[it.ID] != nil && av.Bubbles[it.ID].Quote != nil
	})
	if alice.n.sent != nil {
		t.Errorf("alice was notified about the chat she has open: %v", alice.n.sent)
	}

	// alice edits her message; bob sees the new text marked edited.
	av.Run(sent.ID, "Edit")
	av.Composer.SetText("hello *bobby*")
	av.Composer.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	waitFor(t, "the edit at bob", func() bool {
		it, ok := bob.item(func(it api.ChatItem) bool { return it.ID == got.ID })
		return ok && it.Text == "hello *bobby*" && it.Edited && strings.Contains(bv.Bubbles[it.ID].Footer.Text, "edited")
	})

	// bob can read the versions.
	bv.Run(got.ID, "Edit history")
	waitFor(t, "the history dialog", func() bool { return bob.w.Canvas().Overlays().Top() != nil })
	var history string
	for _, o := range test.LaidOutObjects(bob.w.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok {
			history += l.Text + "\n"
		}
	}
	if !strings.Contains(history, "hello bob") || !strings.Contains(history, "hello bobby") {
		t.Errorf("history dialog shows:\n%s", history)
	}
	bob.w.Canvas().Overlays().Top().Hide()
	bob.w.Canvas().Overlays().Remove(bob.w.Canvas().Overlays().Top())

	// bob reacts; alice sees the count.
	bv.Run(got.ID, "React 👍")
	waitFor(t, "the reaction at alice", func() bool {
		it, ok := alice.item(func(it api.ChatItem) bool { return it.ID == sent.ID })
		b := av.Bubbles[sent.ID]
		return ok && len(it.Reactions) == 1 && it.Reactions[0].Emoji == "👍" && b != nil && len(b.Reactions) == 1 &&
			b.Reactions[0].Text == "👍 1"
	})

	// alice deletes for everyone; bob's copy says so.
	av.Run(sent.ID, "Delete for everyone")
	waitFor(t, "the deletion at bob", func() bool {
		it, ok := bob.item(func(it api.ChatItem) bool { return it.ID == got.ID })
		return ok && it.Deleted && bv.Bubbles[it.ID] != nil && strings.Contains(richText(bv.Bubbles[it.ID]), widgets.DeletedText)
	})
	// bob deletes his reply for himself only.
	reply, _ := bob.item(hasText("hi alice"))
	bv.Run(reply.ID, "Delete for me")
	waitFor(t, "bob's reply gone", func() bool { _, ok := bob.item(hasText("hi alice")); return !ok })
	if _, ok := alice.item(hasText("hi alice")); !ok {
		t.Error("delete for me removed alice's copy")
	}

	// A draft stays with its chat; a dropped file is refused with a message.
	test.Type(bv.Composer, "draft for alice")
	bob.ctl.ShowSettings()
	bob.ctl.OpenChat(bv.Contact.ID)
	waitFor(t, "bob's chat again", func() bool { return bob.ctl.Shell.Page() == bv.Root })
	if bv.Composer.Text != "draft for alice" {
		t.Errorf("draft %q", bv.Composer.Text)
	}
	bob.ctl.Dropped([]fyne.URI{storage.NewFileURI("/tmp/x.png")})
	if !bv.Notice.Visible() || bv.Notice.Text != screens.FileTransferText {
		t.Errorf("drop notice %q", bv.Notice.Text)
	}
}

func richText(b *widgets.Bubble) string {
	var s []string
	for _, seg := range b.Text.Segments {
		s = append(s, seg.Textual())
	}
	return strings.Join(s, "")
}
