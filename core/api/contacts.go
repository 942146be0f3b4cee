package api

import (
	"context"
	"errors"
	"time"
)

// ContactID identifies a contact within one core.
type ContactID int64

// PendingID identifies a connection that is not a contact yet: a one-time
// link we created and nobody used, or a link we joined and the other side
// has not accepted.
type PendingID int64

// RequestID identifies an incoming contact request on our address.
type RequestID int64

// Contact is a person we have a connection with.
type Contact struct {
	ID        ContactID `json:"contactId"`
	ProfileID ProfileID `json:"userId"`
	// DisplayName, FullName and Image are the contact's own profile as
	// they sent it (x.info); Alias is our local name for them.
	DisplayName string `json:"displayName"`
	FullName    string `json:"fullName,omitempty"`
	Image       string `json:"image,omitempty"`
	Alias       string `json:"localAlias,omitempty"`
	// Ready is true once the duplex connection is established (CON).
	Ready bool `json:"ready"`
	// Verified: the security code was compared and marked verified.
	Verified bool `json:"verified"`
	// Incognito: this contact sees a random profile (IncognitoName), not ours.
	Incognito     bool   `json:"incognito,omitempty"`
	IncognitoName string `json:"incognitoName,omitempty"`
	// DisappearAfter is the agreed disappearing-messages time (0 = off);
	// DisappearOffered is what we offered when the contact has not agreed.
	DisappearAfter   time.Duration `json:"disappearAfter,omitempty"`
	DisappearOffered time.Duration `json:"disappearOffered,omitempty"`
	Muted            bool          `json:"muted,omitempty"`
	// PQ: messages use quantum-resistant encryption (the double ratchet
	// with sntrup761); false for contacts whose app or request did not
	// agree to it.
	PQ bool `json:"pq,omitempty"`
	// PeerMinVersion–PeerMaxVersion is the chat protocol range the contact's
	// app advertises in its messages; 0 until the first one arrives.
	PeerMinVersion uint16    `json:"peerMinVersion,omitempty"`
	PeerMaxVersion uint16    `json:"peerMaxVersion,omitempty"`
	CreatedAt      time.Time `json:"createdAt"`
}

// Name is what a UI shows: the alias, else the display name.
func (c Contact) Name() string {
	if c.Alias != "" {
		return c.Alias
	}
	return c.DisplayName
}

// PendingConnection is a connection on its way to becoming a contact.
type PendingConnection struct {
	ID        PendingID `json:"pccConnId"`
	ProfileID ProfileID `json:"userId"`
	// Invited is true when we created the link (waiting for someone to use
	// it); false when we used someone's link (waiting for them to accept).
	Invited bool `json:"initiated"`
	// Link and ShortLink: the one-time link we created (Invited only).
	// ShortLink is empty when the relay does not support short links.
	Link      string    `json:"connReqInv,omitempty"`
	ShortLink string    `json:"shortLink,omitempty"`
	Incognito bool      `json:"incognito,omitempty"`
	Alias     string    `json:"localAlias,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
}

// Address is a profile's long-term contact address.
type Address struct {
	ProfileID ProfileID `json:"userId"`
	Link      string    `json:"connReqContact"`
	ShortLink string    `json:"shortLink,omitempty"`
	// AutoAccept accepts every request at once; WelcomeMessage (optional)
	// is then sent to each new contact.
	AutoAccept     bool   `json:"autoAccept"`
	WelcomeMessage string `json:"welcomeMessage,omitempty"`
}

// ContactRequest is someone asking to connect through our address.
type ContactRequest struct {
	ID          RequestID `json:"contactRequestId"`
	ProfileID   ProfileID `json:"userId"`
	DisplayName string    `json:"displayName"`
	FullName    string    `json:"fullName,omitempty"`
	Image       string    `json:"image,omitempty"`
	CreatedAt   time.Time `json:"createdAt"`
}

// PlanKind is what connecting through a link would do. Wire numbers.
type PlanKind int

const (
	// PlanInvitation: a one-time link from someone else; connecting is fine.
	PlanInvitation PlanKind = 1
	// PlanAddress: someone's contact address; connecting sends a request.
	PlanAddress PlanKind = 2
	// PlanOwnLink: the link is one of ours (our one-time link or address).
	PlanOwnLink PlanKind = 3
	// PlanConnecting: we already used this link and wait for the other side.
	PlanConnecting PlanKind = 4
	// PlanKnownContact: the link leads to an existing contact (Contact).
	PlanKnownContact PlanKind = 5
)

// ConnectionPlan answers "what happens if I connect via this link?" before
// anything is sent.
type ConnectionPlan struct {
	Kind PlanKind `json:"kind"`
	// Summary is one sentence for the user, e.g. "This is your own one-time link."
	Summary string `json:"summary"`
	// Contact is set for PlanKnownContact, Pending for PlanConnecting.
	Contact *Contact           `json:"contact,omitempty"`
	Pending *PendingConnection `json:"pending,omitempty"`
	// ProfileName is the creator's display name when the (short) link
	// carries it.
	ProfileName string `json:"profileName,omitempty"`
	// Link is the link in its full form (a short link resolved).
	Link string `json:"link"`
}

// Connect results: Connect either joins (Pending set) or, for a link that
// leads to a known contact, returns that contact and does nothing.
type ConnectResult struct {
	Pending *PendingConnection `json:"pending,omitempty"`
	Contact *Contact           `json:"contact,omitempty"`
}

// Contact errors; texts are shown to users as they are.
var (
	ErrNoSuchContact = errors.New("no such contact")
	ErrNoSuchPending = errors.New("no such pending connection")
	ErrNoSuchRequest = errors.New("no such contact request")
	ErrNoAddress     = errors.New("this profile has no contact address")
	ErrHasAddress    = errors.New("this profile already has a contact address")
	ErrOwnLink       = errors.New("this is your own link: share it with someone else")
	ErrNotReady      = errors.New("the contact is not connected yet")
)

// ContactClient creates links, connects and manages contacts. Every method
// returns ErrLocked until the database is open.
type ContactClient interface {
	// CreateLink makes a one-time invitation link (full and, when the relay
	// supports it, short). incognito: the contact will see a random profile.
	CreateLink(ctx context.Context, p ProfileID, incognito bool) (PendingConnection, error)
	// PlanConnect inspects a link (full or short; short links are resolved
	// through their relay) and says what Connect would do. Nothing is sent
	// for one-time links.
	PlanConnect(ctx context.Context, p ProfileID, link string) (ConnectionPlan, error)
	// Connect uses someone's one-time link or address.
	Connect(ctx context.Context, p ProfileID, link string, incognito bool) (ConnectResult, error)
	PendingConnections(ctx context.Context, p ProfileID) ([]PendingConnection, error)
	// DeletePending forgets a pending connection and deletes its queues.
	DeletePending(ctx context.Context, id PendingID) error

	// CreateAddress makes the profile's contact address; Address shows it
	// (ErrNoAddress when none); DeleteAddress removes it — existing contacts
	// keep working.
	CreateAddress(ctx context.Context, p ProfileID) (Address, error)
	Address(ctx context.Context, p ProfileID) (Address, error)
	DeleteAddress(ctx context.Context, p ProfileID) error
	SetAddressSettings(ctx context.Context, p ProfileID, autoAccept bool, welcome string) (Address, error)
	ContactRequests(ctx context.Context, p ProfileID) ([]ContactRequest, error)
	AcceptRequest(ctx context.Context, id RequestID, incognito bool) (Contact, error)
	RejectRequest(ctx context.Context, id RequestID) error

	Contacts(ctx context.Context, p ProfileID) ([]Contact, error)
	Contact(ctx context.Context, id ContactID) (Contact, error)
	SetContactAlias(ctx context.Context, id ContactID, alias string) (Contact, error)
	MuteContact(ctx context.Context, id ContactID, muted bool) error
	// DeleteContact deletes the contact, its chat and its queues; notify
	// tells the contact first (x.direct.del).
	DeleteContact(ctx context.Context, id ContactID, notify bool) error
	// SecurityCode is the connection's code (digits in groups of 5) to
	// compare with the contact's; VerifyContact marks the contact verified
	// when code equals it (spaces ignored) and reports whether it did; an
	// empty code clears the mark.
	SecurityCode(ctx context.Context, id ContactID) (string, error)
	VerifyContact(ctx context.Context, id ContactID, code string) (bool, error)
}
