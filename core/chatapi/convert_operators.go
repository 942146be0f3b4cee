package chatapi

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"duplex/core/api"
)

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// OperatorFromAPI is the upstream ServerOperator of o. A deadline is
// upstream's "required" with a deadline; accepted-at unknown is omitted.
func OperatorFromAPI(o api.Operator) ServerOperator {
	out := ServerOperator{OperatorID: int64(o.ID), OperatorTag: o.Tag, TradeName: o.Name, LegalName: o.LegalName,
		ServerDomains: append([]string{}, o.Domains...), Enabled: o.Enabled,
		SMPRoles:  ServerRoles{Storage: o.SMP.Storage, Proxy: o.SMP.Proxy},
		XFTPRoles: ServerRoles{Storage: o.XFTP.Storage, Proxy: o.XFTP.Proxy}}
	switch o.Conditions.State {
	case api.ConditionsAccepted:
		auto := o.Conditions.Auto
		out.ConditionsAcceptance = ConditionsAcceptance{Type: "accepted", AcceptedAt: timePtr(o.Conditions.AcceptedAt), AutoAccepted: &auto}
	default:
		out.ConditionsAcceptance = ConditionsAcceptance{Type: "required", Deadline: timePtr(o.Conditions.Deadline)}
	}
	return out
}

// ConditionsFromAPI is the upstream UsageConditions of c.
func ConditionsFromAPI(c api.Conditions) UsageConditions {
	return UsageConditions{ConditionsID: int64(c.ID), ConditionsCommit: c.Commit, NotifiedAt: timePtr(c.NotifiedAt), CreatedAt: c.CreatedAt}
}

// OperatorConditionsFromAPI is upstream's ServerOperatorConditions of info.
func OperatorConditionsFromAPI(info api.ConditionsInfo) ServerOperatorConditions {
	out := ServerOperatorConditions{ServerOperators: []ServerOperator{}, CurrentConditions: ConditionsFromAPI(info.Current)}
	byID := map[api.OperatorID]ServerOperator{}
	for _, o := range info.Operators {
		so := OperatorFromAPI(o)
		out.ServerOperators = append(out.ServerOperators, so)
		byID[o.ID] = so
	}
	switch info.Action {
	case api.ActionAccepted:
		a := &UsageConditionsAction{Type: "accepted", Operators: []ServerOperator{}}
		for _, o := range out.ServerOperators {
			if o.ConditionsAcceptance.Type == "accepted" {
				a.Operators = append(a.Operators, o)
			}
		}
		out.ConditionsAction = a
	case api.ActionReview:
		show := info.Current.NotifiedAt.IsZero()
		a := &UsageConditionsAction{Type: "review", Operators: []ServerOperator{}, Deadline: timePtr(info.Deadline), ShowNotice: &show}
		for _, id := range info.Review {
			a.Operators = append(a.Operators, byID[id])
		}
		out.ConditionsAction = a
	}
	return out
}

// Upstream JSON names of the network enums, indexed by our numbers.
var (
	proxyModeJSON     = []string{api.RoutingUnknown: "unknown", api.RoutingAlways: "always", api.RoutingUnprotected: "unprotected", api.RoutingNever: "never"}
	proxyFallbackJSON = []string{api.FallbackProtected: "allowProtected", api.FallbackAllow: "allow", api.FallbackProhibit: "prohibit"}
	// The terminal form (/network) uses simplexmq's StrEncoding instead.
	proxyFallbackStr = []string{api.FallbackProtected: "protected", api.FallbackAllow: "yes", api.FallbackProhibit: "no"}
)

func indexOf(names []string, s string) int {
	for i, n := range names {
		if n == s {
			return i
		}
	}
	return -1
}

// NetworkFromAPI is the upstream NetworkConfig of c.
func NetworkFromAPI(c api.NetworkConfig) NetworkConfig {
	out := NetworkConfig{SocksMode: "always", HostMode: "public",
		SMPProxyMode: proxyModeJSON[c.PrivateRouting], SMPProxyFallback: proxyFallbackJSON[c.RoutingFallback]}
	if c.SOCKSProxy != "" {
		p := c.SOCKSProxy
		if !c.SOCKSIsolate {
			p = "@" + p
		}
		out.SocksProxy = &p
	}
	switch c.OnionHosts {
	case api.OnionPrefer:
		out.HostMode = "onionViaSocks"
	case api.OnionRequired:
		out.HostMode, out.RequiredHostMode = "onionViaSocks", true
	}
	return out
}

// errSocksOnion: Duplex sends every relay connection through the proxy or
// none; upstream's "onion" SOCKS mode (only .onion hosts) is not offered.
var errSocksOnion = errors.New(`socks mode "onion" is not supported by Duplex: with a SOCKS proxy every relay connection uses it`)

// socksFromUpstream reads upstream's SocksProxyWithAuth string.
func socksFromUpstream(s string) (proxy string, isolate bool, err error) {
	switch {
	case strings.HasPrefix(s, "@"):
		return s[1:], false, nil
	case strings.Contains(s, "@"):
		return "", false, errors.New("SOCKS proxy user name and password are not supported by Duplex (it isolates connections by credentials of its own)")
	}
	return s, true, nil
}

// hostModeFromUpstream maps upstream's host mode (with socks set or not)
// to ours; "public" with required-host-mode is plain public.
func hostModeFromUpstream(mode string, required bool) (api.OnionHosts, error) {
	switch mode {
	case "public":
		return api.OnionNo, nil
	case "onion", "onionViaSocks":
		if required {
			return api.OnionRequired, nil
		}
		return api.OnionPrefer, nil
	}
	return 0, fmt.Errorf("unknown host mode %q", mode)
}

// NetworkToAPI applies upstream NetworkConfig n over cur (members n does
// not carry keep cur's value).
func NetworkToAPI(n NetworkConfig, cur api.NetworkConfig) (api.NetworkConfig, error) {
	out := cur
	out.SOCKSProxy, out.SOCKSIsolate = "", false
	if n.SocksProxy != nil {
		p, iso, err := socksFromUpstream(*n.SocksProxy)
		if err != nil {
			return out, err
		}
		out.SOCKSProxy, out.SOCKSIsolate = p, iso
	}
	if n.SocksMode == "onion" {
		return out, errSocksOnion
	}
	if n.HostMode != "" {
		h, err := hostModeFromUpstream(n.HostMode, n.RequiredHostMode)
		if err != nil {
			return out, err
		}
		out.OnionHosts = h
	}
	if n.SMPProxyMode != "" {
		i := indexOf(proxyModeJSON, n.SMPProxyMode)
		if i < 0 {
			return out, fmt.Errorf("unknown smpProxyMode %q", n.SMPProxyMode)
		}
		out.PrivateRouting = api.PrivateRouting(i)
	}
	if n.SMPProxyFallback != "" {
		i := indexOf(proxyFallbackJSON, n.SMPProxyFallback)
		if i < 0 {
			return out, fmt.Errorf("unknown smpProxyFallback %q", n.SMPProxyFallback)
		}
		out.RoutingFallback = api.RoutingFallback(i)
	}
	return out, nil
}

// defaultSocksProxy is what "socks=on" means (upstream: Tor's port on
// localhost, connections isolated).
const defaultSocksProxy = "127.0.0.1:9050"

// Apply applies the terminal form over cur, as upstream's
// SetNetworkConfig: socks= is always set; without host-mode the mode is
// onion-via-SOCKS with a proxy and public without; smp-proxy and
// smp-proxy-fallback keep cur's value when absent; log= is accepted and
// ignored.
func (c SetNetworkConfig) Apply(cur api.NetworkConfig) (api.NetworkConfig, error) {
	out := cur
	switch c.Socks {
	case "off":
		out.SOCKSProxy, out.SOCKSIsolate = "", false
	case "on":
		out.SOCKSProxy, out.SOCKSIsolate = defaultSocksProxy, true
	default:
		out.SOCKSProxy, out.SOCKSIsolate = c.Socks, true
	}
	if c.SocksMode != nil && *c.SocksMode == "onion" {
		return out, errSocksOnion
	}
	mode := "public"
	if out.SOCKSProxy != "" {
		mode = "onion"
	}
	if c.HostMode != nil {
		mode = *c.HostMode
	}
	h, err := hostModeFromUpstream(mode, c.RequiredHostMode)
	if err != nil {
		return out, err
	}
	out.OnionHosts = h
	if c.SMPProxy != nil {
		out.PrivateRouting = api.PrivateRouting(indexOf(proxyModeJSON, *c.SMPProxy))
	}
	if c.SMPProxyFallback != nil {
		out.RoutingFallback = api.RoutingFallback(indexOf(proxyFallbackStr, *c.SMPProxyFallback))
	}
	return out, nil
}
