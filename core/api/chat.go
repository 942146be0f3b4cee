package api

import (
	"context"
	"errors"
	"time"
)

// ItemID identifies a chat item within one core.
type ItemID int64

// ItemStatus is where a chat item stands. Wire numbers.
type ItemStatus int

const (
	StatusSending   ItemStatus = 1 // sent items: stored, not yet accepted by the relay
	StatusSent      ItemStatus = 2 // the relay accepted it
	StatusDelivered ItemStatus = 3 // the contact's receipt arrived
	StatusRead      ItemStatus = 4 // reserved: SimpleX sends no read receipts for contacts
	StatusError     ItemStatus = 5 // sending failed for good (StatusErr says why)
	StatusReceived  ItemStatus = 6 // received, unread
	StatusSeen      ItemStatus = 7 // received and marked read
)

func (s ItemStatus) String() string {
	switch s {
	case StatusSending:
		return "sending"
	case StatusSent:
		return "sent"
	case StatusDelivered:
		return "delivered"
	case StatusRead:
		return "read"
	case StatusError:
		return "error"
	case StatusReceived:
		return "received"
	case StatusSeen:
		return "seen"
	}
	return "unknown"
}

// ItemKind says what a chat item holds. Wire numbers.
type ItemKind int

const (
	KindText        ItemKind = 1 // text (maybe with a link preview)
	KindLink        ItemKind = 2 // text with a link preview
	KindUnsupported ItemKind = 3 // a chat protocol message this version does not know (Text says what)
	KindEvent       ItemKind = 4 // chat event shown in the chat: "contact connected", preference changes
)

// LinkPreview is the card shown for a link in a message.
type LinkPreview struct {
	URI         string `json:"uri"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Image       string `json:"image,omitempty"` // data URI
}

// Quote is the message an item replies to.
type Quote struct {
	// ItemID is the quoted item in this chat, 0 when it is not (or no
	// longer) stored here.
	ItemID ItemID `json:"itemId,omitempty"`
	Text   string `json:"text"`
	Sent   bool   `json:"sent"` // the quoted message was ours
	// SentAt is when the quoted message was sent (zero if unknown).
	SentAt time.Time `json:"sentAt,omitzero"`
}

// Reaction is one emoji's reactions on an item.
type Reaction struct {
	Emoji string `json:"emoji"`
	Count int    `json:"count"`
	Mine  bool   `json:"mine"`
}

// MaxReactions is how many different reactions a user may put on one item.
const MaxReactions = 3

// ChatItem is one message (or chat event) in a chat.
type ChatItem struct {
	ID        ItemID     `json:"itemId"`
	ContactID ContactID  `json:"contactId"`
	ProfileID ProfileID  `json:"userId"`
	Sent      bool       `json:"sent"`
	Kind      ItemKind   `json:"kind"`
	Status    ItemStatus `json:"status"`
	// StatusErr is the reason for StatusError.
	StatusErr   string       `json:"statusError,omitempty"`
	Text        string       `json:"text"`
	LinkPreview *LinkPreview `json:"linkPreview,omitempty"`
	Quote       *Quote       `json:"quote,omitempty"`
	Reactions   []Reaction   `json:"reactions,omitempty"`
	// Edited: the text was changed (ItemHistory has the versions).
	Edited bool `json:"edited,omitempty"`
	// Deleted: deleted by its sender for everyone; Text keeps the last
	// text only for our own items ("deleted" is shown for the contact's).
	Deleted bool `json:"deleted,omitempty"`
	// Time is when the item was sent (the sender's clock for received items
	// as the relay stamped it); CreatedAt when it was stored here.
	Time      time.Time `json:"itemTs"`
	CreatedAt time.Time `json:"createdAt"`
	// DisappearAt: the item deletes itself then (zero: never).
	DisappearAt time.Time `json:"disappearAt,omitempty"`
	// Via is how the message travelled: the proxy relay's host for private
	// routing, empty when sent directly or when received.
	Via string `json:"via,omitempty"`
}

// ItemVersion is one version of an edited item's text.
type ItemVersion struct {
	Text string    `json:"text"`
	Time time.Time `json:"time"`
}

// Page selects items of a chat. Zero Before/After/Around: the newest Count.
// Before: Count items older than that item; After: Count newer;
// Around: the item with Count/2 on each side. Items come oldest first.
type Page struct {
	Before ItemID `json:"before,omitempty"`
	After  ItemID `json:"after,omitempty"`
	Around ItemID `json:"around,omitempty"`
	Count  int    `json:"count"`
}

// ChatSummary is one row of the chat list.
type ChatSummary struct {
	Contact Contact   `json:"contact"`
	Last    *ChatItem `json:"lastItem,omitempty"`
	Unread  int       `json:"unreadCount"`
	// FirstUnread is the oldest unread item (0: none), for "jump to first unread".
	FirstUnread ItemID `json:"firstUnread,omitempty"`
}

// Compose is a message to send.
type Compose struct {
	Text        string       `json:"text"`
	QuoteID     ItemID       `json:"quoteId,omitempty"`
	LinkPreview *LinkPreview `json:"linkPreview,omitempty"`
}

// DeleteMode says whom a deletion affects. Wire numbers.
type DeleteMode int

const (
	DeleteForMe       DeleteMode = 1 // removed here only
	DeleteForEveryone DeleteMode = 2 // our own item: the contact's copy is marked deleted too
)

// Chat errors; texts are shown as they are.
var (
	ErrNoSuchItem    = errors.New("no such message")
	ErrNotOwnItem    = errors.New("only your own messages can be edited or deleted for everyone")
	ErrTooManyReacts = errors.New("at most 3 different reactions per message")
	ErrEmptyMessage  = errors.New("the message is empty")
)

// ChatClient reads and writes chats. Every method returns ErrLocked until
// the database is open.
type ChatClient interface {
	// Chats lists a profile's chats, most recent activity first.
	Chats(ctx context.Context, p ProfileID) ([]ChatSummary, error)
	// Items pages through one chat.
	Items(ctx context.Context, c ContactID, page Page) ([]ChatItem, error)
	Item(ctx context.Context, id ItemID) (ChatItem, error)
	// Send stores the message (status sending) and sends it; it returns once
	// the item is stored and queued: nothing is lost if the relay is down.
	Send(ctx context.Context, c ContactID, m Compose) (ChatItem, error)
	// Edit changes the text of our own item (the contact sees the edit).
	Edit(ctx context.Context, id ItemID, text string) (ChatItem, error)
	DeleteItems(ctx context.Context, ids []ItemID, mode DeleteMode) error
	// React adds (on) or removes an emoji reaction on an item.
	React(ctx context.Context, id ItemID, emoji string, on bool) (ChatItem, error)
	// MarkRead marks the chat's received items up to and including upTo
	// (0: all) as read.
	MarkRead(ctx context.Context, c ContactID, upTo ItemID) error
	// ClearChat deletes all items of a chat here (the contact stays).
	ClearChat(ctx context.Context, c ContactID) error
	// Search finds items by full-text query in one chat (c != 0) or across
	// all chats of the profile (c == 0), newest first.
	Search(ctx context.Context, p ProfileID, c ContactID, query string, limit int) ([]ChatItem, error)
	// ItemHistory lists the versions of an edited item, oldest first.
	ItemHistory(ctx context.Context, id ItemID) ([]ItemVersion, error)
	// SetDisappearing offers disappearing messages after ttl (0: off) to
	// the contact; they apply once both sides have the same setting.
	SetDisappearing(ctx context.Context, c ContactID, ttl time.Duration) (Contact, error)
}
