package core

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"time"

	"duplex/core/agent"
	"duplex/core/api"
	"duplex/core/chat"
	"duplex/core/servers"
	"duplex/net/smp"
)

// SMPTuning adjusts relay clients and agent retries (tests and headless
// hosts on unreliable links); zero fields keep the defaults.
type SMPTuning struct {
	RequestTimeout, ReconnectMin, ReconnectMax time.Duration
	RetryMin, RetryMax                         time.Duration
	// NoPing disables keep-alive PINGs.
	NoPing bool
}

// fixedServers parses Options.Servers.
func fixedServers(addrs []string) ([]servers.Server, error) {
	var out []servers.Server
	for _, a := range addrs {
		sa, err := servers.ParseServer(servers.SMP, a)
		if err != nil {
			return nil, fmt.Errorf("server %q: %w", a, err)
		}
		out = append(out, servers.Server{Protocol: servers.SMP, Address: sa, Enabled: true})
	}
	return out, nil
}

// startService starts the server manager, the agent and the chat service
// over the open database. Callers hold l.mu.
func (l *Local) startService() error {
	if l.svc != nil || l.d == nil {
		return nil
	}
	ctx := context.Background()
	fixed, err := fixedServers(l.opts.Servers)
	if err != nil {
		return err
	}
	var mgr *servers.Manager
	if len(fixed) == 0 {
		p, err := servers.DefaultPresets()
		if err != nil {
			return err
		}
		if mgr, err = servers.Open(ctx, l.d, p, rand.Reader, l.opts.Now()); err != nil {
			return fmt.Errorf("servers: %w", err)
		}
	}
	// The network settings are read here, where the agent starts
	// (network.go); an unreadable value stops the start rather than
	// connecting without the proxy the user set.
	netCfg, err := loadNetwork(ctx, l.d)
	if err != nil {
		return err
	}
	cfg := chat.Config{
		DB:     l.d,
		Hub:    l.hub,
		Now:    l.opts.Now,
		Logger: l.opts.Logger,
		Agent:  agent.Config{SMP: smp.ClientConfig{}},
		Picker: func(ctx context.Context, profileID int64) (agent.ServerPicker, error) {
			if len(fixed) > 0 {
				return servers.AgentPicker{Sel: servers.NewSelector(fixedProfileServers(fixed)), Rand: rand.Reader}, nil
			}
			l.srvMu.Lock()
			defer l.srvMu.Unlock()
			ps, err := mgr.Load(ctx, profileID, l.opts.Now())
			if err == nil && len(ps.SMP) == 0 {
				if err = mgr.InitProfile(ctx, profileID, l.opts.Now()); err == nil {
					ps, err = mgr.Load(ctx, profileID, l.opts.Now())
				}
			}
			if err != nil {
				return nil, err
			}
			return servers.AgentPicker{Sel: servers.NewSelector(ps), Rand: rand.Reader}, nil
		},
	}
	if t := l.opts.SMP; t != nil {
		cfg.Agent.SMP.RequestTimeout, cfg.Agent.SMP.ReconnectMin, cfg.Agent.SMP.ReconnectMax = t.RequestTimeout, t.ReconnectMin, t.ReconnectMax
		cfg.Agent.RetryMin, cfg.Agent.RetryMax = t.RetryMin, t.RetryMax
		if t.NoPing {
			cfg.Agent.SMP.PingInterval = -1
		}
	}
	applyNetwork(&cfg.Agent.SMP, netCfg)
	// Private routing mode and fallback for the agent: l.network (its
	// Config takes them once it routes privately).
	l.network = agentNetwork(netCfg)
	l.configureRouting(&cfg.Agent, fixed, mgr)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	svc, err := chat.New(ctx, cfg)
	if err != nil {
		return fmt.Errorf("chat service: %w", err)
	}
	l.svc, l.srv = svc, mgr
	return nil
}

// stopService stops the chat service and its agent. Callers hold l.mu.
func (l *Local) stopService() error {
	if l.svc == nil {
		return nil
	}
	err := l.svc.Close()
	l.svc, l.srv = nil, nil
	return err
}

// service returns the running chat service, or why there is none.
func (l *Local) service() (*chat.Service, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, api.ErrClosed
	}
	if l.svc == nil {
		return nil, api.ErrLocked
	}
	return l.svc, nil
}

// Watch implements api.Client. Watching works before the database is open;
// events start once it is.
func (l *Local) Watch(ctx context.Context, mask api.EventMask) (<-chan api.Event, error) {
	if err := l.check(); err != nil {
		return nil, err
	}
	return l.hub.Watch(ctx, mask)
}
