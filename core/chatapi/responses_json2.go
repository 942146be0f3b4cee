// Tagged JSON methods of the event and chat-listing response types (continued from responses_json.go).

package chatapi

func (*ContactConnected) Type() string { return "contactConnected" }

func (r *ContactConnected) MarshalJSON() ([]byte, error) {
	type plain ContactConnected
	return encodeObj((*plain)(r), r.Extra, "contactConnected")
}

func (r *ContactConnected) UnmarshalJSON(b []byte) error {
	type plain ContactConnected
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ContactConnected(v)
	r.Extra = extra
	return nil
}

func (*ReceivedContactRequest) Type() string { return "receivedContactRequest" }

func (r *ReceivedContactRequest) MarshalJSON() ([]byte, error) {
	type plain ReceivedContactRequest
	return encodeObj((*plain)(r), r.Extra, "receivedContactRequest")
}

func (r *ReceivedContactRequest) UnmarshalJSON(b []byte) error {
	type plain ReceivedContactRequest
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ReceivedContactRequest(v)
	r.Extra = extra
	return nil
}

func (*NewChatItems) Type() string { return "newChatItems" }

func (r *NewChatItems) MarshalJSON() ([]byte, error) {
	type plain NewChatItems
	return encodeObj((*plain)(r), r.Extra, "newChatItems")
}

func (r *NewChatItems) UnmarshalJSON(b []byte) error {
	type plain NewChatItems
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = NewChatItems(v)
	r.Extra = extra
	return nil
}

func (*ChatItemUpdated) Type() string { return "chatItemUpdated" }

func (r *ChatItemUpdated) MarshalJSON() ([]byte, error) {
	type plain ChatItemUpdated
	return encodeObj((*plain)(r), r.Extra, "chatItemUpdated")
}

func (r *ChatItemUpdated) UnmarshalJSON(b []byte) error {
	type plain ChatItemUpdated
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ChatItemUpdated(v)
	r.Extra = extra
	return nil
}

func (*ChatItemReaction) Type() string { return "chatItemReaction" }

func (r *ChatItemReaction) MarshalJSON() ([]byte, error) {
	type plain ChatItemReaction
	return encodeObj((*plain)(r), r.Extra, "chatItemReaction")
}

func (r *ChatItemReaction) UnmarshalJSON(b []byte) error {
	type plain ChatItemReaction
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ChatItemReaction(v)
	r.Extra = extra
	return nil
}

func (*ChatItemsDeleted) Type() string { return "chatItemsDeleted" }

func (r *ChatItemsDeleted) MarshalJSON() ([]byte, error) {
	type plain ChatItemsDeleted
	return encodeObj((*plain)(r), r.Extra, "chatItemsDeleted")
}

func (r *ChatItemsDeleted) UnmarshalJSON(b []byte) error {
	type plain ChatItemsDeleted
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ChatItemsDeleted(v)
	r.Extra = extra
	return nil
}

func (*ChatItemsStatusesUpdated) Type() string { return "chatItemsStatusesUpdated" }

func (r *ChatItemsStatusesUpdated) MarshalJSON() ([]byte, error) {
	type plain ChatItemsStatusesUpdated
	return encodeObj((*plain)(r), r.Extra, "chatItemsStatusesUpdated")
}

func (r *ChatItemsStatusesUpdated) UnmarshalJSON(b []byte) error {
	type plain ChatItemsStatusesUpdated
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ChatItemsStatusesUpdated(v)
	r.Extra = extra
	return nil
}

func (*APIChats) Type() string { return "apiChats" }

func (r *APIChats) MarshalJSON() ([]byte, error) {
	type plain APIChats
	return encodeObj((*plain)(r), r.Extra, "apiChats")
}

func (r *APIChats) UnmarshalJSON(b []byte) error {
	type plain APIChats
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = APIChats(v)
	r.Extra = extra
	return nil
}

func (*APIChat) Type() string { return "apiChat" }

func (r *APIChat) MarshalJSON() ([]byte, error) {
	type plain APIChat
	return encodeObj((*plain)(r), r.Extra, "apiChat")
}

func (r *APIChat) UnmarshalJSON(b []byte) error {
	type plain APIChat
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = APIChat(v)
	r.Extra = extra
	return nil
}

func (*CmdOk) Type() string { return "cmdOk" }

func (r *CmdOk) MarshalJSON() ([]byte, error) {
	type plain CmdOk
	return encodeObj((*plain)(r), r.Extra, "cmdOk")
}

func (r *CmdOk) UnmarshalJSON(b []byte) error {
	type plain CmdOk
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = CmdOk(v)
	r.Extra = extra
	return nil
}

func (*ChatCmdError) Type() string { return "chatCmdError" }

func (r *ChatCmdError) MarshalJSON() ([]byte, error) {
	type plain ChatCmdError
	return encodeObj((*plain)(r), r.Extra, "chatCmdError")
}

func (r *ChatCmdError) UnmarshalJSON(b []byte) error {
	type plain ChatCmdError
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ChatCmdError(v)
	r.Extra = extra
	return nil
}
