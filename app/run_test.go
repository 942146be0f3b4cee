package app

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"duplex/app/controller"
	"duplex/app/prefs"
	"duplex/core"
	"duplex/core/api"
	"duplex/db"
	"duplex/net/smp/server/smptest"
	"duplex/resources"
)

// No test here may reach the developer's real keychain.
func TestMain(m *testing.M) {
	os.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/duplex-test-no-bus")
	os.Exit(m.Run())
}

func newWired(t *testing.T, a fyne.App, c *core.Local, dir string) (*controller.Controller, *unreadDesktop, fyne.Window) {
	t.Helper()
	state, err := prefs.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctl := controller.New(a, c, dir, state, fyne.NewStaticResource("icon.png", resources.IconPNG), nil)
	w := test.NewTempWindow(t, ctl.Content())
	ctl.AttachWindow(w)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctl, wireDesktop(ctx, a, w, ctl, c, Launch{}), w
}

// The Settings › Desktop checkbox is the close-to-tray setting, both ways.
// (Links handed over go to Controller.OpenLink, tested in app/controller.)
func TestDesktopSettingsAndLinks(t *testing.T) {
	a := test.NewTempApp(t)
	dir := t.TempDir()
	c, err := core.Open(core.Options{DataDir: dir, KDF: &core.KDFCost{Time: 1, MemoryKiB: 64, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })

	ctl, d, _ := newWired(t, a, c, dir)
	check := ctl.Settings.Desktop.CloseToTray
	if check.Checked || d.CloseToTray() {
		t.Fatal("close to tray is on by default")
	}
	test.Tap(check)
	if !d.CloseToTray() {
		t.Fatal("ticking the checkbox did not turn close to tray on")
	}
	if st, err := prefs.Load(dir); err != nil || !st.CloseToTray {
		t.Fatalf("close to tray not stored in %s: %+v, %v", prefs.FileName, st, err)
	}
	// A later start shows the stored setting.
	ctl2, _, _ := newWired(t, a, c, dir)
	if !ctl2.Settings.Desktop.CloseToTray.Checked {
		t.Fatal("the checkbox does not show the stored setting")
	}

	// No database yet: nothing is unread, and that is not an error.
	if n, err := countUnread(context.Background(), c); n != 0 || err != nil {
		t.Fatalf("countUnread on a fresh core = %d, %v", n, err)
	}

}

// unreadCore is a core that has chats with unread messages and tells when
// they change — only what the unread count uses. Everything else panics.
type unreadCore struct {
	api.Client
	mu       sync.Mutex
	profiles []api.Profile
	chats    map[api.ProfileID][]api.ChatSummary
	events   chan api.Event
	watched  atomic.Int32
}

func (c *unreadCore) Profiles(ctx context.Context) ([]api.Profile, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]api.Profile(nil), c.profiles...), nil
}

func (c *unreadCore) Chats(ctx context.Context, p api.ProfileID) ([]api.ChatSummary, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]api.ChatSummary(nil), c.chats[p]...), nil
}

func (c *unreadCore) Watch(ctx context.Context, mask api.EventMask) (<-chan api.Event, error) {
	if !mask.Has(api.EvNewItems) || mask.Has(api.EvServerStatus) {
		return nil, errors.New("unexpected mask")
	}
	c.watched.Add(1)
	return c.events, nil
}

func chat(id api.ContactID, unread int, muted bool) api.ChatSummary {
	return api.ChatSummary{Contact: api.Contact{ID: id, Muted: muted}, Unread: unread}
}

// The tray and title count unread messages over every profile, leaving out
// muted profiles and chats, and follow the core's events.
func TestUnreadCountFollowsTheCore(t *testing.T) {
	a := test.NewTempApp(t)
	c := &unreadCore{
		profiles: []api.Profile{{ID: 1, Active: true}, {ID: 2}, {ID: 3, Muted: true}},
		chats: map[api.ProfileID][]api.ChatSummary{
			1: {chat(10, 2, false), chat(11, 5, true)},
			2: {chat(20, 1, false)},
			3: {chat(30, 9, false)},
		},
		events: make(chan api.Event, 1),
	}
	w := &lockedTitle{Window: test.NewTempWindow(t, nil)}
	ctl := controller.New(a, c, t.TempDir(), prefs.Defaults(), fyne.NewStaticResource("icon.png", resources.IconPNG), nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := wireDesktop(ctx, a, w, ctl, c, Launch{})
	title := w.Title
	waitTitle := func(want string) {
		t.Helper()
		for i := 0; i < 5000 && title() != want; i++ {
			time.Sleep(time.Millisecond)
		}
		if got := title(); got != want {
			t.Fatalf("title %q, want %q", got, want)
		}
	}
	waitTitle("Duplex (3)")
	// A message arrives: the core says so, the count follows.
	c.mu.Lock()
	c.chats[2] = []api.ChatSummary{chat(20, 4, false)}
	c.mu.Unlock()
	c.events <- api.Event{Type: api.EvNewItems, ProfileID: 2}
	waitTitle("Duplex (6)")
	// Read on this desktop (no core event for that): focus changes recount.
	c.mu.Lock()
	c.chats[1], c.chats[2] = nil, nil
	c.mu.Unlock()
	d.Recount()
	waitTitle("Duplex")
	if c.watched.Load() != 1 {
		t.Fatalf("watched %d times", c.watched.Load())
	}
}

// lockedTitle serialises title access: the test driver runs fyne.Do on the
// calling goroutine, so the count's update and the test's read would race.
type lockedTitle struct {
	fyne.Window
	mu sync.Mutex
}

func (w *lockedTitle) SetTitle(s string) { w.mu.Lock(); defer w.mu.Unlock(); w.Window.SetTitle(s) }
func (w *lockedTitle) Title() string     { w.mu.Lock(); defer w.mu.Unlock(); return w.Window.Title() }

// realPeer is a core with a key-file database, one profile and only the
// test's relay.
func realPeer(t *testing.T, relay *smptest.Relay, name string) (*core.Local, api.ProfileID) {
	t.Helper()
	dir := t.TempDir()
	key := filepath.Join(dir, "key")
	if err := db.WriteKeyFile(key, rand.Reader); err != nil {
		t.Fatal(err)
	}
	c, err := core.Open(core.Options{DataDir: filepath.Join(dir, "data"), KeyFile: key,
		KDF: &core.KDFCost{Time: 1, MemoryKiB: 64, Threads: 1}, Servers: []string{relay.Address().String()},
		SMP: &core.SMPTuning{RequestTimeout: 5 * time.Second, ReconnectMin: 50 * time.Millisecond, ReconnectMax: 300 * time.Millisecond,
			RetryMin: 50 * time.Millisecond, RetryMax: 300 * time.Millisecond, NoPing: true}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ctx := context.Background()
	if err := c.CreateStorage(ctx, api.ProtectionKeyFile, ""); err != nil {
		t.Fatal(err)
	}
	p, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: name})
	if err != nil {
		t.Fatal(err)
	}
	return c, p.ID
}

// Two real cores over an in-process relay: messages bob sends show up in
// alice's title and tray count, and reading them clears it.
func TestUnreadCountOverRealCores(t *testing.T) {
	if testing.Short() {
		t.Skip("two cores and a relay")
	}
	relay := smptest.StartRelay(t)
	alice, ap := realPeer(t, relay, "alice")
	bob, bp := realPeer(t, relay, "bob")
	ctx := context.Background()
	pc, err := alice.CreateLink(ctx, ap, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bob.Connect(ctx, bp, pc.Link, false); err != nil {
		t.Fatal(err)
	}
	ready := func(c *core.Local, p api.ProfileID) api.ContactID {
		for i := 0; i < 300; i++ {
			chats, err := c.Chats(ctx, p)
			if err == nil && len(chats) == 1 && chats[0].Contact.Ready {
				return chats[0].Contact.ID
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatal("the contacts did not connect")
		return 0
	}
	aliceSeesBob, bobSeesAlice := ready(alice, ap), ready(bob, bp)

	a := test.NewTempApp(t)
	w := &lockedTitle{Window: test.NewTempWindow(t, nil)}
	w.SetTitle(Title)
	ctl := controller.New(a, alice, t.TempDir(), prefs.Defaults(), fyne.NewStaticResource("icon.png", resources.IconPNG), nil)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	d := wireDesktop(wctx, a, w, ctl, alice, Launch{})
	waitTitle := func(want string) {
		t.Helper()
		for i := 0; i < 300 && w.Title() != want; i++ {
			time.Sleep(50 * time.Millisecond)
		}
		if got := w.Title(); got != want {
			t.Fatalf("title %q, want %q", got, want)
		}
	}
	waitTitle("Duplex")
	for _, text := range []string{"one", "two"} {
		if _, err := bob.Send(ctx, bobSeesAlice, api.Compose{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	waitTitle("Duplex (2)")
	// Alice reads the chat with the window in front: no focus change comes
	// (none ever does without a window manager), the core's read event
	// alone clears the count.
	if err := alice.MarkRead(ctx, aliceSeesBob, 0); err != nil {
		t.Fatal(err)
	}
	waitTitle("Duplex")
	d.Recount() // a focus change later keeps it
	waitTitle("Duplex")
}
