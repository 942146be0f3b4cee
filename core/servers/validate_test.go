package servers

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	base := func() *ProfileServers {
		o := threeOps()[:2]
		return &ProfileServers{Operators: o,
			SMP:  []Server{srv(t, SMP, "s1.a.im", true), srv(t, SMP, "s1.b.com", true)},
			XFTP: []Server{srv(t, XFTP, "x1.a.im", true)}}
	}
	cases := []struct {
		name   string
		edit   func(*ProfileServers)
		others map[int64]*ProfileServers
		want   []string
	}{
		{"valid", nil, nil, nil},
		{"no SMP servers", func(p *ProfileServers) { p.SMP = nil }, nil,
			[]string{"no SMP servers are enabled: enable an operator or add and enable a server"}},
		{"all SMP servers disabled", func(p *ProfileServers) { p.SMP[0].Enabled, p.SMP[1].Enabled = false, false }, nil,
			[]string{"no SMP servers are enabled: enable an operator or add and enable a server"}},
		{"deleted servers do not count", func(p *ProfileServers) { p.XFTP[0].Deleted = true }, nil,
			[]string{"no XFTP servers are enabled: enable an operator or add and enable a server"}},
		{"operators disabled", func(p *ProfileServers) { p.Operators[0].Enabled, p.Operators[1].Enabled = false, false }, nil,
			[]string{"no SMP servers are enabled: enable an operator or add and enable a server",
				"no XFTP servers are enabled: enable an operator or add and enable a server"}},
		{"no storage role", func(p *ProfileServers) {
			p.Operators[0].SMPRoles.Storage, p.Operators[1].SMPRoles.Storage = false, false
		}, nil,
			[]string{`no SMP servers to receive messages: turn on "To receive" for an operator or add a server`}},
		{"no XFTP storage role", func(p *ProfileServers) { p.Operators[0].XFTPRoles.Storage = false }, nil,
			[]string{`no XFTP servers to send files: turn on "Use for files" for an operator or add a server`}},
		{"no proxy role", func(p *ProfileServers) { p.Operators[0].SMPRoles.Proxy, p.Operators[1].SMPRoles.Proxy = false, false }, nil,
			[]string{`no SMP servers for private routing: turn on "For private routing" for an operator or add a server`}},
		{"custom server has all roles", func(p *ProfileServers) {
			p.Operators[0].SMPRoles, p.Operators[1].SMPRoles = Roles{}, Roles{}
			p.SMP = append(p.SMP, srv(t, SMP, "own.net", true))
		}, nil, nil},
		{"duplicate host", func(p *ProfileServers) {
			d := srv(t, SMP, "s1.a.im", false)
			d.Address.KeyHash = make([]byte, 32)
			p.SMP = append(p.SMP, d)
		}, nil, []string{
			"host s1.a.im is used by more than one SMP server (" + addr(t, "s1.a.im").String() + ")",
			"host s1.a.im is used by more than one SMP server (smp://AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=@s1.a.im)"}},
		{"duplicate via onion alias", func(p *ProfileServers) {
			p.XFTP[0].Address.Hosts = append(p.XFTP[0].Address.Hosts, "x.onion")
			p.XFTP = append(p.XFTP, srv(t, XFTP, "x.onion", true))
		}, nil, []string{
			"host x.onion is used by more than one XFTP server (" + AddressString(SMP, addr(t, "x1.a.im")) + ",x.onion)",
			"host x.onion is used by more than one XFTP server (" + addr(t, "x.onion").String() + ")"}},
		{"another profile broken by an operator change", func(p *ProfileServers) {
			p.SMP = append(p.SMP, srv(t, SMP, "own.net", true))
			p.XFTP = append(p.XFTP, srv(t, XFTP, "own.net", true))
			p.Operators[0].Enabled = false
		}, map[int64]*ProfileServers{7: {SMP: []Server{srv(t, SMP, "s9.a.im", true)}, XFTP: []Server{srv(t, XFTP, "own2.net", true)}}},
			[]string{"profile 7: no SMP servers are enabled: enable an operator or add and enable a server"}},
	}
	for _, c := range cases {
		ps := base()
		if c.edit != nil {
			c.edit(ps)
		}
		for _, o := range c.others {
			o.Operators = ps.Operators
		}
		var got []string
		for _, p := range Validate(ps, c.others) {
			got = append(got, p.Error())
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestParseServer(t *testing.T) {
	good := []struct {
		p Protocol
		s string
	}{
		{SMP, "smp://0YuTwO05YJWS8rkjn9eLJDjQhFKvIYd8d4xG8X1blIU=@smp8.simplex.im,beccx4yfxxbvyhqypaavemqurytl6hozr47wfc7uuecacjqdvwpw2xid.onion"},
		{SMP, "smp://0YuTwO05YJWS8rkjn9eLJDjQhFKvIYd8d4xG8X1blIU=:secret@127.0.0.1:5223"},
		{XFTP, "xftp://da1aH3nOT-9G8lV7bWamhxpDYdJ1xmW7j3JpGaDR5Ug=@xftp1.simplex.im:443"},
	}
	for _, g := range good {
		a, err := ParseServer(g.p, "  "+g.s+"\n")
		if err != nil {
			t.Fatalf("%s: %v", g.s, err)
		}
		if AddressString(g.p, a) != g.s {
			t.Fatalf("round trip %s → %s", g.s, AddressString(g.p, a))
		}
		for i := 0; i < len(g.s); i++ {
			if _, err := ParseServer(g.p, g.s[:i]); err == nil && !portPrefix(g.s, i) {
				t.Errorf("prefix %q accepted", g.s[:i])
			}
		}
		for _, tail := range []string{"/x", "#", "?a=b", ":", "@x"} {
			if _, err := ParseServer(g.p, g.s+tail); err == nil {
				t.Errorf("trailing %q accepted", tail)
			}
		}
	}
	for _, c := range []struct {
		p    Protocol
		s    string
		want string
	}{
		{SMP, "https://example.com", "not a server address: it must start with smp://"},
		{SMP, good[2].s, "this is an XFTP server address, not SMP"},
		{XFTP, "xftp://short@host", "malformed XFTP server address: expected xftp://<key hash>@<host>[:port]"},
	} {
		if _, err := ParseServer(c.p, c.s); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.s, err, c.want)
		}
	}
}

// A strict prefix that ends inside a host list or port is a valid shorter
// address (fewer hosts, shorter host name, shorter port) — except that it
// must still differ; everything else must be rejected.
func portPrefix(s string, i int) bool {
	at := strings.LastIndex(s, "@")
	return at >= 0 && i > at+1 && !strings.HasSuffix(s[:i], ",") && !strings.HasSuffix(s[:i], ":") && !strings.HasSuffix(s[:i], ".")
}

func FuzzParseServer(f *testing.F) {
	f.Add("smp://0YuTwO05YJWS8rkjn9eLJDjQhFKvIYd8d4xG8X1blIU=@smp8.simplex.im,abc.onion:5223")
	f.Add("xftp://da1aH3nOT-9G8lV7bWamhxpDYdJ1xmW7j3JpGaDR5Ug=:pw@[::1]:443")
	f.Add("smp://@")
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range []Protocol{SMP, XFTP} {
			a, err := ParseServer(p, s)
			if err != nil {
				continue
			}
			b, err := ParseServer(p, AddressString(p, a))
			if err != nil || AddressString(p, b) != AddressString(p, a) {
				t.Fatalf("%q: re-parse %v", s, err)
			}
		}
	})
}
