package core

import (
	"testing"

	"duplex/core/agent"
	"duplex/core/servers"
	"duplex/net/smp"
)

func addr(host string) string {
	return smp.ServerAddress{Server: smp.Server{Hosts: []string{host}, Port: "5223", KeyHash: make([]byte, 32)}}.String()
}

func TestVisibilityOf(t *testing.T) {
	ops := []servers.Operator{{Tag: "simplex", TradeName: "SimpleX Chat", Domains: []string{"simplex.im"}},
		{Tag: "flux", TradeName: "Flux", Domains: []string{"flux.example"}}}
	own := servers.Server{Protocol: servers.SMP, Enabled: true}
	own.Address, _ = smp.ParseServerAddress(addr("smp1.own.example"))
	ps := &servers.ProfileServers{Operators: ops, SMP: []servers.Server{own}}
	for _, tc := range []struct {
		name             string
		cs               agent.ConnServers
		same, proxyDest  bool
		rcvLabel, pLabel string
	}{
		{"spread", agent.ConnServers{Rcv: []string{addr("smp1.simplex.im")}, Snd: []string{addr("smp1.flux.example")}, Proxies: []string{addr("smp1.own.example")}},
			false, false, "smp1.simplex.im (SimpleX Chat)", "smp1.own.example (your server)"},
		{"one operator both ways", agent.ConnServers{Rcv: []string{addr("smp1.simplex.im")}, Snd: []string{addr("smp2.simplex.im")}},
			true, false, "smp1.simplex.im (SimpleX Chat)", ""},
		{"proxy of the destination's operator", agent.ConnServers{Rcv: []string{addr("smp1.own.example")}, Snd: []string{addr("smp1.flux.example")}, Proxies: []string{addr("smp2.flux.example")}},
			false, true, "smp1.own.example (your server)", "smp2.flux.example (Flux)"},
		{"unknown hosts differ", agent.ConnServers{Rcv: []string{addr("a.example")}, Snd: []string{addr("b.example")}},
			false, false, "a.example (unknown operator)", ""},
		{"unknown host both ways", agent.ConnServers{Rcv: []string{addr("a.example")}, Snd: []string{addr("a.example")}},
			true, false, "a.example (unknown operator)", ""},
	} {
		v := visibilityOf(ps, tc.cs)
		if v.SameOperator != tc.same || v.ProxyIsDestination != tc.proxyDest {
			t.Errorf("%s: same %v proxyDest %v", tc.name, v.SameOperator, v.ProxyIsDestination)
		}
		if n := btoi(tc.same) + btoi(tc.proxyDest); len(v.Warnings) != n {
			t.Errorf("%s: warnings %q", tc.name, v.Warnings)
		}
		if v.Receive[0].Label() != tc.rcvLabel {
			t.Errorf("%s: receive %q", tc.name, v.Receive[0].Label())
		}
		if tc.pLabel != "" && (len(v.Proxies) != 1 || v.Proxies[0].Label() != tc.pLabel) {
			t.Errorf("%s: proxies %+v", tc.name, v.Proxies)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
