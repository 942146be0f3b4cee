package desktop

import (
	"context"
	"log"
	"time"

	"fyne.io/fyne/v2"
)

// countTimeout bounds one recount; a remote core may be slow.
const countTimeout = 30 * time.Second

// WatchUnread recounts unread messages with count (off the UI goroutine)
// once at start and after each signal on changes, and shows the result.
// Signals arriving during a count are coalesced into one more count, so a
// burst of incoming messages costs two counts, not one per message. It
// returns when ctx ends or changes is closed.
func (d *Integration) WatchUnread(ctx context.Context, changes <-chan struct{}, count func(context.Context) (int, error)) {
	var lastErr string // a failing core is logged once per distinct error, not per event
	recount := func() {
		cctx, cancel := context.WithTimeout(ctx, countTimeout)
		n, err := count(cctx)
		cancel()
		if err != nil {
			if ctx.Err() == nil && err.Error() != lastErr {
				log.Printf("duplex: counting unread messages: %v", err)
			}
			lastErr = err.Error()
			return
		}
		lastErr = ""
		fyne.Do(func() { d.SetUnread(n) })
	}
	recount()
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-changes:
			if !ok {
				return
			}
		}
		// Drain what queued up meanwhile: one count covers them all.
	drain:
		for {
			select {
			case _, ok := <-changes:
				if !ok {
					break drain
				}
			default:
				break drain
			}
		}
		recount()
	}
}
