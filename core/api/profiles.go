package api

import (
	"context"
	"errors"
)

// NewProfile is what CreateProfile needs.
type NewProfile struct {
	DisplayName string `json:"displayName"`
	FullName    string `json:"fullName,omitempty"`
	// Image is a PNG or JPEG file's bytes, or nil. The core resizes it to at
	// most MaxImageSide pixels and stores it as a data URI.
	Image []byte `json:"-"`
}

// ProfileUpdate changes a profile; nil fields stay as they are.
type ProfileUpdate struct {
	DisplayName *string `json:"displayName,omitempty"`
	FullName    *string `json:"fullName,omitempty"`
	// Image replaces the picture (PNG/JPEG bytes); an empty non-nil slice
	// removes it.
	Image []byte `json:"-"`
}

// MaxImageSide bounds a stored profile picture (pixels, both sides).
const MaxImageSide = 512

// MaxImageURILen bounds a profile picture's data URI, as the SimpleX apps
// do (12,500 characters): the profile travels in the connection handshake,
// a contact request and x.info, each padded to about 15 KB.
const MaxImageURILen = 12500

// Profile errors; the texts are shown as they are.
var (
	ErrNoSuchProfile = errors.New("no such profile")
	// ErrBadImage: the picture is not a PNG or JPEG the core can read.
	ErrBadImage = errors.New("the picture must be a PNG or JPEG image")
	// ErrLastProfile: the only profile cannot be deleted.
	ErrLastProfile = errors.New("the only profile cannot be deleted: create another one first")
)

// NameError says why a display name was refused.
type NameError struct{ Reason string }

func (e *NameError) Error() string { return "invalid display name: " + e.Reason }

// ProfileClient is the profile half of Client. Every method returns
// ErrLocked until the database is open.
type ProfileClient interface {
	// Profiles lists the user profiles in this core, active profile first.
	// Before a database exists it returns an empty list.
	Profiles(ctx context.Context) ([]Profile, error)
	// CreateProfile adds a profile; the first one becomes active.
	CreateProfile(ctx context.Context, p NewProfile) (Profile, error)
	// SetActiveProfile makes id the active profile (remembered across starts).
	SetActiveProfile(ctx context.Context, id ProfileID) error
	// UpdateProfile changes names or picture.
	UpdateProfile(ctx context.Context, id ProfileID, u ProfileUpdate) (Profile, error)
	// DeleteProfile removes a profile and everything it owns. Deleting the
	// active one activates another; the only profile cannot be deleted.
	DeleteProfile(ctx context.Context, id ProfileID) error
	// MuteProfile turns notifications for a profile off (true) or on.
	MuteProfile(ctx context.Context, id ProfileID, muted bool) error
}
