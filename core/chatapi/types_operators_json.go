// Extra-preserving JSON methods of types_operators.go.

package chatapi

func (c ConditionsAcceptance) MarshalJSON() ([]byte, error) {
	type plain ConditionsAcceptance
	return encodeObj(plain(c), c.Extra, "")
}

func (c *ConditionsAcceptance) UnmarshalJSON(b []byte) error {
	type plain ConditionsAcceptance
	x, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*c = ConditionsAcceptance(x)
	c.Extra = extra
	return nil
}

func (s ServerOperator) MarshalJSON() ([]byte, error) {
	type plain ServerOperator
	return encodeObj(plain(s), s.Extra, "")
}

func (s *ServerOperator) UnmarshalJSON(b []byte) error {
	type plain ServerOperator
	x, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*s = ServerOperator(x)
	s.Extra = extra
	return nil
}

func (u UsageConditions) MarshalJSON() ([]byte, error) {
	type plain UsageConditions
	return encodeObj(plain(u), u.Extra, "")
}

func (u *UsageConditions) UnmarshalJSON(b []byte) error {
	type plain UsageConditions
	x, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*u = UsageConditions(x)
	u.Extra = extra
	return nil
}

func (u UsageConditionsAction) MarshalJSON() ([]byte, error) {
	type plain UsageConditionsAction
	return encodeObj(plain(u), u.Extra, "")
}

func (u *UsageConditionsAction) UnmarshalJSON(b []byte) error {
	type plain UsageConditionsAction
	x, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*u = UsageConditionsAction(x)
	u.Extra = extra
	return nil
}

func (s ServerOperatorConditions) MarshalJSON() ([]byte, error) {
	type plain ServerOperatorConditions
	return encodeObj(plain(s), s.Extra, "")
}

func (s *ServerOperatorConditions) UnmarshalJSON(b []byte) error {
	type plain ServerOperatorConditions
	x, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*s = ServerOperatorConditions(x)
	s.Extra = extra
	return nil
}

func (u UserServer) MarshalJSON() ([]byte, error) {
	type plain UserServer
	return encodeObj(plain(u), u.Extra, "")
}

func (u *UserServer) UnmarshalJSON(b []byte) error {
	type plain UserServer
	x, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*u = UserServer(x)
	u.Extra = extra
	return nil
}

func (u UserOperatorServers) MarshalJSON() ([]byte, error) {
	type plain UserOperatorServers
	return encodeObj(plain(u), u.Extra, "")
}

func (u *UserOperatorServers) UnmarshalJSON(b []byte) error {
	type plain UserOperatorServers
	x, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*u = UserOperatorServers(x)
	u.Extra = extra
	return nil
}

func (n NetworkConfig) MarshalJSON() ([]byte, error) {
	type plain NetworkConfig
	return encodeObj(plain(n), n.Extra, "")
}

func (n *NetworkConfig) UnmarshalJSON(b []byte) error {
	type plain NetworkConfig
	x, extra, err := decodeExtra[plain](b)
	if err != nil {
		return err
	}
	*n = NetworkConfig(x)
	n.Extra = extra
	return nil
}
