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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
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
	var v plain
	extra, err := decodeObj(b, &v)
	if err != nil {
		return err
	}
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
	}
	*r = ContactConnectionDeleted(v)
	r.Extra = extra
	return nil
}
