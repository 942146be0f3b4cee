package api

import "context"

// EventType numbers cross the wire and never change.
type EventType int

const (
	EvContactConnected EventType = 1  // Contact: a connection became a contact (CON)
	EvContactRequest   EventType = 2  // Request: someone asked to connect via our address
	EvNewItems         EventType = 3  // Items: new chat items (received, or sent from another front end)
	EvItemUpdated      EventType = 4  // Items: text edited, reaction changed, deleted for everyone
	EvItemStatus       EventType = 5  // Items: status changed (sent, delivered, error)
	EvItemsDeleted     EventType = 6  // ContactID, ItemIDs: removed (for me, cleared, disappeared)
	EvContactUpdated   EventType = 7  // Contact: new profile, alias, verification, preferences
	EvContactDeleted   EventType = 8  // ContactID: gone (here, or the contact deleted us: Contact.Ready false)
	EvPendingUpdated   EventType = 9  // Pending: created, used by the other side, or deleted (Deleted)
	EvProfilesChanged  EventType = 10 // profiles list or active profile changed
	EvServerStatus     EventType = 11 // Server, Up: a relay connection went up or down
	EvError            EventType = 12 // Err: a background error the user should see
)

var eventNames = map[EventType]string{
	EvContactConnected: "contactConnected", EvContactRequest: "contactRequest", EvNewItems: "newItems",
	EvItemUpdated: "itemUpdated", EvItemStatus: "itemStatus", EvItemsDeleted: "itemsDeleted",
	EvContactUpdated: "contactUpdated", EvContactDeleted: "contactDeleted", EvPendingUpdated: "pendingUpdated",
	EvProfilesChanged: "profilesChanged", EvServerStatus: "serverStatus", EvError: "error",
}

func (t EventType) String() string {
	if s, ok := eventNames[t]; ok {
		return s
	}
	return "unknown"
}

// EventMask selects event types for Watch.
type EventMask uint64

// Mask is the mask bit of one type.
func (t EventType) Mask() EventMask { return 1 << uint(t) }

// AllEvents selects every event type.
const AllEvents EventMask = ^EventMask(0)

// Has reports whether the mask selects t.
func (m EventMask) Has(t EventType) bool { return m&t.Mask() != 0 }

// Event is the one notification type from core to front ends. Fields not
// meaningful for a Type are zero.
type Event struct {
	Type      EventType          `json:"type"`
	ProfileID ProfileID          `json:"userId,omitempty"`
	ContactID ContactID          `json:"contactId,omitempty"`
	Contact   *Contact           `json:"contact,omitempty"`
	Request   *ContactRequest    `json:"request,omitempty"`
	Pending   *PendingConnection `json:"pending,omitempty"`
	Deleted   bool               `json:"deleted,omitempty"` // EvPendingUpdated: it is gone
	Items     []ChatItem         `json:"items,omitempty"`
	ItemIDs   []ItemID           `json:"itemIds,omitempty"`
	Server    string             `json:"server,omitempty"`
	Up        bool               `json:"up,omitempty"`
	Err       string             `json:"error,omitempty"`
}

// EventClient delivers events.
type EventClient interface {
	// Watch streams the events selected by mask until ctx ends or the client
	// closes (then the channel is closed). Each watcher gets every event, in
	// order; a slow watcher never blocks the core (events queue for it).
	Watch(ctx context.Context, mask EventMask) (<-chan Event, error)
}
