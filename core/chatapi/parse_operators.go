package chatapi

import (
	"net"
	"slices"
	"strconv"
)

// operatorParsers go before the others: "/_accept" (APIAcceptContact) is a
// prefix of "/_accept_conditions", and a bad "/_accept_conditions" line
// should be reported as that command.
var operatorParsers = []parser{
	{"/_operators ", "APISetServerOperators", func(c *scanner) (Command, bool) {
		j, ok := c.jsonRest()
		return APISetServerOperators{Operators: j}, ok && j[0] == '['
	}},
	{"/_operators", "APIGetServerOperators", func(c *scanner) (Command, bool) { return APIGetServerOperators{}, true }},
	{"/_servers ", "APIGetUserServers", func(c *scanner) (Command, bool) {
		id, ok := c.decimal()
		if !ok {
			return nil, false
		}
		if !c.lit(" ") || c.atEnd() {
			return APIGetUserServers{UserID: id}, true
		}
		j, ok := c.jsonRest()
		return APISetUserServers{UserID: id, Servers: j}, ok && j[0] == '['
	}},
	{"/_conditions_notified ", "APISetConditionsNotified", func(c *scanner) (Command, bool) {
		id, ok := c.decimal()
		return APISetConditionsNotified{ConditionsID: id}, ok
	}},
	{"/_conditions", "APIGetUsageConditions", func(c *scanner) (Command, bool) { return APIGetUsageConditions{}, true }},
	{"/_accept_conditions ", "APIAcceptConditions", func(c *scanner) (Command, bool) {
		var cmd APIAcceptConditions
		var ok bool
		if cmd.ConditionsID, ok = c.decimal(); !ok || !c.lit(" ") {
			return nil, false
		}
		for {
			id, ok := c.decimal()
			if !ok {
				return nil, false
			}
			cmd.OperatorIDs = append(cmd.OperatorIDs, id)
			if !c.lit(",") {
				return cmd, true
			}
		}
	}},
	{"/_network ", "APISetNetworkConfig", func(c *scanner) (Command, bool) {
		j, ok := c.jsonRest()
		return APISetNetworkConfig{Config: j}, ok && j[0] == '{'
	}},
	{"/network ", "SetNetworkConfig", parseSetNetwork},
	{"/network", "APIGetNetworkConfig", func(c *scanner) (Command, bool) { return APIGetNetworkConfig{}, true }},
}

// "/_servers <userId>" and "/_servers <userId> <json>" share one parser,
// named after the first.
func init() { parsers = append(operatorParsers, parsers...) }

// enumOpt reads an optional " name=<one of values>".
func (c *scanner) enumOpt(name string, values ...string) (*string, bool) {
	if !c.lit(" " + name + "=") {
		return nil, true
	}
	v, ok := c.token()
	if !ok || !slices.Contains(values, v) {
		return nil, false
	}
	return &v, true
}

func validSocksAddr(s string) bool {
	host, port, err := net.SplitHostPort(s)
	if err != nil || host == "" {
		return false
	}
	n, err := strconv.Atoi(port)
	return err == nil && n > 0 && n < 65536 && strconv.Itoa(n) == port
}

func parseSetNetwork(c *scanner) (Command, bool) {
	var cmd SetNetworkConfig
	var ok bool
	if !c.lit("socks=") {
		return nil, false
	}
	if cmd.Socks, ok = c.token(); !ok || (cmd.Socks != "off" && cmd.Socks != "on" && !validSocksAddr(cmd.Socks)) {
		return nil, false
	}
	if cmd.SocksMode, ok = c.enumOpt("socks-mode", "always", "onion"); !ok {
		return nil, false
	}
	if cmd.HostMode, ok = c.enumOpt("host-mode", "public", "onion"); !ok {
		return nil, false
	}
	cmd.RequiredHostMode = c.lit(" required-host-mode")
	if cmd.SMPProxy, ok = c.enumOpt("smp-proxy", "always", "unknown", "unprotected", "never"); !ok {
		return nil, false
	}
	if cmd.SMPProxyFallback, ok = c.enumOpt("smp-proxy-fallback", "yes", "protected", "no"); !ok {
		return nil, false
	}
	cmd.Log, ok = c.optOnOff("log")
	return cmd, ok
}
