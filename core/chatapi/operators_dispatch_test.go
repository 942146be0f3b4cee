package chatapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"duplex/core"
	"duplex/core/api"
	"duplex/core/chatapi"
	"duplex/crypto/enc"
)

// presetCore is a real core with the shipped operators and presets (no
// fixed relay list), so operator changes are allowed. Nothing here
// connects to a relay: no queue is created.
func presetCore(t *testing.T) *core.Local {
	t.Helper()
	c, err := core.Open(core.Options{DataDir: t.TempDir(), KDF: &core.KDFCost{Time: 1, MemoryKiB: 64, Threads: 1},
		Now: func() time.Time { return time.Unix(1_800_000_000, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.CreateStorage(context.Background(), api.ProtectionPassphrase, "pw"); err != nil {
		t.Fatal(err)
	}
	return c
}

func operatorNamed(t *testing.T, ops []chatapi.ServerOperator, tag string) chatapi.ServerOperator {
	t.Helper()
	for _, o := range ops {
		if o.OperatorTag == tag {
			return o
		}
	}
	t.Fatalf("no operator %s", tag)
	return chatapi.ServerOperator{}
}

func TestDispatchOperatorsAndConditions(t *testing.T) {
	h := &chatapi.Handler{Client: presetCore(t)}
	wantType(t, h, `/_create user {"profile":{"displayName":"alice","fullName":""}}`, "activeUser")

	r := wantType(t, h, "/_operators", "serverOperatorConditions").(*chatapi.ServerOperatorConditionsResponse)
	sx, fx := operatorNamed(t, r.Conditions.ServerOperators, "simplex"), operatorNamed(t, r.Conditions.ServerOperators, "flux")
	cid := r.Conditions.CurrentConditions.ConditionsID
	if !sx.Enabled || fx.Enabled || sx.ConditionsAcceptance.Type != "required" || cid == 0 {
		t.Fatalf("%+v", r.Conditions)
	}
	if a := r.Conditions.ConditionsAction; a == nil || a.Type != "review" || len(a.Operators) != 1 || a.Operators[0].OperatorID != sx.OperatorID ||
		a.ShowNotice == nil || !*a.ShowNotice || a.Deadline != nil {
		t.Fatalf("action %+v", r.Conditions.ConditionsAction)
	}

	setFlux := fmt.Sprintf(`/_operators [{"operatorId":%d,"enabled":true,"smpRoles":{"storage":true,"proxy":true},"xftpRoles":{"storage":false,"proxy":true}}]`, fx.OperatorID)
	wantErr(t, h, setFlux, "commandError", "accept the conditions of use of Flux")
	r = wantType(t, h, fmt.Sprintf("/_accept_conditions %d %d,%d", cid, fx.OperatorID, sx.OperatorID), "serverOperatorConditions").(*chatapi.ServerOperatorConditionsResponse)
	if f := operatorNamed(t, r.Conditions.ServerOperators, "flux"); f.ConditionsAcceptance.Type != "accepted" || f.ConditionsAcceptance.AutoAccepted == nil || *f.ConditionsAcceptance.AutoAccepted {
		t.Fatalf("flux after accepting: %+v", f)
	}
	if a := r.Conditions.ConditionsAction; a == nil || a.Type != "accepted" {
		t.Fatalf("action after accepting: %+v", a)
	}
	r = wantType(t, h, setFlux, "serverOperatorConditions").(*chatapi.ServerOperatorConditionsResponse)
	if f := operatorNamed(t, r.Conditions.ServerOperators, "flux"); !f.Enabled || f.SMPRoles != (chatapi.ServerRoles{Storage: true, Proxy: true}) || f.XFTPRoles.Storage {
		t.Fatalf("flux after enabling: %+v", f)
	}
	wantErr(t, h, "/_operators []", "commandError", "no operators")
	wantErr(t, h, fmt.Sprintf("/_accept_conditions %d 99", cid), "commandError", "no operator with id 99")

	u := wantType(t, h, "/_conditions", "usageConditions").(*chatapi.UsageConditionsResponse)
	if u.UsageConditions.ConditionsID != cid || u.UsageConditions.NotifiedAt != nil {
		t.Fatalf("%+v", u)
	}
	wantType(t, h, fmt.Sprintf("/_conditions_notified %d", cid), "cmdOk")
	if u := wantType(t, h, "/_conditions", "usageConditions").(*chatapi.UsageConditionsResponse); u.UsageConditions.NotifiedAt == nil {
		t.Fatalf("not notified: %+v", u)
	}
	wantErr(t, h, "/_accept_conditions", "commandError", "bad arguments")
}

func TestDispatchUserServers(t *testing.T) {
	h := &chatapi.Handler{Client: presetCore(t)}
	wantType(t, h, `/_create user {"profile":{"displayName":"alice","fullName":""}}`, "activeUser")
	r := wantType(t, h, "/_servers 1", "userServers").(*chatapi.UserServers)
	if len(r.UserServers) != 3 || r.UserServers[0].Operator == nil || r.UserServers[0].Operator.OperatorTag != "simplex" ||
		len(r.UserServers[0].SMPServers) == 0 || len(r.UserServers[0].XFTPServers) == 0 || r.UserServers[2].Operator != nil || len(r.UserServers[2].SMPServers) != 0 {
		t.Fatalf("%+v", r.UserServers)
	}
	for _, s := range r.UserServers[0].SMPServers {
		if !s.Preset || !strings.Contains(s.Server, "simplex.im") {
			t.Fatalf("%+v", s)
		}
	}
	mine := "smp://" + enc.B64(make([]byte, 32)) + "@relay.example"
	wantType(t, h, `/_servers 1 [{"smpServers":[{"server":"`+mine+`","preset":false,"enabled":false,"deleted":false}],"xftpServers":[]}]`, "cmdOk")
	r = wantType(t, h, "/_servers 1", "userServers").(*chatapi.UserServers)
	if own := r.UserServers[2].SMPServers; len(own) != 1 || own[0].Server != mine || own[0].Enabled {
		t.Fatalf("own servers %+v", own)
	}
	wantType(t, h, `/_servers 1 [{"smpServers":[{"server":"`+mine+`","preset":false,"enabled":true,"deleted":false}],"xftpServers":[]}]`, "cmdOk")
	r = wantType(t, h, "/_servers 1", "userServers").(*chatapi.UserServers)
	if own := r.UserServers[2].SMPServers; len(own) != 1 || !own[0].Enabled {
		t.Fatalf("own servers %+v", own)
	}
	wantType(t, h, `/_servers 1 [{"smpServers":[{"server":"`+mine+`","preset":false,"enabled":true,"deleted":true}],"xftpServers":[]}]`, "cmdOk")
	r = wantType(t, h, "/_servers 1", "userServers").(*chatapi.UserServers)
	if own := r.UserServers[2].SMPServers; len(own) != 0 {
		t.Fatalf("not removed: %+v", own)
	}
	wantErr(t, h, "/_servers 7", "userNotFound", "")
	wantErr(t, h, `/_servers 1 [{"smpServers":[{"server":"smp://bad","preset":false,"enabled":true,"deleted":false}],"xftpServers":[]}]`, "commandError", "")
}

func TestDispatchNetwork(t *testing.T) {
	c := presetCore(t)
	h := &chatapi.Handler{Client: c}
	bg := context.Background()
	n := wantType(t, h, "/network", "networkConfig").(*chatapi.NetworkConfigResponse).NetworkConfig
	if n.SocksProxy != nil || n.HostMode != "public" || n.SMPProxyMode != "unknown" || n.SMPProxyFallback != "allowProtected" {
		t.Fatalf("default: %+v", n)
	}
	n = wantType(t, h, "/network socks=127.0.0.1:9050 smp-proxy=always", "networkConfig").(*chatapi.NetworkConfigResponse).NetworkConfig
	if n.SocksProxy == nil || *n.SocksProxy != "127.0.0.1:9050" || n.HostMode != "onionViaSocks" || n.SMPProxyMode != "always" {
		t.Fatalf("%+v", n)
	}
	want := api.NetworkConfig{SOCKSProxy: "127.0.0.1:9050", SOCKSIsolate: true, OnionHosts: api.OnionPrefer, PrivateRouting: api.RoutingAlways}
	if got, _ := c.Network(bg); got != want {
		t.Fatalf("core: %+v", got)
	}
	// Absent smp-proxy keeps the mode, as upstream.
	wantType(t, h, "/network socks=off smp-proxy-fallback=no", "networkConfig")
	want = api.NetworkConfig{PrivateRouting: api.RoutingAlways, RoutingFallback: api.FallbackProhibit}
	if got, _ := c.Network(bg); got != want {
		t.Fatalf("core: %+v", got)
	}
	wantType(t, h, `/_network {"socksProxy":"@127.0.0.1:9150","hostMode":"onionViaSocks","requiredHostMode":true,"smpProxyMode":"unprotected","smpProxyFallback":"allow","tcpTimeout":1}`, "cmdOk")
	want = api.NetworkConfig{SOCKSProxy: "127.0.0.1:9150", OnionHosts: api.OnionRequired, PrivateRouting: api.RoutingUnprotected, RoutingFallback: api.FallbackAllow}
	if got, _ := c.Network(bg); got != want {
		t.Fatalf("core: %+v", got)
	}
	n = wantType(t, h, "/network", "networkConfig").(*chatapi.NetworkConfigResponse).NetworkConfig
	if *n.SocksProxy != "@127.0.0.1:9150" || !n.RequiredHostMode || n.SMPProxyFallback != "allow" {
		t.Fatalf("%+v", n)
	}
	wantErr(t, h, "/network socks=off host-mode=onion required-host-mode", "commandError", "needs a SOCKS proxy")
	wantErr(t, h, `/_network {"socksProxy":"127.0.0.1:9050","socksMode":"onion"}`, "commandError", "not supported")
	wantErr(t, h, `/_network {"socksProxy":"u:p@127.0.0.1:9050"}`, "commandError", "user name")
	wantErr(t, h, `/_network {"smpProxyMode":"sometimes"}`, "commandError", "smpProxyMode")
	wantErr(t, h, `/_network {"socksProxy":1}`, "commandError", "invalid NetworkConfig")
	if got, _ := c.Network(bg); got != want {
		t.Fatalf("a refused change was saved: %+v", got)
	}
}
