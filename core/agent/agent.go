package agent

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"duplex/db"
	"duplex/net/smp"
)

// ServerPicker chooses the relay for a new receive queue. used lists the
// servers the connection already has queues on (empty for a new connection),
// so a policy can spread a connection's queues across operators.
type ServerPicker interface {
	Pick(used []smp.ServerAddress) (smp.ServerAddress, error)
}

// RandomPicker picks uniformly among Servers, preferring one not in used.
type RandomPicker struct {
	Servers []smp.ServerAddress
	Rand    io.Reader
}

func (p RandomPicker) Pick(used []smp.ServerAddress) (smp.ServerAddress, error) {
	if len(p.Servers) == 0 {
		return smp.ServerAddress{}, errors.New("agent: no servers configured")
	}
	var fresh []smp.ServerAddress
	for _, s := range p.Servers {
		dup := false
		for _, u := range used {
			dup = dup || u.String() == s.String()
		}
		if !dup {
			fresh = append(fresh, s)
		}
	}
	if len(fresh) == 0 {
		fresh = p.Servers
	}
	r := p.Rand
	if r == nil {
		r = rand.Reader
	}
	var b [1]byte
	io.ReadFull(r, b[:])
	return fresh[int(b[0])%len(fresh)], nil
}

// Config configures an Agent.
type Config struct {
	DB     *db.DB
	Picker ServerPicker
	Rand   io.Reader // nil = crypto/rand
	Logger *slog.Logger
	// SMP is the template for relay clients (Server and Handler are set by the agent).
	SMP smp.ClientConfig
	// Retry backoff for sends that failed with a network error, and how long a
	// queue that answered QUOTA waits for the peer's QCONT before trying anyway.
	RetryMin, RetryMax, QuotaWait time.Duration
	// Routing is when sends go through a proxy relay (route.go);
	// IPProtected says our address is hidden (a SOCKS proxy is set).
	Routing     RoutingPolicy
	IPProtected bool

	// intercept, when set (tests only), receives every relay MSG push in
	// place of the agent: it may deliver it (any number of times, in any
	// order) and ACK it on the relay without delivering, which is how the
	// faulty-relay test drops, duplicates and reorders messages.
	intercept func(rcvID []byte, m smp.MSG, deliver func(smp.MSG), ack func())
	// legacyQueues (tests only) creates messaging queues as an older agent
	// does: NEW without a queue mode, a queue URI without k=s, so peers
	// take the legacy KEY + HELLO handshake.
	legacyQueues bool
}

// Agent runs the duplex connections of one profile database.
type Agent struct {
	cfg  Config
	st   db.AgentStore
	rand io.Reader
	log  *slog.Logger
	ev   *eventQueue
	ctx  context.Context
	stop context.CancelFunc
	wg   sync.WaitGroup

	mu      sync.Mutex            // connection state below; never held across a relay round trip
	conns   map[string]*connState // by connection id
	byRcv   map[string]string     // recipient id → connection id
	workers map[string]*worker    // send loops by connection id
	// deferred holds, per connection, a message that arrived on a new
	// queue before older ones on the queue it replaces (switch.go).
	deferred map[string]deferredMsg

	cmu     sync.Mutex
	clients map[string]*smp.Client // by server address string

	router *proxyRouter // proxy sessions (route.go)
}

// New starts an agent on its database: it loads every connection,
// resubscribes every receive queue, re-reports unacknowledged messages and
// resumes pending sends.
func New(ctx context.Context, cfg Config) (*Agent, error) {
	if cfg.DB == nil || cfg.Picker == nil {
		return nil, errors.New("agent: Config needs DB and Picker")
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.RetryMin <= 0 {
		cfg.RetryMin = 200 * time.Millisecond
	}
	if cfg.RetryMax <= 0 {
		cfg.RetryMax = 30 * time.Second
	}
	if cfg.QuotaWait <= 0 {
		cfg.QuotaWait = time.Minute
	}
	if cfg.Routing.MaxAttempts <= 0 {
		cfg.Routing.MaxAttempts = 30
	}
	a := &Agent{cfg: cfg, st: cfg.DB.Agent(), rand: &lockedReader{r: cfg.Rand}, log: cfg.Logger, ev: newEventQueue(),
		conns: map[string]*connState{}, byRcv: map[string]string{}, workers: map[string]*worker{}, deferred: map[string]deferredMsg{}, clients: map[string]*smp.Client{}, router: newRouter()}
	a.ctx, a.stop = context.WithCancel(context.Background())
	rows, err := a.st.Conns(ctx)
	if err != nil {
		return nil, err
	}
	var deleting []*connState
	for _, r := range rows {
		c, err := decodeConn(r.State, r.Ratchet)
		if err != nil {
			return nil, err
		}
		if c.Status == stDeleted {
			deleting = append(deleting, c)
			continue
		}
		a.conns[c.ID] = c
		for _, q := range c.Rcv {
			a.byRcv[string(q.RcvID)] = c.ID
		}
	}
	inbox, err := a.st.Inbox(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range inbox {
		a.ev.push(inboxEvent(m))
	}
	a.mu.Lock()
	for id := range a.conns {
		a.startWorker(id)
	}
	subs := a.allRcvQueues()
	a.mu.Unlock()
	for _, c := range deleting {
		a.startDeleter(c)
	}
	for _, s := range subs {
		if err := a.subscribe(ctx, s.server, s.q); err != nil {
			a.log.Warn("resubscribe", "err", err)
			a.ev.push(Event{Type: EvMERR, ConnID: s.conn, Err: fmt.Errorf("agent: subscribe: %w", err)})
		}
	}
	return a, nil
}

// Events delivers the agent's events in order; it is closed by Close.
func (a *Agent) Events() <-chan Event { return a.ev.out }

// Close stops the send loops and disconnects from every relay. Nothing is
// lost: pending sends and unacknowledged messages are in the database.
func (a *Agent) Close() error {
	a.stop()
	a.cmu.Lock() // closing a client waits for its handler, which may be waiting for cmu
	cls := a.clients
	a.clients = map[string]*smp.Client{}
	a.cmu.Unlock()
	for _, c := range cls {
		c.Close()
	}
	a.wg.Wait()
	a.ev.close()
	return nil
}

type subReq struct {
	conn, server string
	q            *rcvQueue
}

func (a *Agent) allRcvQueues() []subReq {
	var out []subReq
	for _, c := range a.conns {
		for _, q := range c.Rcv {
			out = append(out, subReq{c.ID, q.Server, q})
		}
	}
	return out
}

func (a *Agent) subscribe(ctx context.Context, server string, q *rcvQueue) error {
	cl, err := a.client(ctx, server)
	if err != nil {
		return err
	}
	return cl.Subscribe(ctx, q.RcvID, ed25519(q.RcvKey))
}

// client returns the connection to a relay, dialling it on first use.
func (a *Agent) client(ctx context.Context, server string) (*smp.Client, error) {
	a.cmu.Lock()
	defer a.cmu.Unlock()
	if a.ctx.Err() != nil {
		return nil, smp.ErrClosed
	}
	if c, ok := a.clients[server]; ok {
		return c, nil
	}
	addr, err := serverOf(server)
	if err != nil {
		return nil, err
	}
	cfg := a.cfg.SMP
	cfg.Server = addr
	cfg.Handler = &handler{a: a, server: server}
	c, err := smp.Connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	a.clients[server] = c
	return c, nil
}

// lockedReader lets goroutines share the configured randomness.
type lockedReader struct {
	mu sync.Mutex
	r  io.Reader
}

func (l *lockedReader) Read(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return io.ReadFull(l.r, p)
}

// handler receives one relay's pushes.
type handler struct {
	a      *Agent
	server string
}

func (h *handler) Message(rcvID []byte, m smp.MSG) {
	if f := h.a.cfg.intercept; f != nil {
		f(rcvID, m, func(m smp.MSG) { h.a.receive(h.server, rcvID, m) }, func() { h.a.ackOnly(h.server, rcvID, m.MsgID) })
		return
	}
	h.a.receive(h.server, rcvID, m)
}
func (h *handler) End(rcvID []byte)      { h.a.queueEvent(EvEND, rcvID, nil) }
func (h *handler) Deleted(rcvID []byte)  { h.a.queueEvent(EvDELD, rcvID, nil) }
func (h *handler) Connected(smp.Version) { h.a.ev.push(Event{Type: EvUP, Server: h.server}) }
func (h *handler) Disconnected(err error) {
	h.a.ev.push(Event{Type: EvDOWN, Server: h.server, Err: err})
}
func (h *handler) SubscriptionError(rcvID []byte, err error) { h.a.queueEvent(EvMERR, rcvID, err) }

func (a *Agent) queueEvent(t EventType, rcvID []byte, err error) {
	a.mu.Lock()
	id := a.byRcv[string(rcvID)]
	a.mu.Unlock()
	if id != "" {
		a.ev.push(Event{Type: t, ConnID: id, Err: err})
	}
}

// save writes a connection's state and ratchet within tx.
func save(tx db.AgentTx, c *connState) error {
	st, r, err := c.encode()
	if err != nil {
		return err
	}
	return tx.PutConn(db.AgentConn{ConnID: []byte(c.ID), State: st, Ratchet: r})
}

// reload replaces the in-memory state of a connection by what is committed,
// after a transaction failed half-way through changing it.
func (a *Agent) reload(id string) {
	rows, err := a.st.Conns(context.Background())
	if err != nil {
		a.log.Error("reload", "err", err)
		return
	}
	for _, r := range rows {
		if string(r.ConnID) == id {
			if c, err := decodeConn(r.State, r.Ratchet); err == nil {
				a.conns[id] = c
			}
			return
		}
	}
	delete(a.conns, id)
}

func (a *Agent) newID() string {
	var b [12]byte
	io.ReadFull(a.rand, b[:])
	return fmt.Sprintf("%x", b)
}
