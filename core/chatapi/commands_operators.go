package chatapi

import (
	"encoding/json"
	"strings"
)

// ---- operators, servers, conditions, network ----

// APIGetServerOperators is "/_operators" → serverOperatorConditions.
type APIGetServerOperators struct{}

// APISetServerOperators is "/_operators <json [ServerOperator]>" →
// serverOperatorConditions: each operator's enabled flag and roles.
type APISetServerOperators struct{ Operators json.RawMessage }

// APIGetUserServers is "/_servers <userId>" → userServers.
type APIGetUserServers struct{ UserID int64 }

// APISetUserServers is "/_servers <userId> <json [UpdatedUserOperatorServers]>" → cmdOk.
type APISetUserServers struct {
	UserID  int64
	Servers json.RawMessage
}

// APIGetUsageConditions is "/_conditions" → usageConditions.
type APIGetUsageConditions struct{}

// APISetConditionsNotified is "/_conditions_notified <conditionsId>" → cmdOk.
type APISetConditionsNotified struct{ ConditionsID int64 }

// APIAcceptConditions is "/_accept_conditions <conditionsId> <operatorId>[,<operatorId>…]"
// → serverOperatorConditions.
type APIAcceptConditions struct {
	ConditionsID int64
	OperatorIDs  []int64 // at least one
}

// APISetNetworkConfig is "/_network <json NetworkConfig>" → cmdOk.
type APISetNetworkConfig struct{ Config json.RawMessage }

// APIGetNetworkConfig is "/network" → networkConfig.
type APIGetNetworkConfig struct{}

// SetNetworkConfig is upstream's terminal form, "/network socks=off|on|<host:port>
// [ socks-mode=always|onion][ host-mode=public|onion][ required-host-mode]
// [ smp-proxy=always|unknown|unprotected|never][ smp-proxy-fallback=yes|protected|no]
// [ log=on|off]" → networkConfig. Optional parts are kept as written
// (nil: absent) so that Encode gives the line back.
type SetNetworkConfig struct {
	Socks            string // "off", "on" or host:port
	SocksMode        *string
	HostMode         *string
	RequiredHostMode bool
	SMPProxy         *string
	SMPProxyFallback *string
	Log              *bool
}

func (APIGetServerOperators) Name() string    { return "APIGetServerOperators" }
func (APISetServerOperators) Name() string    { return "APISetServerOperators" }
func (APIGetUserServers) Name() string        { return "APIGetUserServers" }
func (APISetUserServers) Name() string        { return "APISetUserServers" }
func (APIGetUsageConditions) Name() string    { return "APIGetUsageConditions" }
func (APISetConditionsNotified) Name() string { return "APISetConditionsNotified" }
func (APIAcceptConditions) Name() string      { return "APIAcceptConditions" }
func (APISetNetworkConfig) Name() string      { return "APISetNetworkConfig" }
func (APIGetNetworkConfig) Name() string      { return "APIGetNetworkConfig" }
func (SetNetworkConfig) Name() string         { return "SetNetworkConfig" }

func (APIGetServerOperators) Encode() string { return "/_operators" }
func (c APISetServerOperators) Encode() string {
	return "/_operators " + string(c.Operators)
}
func (c APIGetUserServers) Encode() string { return "/_servers " + itoa(c.UserID) }
func (c APISetUserServers) Encode() string {
	return "/_servers " + itoa(c.UserID) + " " + string(c.Servers)
}
func (APIGetUsageConditions) Encode() string { return "/_conditions" }
func (c APISetConditionsNotified) Encode() string {
	return "/_conditions_notified " + itoa(c.ConditionsID)
}
func (c APIAcceptConditions) Encode() string {
	ids := make([]string, len(c.OperatorIDs))
	for i, id := range c.OperatorIDs {
		ids[i] = itoa(id)
	}
	return "/_accept_conditions " + itoa(c.ConditionsID) + " " + strings.Join(ids, ",")
}
func (c APISetNetworkConfig) Encode() string { return "/_network " + string(c.Config) }
func (APIGetNetworkConfig) Encode() string   { return "/network" }
func (c SetNetworkConfig) Encode() string {
	s := "/network socks=" + c.Socks
	opt := func(name string, v *string) {
		if v != nil {
			s += " " + name + "=" + *v
		}
	}
	opt("socks-mode", c.SocksMode)
	opt("host-mode", c.HostMode)
	if c.RequiredHostMode {
		s += " required-host-mode"
	}
	opt("smp-proxy", c.SMPProxy)
	opt("smp-proxy-fallback", c.SMPProxyFallback)
	return s + optFlag("log", c.Log)
}
