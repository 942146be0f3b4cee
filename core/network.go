package core

// The NetworkClient half of api.Client.
//
// The configuration is one JSON value (api.NetworkConfig) in the settings
// store under "network.config"; absent means api.DefaultNetwork(). It is
// applied where the agent starts (startService): the SOCKS proxy and host
// mode go into the agent's SMP client template, and the private routing
// mode and fallback are handed over as Local.network for the agent config
// to take (agentNetwork).
//
// Why SetNetwork restarts the chat service: the agent copies its SMP
// template into every relay client it opens and keeps those clients (and
// their TCP connections) for its whole life, reconnecting with the same
// settings. Changing the template in place would leave live connections
// on the old path — with a proxy newly set, they would go on revealing the
// IP address to relays, which is exactly what the user asked to stop. A
// fresh agent opens every connection with the new settings and
// resubscribes its queues, as it does at start; the user sees the same
// reconnection as after a network change.

import (
	"context"
	"encoding/json"
	"fmt"

	"duplex/core/api"
	"duplex/db"
	"duplex/net/smp"
	"duplex/net/socks5"
)

// settingNetwork is the settings key of the network configuration.
const settingNetwork = "network.config"

// loadNetwork reads the stored configuration (the default when none).
func loadNetwork(ctx context.Context, d *db.DB) (api.NetworkConfig, error) {
	raw, ok, err := d.Settings().Get(ctx, settingNetwork)
	if err != nil || !ok {
		return api.DefaultNetwork(), err
	}
	var cfg api.NetworkConfig
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return api.NetworkConfig{}, fmt.Errorf("stored network settings: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return api.NetworkConfig{}, fmt.Errorf("stored network settings: %w", err)
	}
	return cfg, nil
}

// applyNetwork sets the SOCKS proxy and host mode of an SMP client
// template from cfg.
func applyNetwork(t *smp.ClientConfig, cfg api.NetworkConfig) {
	t.SOCKS = nil
	if cfg.SOCKSProxy != "" {
		t.SOCKS = &socks5.Config{Proxy: cfg.SOCKSProxy, Isolate: cfg.SOCKSIsolate}
	}
	switch cfg.OnionHosts {
	case api.OnionPrefer:
		t.HostMode = smp.HostOnionWhenAvailable
	case api.OnionRequired:
		t.HostMode = smp.HostOnionRequired
	default:
		t.HostMode = smp.HostPublic
	}
}

// AgentRouting is what the agent needs of the network configuration for
// private routing: when to send through a proxy relay and whether to fall
// back to a direct send. IPProtected tells it whether a SOCKS proxy hides
// our address (the "unprotected" mode and the "protected" fallback depend
// on it).
type AgentRouting struct {
	Mode        api.PrivateRouting
	Fallback    api.RoutingFallback
	IPProtected bool
}

// agentNetwork is the routing part of cfg for the agent.
func agentNetwork(cfg api.NetworkConfig) AgentRouting {
	return AgentRouting{Mode: cfg.PrivateRouting, Fallback: cfg.RoutingFallback, IPProtected: cfg.SOCKSProxy != ""}
}

// Network implements api.Client.
func (l *Local) Network(ctx context.Context) (api.NetworkConfig, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	d, err := l.openDB(ctx)
	if err != nil {
		return api.NetworkConfig{}, err
	}
	return loadNetwork(ctx, d)
}

// SetNetwork implements api.Client: validate, save, and restart the chat
// service (see the file comment) when the relay settings changed.
func (l *Local) SetNetwork(ctx context.Context, cfg api.NetworkConfig) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	d, err := l.openDB(ctx)
	if err != nil {
		return err
	}
	old, err := loadNetwork(ctx, d)
	if err != nil {
		old = api.NetworkConfig{SOCKSProxy: "\x00"} // unreadable: always apply
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	if err := d.Settings().Set(ctx, settingNetwork, raw); err != nil {
		return err
	}
	if old == cfg || l.svc == nil {
		l.network = agentNetwork(cfg)
		return nil
	}
	if err := l.stopService(); err != nil {
		return fmt.Errorf("network settings saved; stopping the chat service to apply them: %w", err)
	}
	if err := l.startService(); err != nil {
		return fmt.Errorf("network settings saved; restarting the chat service with them: %w", err)
	}
	return nil
}
