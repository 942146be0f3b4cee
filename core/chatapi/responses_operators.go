// Responses of the operators, servers, conditions and network commands.

package chatapi

// ServerOperatorConditionsResponse answers /_operators and /_accept_conditions.
type ServerOperatorConditionsResponse struct {
	Conditions ServerOperatorConditions `json:"conditions"`
	Extra      Extra                    `json:"-"`
}

// UsageConditionsResponse answers /_conditions. Duplex does not ship the
// conditions text (ConditionsText stays empty; the text is at the
// commit's PRIVACY.md) and does not report AcceptedConditions.
type UsageConditionsResponse struct {
	UsageConditions    UsageConditions  `json:"usageConditions"`
	ConditionsText     *string          `json:"conditionsText,omitempty"`
	AcceptedConditions *UsageConditions `json:"acceptedConditions,omitempty"`
	Extra              Extra            `json:"-"`
}

// UserServers answers /_servers <userId>.
type UserServers struct {
	User        User                  `json:"user"`
	UserServers []UserOperatorServers `json:"userServers"`
	Extra       Extra                 `json:"-"`
}

// NetworkConfigResponse answers /network and /network <cfg>.
type NetworkConfigResponse struct {
	NetworkConfig NetworkConfig `json:"networkConfig"`
	Extra         Extra         `json:"-"`
}

func init() {
	responseTypes["serverOperatorConditions"] = func() Response { return new(ServerOperatorConditionsResponse) }
	responseTypes["usageConditions"] = func() Response { return new(UsageConditionsResponse) }
	responseTypes["userServers"] = func() Response { return new(UserServers) }
	responseTypes["networkConfig"] = func() Response { return new(NetworkConfigResponse) }
}

func (*ServerOperatorConditionsResponse) Type() string { return "serverOperatorConditions" }

func (r *ServerOperatorConditionsResponse) MarshalJSON() ([]byte, error) {
	type plain ServerOperatorConditionsResponse
	return encodeObj((*plain)(r), r.Extra, "serverOperatorConditions")
}

func (r *ServerOperatorConditionsResponse) UnmarshalJSON(b []byte) error {
	type plain ServerOperatorConditionsResponse
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ServerOperatorConditionsResponse(v)
	r.Extra = extra
	return nil
}

func (*UsageConditionsResponse) Type() string { return "usageConditions" }

func (r *UsageConditionsResponse) MarshalJSON() ([]byte, error) {
	type plain UsageConditionsResponse
	return encodeObj((*plain)(r), r.Extra, "usageConditions")
}

func (r *UsageConditionsResponse) UnmarshalJSON(b []byte) error {
	type plain UsageConditionsResponse
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = UsageConditionsResponse(v)
	r.Extra = extra
	return nil
}

func (*UserServers) Type() string { return "userServers" }

func (r *UserServers) MarshalJSON() ([]byte, error) {
	type plain UserServers
	return encodeObj((*plain)(r), r.Extra, "userServers")
}

func (r *UserServers) UnmarshalJSON(b []byte) error {
	type plain UserServers
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = UserServers(v)
	r.Extra = extra
	return nil
}

func (*NetworkConfigResponse) Type() string { return "networkConfig" }

func (r *NetworkConfigResponse) MarshalJSON() ([]byte, error) {
	type plain NetworkConfigResponse
	return encodeObj((*plain)(r), r.Extra, "networkConfig")
}

func (r *NetworkConfigResponse) UnmarshalJSON(b []byte) error {
	type plain NetworkConfigResponse
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = NetworkConfigResponse(v)
	r.Extra = extra
	return nil
}
