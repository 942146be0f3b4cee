package chatapi

import "encoding/json"

// Response is a chat API response or event: the object under "resp",
// tagged by "type". Each Go type below fixes its tag; DecodeResponse picks
// the type from the tag and gives *UnknownResponse for tags not modelled.
type Response interface {
	Type() string
}

// ActiveUser answers /user, /_user, /_create user.
type ActiveUser struct {
	User  User  `json:"user"`
	Extra Extra `json:"-"`
}

// UsersList answers /users.
type UsersList struct {
	Users []UserInfo `json:"users"`
	Extra Extra      `json:"-"`
}

// ChatStarted answers /_start on a stopped core.
type ChatStarted struct {
	Extra Extra `json:"-"`
}

// ChatRunning answers /_start on a running core.
type ChatRunning struct {
	Extra Extra `json:"-"`
}

// ChatStopped answers /_stop.
type ChatStopped struct {
	Extra Extra `json:"-"`
}

// Invitation answers /_connect <userId>: a new one-time link.
type Invitation struct {
	User               User                     `json:"user"`
	ConnLinkInvitation CreatedConnLink          `json:"connLinkInvitation"`
	Connection         PendingContactConnection `json:"connection"`
	Extra              Extra                    `json:"-"`
}

// ConnectionPlanResponse answers /_connect plan.
type ConnectionPlanResponse struct {
	User           User            `json:"user"`
	ConnLink       CreatedConnLink `json:"connLink"`
	ConnectionPlan ConnectionPlan  `json:"connectionPlan"`
	Extra          Extra           `json:"-"`
}

// SentConfirmation answers /_connect with a one-time link.
type SentConfirmation struct {
	User              User                     `json:"user"`
	Connection        PendingContactConnection `json:"connection"`
	CustomUserProfile *Profile                 `json:"customUserProfile,omitempty"`
	Extra             Extra                    `json:"-"`
}

// SentInvitation answers /_connect with a contact address.
type SentInvitation struct {
	User              User                     `json:"user"`
	Connection        PendingContactConnection `json:"connection"`
	CustomUserProfile *Profile                 `json:"customUserProfile,omitempty"`
	Extra             Extra                    `json:"-"`
}

// ContactAlreadyExists answers /_connect with a link of a known contact.
type ContactAlreadyExists struct {
	User    User    `json:"user"`
	Contact Contact `json:"contact"`
	Extra   Extra   `json:"-"`
}

// UserContactLinkCreated answers /_address.
type UserContactLinkCreated struct {
	User            User            `json:"user"`
	ConnLinkContact CreatedConnLink `json:"connLinkContact"`
	Extra           Extra           `json:"-"`
}

// UserContactLinkResponse answers /_show_address.
type UserContactLinkResponse struct {
	User        User            `json:"user"`
	ContactLink UserContactLink `json:"contactLink"`
	Extra       Extra           `json:"-"`
}

// UserContactLinkDeleted answers /_delete_address.
type UserContactLinkDeleted struct {
	User  User  `json:"user"`
	Extra Extra `json:"-"`
}

// AcceptingContactRequest answers /_accept.
type AcceptingContactRequest struct {
	User    User    `json:"user"`
	Contact Contact `json:"contact"`
	Extra   Extra   `json:"-"`
}

// ContactRequestRejected answers /_reject.
type ContactRequestRejected struct {
	User           User               `json:"user"`
	ContactRequest UserContactRequest `json:"contactRequest"`
	Contact        *Contact           `json:"contact_,omitempty"`
	Extra          Extra              `json:"-"`
}

// ContactsList answers /_contacts.
type ContactsList struct {
	User     User      `json:"user"`
	Contacts []Contact `json:"contacts"`
	Extra    Extra     `json:"-"`
}

// UserProfileUpdated answers /_profile when the profile changed.
type UserProfileUpdated struct {
	User          User            `json:"user"`
	FromProfile   Profile         `json:"fromProfile"`
	ToProfile     Profile         `json:"toProfile"`
	UpdateSummary json.RawMessage `json:"updateSummary,omitempty"`
	Extra         Extra           `json:"-"`
}

// UserProfileNoChange answers /_profile with the same profile.
type UserProfileNoChange struct {
	User  User  `json:"user"`
	Extra Extra `json:"-"`
}

// ContactDeleted answers /_delete @id.
type ContactDeleted struct {
	User    User    `json:"user"`
	Contact Contact `json:"contact"`
	Extra   Extra   `json:"-"`
}

// ContactConnectionDeleted answers /_delete :id.
type ContactConnectionDeleted struct {
	User       User                     `json:"user"`
	Connection PendingContactConnection `json:"connection"`
	Extra      Extra                    `json:"-"`
}

// ContactConnected is the event of a contact becoming usable.
type ContactConnected struct {
	User              User     `json:"user"`
	Contact           Contact  `json:"contact"`
	UserCustomProfile *Profile `json:"userCustomProfile,omitempty"`
	Extra             Extra    `json:"-"`
}

// ReceivedContactRequest is the event of a request on the address.
type ReceivedContactRequest struct {
	User           User               `json:"user"`
	ContactRequest UserContactRequest `json:"contactRequest"`
	Chat           json.RawMessage    `json:"chat_,omitempty"`
	Extra          Extra              `json:"-"`
}

// NewChatItems answers /_send and is the event of received messages.
type NewChatItems struct {
	User      User        `json:"user"`
	ChatItems []AChatItem `json:"chatItems"`
	Extra     Extra       `json:"-"`
}

// ChatItemUpdated answers /_update item and is the event of an edit.
type ChatItemUpdated struct {
	User     User      `json:"user"`
	ChatItem AChatItem `json:"chatItem"`
	Extra    Extra     `json:"-"`
}

// ChatItemReaction answers /_reaction and is the event of a reaction.
type ChatItemReaction struct {
	User     User        `json:"user"`
	Added    bool        `json:"added"`
	Reaction ACIReaction `json:"reaction"`
	Extra    Extra       `json:"-"`
}

// ChatItemsDeleted answers /_delete item and is the event of deletions.
type ChatItemsDeleted struct {
	User              User               `json:"user"`
	ChatItemDeletions []ChatItemDeletion `json:"chatItemDeletions"`
	ByUser            bool               `json:"byUser"`
	Timed             bool               `json:"timed"`
	Extra             Extra              `json:"-"`
}

// ChatItemsStatusesUpdated is the event of delivery/read status changes.
type ChatItemsStatusesUpdated struct {
	User      User        `json:"user"`
	ChatItems []AChatItem `json:"chatItems"`
	Extra     Extra       `json:"-"`
}

// APIChats answers /_get chats.
type APIChats struct {
	User  User    `json:"user"`
	Chats []AChat `json:"chats"`
	Extra Extra   `json:"-"`
}

// APIChat answers /_get chat.
type APIChat struct {
	User    User            `json:"user"`
	Chat    AChat           `json:"chat"`
	NavInfo json.RawMessage `json:"navInfo,omitempty"`
	Extra   Extra           `json:"-"`
}

// CmdOk answers commands with nothing to report.
type CmdOk struct {
	User  *User `json:"user_,omitempty"`
	Extra Extra `json:"-"`
}

// ChatCmdError is the error answer to any command.
type ChatCmdError struct {
	User      *User     `json:"user_,omitempty"`
	ChatError ChatError `json:"chatError"`
	Extra     Extra     `json:"-"`
}

// UnknownResponse is a tag this package does not model, kept verbatim.
type UnknownResponse struct {
	Tag string
	Raw json.RawMessage
}

func (u *UnknownResponse) Type() string                 { return u.Tag }
func (u *UnknownResponse) MarshalJSON() ([]byte, error) { return u.Raw, nil }

// DecodeResponse reads one "resp" object.
func DecodeResponse(b []byte) (Response, error) {
	var t struct {
		Type *string `json:"type"`
	}
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, err
	}
	if t.Type == nil || *t.Type == "" {
		return nil, errMissingType
	}
	mk, ok := responseTypes[*t.Type]
	if !ok {
		var c json.RawMessage
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, err
		}
		return &UnknownResponse{Tag: *t.Type, Raw: compactJSON(b)}, nil
	}
	r := mk()
	if err := json.Unmarshal(b, r); err != nil {
		return nil, err
	}
	return r, nil
}

// EncodeResponse writes one "resp" object.
func EncodeResponse(r Response) ([]byte, error) { return marshalNoEscape(r) }

func compactJSON(b []byte) json.RawMessage {
	out, err := marshalNoEscape(json.RawMessage(b))
	if err != nil {
		return json.RawMessage(b)
	}
	return out
}
