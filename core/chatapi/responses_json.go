// Tagged JSON methods, one set per response type of responses.go.

package chatapi

// responseTypes maps each modelled tag to a constructor.
var responseTypes = map[string]func() Response{
	"activeUser":               func() Response { return new(ActiveUser) },
	"usersList":                func() Response { return new(UsersList) },
	"chatStarted":              func() Response { return new(ChatStarted) },
	"chatRunning":              func() Response { return new(ChatRunning) },
	"chatStopped":              func() Response { return new(ChatStopped) },
	"invitation":               func() Response { return new(Invitation) },
	"connectionPlan":           func() Response { return new(ConnectionPlanResponse) },
	"sentConfirmation":         func() Response { return new(SentConfirmation) },
	"sentInvitation":           func() Response { return new(SentInvitation) },
	"contactAlreadyExists":     func() Response { return new(ContactAlreadyExists) },
	"userContactLinkCreated":   func() Response { return new(UserContactLinkCreated) },
	"userContactLink":          func() Response { return new(UserContactLinkResponse) },
	"userContactLinkDeleted":   func() Response { return new(UserContactLinkDeleted) },
	"acceptingContactRequest":  func() Response { return new(AcceptingContactRequest) },
	"contactRequestRejected":   func() Response { return new(ContactRequestRejected) },
	"contactsList":             func() Response { return new(ContactsList) },
	"userProfileUpdated":       func() Response { return new(UserProfileUpdated) },
	"userProfileNoChange":      func() Response { return new(UserProfileNoChange) },
	"contactDeleted":           func() Response { return new(ContactDeleted) },
	"contactConnectionDeleted": func() Response { return new(ContactConnectionDeleted) },
	"contactConnected":         func() Response { return new(ContactConnected) },
	"receivedContactRequest":   func() Response { return new(ReceivedContactRequest) },
	"newChatItems":             func() Response { return new(NewChatItems) },
	"chatItemUpdated":          func() Response { return new(ChatItemUpdated) },
	"chatItemReaction":         func() Response { return new(ChatItemReaction) },
	"chatItemsDeleted":         func() Response { return new(ChatItemsDeleted) },
	"chatItemsStatusesUpdated": func() Response { return new(ChatItemsStatusesUpdated) },
	"apiChats":                 func() Response { return new(APIChats) },
	"apiChat":                  func() Response { return new(APIChat) },
	"cmdOk":                    func() Response { return new(CmdOk) },
	"chatCmdError":             func() Response { return new(ChatCmdError) },
}

func (*ActiveUser) Type() string { return "activeUser" }

func (r *ActiveUser) MarshalJSON() ([]byte, error) {
	type plain ActiveUser
	return encodeObj((*plain)(r), r.Extra, "activeUser")
}

func (r *ActiveUser) UnmarshalJSON(b []byte) error {
	type plain ActiveUser
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ActiveUser(v)
	r.Extra = extra
	return nil
}

func (*UsersList) Type() string { return "usersList" }

func (r *UsersList) MarshalJSON() ([]byte, error) {
	type plain UsersList
	return encodeObj((*plain)(r), r.Extra, "usersList")
}

func (r *UsersList) UnmarshalJSON(b []byte) error {
	type plain UsersList
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = UsersList(v)
	r.Extra = extra
	return nil
}

func (*ChatStarted) Type() string { return "chatStarted" }

func (r *ChatStarted) MarshalJSON() ([]byte, error) {
	type plain ChatStarted
	return encodeObj((*plain)(r), r.Extra, "chatStarted")
}

func (r *ChatStarted) UnmarshalJSON(b []byte) error {
	type plain ChatStarted
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ChatStarted(v)
	r.Extra = extra
	return nil
}

func (*ChatRunning) Type() string { return "chatRunning" }

func (r *ChatRunning) MarshalJSON() ([]byte, error) {
	type plain ChatRunning
	return encodeObj((*plain)(r), r.Extra, "chatRunning")
}

func (r *ChatRunning) UnmarshalJSON(b []byte) error {
	type plain ChatRunning
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ChatRunning(v)
	r.Extra = extra
	return nil
}

func (*ChatStopped) Type() string { return "chatStopped" }

func (r *ChatStopped) MarshalJSON() ([]byte, error) {
	type plain ChatStopped
	return encodeObj((*plain)(r), r.Extra, "chatStopped")
}

func (r *ChatStopped) UnmarshalJSON(b []byte) error {
	type plain ChatStopped
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ChatStopped(v)
	r.Extra = extra
	return nil
}

func (*Invitation) Type() string { return "invitation" }

func (r *Invitation) MarshalJSON() ([]byte, error) {
	type plain Invitation
	return encodeObj((*plain)(r), r.Extra, "invitation")
}

func (r *Invitation) UnmarshalJSON(b []byte) error {
	type plain Invitation
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = Invitation(v)
	r.Extra = extra
	return nil
}

func (*ConnectionPlanResponse) Type() string { return "connectionPlan" }

func (r *ConnectionPlanResponse) MarshalJSON() ([]byte, error) {
	type plain ConnectionPlanResponse
	return encodeObj((*plain)(r), r.Extra, "connectionPlan")
}

func (r *ConnectionPlanResponse) UnmarshalJSON(b []byte) error {
	type plain ConnectionPlanResponse
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ConnectionPlanResponse(v)
	r.Extra = extra
	return nil
}

func (*SentConfirmation) Type() string { return "sentConfirmation" }

func (r *SentConfirmation) MarshalJSON() ([]byte, error) {
	type plain SentConfirmation
	return encodeObj((*plain)(r), r.Extra, "sentConfirmation")
}

func (r *SentConfirmation) UnmarshalJSON(b []byte) error {
	type plain SentConfirmation
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = SentConfirmation(v)
	r.Extra = extra
	return nil
}

func (*SentInvitation) Type() string { return "sentInvitation" }

func (r *SentInvitation) MarshalJSON() ([]byte, error) {
	type plain SentInvitation
	return encodeObj((*plain)(r), r.Extra, "sentInvitation")
}

func (r *SentInvitation) UnmarshalJSON(b []byte) error {
	type plain SentInvitation
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = SentInvitation(v)
	r.Extra = extra
	return nil
}

func (*ContactAlreadyExists) Type() string { return "contactAlreadyExists" }

func (r *ContactAlreadyExists) MarshalJSON() ([]byte, error) {
	type plain ContactAlreadyExists
	return encodeObj((*plain)(r), r.Extra, "contactAlreadyExists")
}

func (r *ContactAlreadyExists) UnmarshalJSON(b []byte) error {
	type plain ContactAlreadyExists
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ContactAlreadyExists(v)
	r.Extra = extra
	return nil
}

func (*UserContactLinkCreated) Type() string { return "userContactLinkCreated" }

func (r *UserContactLinkCreated) MarshalJSON() ([]byte, error) {
	type plain UserContactLinkCreated
	return encodeObj((*plain)(r), r.Extra, "userContactLinkCreated")
}

func (r *UserContactLinkCreated) UnmarshalJSON(b []byte) error {
	type plain UserContactLinkCreated
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = UserContactLinkCreated(v)
	r.Extra = extra
	return nil
}

func (*UserContactLinkResponse) Type() string { return "userContactLink" }

func (r *UserContactLinkResponse) MarshalJSON() ([]byte, error) {
	type plain UserContactLinkResponse
	return encodeObj((*plain)(r), r.Extra, "userContactLink")
}

func (r *UserContactLinkResponse) UnmarshalJSON(b []byte) error {
	type plain UserContactLinkResponse
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = UserContactLinkResponse(v)
	r.Extra = extra
	return nil
}

func (*UserContactLinkDeleted) Type() string { return "userContactLinkDeleted" }

func (r *UserContactLinkDeleted) MarshalJSON() ([]byte, error) {
	type plain UserContactLinkDeleted
	return encodeObj((*plain)(r), r.Extra, "userContactLinkDeleted")
}

func (r *UserContactLinkDeleted) UnmarshalJSON(b []byte) error {
	type plain UserContactLinkDeleted
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = UserContactLinkDeleted(v)
	r.Extra = extra
	return nil
}

func (*AcceptingContactRequest) Type() string { return "acceptingContactRequest" }

func (r *AcceptingContactRequest) MarshalJSON() ([]byte, error) {
	type plain AcceptingContactRequest
	return encodeObj((*plain)(r), r.Extra, "acceptingContactRequest")
}

func (r *AcceptingContactRequest) UnmarshalJSON(b []byte) error {
	type plain AcceptingContactRequest
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = AcceptingContactRequest(v)
	r.Extra = extra
	return nil
}

func (*ContactRequestRejected) Type() string { return "contactRequestRejected" }

func (r *ContactRequestRejected) MarshalJSON() ([]byte, error) {
	type plain ContactRequestRejected
	return encodeObj((*plain)(r), r.Extra, "contactRequestRejected")
}

func (r *ContactRequestRejected) UnmarshalJSON(b []byte) error {
	type plain ContactRequestRejected
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ContactRequestRejected(v)
	r.Extra = extra
	return nil
}

func (*ContactsList) Type() string { return "contactsList" }

func (r *ContactsList) MarshalJSON() ([]byte, error) {
	type plain ContactsList
	return encodeObj((*plain)(r), r.Extra, "contactsList")
}

func (r *ContactsList) UnmarshalJSON(b []byte) error {
	type plain ContactsList
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ContactsList(v)
	r.Extra = extra
	return nil
}

func (*UserProfileUpdated) Type() string { return "userProfileUpdated" }

func (r *UserProfileUpdated) MarshalJSON() ([]byte, error) {
	type plain UserProfileUpdated
	return encodeObj((*plain)(r), r.Extra, "userProfileUpdated")
}

func (r *UserProfileUpdated) UnmarshalJSON(b []byte) error {
	type plain UserProfileUpdated
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = UserProfileUpdated(v)
	r.Extra = extra
	return nil
}

func (*UserProfileNoChange) Type() string { return "userProfileNoChange" }

func (r *UserProfileNoChange) MarshalJSON() ([]byte, error) {
	type plain UserProfileNoChange
	return encodeObj((*plain)(r), r.Extra, "userProfileNoChange")
}

func (r *UserProfileNoChange) UnmarshalJSON(b []byte) error {
	type plain UserProfileNoChange
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = UserProfileNoChange(v)
	r.Extra = extra
	return nil
}

func (*ContactDeleted) Type() string { return "contactDeleted" }

func (r *ContactDeleted) MarshalJSON() ([]byte, error) {
	type plain ContactDeleted
	return encodeObj((*plain)(r), r.Extra, "contactDeleted")
}

func (r *ContactDeleted) UnmarshalJSON(b []byte) error {
	type plain ContactDeleted
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ContactDeleted(v)
	r.Extra = extra
	return nil
}

func (*ContactConnectionDeleted) Type() string { return "contactConnectionDeleted" }

func (r *ContactConnectionDeleted) MarshalJSON() ([]byte, error) {
	type plain ContactConnectionDeleted
	return encodeObj((*plain)(r), r.Extra, "contactConnectionDeleted")
}

func (r *ContactConnectionDeleted) UnmarshalJSON(b []byte) error {
	type plain ContactConnectionDeleted
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ContactConnectionDeleted(v)
	r.Extra = extra
	return nil
}
