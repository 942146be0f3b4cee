package chatapi

import (
	"encoding/json"
	"strings"
)

// APIGetChats is "/_get chats <userId>[ pcc=on|off][ <TimePage>][ <json ChatListQuery>]" → apiChats.
// Page nil and Query nil are upstream's defaults (count=5000, no filter).
type APIGetChats struct {
	UserID             int64
	PendingConnections *bool
	Page               *TimePage
	Query              json.RawMessage
}

// APIGetChat is "/_get chat <ChatRef>[ content=<tag>] <Pagination>[ search=<text>]" → apiChat.
type APIGetChat struct {
	Chat       ChatRef
	ContentTag string // optional content filter (e.g. "image")
	Page       Pagination
	Search     string
	HasSearch  bool
}

// SendMode is how "/_send" and "/_update item" carry the message.
type SendMode int

const (
	SendJSON SendMode = 1 // " json <json>"
	SendText SendMode = 2 // " text <plain text>"
)

// APISendMessages is "/_send <@id|#id[(_support…)]>[ live=on|off][ ttl=<n>|ttl=default][ sign=on|off] json <json [ComposedMessage]>"
// (or " text <text>") → newChatItems.
type APISendMessages struct {
	Send       ChatRef
	Live       *bool
	TTL        *int64 // nil and TTLDefault false: no ttl= flag
	TTLDefault bool   // "ttl=default"
	Sign       *bool
	Mode       SendMode
	Messages   json.RawMessage // Mode == SendJSON: a JSON array of ComposedMessage
	Text       string          // Mode == SendText
}

// APIUpdateChatItem is "/_update item <ChatRef> <itemId>[ live=on|off] json <json UpdatedMessage>" → chatItemUpdated.
type APIUpdateChatItem struct {
	Chat    ChatRef
	ItemID  int64
	Live    *bool
	Mode    SendMode
	Updated json.RawMessage
	Text    string
}

// APIDeleteChatItem is "/_delete item <ChatRef> <id>[,<id>…] broadcast|internal|internalMark|history" → chatItemsDeleted.
type APIDeleteChatItem struct {
	Chat    ChatRef
	ItemIDs []int64
	Mode    string
}

// APIChatItemReaction is "/_reaction <ChatRef> <itemId> on|off <json MsgReaction>" → chatItemReaction.
type APIChatItemReaction struct {
	Chat     ChatRef
	ItemID   int64
	Add      bool
	Reaction json.RawMessage
}

// APIChatRead is "/_read chat <ChatRef>" → cmdOk.
type APIChatRead struct{ Chat ChatRef }

// APIDeleteChat is "/_delete <ChatRef>[ full| entity| messages][ notify=on|off]" →
// contactDeleted | contactConnectionDeleted | groupDeletedUser.
// Mode "" is the bare form (upstream: full, notify). Notify applies to full/entity/"".
type APIDeleteChat struct {
	Chat   ChatRef
	Mode   string
	Notify *bool
}

func (APIGetChats) Name() string         { return "APIGetChats" }
func (APIGetChat) Name() string          { return "APIGetChat" }
func (APISendMessages) Name() string     { return "APISendMessages" }
func (APIUpdateChatItem) Name() string   { return "APIUpdateChatItem" }
func (APIDeleteChatItem) Name() string   { return "APIDeleteChatItem" }
func (APIChatItemReaction) Name() string { return "APIChatItemReaction" }
func (APIChatRead) Name() string         { return "APIChatRead" }
func (APIDeleteChat) Name() string       { return "APIDeleteChat" }

func (c APIGetChats) Encode() string {
	s := "/_get chats " + itoa(c.UserID) + optFlag("pcc", c.PendingConnections)
	if c.Page != nil {
		s += " " + c.Page.String()
	}
	return s + optJSON(c.Query)
}

func (c APIGetChat) Encode() string {
	s := "/_get chat " + c.Chat.String()
	if c.ContentTag != "" {
		s += " content=" + c.ContentTag
	}
	s += " " + c.Page.String()
	if c.HasSearch {
		s += " search=" + c.Search
	}
	return s
}

func (c APISendMessages) Encode() string {
	s := "/_send " + c.Send.String() + optFlag("live", c.Live)
	switch {
	case c.TTLDefault:
		s += " ttl=default"
	case c.TTL != nil:
		s += " ttl=" + itoa(*c.TTL)
	}
	s += optFlag("sign", c.Sign)
	if c.Mode == SendText {
		return s + " text " + c.Text
	}
	return s + " json " + string(c.Messages)
}

func (c APIUpdateChatItem) Encode() string {
	s := "/_update item " + c.Chat.String() + " " + itoa(c.ItemID) + optFlag("live", c.Live)
	if c.Mode == SendText {
		return s + " text " + c.Text
	}
	return s + " json " + string(c.Updated)
}

func (c APIDeleteChatItem) Encode() string {
	ids := make([]string, len(c.ItemIDs))
	for i, id := range c.ItemIDs {
		ids[i] = itoa(id)
	}
	return "/_delete item " + c.Chat.String() + " " + strings.Join(ids, ",") + " " + c.Mode
}

func (c APIChatItemReaction) Encode() string {
	return "/_reaction " + c.Chat.String() + " " + itoa(c.ItemID) + " " + onOff(c.Add) + " " + string(c.Reaction)
}

func (c APIChatRead) Encode() string { return "/_read chat " + c.Chat.String() }

func (c APIDeleteChat) Encode() string {
	s := "/_delete " + c.Chat.String()
	if c.Mode != "" {
		s += " " + c.Mode
	}
	return s + optFlag("notify", c.Notify)
}

// Delete modes of "/_delete item" (upstream CIDeleteMode, plus history).
var itemDeleteModes = []string{"broadcast", "internalMark", "internal", "history"}
