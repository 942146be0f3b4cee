package chatapi

import "time"

// ServerRoles is upstream's ServerRoles.
type ServerRoles struct {
	Storage bool `json:"storage"`
	Proxy   bool `json:"proxy"`
}

// ConditionsAcceptance is upstream's ConditionsAcceptance: type "accepted"
// (acceptedAt, autoAccepted) or "required" (deadline: accepted
// automatically then; absent: required now).
type ConditionsAcceptance struct {
	Type         string     `json:"type"`
	AcceptedAt   *time.Time `json:"acceptedAt,omitempty"`
	AutoAccepted *bool      `json:"autoAccepted,omitempty"`
	Deadline     *time.Time `json:"deadline,omitempty"`
	Extra        Extra      `json:"-"`
}

// ServerOperator is upstream's ServerOperator.
type ServerOperator struct {
	OperatorID           int64                `json:"operatorId"`
	OperatorTag          string               `json:"operatorTag,omitempty"`
	TradeName            string               `json:"tradeName"`
	LegalName            string               `json:"legalName,omitempty"`
	ServerDomains        []string             `json:"serverDomains"`
	ConditionsAcceptance ConditionsAcceptance `json:"conditionsAcceptance"`
	Enabled              bool                 `json:"enabled"`
	SMPRoles             ServerRoles          `json:"smpRoles"`
	XFTPRoles            ServerRoles          `json:"xftpRoles"`
	Extra                Extra                `json:"-"`
}

// UsageConditions is upstream's UsageConditions.
type UsageConditions struct {
	ConditionsID     int64      `json:"conditionsId"`
	ConditionsCommit string     `json:"conditionsCommit"`
	NotifiedAt       *time.Time `json:"notifiedAt,omitempty"`
	CreatedAt        time.Time  `json:"createdAt"`
	Extra            Extra      `json:"-"`
}

// UsageConditionsAction is upstream's UsageConditionsAction: type
// "review" (operators, deadline, showNotice) or "accepted" (operators).
type UsageConditionsAction struct {
	Type       string           `json:"type"`
	Operators  []ServerOperator `json:"operators"`
	Deadline   *time.Time       `json:"deadline,omitempty"`
	ShowNotice *bool            `json:"showNotice,omitempty"`
	Extra      Extra            `json:"-"`
}

// ServerOperatorConditions is upstream's ServerOperatorConditions.
type ServerOperatorConditions struct {
	ServerOperators   []ServerOperator       `json:"serverOperators"`
	CurrentConditions UsageConditions        `json:"currentConditions"`
	ConditionsAction  *UsageConditionsAction `json:"conditionsAction,omitempty"`
	Extra             Extra                  `json:"-"`
}

// UserServer is upstream's UserServer (one SMP or XFTP server of a
// profile). Duplex lists servers by address and has no serverId to give.
type UserServer struct {
	ServerID *int64 `json:"serverId,omitempty"`
	Server   string `json:"server"`
	Preset   bool   `json:"preset"`
	Tested   *bool  `json:"tested,omitempty"`
	Enabled  bool   `json:"enabled"`
	Deleted  bool   `json:"deleted"`
	Extra    Extra  `json:"-"`
}

// UserOperatorServers is upstream's UserOperatorServers (and, in
// /_servers <userId> <json>, UpdatedUserOperatorServers): one operator's
// servers, or the user's own when Operator is nil.
type UserOperatorServers struct {
	Operator    *ServerOperator `json:"operator,omitempty"`
	SMPServers  []UserServer    `json:"smpServers"`
	XFTPServers []UserServer    `json:"xftpServers"`
	Extra       Extra           `json:"-"`
}

// NetworkConfig is the part of upstream's NetworkConfig (simplexmq
// Simplex.Messaging.Client) that Duplex applies; the timeouts and other
// members are kept in Extra and ignored.
type NetworkConfig struct {
	// SocksProxy is upstream's SocksProxyWithAuth: "host:port" (isolate
	// by credentials) or "@host:port" (no credentials).
	SocksProxy       *string `json:"socksProxy,omitempty"`
	SocksMode        string  `json:"socksMode,omitempty"`        // "always" | "onion"
	HostMode         string  `json:"hostMode,omitempty"`         // "onionViaSocks" | "onion" | "public"
	RequiredHostMode bool    `json:"requiredHostMode"`           //
	SMPProxyMode     string  `json:"smpProxyMode,omitempty"`     // "always" | "unknown" | "unprotected" | "never"
	SMPProxyFallback string  `json:"smpProxyFallback,omitempty"` // "allow" | "allowProtected" | "prohibit"
	Extra            Extra   `json:"-"`
}
