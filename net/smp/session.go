package smp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// session is one connection: reader, writer and pinger goroutines over a
// Transport. It ends once (close) and never restarts; the Client makes a
// new one.
type session struct {
	c *Client
	t *Transport

	out  chan *request
	done chan struct{} // closed when the reader has exited and pendings failed

	mu      sync.Mutex
	pending map[string]*request
	ended   bool
	err     error
	stop    chan struct{} // closed by close(); stops writer and pinger

	lastRecv atomic.Int64 // unix nanoseconds
}

type request struct {
	corrID   []byte
	entityID []byte
	tag      string
	wire     []byte
	resp     chan result
}

type result struct {
	r   Response
	err error
}

func (c *Client) startSession(t *Transport) *session {
	s := &session{c: c, t: t, out: make(chan *request, 1024), done: make(chan struct{}),
		pending: map[string]*request{}, stop: make(chan struct{})}
	s.lastRecv.Store(c.cfg.Now().UnixNano())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); s.writer() }()
	go func() { defer wg.Done(); s.pinger() }()
	go func() {
		err := s.reader()
		s.close(err)
		wg.Wait()
		close(s.done)
	}()
	return s
}

// close ends the session once: the transport is closed (which stops the
// reader) and every pending request fails with ErrDisconnected (or ErrClosed).
func (s *session) close(err error) {
	s.mu.Lock()
	if s.ended {
		s.mu.Unlock()
		return
	}
	s.ended = true
	s.err = err
	pend := s.pending
	s.pending = map[string]*request{}
	close(s.stop)
	s.mu.Unlock()
	s.t.Close()
	fail := ErrDisconnected
	if errors.Is(err, ErrClosed) {
		fail = ErrClosed
	}
	for _, r := range pend {
		r.resp <- result{err: errors.Join(fail, err)}
	}
}

// send registers a request and queues it for the writer.
func (s *session) send(r *request) error {
	s.mu.Lock()
	if s.ended {
		s.mu.Unlock()
		return ErrDisconnected
	}
	s.pending[string(r.corrID)] = r
	s.mu.Unlock()
	select {
	case s.out <- r:
		return nil
	case <-s.stop:
		return ErrDisconnected
	}
}

func (s *session) forget(r *request) {
	s.mu.Lock()
	delete(s.pending, string(r.corrID))
	s.mu.Unlock()
}

// writer drains whatever is queued into as few blocks as possible: this is
// where concurrent commands end up sharing blocks.
func (s *session) writer() {
	for {
		var batch []*request
		select {
		case r := <-s.out:
			batch = append(batch, r)
		case <-s.stop:
			return
		}
	drain:
		for len(batch) < 4*MaxBatch {
			select {
			case r := <-s.out:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		wires := make([][]byte, len(batch))
		for i, r := range batch {
			wires[i] = r.wire
		}
		tooLarge, err := s.t.WriteBatch(wires)
		for _, i := range tooLarge {
			s.forget(batch[i])
			batch[i].resp <- result{err: ErrTransportLargeMsg}
		}
		if err != nil {
			s.close(err)
			return
		}
	}
}

// pinger sends PING when the session has been idle for PingInterval and
// ends the session after PingErrors consecutive failures.
func (s *session) pinger() {
	iv := s.c.cfg.PingInterval
	if iv < 0 {
		return
	}
	tick := time.NewTicker(iv)
	defer tick.Stop()
	failures := 0
	for {
		select {
		case <-s.stop:
			return
		case <-tick.C:
		}
		idle := time.Duration(s.c.cfg.Now().UnixNano() - s.lastRecv.Load())
		if idle < iv {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), s.c.cfg.RequestTimeout)
		_, err := s.c.requestOn(ctx, s, nil, nil, PING{})
		cancel()
		if err == nil {
			failures = 0
			continue
		}
		if !errors.Is(err, ErrTimeout) {
			return // the session is ending anyway
		}
		if failures++; failures >= s.c.cfg.PingErrors {
			s.close(errors.Join(ErrTimeout, errors.New("smp: relay did not answer PING")))
			return
		}
	}
}

// reader routes every received transmission until the transport fails.
func (s *session) reader() error {
	v := s.t.Version()
	for {
		ts, err := s.t.ReadTransmissions()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return io.EOF
			}
			return err
		}
		s.lastRecv.Store(s.c.cfg.Now().UnixNano())
		for _, raw := range ts {
			s.route(v, raw)
		}
	}
}

func (s *session) route(v Version, raw []byte) {
	tr, err := ParseTransmission(v, raw)
	if err != nil {
		return // no corrId to blame: the reference drops it too (ERR BLOCK)
	}
	var resp Response
	var rerr error
	if v < VersionAuthCmds && string(tr.SessionID) != string(s.t.SessionID()) {
		rerr = ErrSession
	} else if resp, rerr = ParseResponse(v, tr.Command); rerr == nil {
		if e := CheckResponseEntity(tr.EntityID, resp); e != nil {
			rerr = fmt.Errorf("%w: %s with entity %v", ErrBadResponse, resp.Tag(), e)
		}
	} else {
		// Not the relay's verdict: we could not read its answer.
		rerr = fmt.Errorf("%w: %v", ErrBadResponse, rerr)
	}
	if len(tr.CorrID) == 0 {
		if rerr == nil {
			s.event(tr.EntityID, resp)
		}
		return
	}
	s.mu.Lock()
	r, ok := s.pending[string(tr.CorrID)]
	delete(s.pending, string(tr.CorrID))
	s.mu.Unlock()
	if !ok {
		// A late answer (its request timed out): a MSG must still reach
		// the handler, or the queue stays blocked until the next SUB.
		if m, isMsg := resp.(MSG); isMsg && rerr == nil {
			s.event(tr.EntityID, m)
		}
		return
	}
	if rerr == nil && string(tr.EntityID) != string(r.entityID) {
		if _, isIDS := resp.(IDS); !(isIDS && len(r.entityID) == 0) {
			rerr = ErrUnexpected
		}
	}
	r.resp <- result{resp, rerr}
}

// event handles pushes with an empty corrId. Only the current session
// delivers events, so an END arriving on a stale socket is ignored.
func (s *session) event(entityID []byte, resp Response) {
	c := s.c
	c.mu.Lock()
	current := c.cur == s
	_, subscribed := c.subs[string(entityID)]
	switch resp.(type) {
	case END, DELD:
		if current {
			delete(c.subs, string(entityID))
		}
	}
	c.mu.Unlock()
	if !current {
		return
	}
	id := clone(entityID)
	switch m := resp.(type) {
	case MSG:
		c.events.push(func(h Handler) { h.Message(id, m) })
	case END:
		if subscribed {
			c.events.push(func(h Handler) { h.End(id) })
		}
	case DELD:
		c.events.push(func(h Handler) { h.Deleted(id) })
	}
}
