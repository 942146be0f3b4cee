// Package api is the one contract between Duplex front ends and the core.
//
// The Fyne desktop (app/), the headless host's terminal and WebSocket bot API,
// and a desktop paired with a phone or cloud profile over remote control all
// drive a core through Client and nothing else. A front end therefore never
// learns whether the core runs in its own process or on another device, which
// is what lets remote control work with no UI change.
//
// This package is a leaf: it imports no other Duplex package, so every core
// subpackage and every front end can depend on it without cycles. Values that
// cross a wire get explicit numbers, never iota.
package api

import (
	"context"
	"errors"
)

// Client is everything a user interface may ask of a core.
//
// Implementations are safe for concurrent use. Methods honour ctx
// cancellation; a remote core may take a network round trip per call.
type Client interface {
	// Info describes the running core: its version and where it keeps data.
	Info(ctx context.Context) (Info, error)
	StorageClient
	ProfileClient
	ContactClient
	ChatClient
	ServerClient
	OperatorClient
	NetworkClient
	VisibilityClient
	EventClient
	// Close releases the core. Further calls return ErrClosed.
	Close() error
}

// Info describes a running core.
type Info struct {
	// Version is the core's release version, e.g. "0.1.0".
	Version string `json:"version"`
	// DataDir is the directory holding the core's database and files. It is
	// empty when the core is remote and does not disclose it.
	DataDir string `json:"dataDir,omitempty"`
	// Remote is true when the core runs on another device (remote control).
	Remote bool `json:"remote"`
}

// ProfileID identifies a profile within one core.
type ProfileID int64

// Profile is a user identity. SimpleX has no global user identifiers: a
// profile is only what contacts are shown, and each contact sees it through
// its own connection.
type Profile struct {
	ID          ProfileID `json:"userId"`
	DisplayName string    `json:"displayName"`
	FullName    string    `json:"fullName,omitempty"`
	// Image is the picture as a data URI ("data:image/jpg;base64,…"), as
	// SimpleX profiles carry it, or empty.
	Image  string `json:"image,omitempty"`
	Active bool   `json:"activeUser"`
	Muted  bool   `json:"muted"`
}

// ErrClosed is returned by calls made after Close.
var ErrClosed = errors.New("duplex core is closed")
