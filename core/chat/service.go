package chat

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"duplex/core/agent"
	"duplex/core/api"
	"duplex/db"
	"duplex/net/smp"
)

// Config configures a Service.
type Config struct {
	DB *db.DB
	// Agent is the template for the agent (DB and Picker are set here).
	Agent agent.Config
	// Picker returns the server picker of a profile; the service calls it
	// for every new receive queue, with the profile whose operation runs.
	Picker func(ctx context.Context, profileID int64) (agent.ServerPicker, error)
	Hub    *Hub
	Now    func() time.Time
	Rand   io.Reader
	Logger *slog.Logger
}

// Service is the chat service over one database: it owns the agent.
type Service struct {
	cfg Config
	d   *db.DB
	st  db.ChatStore
	ag  *agent.Agent
	hub *Hub
	now func() time.Time
	log *slog.Logger

	// opMu serialises the calls that create receive queues (and so ask
	// the picker): the agent has one picker, and picking needs to know
	// whose operation runs (opProfile).
	opMu      sync.Mutex
	opProfile atomic.Int64

	// mu serialises chat state changes: event handling and API writes.
	// It is held across agent.Send (no network: the agent only commits)
	// so a SENT can never be handled before its item knows its message id.
	mu     sync.Mutex
	parked map[string][]agent.Event // events for connections not registered yet

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	kick   chan struct{} // reschedule the disappearing-messages timer
}

// ErrPeerDeleted: the contact deleted the conversation.
var ErrPeerDeleted = errors.New("the contact deleted this conversation: messages can no longer be delivered")

// New starts the agent and the service over cfg.DB.
func New(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Hub == nil {
		cfg.Hub = NewHub()
	}
	s := &Service{cfg: cfg, d: cfg.DB, st: cfg.DB.Chat(), hub: cfg.Hub, now: cfg.Now, log: cfg.Logger,
		parked: map[string][]agent.Event{}, kick: make(chan struct{}, 1)}
	ac := cfg.Agent
	ac.DB, ac.Picker, ac.Rand, ac.Logger = cfg.DB, picker{s}, cfg.Rand, cfg.Logger
	a, err := agent.New(ctx, ac)
	if err != nil {
		return nil, err
	}
	s.ag = a
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.wg.Add(2)
	go s.run()
	go s.disappearLoop()
	return s, nil
}

// Close stops the agent and the service. Nothing is lost: the agent keeps
// unacknowledged messages and pending sends in the database.
func (s *Service) Close() error {
	s.cancel()
	err := s.ag.Close()
	s.wg.Wait()
	return err
}

// picker is the agent's one ServerPicker: it delegates to the picker of
// the profile whose operation holds opMu. Every agent call that creates
// queues is made through withProfile; a pick outside one (none today:
// queue rotation is not exposed by the chat service) would use the last
// profile's servers.
type picker struct{ s *Service }

func (p picker) Pick(used []smp.ServerAddress) (smp.ServerAddress, error) {
	pk, err := p.s.cfg.Picker(p.s.ctx, p.s.opProfile.Load())
	if err != nil {
		return smp.ServerAddress{}, err
	}
	return pk.Pick(used)
}

// withProfile runs f as an operation of profile p (see opMu).
func (s *Service) withProfile(p int64, f func() error) error {
	s.opMu.Lock()
	defer s.opMu.Unlock()
	s.opProfile.Store(p)
	return f()
}

func (s *Service) publish(evs ...api.Event) { s.hub.Publish(evs...) }

func (s *Service) errorEvent(p int64, format string, args ...any) {
	err := fmt.Sprintf(format, args...)
	s.log.Warn("chat", "err", err)
	s.publish(api.Event{Type: api.EvError, ProfileID: api.ProfileID(p), Err: err})
}

// run handles the agent's events in order.
func (s *Service) run() {
	defer s.wg.Done()
	for ev := range s.ag.Events() {
		s.mu.Lock()
		s.handle(ev)
		s.mu.Unlock()
	}
}

// register records a new agent connection row and replays events that
// arrived for it before it was known. Called with s.mu held.
func (s *Service) register(ctx context.Context, c *db.ChatConn) error {
	if err := s.st.AddConn(ctx, c); err != nil {
		return err
	}
	evs := s.parked[c.AgentConn]
	delete(s.parked, c.AgentConn)
	for _, ev := range evs {
		s.handle(ev)
	}
	return nil
}
