package servers_test

import (
	"crypto/sha256"
	"encoding/base64"
	"math/rand/v2"
	"testing"

	"duplex/core/agent"
	"duplex/core/servers"
	"duplex/net/smp"
)

var _ agent.ServerPicker = servers.AgentPicker{}

func TestAgentPickerSpreadsOperators(t *testing.T) {
	mk := func(host, auth string) servers.Server {
		kh := sha256.Sum256([]byte(host))
		a, err := smp.ParseServerAddress("smp://" + base64.URLEncoding.EncodeToString(kh[:]) + auth + "@" + host)
		if err != nil {
			t.Fatal(err)
		}
		return servers.Server{Protocol: servers.SMP, Address: a, Enabled: true}
	}
	ops := []servers.Operator{
		{ID: 1, Tag: "a", Domains: []string{"a.im"}, Enabled: true, SMPRoles: servers.AllRoles, XFTPRoles: servers.AllRoles},
		{ID: 2, Tag: "b", Domains: []string{"b.com"}, Enabled: true, SMPRoles: servers.AllRoles, XFTPRoles: servers.AllRoles},
	}
	ps := &servers.ProfileServers{Operators: ops, SMP: []servers.Server{mk("s1.a.im", ""), mk("s2.a.im", ""), mk("s1.b.com", ":pw")}}
	p := servers.AgentPicker{Sel: servers.NewSelector(ps), Rand: rand.NewChaCha8([32]byte{1})}
	for i := 0; i < 20; i++ {
		got, err := p.Pick([]smp.ServerAddress{ps.SMP[0].Address})
		if err != nil || got.Hosts[0] != "s1.b.com" || string(got.BasicAuth) != "pw" {
			t.Fatalf("%v %v", got, err)
		}
	}
}
