package chatapi

import (
	"encoding/json"
	"errors"
)

var errMissingType = errors.New(`chatapi: object has no "type"`)

// The record types below follow upstream bots/api/TYPES.md member for
// member. Members that every current core writes are plain values;
// members marked "?" there (or added in recent versions) are pointers or
// raw JSON with omitempty, so an object read from any version writes back
// the same. Timestamps stay strings: upstream writes UTCTime with a
// variable number of fraction digits and re-formatting would change them.
// Deep structures Duplex does not interpret (preferences, group info,
// files) are kept as raw JSON. Every type keeps unknown members in Extra.

// Profile is a user or contact profile.
type Profile struct {
	DisplayName string          `json:"displayName"`
	FullName    string          `json:"fullName"`
	ShortDescr  *string         `json:"shortDescr,omitempty"`
	Image       *string         `json:"image,omitempty"` // data: URI
	ContactLink *string         `json:"contactLink,omitempty"`
	Preferences json.RawMessage `json:"preferences,omitempty"`
	Extra       Extra           `json:"-"`
}

// LocalProfile is a Profile as stored, with its id and the local alias.
type LocalProfile struct {
	ProfileID   int64           `json:"profileId"`
	DisplayName string          `json:"displayName"`
	FullName    string          `json:"fullName"`
	ShortDescr  *string         `json:"shortDescr,omitempty"`
	Image       *string         `json:"image,omitempty"`
	ContactLink *string         `json:"contactLink,omitempty"`
	Preferences json.RawMessage `json:"preferences,omitempty"`
	LocalAlias  string          `json:"localAlias"`
	Extra       Extra           `json:"-"`
}

// User is a chat profile of this core ("user" in the API).
type User struct {
	UserID               int64           `json:"userId"`
	AgentUserID          int64           `json:"agentUserId"`
	UserContactID        int64           `json:"userContactId"`
	LocalDisplayName     string          `json:"localDisplayName"`
	Profile              LocalProfile    `json:"profile"`
	FullPreferences      json.RawMessage `json:"fullPreferences,omitempty"`
	ActiveUser           bool            `json:"activeUser"`
	ActiveOrder          int64           `json:"activeOrder"`
	ViewPwdHash          json.RawMessage `json:"viewPwdHash,omitempty"`
	ShowNtfs             bool            `json:"showNtfs"`
	SendRcptsContacts    bool            `json:"sendRcptsContacts"`
	SendRcptsSmallGroups bool            `json:"sendRcptsSmallGroups"`
	Extra                Extra           `json:"-"`
}

// UserInfo is a User with its unread count (usersList).
type UserInfo struct {
	User        User  `json:"user"`
	UnreadCount int64 `json:"unreadCount"`
	Extra       Extra `json:"-"`
}

// CreatedConnLink is a link in both forms: the full connection request
// URI and, when the relay supports it, the short link.
type CreatedConnLink struct {
	ConnFullLink  string  `json:"connFullLink"`
	ConnShortLink *string `json:"connShortLink,omitempty"`
	Extra         Extra   `json:"-"`
}

// PendingContactConnection is a connection not yet a contact.
type PendingContactConnection struct {
	PccConnID           int64            `json:"pccConnId"`
	PccAgentConnID      string           `json:"pccAgentConnId"`
	PccConnStatus       string           `json:"pccConnStatus"`
	ViaContactURI       bool             `json:"viaContactUri"`
	ViaUserContactLink  *int64           `json:"viaUserContactLink,omitempty"`
	GroupLinkID         *string          `json:"groupLinkId,omitempty"`
	CustomUserProfileID *int64           `json:"customUserProfileId,omitempty"`
	ConnLinkInv         *CreatedConnLink `json:"connLinkInv,omitempty"`
	LocalAlias          string           `json:"localAlias"`
	CreatedAt           string           `json:"createdAt"`
	UpdatedAt           string           `json:"updatedAt"`
	Extra               Extra            `json:"-"`
}

// Contact is an established (or being established) contact.
type Contact struct {
	ContactID         int64           `json:"contactId"`
	LocalDisplayName  string          `json:"localDisplayName"`
	Profile           LocalProfile    `json:"profile"`
	ActiveConn        json.RawMessage `json:"activeConn,omitempty"`
	ViaGroup          *int64          `json:"viaGroup,omitempty"`
	ContactUsed       bool            `json:"contactUsed"`
	ContactStatus     string          `json:"contactStatus"`
	ChatSettings      json.RawMessage `json:"chatSettings,omitempty"`
	UserPreferences   json.RawMessage `json:"userPreferences,omitempty"`
	MergedPreferences json.RawMessage `json:"mergedPreferences,omitempty"`
	CreatedAt         string          `json:"createdAt"`
	UpdatedAt         string          `json:"updatedAt"`
	ChatTs            *string         `json:"chatTs,omitempty"`
	Extra             Extra           `json:"-"`
}

// UserContactRequest is a request received on the contact address.
type UserContactRequest struct {
	ContactRequestID  int64   `json:"contactRequestId"`
	AgentInvitationID string  `json:"agentInvitationId"`
	ContactID         *int64  `json:"contactId_,omitempty"`
	UserContactLinkID *int64  `json:"userContactLinkId_,omitempty"`
	LocalDisplayName  string  `json:"localDisplayName"`
	ProfileID         int64   `json:"profileId"`
	Profile           Profile `json:"profile"`
	CreatedAt         string  `json:"createdAt"`
	UpdatedAt         string  `json:"updatedAt"`
	Extra             Extra   `json:"-"`
}

// AutoAccept is the auto-accept setting of an address.
type AutoAccept struct {
	AcceptIncognito bool  `json:"acceptIncognito"`
	Extra           Extra `json:"-"`
}

// AddressSettings are an address's business flag, auto-accept and welcome.
type AddressSettings struct {
	BusinessAddress bool            `json:"businessAddress"`
	AutoAccept      *AutoAccept     `json:"autoAccept,omitempty"`
	AutoReply       json.RawMessage `json:"autoReply,omitempty"` // MsgContent
	Extra           Extra           `json:"-"`
}

// UserContactLink is the user's contact address.
type UserContactLink struct {
	UserContactLinkID int64           `json:"userContactLinkId"`
	ConnLinkContact   CreatedConnLink `json:"connLinkContact"`
	ShortLinkDataSet  bool            `json:"shortLinkDataSet"`
	AddressSettings   AddressSettings `json:"addressSettings"`
	Extra             Extra           `json:"-"`
}

// ChatInfo is tagged by Type: "direct" (Contact), "group" (GroupInfo),
// "local" (NoteFolder), "contactRequest", "contactConnection".
type ChatInfo struct {
	Type              string                    `json:"type"`
	Contact           *Contact                  `json:"contact,omitempty"`
	GroupInfo         json.RawMessage           `json:"groupInfo,omitempty"`
	NoteFolder        json.RawMessage           `json:"noteFolder,omitempty"`
	ContactRequest    *UserContactRequest       `json:"contactRequest,omitempty"`
	ContactConnection *PendingContactConnection `json:"contactConnection,omitempty"`
	Extra             Extra                     `json:"-"`
}

// CIDirection: "directSnd", "directRcv", "groupSnd", "groupRcv"
// (with groupMember), "localSnd", "localRcv".
type CIDirection struct {
	Type        string          `json:"type"`
	GroupMember json.RawMessage `json:"groupMember,omitempty"`
	Extra       Extra           `json:"-"`
}

// CIMeta is a chat item's metadata.
type CIMeta struct {
	ItemID            int64           `json:"itemId"`
	ItemTs            string          `json:"itemTs"`
	ItemText          string          `json:"itemText"`
	ItemStatus        Tagged          `json:"itemStatus"` // sndNew, sndSent, sndRcvd, rcvNew, rcvRead, …
	SentViaProxy      *bool           `json:"sentViaProxy,omitempty"`
	ItemSharedMsgID   *string         `json:"itemSharedMsgId,omitempty"`
	ItemForwarded     *Tagged         `json:"itemForwarded,omitempty"`
	ItemDeleted       *Tagged         `json:"itemDeleted,omitempty"`
	ItemEdited        bool            `json:"itemEdited"`
	ItemTimed         json.RawMessage `json:"itemTimed,omitempty"`
	ItemLive          *bool           `json:"itemLive,omitempty"`
	UserMention       bool            `json:"userMention"`
	Deletable         bool            `json:"deletable"`
	Editable          bool            `json:"editable"`
	ForwardedByMember *int64          `json:"forwardedByMember,omitempty"`
	CreatedAt         string          `json:"createdAt"`
	UpdatedAt         string          `json:"updatedAt"`
	Extra             Extra           `json:"-"` // hasLink, showGroupAsSender, … (newer cores)
}

// CIContent is tagged by Type: "sndMsgContent"/"rcvMsgContent" carry
// MsgContent; "sndDeleted"/"rcvDeleted" carry DeleteMode; the many
// event contents keep their members in Extra.
type CIContent struct {
	Type       string          `json:"type"`
	MsgContent json.RawMessage `json:"msgContent,omitempty"`
	DeleteMode string          `json:"deleteMode,omitempty"`
	Extra      Extra           `json:"-"`
}

// ChatItem is one message or event in a chat.
type ChatItem struct {
	ChatDir       CIDirection     `json:"chatDir"`
	Meta          CIMeta          `json:"meta"`
	Content       CIContent       `json:"content"`
	Mentions      json.RawMessage `json:"mentions,omitempty"`
	FormattedText json.RawMessage `json:"formattedText,omitempty"`
	QuotedItem    json.RawMessage `json:"quotedItem,omitempty"`
	Reactions     json.RawMessage `json:"reactions,omitempty"`
	File          json.RawMessage `json:"file,omitempty"`
	Extra         Extra           `json:"-"`
}

// AChatItem is a chat item with the chat it belongs to.
type AChatItem struct {
	ChatInfo ChatInfo `json:"chatInfo"`
	ChatItem ChatItem `json:"chatItem"`
	Extra    Extra    `json:"-"`
}

// ChatStats are a chat's unread counters.
type ChatStats struct {
	UnreadCount     int64 `json:"unreadCount"`
	UnreadMentions  int64 `json:"unreadMentions"`
	ReportsCount    int64 `json:"reportsCount"`
	MinUnreadItemID int64 `json:"minUnreadItemId"`
	UnreadChat      bool  `json:"unreadChat"`
	Extra           Extra `json:"-"`
}

// AChat is a chat with a page of items (apiChat) or its preview (apiChats).
type AChat struct {
	ChatInfo  ChatInfo   `json:"chatInfo"`
	ChatItems []ChatItem `json:"chatItems"`
	ChatStats ChatStats  `json:"chatStats"`
	Extra     Extra      `json:"-"`
}

// CIReaction is one reaction on a chat item.
type CIReaction struct {
	ChatDir  CIDirection     `json:"chatDir"`
	ChatItem ChatItem        `json:"chatItem"`
	SentAt   string          `json:"sentAt"`
	Reaction json.RawMessage `json:"reaction"` // MsgReaction {"type":"emoji","emoji":"👍"}
	Extra    Extra           `json:"-"`
}

// ACIReaction is a reaction with its chat.
type ACIReaction struct {
	ChatInfo     ChatInfo   `json:"chatInfo"`
	ChatReaction CIReaction `json:"chatReaction"`
	Extra        Extra      `json:"-"`
}

// ChatItemDeletion is one deleted item and, when marked deleted rather
// than removed, the item it became.
type ChatItemDeletion struct {
	DeletedChatItem AChatItem  `json:"deletedChatItem"`
	ToChatItem      *AChatItem `json:"toChatItem,omitempty"`
	Extra           Extra      `json:"-"`
}

// ChatError is tagged by Type: "error" (ErrorType), "errorAgent"
// (AgentError), "errorStore" (StoreError), and others kept in Extra.
type ChatError struct {
	Type       string  `json:"type"`
	ErrorType  *Tagged `json:"errorType,omitempty"`
	AgentError *Tagged `json:"agentError,omitempty"`
	StoreError *Tagged `json:"storeError,omitempty"`
	Extra      Extra   `json:"-"`
}

// LinkPlan is an invitationLinkPlan / contactAddressPlan / groupLinkPlan:
// "ok", "ownLink", "connecting", "known", … with a contact when one exists.
type LinkPlan struct {
	Type    string   `json:"type"`
	Contact *Contact `json:"contact,omitempty"`
	Extra   Extra    `json:"-"`
}

// ConnectionPlan is tagged by Type: "invitationLink", "contactAddress",
// "groupLink", "error".
type ConnectionPlan struct {
	Type               string     `json:"type"`
	InvitationLinkPlan *LinkPlan  `json:"invitationLinkPlan,omitempty"`
	ContactAddressPlan *LinkPlan  `json:"contactAddressPlan,omitempty"`
	GroupLinkPlan      *LinkPlan  `json:"groupLinkPlan,omitempty"`
	ChatError          *ChatError `json:"chatError,omitempty"`
	Extra              Extra      `json:"-"`
}

// ComposedMessage is one element of the "/_send … json [...]" array.
type ComposedMessage struct {
	FileSource   json.RawMessage  `json:"fileSource,omitempty"`
	QuotedItemID *int64           `json:"quotedItemId,omitempty"`
	MsgContent   json.RawMessage  `json:"msgContent"`
	Mentions     map[string]int64 `json:"mentions"`
	Extra        Extra            `json:"-"`
}

// UpdatedMessage is the payload of "/_update item … json".
type UpdatedMessage struct {
	MsgContent json.RawMessage  `json:"msgContent"`
	Mentions   map[string]int64 `json:"mentions"`
	Extra      Extra            `json:"-"`
}
