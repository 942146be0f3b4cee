package desktop

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// spyWindow is a real test-driver window that also records what the
// integration asked of it (the test driver keeps visibility and focus private).
type spyWindow struct {
	fyne.Window
	calls []string
	mu    sync.Mutex // the test driver runs fyne.Do on the caller's goroutine
}

func (w *spyWindow) SetTitle(s string) { w.mu.Lock(); defer w.mu.Unlock(); w.Window.SetTitle(s) }
func (w *spyWindow) Title() string     { w.mu.Lock(); defer w.mu.Unlock(); return w.Window.Title() }

func (w *spyWindow) Hide()         { w.calls = append(w.calls, "hide"); w.Window.Hide() }
func (w *spyWindow) Show()         { w.calls = append(w.calls, "show"); w.Window.Show() }
func (w *spyWindow) RequestFocus() { w.calls = append(w.calls, "focus"); w.Window.RequestFocus() }
func (w *spyWindow) Close()        { w.calls = append(w.calls, "close"); w.Window.Close() }

// newTest returns an integration over a test window; closed reports whether
// the window was really closed (its OnClosed ran).
func newTest(t *testing.T) (*Integration, fyne.App, *spyWindow, *bool) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := &spyWindow{Window: a.NewWindow("Duplex")}
	w.SetContent(widget.NewLabel("chats"))
	closed := new(bool)
	w.SetOnClosed(func() { *closed = true })
	return New(a, w, "Duplex"), a, w, closed
}

func labels(m *fyne.Menu) []string {
	var out []string
	for _, i := range m.Items {
		if !i.IsSeparator {
			out = append(out, i.Label)
		}
	}
	return out
}

func TestTrayMenuAndTitleShowUnread(t *testing.T) {
	d, _, w, _ := newTest(t)
	if got := labels(d.Menu()); len(got) != 3 || got[0] != "Open Duplex" || got[1] != "No unread messages" || got[2] != "Quit" {
		t.Fatalf("menu %q", got)
	}
	if !d.Quit.IsQuit {
		t.Error("Quit is not marked as the quit item (Fyne would add a second one)")
	}
	for _, c := range []struct {
		n            int
		label, title string
	}{
		{3, "3 unread messages", "Duplex (3)"},
		{1, "1 unread message", "Duplex (1)"},
		{0, "No unread messages", "Duplex"},
		{-2, "No unread messages", "Duplex"},
	} {
		d.SetUnread(c.n)
		if d.Unread.Label != c.label || w.Title() != c.title {
			t.Errorf("SetUnread(%d): menu %q, title %q; want %q, %q", c.n, d.Unread.Label, w.Title(), c.label, c.title)
		}
	}
}

func TestCloseToTray(t *testing.T) {
	d, _, w, closed := newTest(t)
	before := 0
	d.BeforeClose = func() { before++ }
	if d.CloseToTray() {
		t.Fatal("close to tray must be off by default")
	}
	d.SetCloseToTray(true)
	d.CloseRequested()
	if *closed || !d.Hidden() {
		t.Fatalf("close with close-to-tray: closed=%v hidden=%v", *closed, d.Hidden())
	}
	// The tray's Open item brings it back with focus.
	d.Open.Action()
	if d.Hidden() || strings.Join(w.calls, " ") != "hide show focus" {
		t.Fatalf("after Open: hidden=%v, window calls %q", d.Hidden(), w.calls)
	}
	var quits atomic.Int32 // the test driver runs fyne.Do on the calling goroutine
	d.quit = func() { quits.Add(1) }
	d.SetCloseToTray(false)
	d.CloseRequested()
	if strings.Join(w.calls, " ") != "hide show focus hide" {
		t.Fatalf("close without close-to-tray: window calls %q", w.calls)
	}
	waitFor(t, func() bool { return quits.Load() == 1 }) // quits on a later turn of the UI loop
	d.Quit.Action()                                      // the tray's Quit, the same way
	waitFor(t, func() bool { return quits.Load() == 2 })
	if before != 2 {
		t.Fatalf("BeforeClose ran %d times, want 2", before)
	}
}

func TestHandleLaunchShowsAndOpensLinks(t *testing.T) {
	d, _, w, _ := newTest(t)
	var opened []string
	d.OnLink = func(uri string) { opened = append(opened, uri) }
	d.SetCloseToTray(true)
	d.CloseRequested()
	d.HandleLaunch([]string{"simplex:/i#abc/def", "not-a-link"})
	if d.Hidden() || strings.Join(w.calls, " ") != "hide show focus" {
		t.Fatalf("a second launch did not show and focus the window: %q", w.calls)
	}
	if len(opened) != 1 || opened[0] != "simplex:/i#abc/def" {
		t.Fatalf("opened %q", opened)
	}
}

func TestWatchUnreadCoalescesAndShows(t *testing.T) {
	d, _, w, _ := newTest(t)
	changes := make(chan struct{}, 8)
	var counts atomic.Int32
	next := make(chan int, 8)
	next <- 2
	done := make(chan struct{})
	count := func(ctx context.Context) (int, error) {
		counts.Add(1)
		select {
		case n := <-next:
			if n < 0 {
				return 0, errors.New("core is gone")
			}
			return n, nil
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	// A burst of five changes already queued when the watcher starts: the
	// initial count and one recount cover them.
	for i := 0; i < 5; i++ {
		changes <- struct{}{}
	}
	next <- 7
	go func() { d.WatchUnread(context.Background(), changes, count); close(done) }()
	waitFor(t, func() bool { return w.Title() == "Duplex (7)" })
	if n := counts.Load(); n != 2 {
		t.Fatalf("%d counts for a start and one burst, want 2", n)
	}
	// A failing count keeps the last figure.
	next <- -1
	changes <- struct{}{}
	waitFor(t, func() bool { return counts.Load() == 3 })
	close(changes)
	<-done
	if w.Title() != "Duplex (7)" || d.UnreadCount() != 7 {
		t.Fatalf("after a failed count: %q", w.Title())
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 5000; i++ {
		ok := false
		fyne.DoAndWait(func() { ok = cond() })
		if ok {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("condition not reached within 5 s")
}
