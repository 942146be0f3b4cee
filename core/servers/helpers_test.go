package servers

import (
	"crypto/sha256"
	"encoding/base64"
	"math/rand/v2"
	"testing"

	"duplex/net/smp"
)

// seeded returns a reproducible randomness source.
func seeded(n uint64) *rand.ChaCha8 {
	var seed [32]byte
	seed[0], seed[1] = byte(n), byte(n>>8)
	return rand.NewChaCha8(seed)
}

// addr makes a server address on host (key hash derived from the host).
func addr(t testing.TB, host string) smp.ServerAddress {
	t.Helper()
	kh := sha256.Sum256([]byte(host))
	a, err := smp.ParseServerAddress("smp://" + base64.URLEncoding.EncodeToString(kh[:]) + "@" + host)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func srv(t testing.TB, p Protocol, host string, enabled bool) Server {
	return Server{Protocol: p, Address: addr(t, host), Enabled: enabled}
}

// threeOps: operators A (a.im), B (b.com), C (c.org), all enabled, all roles.
func threeOps() []Operator {
	return []Operator{
		{ID: 1, Tag: "a", TradeName: "A", Domains: []string{"a.im"}, Enabled: true, SMPRoles: AllRoles, XFTPRoles: AllRoles},
		{ID: 2, Tag: "b", TradeName: "B", Domains: []string{"b.com"}, Enabled: true, SMPRoles: AllRoles, XFTPRoles: AllRoles},
		{ID: 3, Tag: "c", TradeName: "C", Domains: []string{"c.org"}, Enabled: true, SMPRoles: AllRoles, XFTPRoles: AllRoles},
	}
}

func smpServers(t testing.TB, hosts ...string) []Server {
	var out []Server
	for _, h := range hosts {
		out = append(out, srv(t, SMP, h, true))
	}
	return out
}
