// Extra-preserving JSON methods, one pair per record type of types.go.

package chatapi

func (p Profile) MarshalJSON() ([]byte, error) {
	type plain Profile
	return encodeObj(plain(p), p.Extra, "")
}

func (p *Profile) UnmarshalJSON(b []byte) error {
	type plain Profile
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*p = Profile(v)
	p.Extra = extra
	return nil
}

func (l LocalProfile) MarshalJSON() ([]byte, error) {
	type plain LocalProfile
	return encodeObj(plain(l), l.Extra, "")
}

func (l *LocalProfile) UnmarshalJSON(b []byte) error {
	type plain LocalProfile
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*l = LocalProfile(v)
	l.Extra = extra
	return nil
}

func (u User) MarshalJSON() ([]byte, error) {
	type plain User
	return encodeObj(plain(u), u.Extra, "")
}

func (u *User) UnmarshalJSON(b []byte) error {
	type plain User
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*u = User(v)
	u.Extra = extra
	return nil
}

func (u UserInfo) MarshalJSON() ([]byte, error) {
	type plain UserInfo
	return encodeObj(plain(u), u.Extra, "")
}

func (u *UserInfo) UnmarshalJSON(b []byte) error {
	type plain UserInfo
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*u = UserInfo(v)
	u.Extra = extra
	return nil
}

func (c CreatedConnLink) MarshalJSON() ([]byte, error) {
	type plain CreatedConnLink
	return encodeObj(plain(c), c.Extra, "")
}

func (c *CreatedConnLink) UnmarshalJSON(b []byte) error {
	type plain CreatedConnLink
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*c = CreatedConnLink(v)
	c.Extra = extra
	return nil
}

func (p PendingContactConnection) MarshalJSON() ([]byte, error) {
	type plain PendingContactConnection
	return encodeObj(plain(p), p.Extra, "")
}

func (p *PendingContactConnection) UnmarshalJSON(b []byte) error {
	type plain PendingContactConnection
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*p = PendingContactConnection(v)
	p.Extra = extra
	return nil
}

func (c Contact) MarshalJSON() ([]byte, error) {
	type plain Contact
	return encodeObj(plain(c), c.Extra, "")
}

func (c *Contact) UnmarshalJSON(b []byte) error {
	type plain Contact
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*c = Contact(v)
	c.Extra = extra
	return nil
}

func (u UserContactRequest) MarshalJSON() ([]byte, error) {
	type plain UserContactRequest
	return encodeObj(plain(u), u.Extra, "")
}

func (u *UserContactRequest) UnmarshalJSON(b []byte) error {
	type plain UserContactRequest
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*u = UserContactRequest(v)
	u.Extra = extra
	return nil
}

func (a AutoAccept) MarshalJSON() ([]byte, error) {
	type plain AutoAccept
	return encodeObj(plain(a), a.Extra, "")
}

func (a *AutoAccept) UnmarshalJSON(b []byte) error {
	type plain AutoAccept
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*a = AutoAccept(v)
	a.Extra = extra
	return nil
}

func (a AddressSettings) MarshalJSON() ([]byte, error) {
	type plain AddressSettings
	return encodeObj(plain(a), a.Extra, "")
}

func (a *AddressSettings) UnmarshalJSON(b []byte) error {
	type plain AddressSettings
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*a = AddressSettings(v)
	a.Extra = extra
	return nil
}

func (u UserContactLink) MarshalJSON() ([]byte, error) {
	type plain UserContactLink
	return encodeObj(plain(u), u.Extra, "")
}

func (u *UserContactLink) UnmarshalJSON(b []byte) error {
	type plain UserContactLink
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*u = UserContactLink(v)
	u.Extra = extra
	return nil
}

func (c ChatInfo) MarshalJSON() ([]byte, error) {
	type plain ChatInfo
	return encodeObj(plain(c), c.Extra, "")
}

func (c *ChatInfo) UnmarshalJSON(b []byte) error {
	type plain ChatInfo
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*c = ChatInfo(v)
	c.Extra = extra
	return nil
}

func (c CIDirection) MarshalJSON() ([]byte, error) {
	type plain CIDirection
	return encodeObj(plain(c), c.Extra, "")
}

func (c *CIDirection) UnmarshalJSON(b []byte) error {
	type plain CIDirection
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*c = CIDirection(v)
	c.Extra = extra
	return nil
}

func (c CIMeta) MarshalJSON() ([]byte, error) {
	type plain CIMeta
	return encodeObj(plain(c), c.Extra, "")
}

func (c *CIMeta) UnmarshalJSON(b []byte) error {
	type plain CIMeta
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*c = CIMeta(v)
	c.Extra = extra
	return nil
}

func (c CIContent) MarshalJSON() ([]byte, error) {
	type plain CIContent
	return encodeObj(plain(c), c.Extra, "")
}

func (c *CIContent) UnmarshalJSON(b []byte) error {
	type plain CIContent
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*c = CIContent(v)
	c.Extra = extra
	return nil
}

func (c ChatItem) MarshalJSON() ([]byte, error) {
	type plain ChatItem
	return encodeObj(plain(c), c.Extra, "")
}

func (c *ChatItem) UnmarshalJSON(b []byte) error {
	type plain ChatItem
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*c = ChatItem(v)
	c.Extra = extra
	return nil
}

func (a AChatItem) MarshalJSON() ([]byte, error) {
	type plain AChatItem
	return encodeObj(plain(a), a.Extra, "")
}

func (a *AChatItem) UnmarshalJSON(b []byte) error {
	type plain AChatItem
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*a = AChatItem(v)
	a.Extra = extra
	return nil
}

func (c ChatStats) MarshalJSON() ([]byte, error) {
	type plain ChatStats
	return encodeObj(plain(c), c.Extra, "")
}

func (c *ChatStats) UnmarshalJSON(b []byte) error {
	type plain ChatStats
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*c = ChatStats(v)
	c.Extra = extra
	return nil
}

func (a AChat) MarshalJSON() ([]byte, error) {
	type plain AChat
	return encodeObj(plain(a), a.Extra, "")
}

func (a *AChat) UnmarshalJSON(b []byte) error {
	type plain AChat
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*a = AChat(v)
	a.Extra = extra
	return nil
}

func (c CIReaction) MarshalJSON() ([]byte, error) {
	type plain CIReaction
	return encodeObj(plain(c), c.Extra, "")
}

func (c *CIReaction) UnmarshalJSON(b []byte) error {
	type plain CIReaction
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*c = CIReaction(v)
	c.Extra = extra
	return nil
}

func (a ACIReaction) MarshalJSON() ([]byte, error) {
	type plain ACIReaction
	return encodeObj(plain(a), a.Extra, "")
}

func (a *ACIReaction) UnmarshalJSON(b []byte) error {
	type plain ACIReaction
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*a = ACIReaction(v)
	a.Extra = extra
	return nil
}

func (c ChatItemDeletion) MarshalJSON() ([]byte, error) {
	type plain ChatItemDeletion
	return encodeObj(plain(c), c.Extra, "")
}

func (c *ChatItemDeletion) UnmarshalJSON(b []byte) error {
	type plain ChatItemDeletion
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*c = ChatItemDeletion(v)
	c.Extra = extra
	return nil
}

func (c ChatError) MarshalJSON() ([]byte, error) {
	type plain ChatError
	return encodeObj(plain(c), c.Extra, "")
}

func (c *ChatError) UnmarshalJSON(b []byte) error {
	type plain ChatError
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*c = ChatError(v)
	c.Extra = extra
	return nil
}

func (l LinkPlan) MarshalJSON() ([]byte, error) {
	type plain LinkPlan
	return encodeObj(plain(l), l.Extra, "")
}

func (l *LinkPlan) UnmarshalJSON(b []byte) error {
	type plain LinkPlan
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*l = LinkPlan(v)
	l.Extra = extra
	return nil
}

func (c ConnectionPlan) MarshalJSON() ([]byte, error) {
	type plain ConnectionPlan
	return encodeObj(plain(c), c.Extra, "")
}

func (c *ConnectionPlan) UnmarshalJSON(b []byte) error {
	type plain ConnectionPlan
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*c = ConnectionPlan(v)
	c.Extra = extra
	return nil
}

func (c ComposedMessage) MarshalJSON() ([]byte, error) {
	type plain ComposedMessage
	return encodeObj(plain(c), c.Extra, "")
}

func (c *ComposedMessage) UnmarshalJSON(b []byte) error {
	type plain ComposedMessage
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*c = ComposedMessage(v)
	c.Extra = extra
	return nil
}

func (u UpdatedMessage) MarshalJSON() ([]byte, error) {
	type plain UpdatedMessage
	return encodeObj(plain(u), u.Extra, "")
}

func (u *UpdatedMessage) UnmarshalJSON(b []byte) error {
	type plain UpdatedMessage
	v, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*u = UpdatedMessage(v)
	u.Extra = extra
	return nil
}
