package chatapi

// Table cases and response examples of the operators, servers, conditions
// and network commands, added to the shared tables (parse_test.go,
// examples_test.go) so that the round-trip, strict-prefix, trailing-garbage
// and fuzz tests cover them.

import "testing"

var operatorCommandCases = []struct {
	line string
	want Command
}{
	{"/_operators", APIGetServerOperators{}},
	{`/_operators [{"operatorId":2,"enabled":true,"smpRoles":{"storage":false,"proxy":true},"xftpRoles":{"storage":false,"proxy":true}}]`,
		APISetServerOperators{Operators: raw(`[{"operatorId":2,"enabled":true,"smpRoles":{"storage":false,"proxy":true},"xftpRoles":{"storage":false,"proxy":true}}]`)}},
	{"/_servers 1", APIGetUserServers{UserID: 1}},
	{`/_servers 1 [{"smpServers":[{"server":"smp://abc@relay.example","preset":false,"enabled":true,"deleted":false}],"xftpServers":[]}]`,
		APISetUserServers{UserID: 1, Servers: raw(`[{"smpServers":[{"server":"smp://abc@relay.example","preset":false,"enabled":true,"deleted":false}],"xftpServers":[]}]`)}},
	{"/_conditions", APIGetUsageConditions{}},
	{"/_conditions_notified 3", APISetConditionsNotified{ConditionsID: 3}},
	{"/_accept_conditions 3 1", APIAcceptConditions{ConditionsID: 3, OperatorIDs: []int64{1}}},
	{"/_accept_conditions 3 1,2", APIAcceptConditions{ConditionsID: 3, OperatorIDs: []int64{1, 2}}},
	{`/_network {"socksProxy":"127.0.0.1:9050","hostMode":"onionViaSocks","requiredHostMode":false,"smpProxyMode":"always","smpProxyFallback":"prohibit"}`,
		APISetNetworkConfig{Config: raw(`{"socksProxy":"127.0.0.1:9050","hostMode":"onionViaSocks","requiredHostMode":false,"smpProxyMode":"always","smpProxyFallback":"prohibit"}`)}},
	{"/network", APIGetNetworkConfig{}},
	{"/network socks=off", SetNetworkConfig{Socks: "off"}},
	{"/network socks=on", SetNetworkConfig{Socks: "on"}},
	{"/network socks=off smp-proxy=always smp-proxy-fallback=no", SetNetworkConfig{Socks: "off", SMPProxy: sp("always"), SMPProxyFallback: sp("no")}},
	{"/network socks=127.0.0.1:9150 socks-mode=always host-mode=onion required-host-mode smp-proxy=unknown smp-proxy-fallback=protected log=off",
		SetNetworkConfig{Socks: "127.0.0.1:9150", SocksMode: sp("always"), HostMode: sp("onion"), RequiredHostMode: true, SMPProxy: sp("unknown"), SMPProxyFallback: sp("protected"), Log: bp(false)}},
	{"/network socks=[::1]:9050 host-mode=public", SetNetworkConfig{Socks: "[::1]:9050", HostMode: sp("public")}},
}

func sp(s string) *string { return &s }

var operatorMalformed = []string{
	"/_operators {}", "/_operators [", "/_servers", "/_servers x", "/_servers 1 {}", "/_conditions_notified",
	"/_conditions_notified x", "/_accept_conditions 3", "/_accept_conditions 3 ", "/_accept_conditions 3 1,",
	"/_accept_conditions 3 ,1", "/_accept_conditions x 1", "/_network []", "/_network {", "/network socks=",
	"/network socks=maybe", "/network socks=localhost", "/network socks=127.0.0.1:0", "/network socks=127.0.0.1:99999",
	"/network socks=off smp-proxy=sometimes", "/network socks=off smp-proxy-fallback=allow", "/network socks=off host-mode=onionViaSocks",
	"/network socks=off socks-mode=never", "/network socks=off log=yes", "/network smp-proxy=always",
	"/network socks=off smp-proxy-fallback=no smp-proxy=always", "/network socks=off timeout=10",
}

var operatorResponseExamples = map[string][]string{
	"serverOperatorConditions": {
		`{"type":"serverOperatorConditions","conditions":{"serverOperators":[{"operatorId":1,"operatorTag":"simplex","tradeName":"SimpleX Chat","legalName":"SimpleX Chat Ltd","serverDomains":["simplex.im"],"conditionsAcceptance":{"type":"accepted","acceptedAt":"2025-01-02T03:04:05Z","autoAccepted":false},"enabled":true,"smpRoles":{"storage":true,"proxy":true},"xftpRoles":{"storage":true,"proxy":true}},{"operatorId":2,"operatorTag":"flux","tradeName":"Flux","legalName":"InFlux Technologies Limited","serverDomains":["simplexonflux.com"],"conditionsAcceptance":{"type":"required","deadline":"2025-02-02T03:04:05Z"},"enabled":false,"smpRoles":{"storage":false,"proxy":true},"xftpRoles":{"storage":false,"proxy":true}}],"currentConditions":{"conditionsId":1,"conditionsCommit":"a5061f3147165a05979d6ace33960aced2d6ac03","createdAt":"2025-01-01T00:00:00Z"},"conditionsAction":{"type":"review","operators":[],"deadline":"2025-02-02T03:04:05Z","showNotice":true}}}`,
		`{"type":"serverOperatorConditions","conditions":{"serverOperators":[],"currentConditions":{"conditionsId":2,"conditionsCommit":"c","notifiedAt":"2025-01-01T00:00:00Z","createdAt":"2025-01-01T00:00:00Z"}}}`,
	},
	"usageConditions": {
		`{"type":"usageConditions","usageConditions":{"conditionsId":1,"conditionsCommit":"a5061f3147165a05979d6ace33960aced2d6ac03","createdAt":"2025-01-01T00:00:00Z"},"conditionsText":"# Conditions","acceptedConditions":{"conditionsId":1,"conditionsCommit":"a","createdAt":"2025-01-01T00:00:00Z"}}`,
	},
	"userServers": {
		`{"type":"userServers","user":{"userId":1,"agentUserId":1,"userContactId":1,"localDisplayName":"alice","profile":{"profileId":1,"displayName":"alice","fullName":"","localAlias":""},"activeUser":true,"activeOrder":1,"showNtfs":true,"sendRcptsContacts":true,"sendRcptsSmallGroups":true},"userServers":[{"operator":{"operatorId":1,"operatorTag":"simplex","tradeName":"SimpleX Chat","serverDomains":["simplex.im"],"conditionsAcceptance":{"type":"required"},"enabled":true,"smpRoles":{"storage":true,"proxy":true},"xftpRoles":{"storage":true,"proxy":true}},"smpServers":[{"serverId":4,"server":"smp://abc@smp8.simplex.im","preset":true,"tested":true,"enabled":true,"deleted":false}],"xftpServers":[]},{"smpServers":[],"xftpServers":[]}]}`,
	},
	"networkConfig": {
		`{"type":"networkConfig","networkConfig":{"socksProxy":"@127.0.0.1:9050","socksMode":"always","hostMode":"public","requiredHostMode":false,"smpProxyMode":"unknown","smpProxyFallback":"allowProtected","tcpTimeout":15000000}}`,
	},
}

func init() {
	commandCases = append(commandCases, operatorCommandCases...)
	for k, v := range operatorResponseExamples {
		responseExamples[k] = v
	}
}

func TestOperatorMalformed(t *testing.T) {
	for _, line := range operatorMalformed {
		cmd, err := Parse(line)
		if err == nil {
			t.Errorf("Parse(%q) = %#v, want error", line, cmd)
			continue
		}
		if _, ok := err.(*ParseError); !ok {
			t.Fatalf("Parse(%q): %T", line, err)
		}
	}
}

// A bad /_accept_conditions is reported as that command, not as
// /_accept (whose prefix it shares).
func TestAcceptConditionsErrorNamesCommand(t *testing.T) {
	_, err := Parse("/_accept_conditions 1 x")
	if pe, ok := err.(*ParseError); !ok || pe.Command != "APIAcceptConditions" {
		t.Fatalf("%#v", err)
	}
}
