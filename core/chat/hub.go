package chat

import (
	"context"
	"sync"

	"duplex/core/api"
)

// Hub fans events out to watchers. Each watcher has its own unbounded queue
// and goroutine, so Publish never blocks: the agent's event loop (which
// publishes) must not wait for a slow UI.
type Hub struct {
	mu       sync.Mutex
	closed   bool
	watchers map[*watcher]struct{}
}

type watcher struct {
	mask  api.EventMask
	mu    sync.Mutex
	queue []api.Event
	wake  chan struct{}
	done  chan struct{}
}

// NewHub makes a hub with no watchers.
func NewHub() *Hub { return &Hub{watchers: map[*watcher]struct{}{}} }

// Watch streams events selected by mask until ctx ends or the hub closes;
// the channel is closed then.
func (h *Hub) Watch(ctx context.Context, mask api.EventMask) (<-chan api.Event, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, api.ErrClosed
	}
	w := &watcher{mask: mask, wake: make(chan struct{}, 1), done: make(chan struct{})}
	h.watchers[w] = struct{}{}
	out := make(chan api.Event)
	go func() {
		defer close(out)
		defer h.remove(w)
		for {
			w.mu.Lock()
			q := w.queue
			w.queue = nil
			w.mu.Unlock()
			for _, ev := range q {
				select {
				case out <- ev:
				case <-ctx.Done():
					return
				case <-w.done:
					return
				}
			}
			select {
			case <-w.wake:
			case <-ctx.Done():
				return
			case <-w.done:
				return
			}
		}
	}()
	return out, nil
}

func (h *Hub) remove(w *watcher) {
	h.mu.Lock()
	delete(h.watchers, w)
	h.mu.Unlock()
}

// Publish queues ev for every watcher whose mask selects it.
func (h *Hub) Publish(evs ...api.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for w := range h.watchers {
		n := 0
		w.mu.Lock()
		for _, ev := range evs {
			if w.mask.Has(ev.Type) {
				w.queue = append(w.queue, ev)
				n++
			}
		}
		w.mu.Unlock()
		if n > 0 {
			select {
			case w.wake <- struct{}{}:
			default:
			}
		}
	}
}

// Close ends every watch (their channels close) and refuses new ones.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for w := range h.watchers {
		close(w.done)
	}
	h.watchers = map[*watcher]struct{}{}
}
