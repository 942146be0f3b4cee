package api

import (
	"context"
	"time"
)

// Server is one configured relay of a profile.
type Server struct {
	// Address is the full server address (smp://fingerprint@host[,host][:port]).
	Address string `json:"server"`
	// Protocol is "smp" or "xftp".
	Protocol string `json:"protocol"`
	// Operator is the operator's name ("SimpleX Chat", "Flux") or empty for
	// the user's own servers.
	Operator string `json:"operator,omitempty"`
	Preset   bool   `json:"preset"`
	Enabled  bool   `json:"enabled"`
	// Storage: used for new receive queues (files for XFTP); Proxy: used as
	// a private-routing proxy.
	Storage bool `json:"storage"`
	Proxy   bool `json:"proxy"`
}

// ServerTest is the result of TestServer.
type ServerTest struct {
	OK bool `json:"ok"`
	// Step is where it failed ("connect", "tls", "handshake", "create queue",
	// "secure queue", "delete queue") and Err why.
	Step    string        `json:"step,omitempty"`
	Err     string        `json:"error,omitempty"`
	Latency time.Duration `json:"latency"`
}

// ServerClient manages a profile's relays. Operators, roles and routing
// policy come with the operators work; this is what exists for every server.
type ServerClient interface {
	Servers(ctx context.Context, p ProfileID) ([]Server, error)
	// AddServer validates and adds the user's own server (enabled, all roles).
	AddServer(ctx context.Context, p ProfileID, address string) (Server, error)
	SetServerEnabled(ctx context.Context, p ProfileID, address string, enabled bool) error
	RemoveServer(ctx context.Context, p ProfileID, address string) error
	// TestServer connects, creates a queue, secures and deletes it.
	TestServer(ctx context.Context, p ProfileID, address string) (ServerTest, error)
}
