package smp

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"duplex/net/socks5"
)

// Handler receives what a relay pushes. Calls come from one dispatch
// goroutine per Client, in order, never from the reader, so a handler may
// call Client methods (Ack …) directly.
type Handler interface {
	// Message delivers a MSG for a subscribed queue: pushed, or the reply
	// to SUB or ACK. Nothing more arrives on that queue until it is ACKed.
	Message(rcvID []byte, m MSG)
	// End: another connection subscribed to the queue; this client no
	// longer receives from it (and will not resubscribe it).
	End(rcvID []byte)
	// Deleted: the queue was deleted (DELD).
	Deleted(rcvID []byte)
	// Connected: a session is up (first connect, or after a reconnect when
	// resubscription has been sent).
	Connected(v Version)
	// Disconnected: the session ended; the client reconnects with backoff
	// unless it was closed.
	Disconnected(err error)
	// SubscriptionError: resubscribing a queue after a reconnect failed
	// with a final error (e.g. AUTH: the queue is gone); it is dropped.
	SubscriptionError(rcvID []byte, err error)
}

// ClientConfig configures a Client.
type ClientConfig struct {
	Server ServerAddress
	// PresetDomains: hosts under these domains (e.g. "simplex.im") connect
	// to port 443 with ALPN http/1.1 when the address has no port, as the
	// reference app does (smpWebPortServers = preset). Never hard-coded here.
	PresetDomains []string
	Handler       Handler
	Range         VersionRange // zero = SupportedRange
	Rand          io.Reader    // corrIds and session keys; nil = crypto/rand
	Now           func() time.Time
	// DialContext opens TCP connections to public hosts (nil = net.Dialer);
	// DialOnion, if set, is used for .onion hosts (which are skipped otherwise).
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	DialOnion   func(ctx context.Context, network, addr string) (net.Conn, error)
	// SOCKS, if set, carries every connection of this client (public and
	// .onion hosts) through a SOCKS5 proxy; it takes precedence over
	// DialContext and DialOnion. With SOCKS.Isolate each Client is one
	// session with its own credentials, kept across its reconnects.
	SOCKS *socks5.Config
	// HostMode picks the hosts dialled (see SelectHosts); default HostPublic.
	HostMode HostMode

	ConnectTimeout time.Duration // TCP+TLS+SMP handshake; default 20s
	RequestTimeout time.Duration // default 30s
	PingInterval   time.Duration // idle time before PING; default 60s, <0 disables
	PingErrors     int           // consecutive failed PINGs before reconnecting; default 3
	ReconnectMin   time.Duration // first backoff; default 1s
	ReconnectMax   time.Duration // backoff cap; default 60s
	NoALPN         bool          // connect without ALPN (v6 only; tests)
	// ProxyServer connects as a relay acting as a proxy (proxyServer flag
	// in the hello, no block encryption): only for ForwardTransmission.
	ProxyServer bool
}

func (c *ClientConfig) defaults() {
	set := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	set(&c.ConnectTimeout, 20*time.Second)
	set(&c.RequestTimeout, 30*time.Second)
	set(&c.PingInterval, 60*time.Second)
	set(&c.ReconnectMin, time.Second)
	set(&c.ReconnectMax, time.Minute)
	if c.PingErrors == 0 {
		c.PingErrors = 3
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Range == (VersionRange{}) {
		c.Range = SupportedRange
	}
	if c.Handler == nil {
		c.Handler = NopHandler{}
	}
}

// NopHandler ignores every event.
type NopHandler struct{}

func (NopHandler) Message([]byte, MSG)             {}
func (NopHandler) End([]byte)                      {}
func (NopHandler) Deleted([]byte)                  {}
func (NopHandler) Connected(Version)               {}
func (NopHandler) Disconnected(error)              {}
func (NopHandler) SubscriptionError([]byte, error) {}

// Client errors. ErrTimeout and ErrDisconnected are retryable.
var (
	ErrClosed       = errors.New("smp: client closed")
	ErrTimeout      = errors.New("smp: response timeout")
	ErrDisconnected = errors.New("smp: not connected")
	// ErrUnexpected: a response of the wrong kind or for another entity.
	ErrUnexpected = errors.New("smp: unexpected response")
	// ErrBadResponse: the relay's answer could not be parsed.
	ErrBadResponse = errors.New("smp: bad response")
)

// Retryable reports whether an error from a Client (or the transport)
// may go away by itself: network trouble, timeouts, a lost connection.
// Relay verdicts (*Error) and handshake failures (wrong identity, version,
// signature) are final except where Error.Retryable says otherwise.
func Retryable(err error) bool {
	var pe *Error
	var te *TransportError
	switch {
	case err == nil:
		return false
	case errors.As(err, &pe):
		return pe.Retryable()
	case errors.Is(err, ErrTimeout), errors.Is(err, ErrDisconnected), errors.Is(err, errClosedHandshake),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, context.DeadlineExceeded):
		return true
	case errors.As(err, &te):
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op)
}

// Client is a connection to one relay: it correlates responses with
// requests, batches concurrent commands into shared blocks, keeps the
// subscriptions it made and re-establishes them after a reconnect, and
// reports pushed messages to the Handler. It stores nothing and decides no
// policy: keys are passed in with every call, and the caller persists.
//
// Goroutines per session: a reader (routes responses and events), a writer
// (drains the request queue into batches), a pinger; per client: a
// supervisor (reconnects) and a dispatcher (calls the Handler).
type Client struct {
	cfg ClientConfig

	randMu sync.Mutex

	mu      sync.Mutex
	cur     *session
	subs    map[string]PrivateAuthKey // rcvID → recipient key
	closed  bool
	closeCh chan struct{}
	wg      sync.WaitGroup

	events *eventQueue
	socks  *socks5.Dialer // this client's proxy session (nil = direct)
}

// Connect dials the relay and returns a running Client. The first
// connection must succeed; later ones are retried with backoff.
func Connect(ctx context.Context, cfg ClientConfig) (*Client, error) {
	cfg.defaults()
	c := &Client{cfg: cfg, subs: map[string]PrivateAuthKey{}, closeCh: make(chan struct{}), events: newEventQueue()}
	if cfg.SOCKS != nil {
		d, err := cfg.SOCKS.Session(c.lockedRand())
		if err != nil {
			return nil, err
		}
		c.socks = d
	}
	s, err := c.dial(ctx)
	if err != nil {
		return nil, err
	}
	c.cur = s
	c.wg.Add(2)
	go c.dispatch()
	go c.supervise(s)
	c.events.push(func(h Handler) { h.Connected(s.t.Version()) })
	return c, nil
}

// Version is the protocol version of the current session (0 if none).
func (c *Client) Version() Version {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == nil {
		return 0
	}
	return c.cur.t.Version()
}

// SessionID of the current session (nil if none).
func (c *Client) SessionID() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == nil {
		return nil
	}
	return c.cur.t.SessionID()
}

// Close ends the session, fails pending requests with ErrClosed and stops
// every goroutine; no Handler call happens after it returns.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	close(c.closeCh)
	s := c.cur
	c.mu.Unlock()
	if s != nil {
		s.close(ErrClosed)
	}
	c.wg.Wait()
	return nil
}

func (c *Client) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// hostPort picks the address for one host: the address port, 443 for a
// preset domain without a port, otherwise 5223.
func (c *Client) hostPort(host string) (addr string, web bool) {
	port := c.cfg.Server.Port
	if port == "" {
		port = DefaultPort
		if k, _ := ClassifyHost(host); k == HostDomain {
			for _, d := range c.cfg.PresetDomains {
				if host == d || strings.HasSuffix(host, "."+d) {
					port, web = "443", true
					break
				}
			}
		}
	}
	return net.JoinHostPort(host, port), web
}

func (c *Client) dial(ctx context.Context) (*session, error) {
	var firstErr error
	hosts, err := SelectHosts(c.cfg.Server.Hosts, c.cfg.HostMode, c.socks != nil || c.cfg.DialOnion != nil)
	if err != nil {
		return nil, err
	}
	for _, h := range hosts {
		dialer := c.cfg.DialContext
		switch k, _ := ClassifyHost(h); {
		case c.socks != nil:
			dialer = c.socks.DialContext
		case k == HostOnion:
			dialer = c.cfg.DialOnion
		}
		addr, web := c.hostPort(h)
		dc := DialConfig{KeyHash: c.cfg.Server.KeyHash, Range: c.cfg.Range, Rand: c.lockedRand(), Now: c.cfg.Now,
			Timeout: c.cfg.ConnectTimeout, DialContext: dialer, HostMode: c.cfg.HostMode, NoALPN: c.cfg.NoALPN, ProxyServer: c.cfg.ProxyServer}
		if web {
			dc.ALPN = []string{"http/1.1"}
		}
		t, err := DialTransport(ctx, addr, dc)
		if err == nil {
			return c.startSession(t), nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = errors.New("smp: no usable host in the server address")
	}
	return nil, firstErr
}

// closeContext is cancelled when the client closes.
func (c *Client) closeContext() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		select {
		case <-c.closeCh:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

// lockedRand serialises reads of the configured randomness source.
func (c *Client) lockedRand() io.Reader {
	if c.cfg.Rand == nil {
		return nil
	}
	return readerFunc(func(p []byte) (int, error) {
		c.randMu.Lock()
		defer c.randMu.Unlock()
		return io.ReadFull(c.cfg.Rand, p)
	})
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// supervise waits for a session to end and reconnects with exponential
// backoff, resubscribing every queue that was subscribed.
func (c *Client) supervise(s *session) {
	defer c.wg.Done()
	for {
		<-s.done
		if c.isClosed() {
			return
		}
		c.mu.Lock()
		c.cur = nil
		c.mu.Unlock()
		err := s.err
		c.events.push(func(h Handler) { h.Disconnected(err) })
		delay := c.cfg.ReconnectMin
		for {
			select {
			case <-c.closeCh:
				return
			case <-time.After(delay):
			}
			ctx, cancel := c.closeContext()
			ns, err := c.dial(ctx)
			cancel()
			if err == nil {
				s = ns
				break
			}
			delay = min(2*delay, c.cfg.ReconnectMax)
		}
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			s.close(ErrClosed)
			<-s.done
			return
		}
		c.cur = s
		subs := make(map[string]PrivateAuthKey, len(c.subs))
		for id, k := range c.subs {
			subs[id] = k
		}
		c.mu.Unlock()
		c.resubscribe(s, subs)
		v := s.t.Version()
		c.events.push(func(h Handler) { h.Connected(v) })
	}
}

// resubscribe sends every SUB at once, so they share blocks (135 per block).
func (c *Client) resubscribe(s *session, subs map[string]PrivateAuthKey) {
	var wg sync.WaitGroup
	for id, k := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rcvID := []byte(id)
			ctx, cancel := context.WithTimeout(context.Background(), c.cfg.RequestTimeout)
			defer cancel()
			_, err := c.subscribeOn(ctx, s, rcvID, k)
			if err != nil && !Retryable(err) {
				c.mu.Lock()
				delete(c.subs, id)
				c.mu.Unlock()
				c.events.push(func(h Handler) { h.SubscriptionError(rcvID, err) })
			}
			// A retryable failure means the session is going down; the
			// next reconnect resubscribes again.
		}()
	}
	wg.Wait()
}

func (c *Client) dispatch() {
	defer c.wg.Done()
	for {
		f, ok := c.events.pop(c.closeCh)
		if !ok {
			return
		}
		f(c.cfg.Handler)
	}
}

// eventQueue is an unbounded FIFO of handler calls, so the reader never
// blocks on a slow handler and a handler may wait for responses.
type eventQueue struct {
	mu     sync.Mutex
	items  []func(Handler)
	signal chan struct{}
}

func newEventQueue() *eventQueue { return &eventQueue{signal: make(chan struct{}, 1)} }

func (q *eventQueue) push(f func(Handler)) {
	q.mu.Lock()
	q.items = append(q.items, f)
	q.mu.Unlock()
	select {
	case q.signal <- struct{}{}:
	default:
	}
}

func (q *eventQueue) pop(stop <-chan struct{}) (func(Handler), bool) {
	for {
		q.mu.Lock()
		if len(q.items) > 0 {
			f := q.items[0]
			q.items[0] = nil
			q.items = q.items[1:]
			q.mu.Unlock()
			return f, true
		}
		q.mu.Unlock()
		select {
		case <-q.signal:
		case <-stop:
			return nil, false
		}
	}
}
