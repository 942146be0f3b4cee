package servers

import (
	"errors"
	"testing"

	"duplex/net/smp"
)

func hostOf(s smp.Server) string { return s.Hosts[0] }

func TestPickSMPStorageRules(t *testing.T) {
	ops := threeOps()
	all := []string{"s1.a.im", "s2.a.im", "s1.b.com", "s2.b.com", "s1.c.org", "own.net"}
	cases := []struct {
		name    string
		ops     func([]Operator)
		hosts   []string
		disable []string
		used    []string
		allowed []string // every pick must be one of these
		every   bool     // and every allowed host must be picked at least once in 200 runs
	}{
		{"new invitation: any storage server", nil, all, nil, nil, all, true},
		{"avoid the used operator", nil, all, nil, []string{"s1.a.im"}, []string{"s1.b.com", "s2.b.com", "s1.c.org", "own.net"}, true},
		{"used host of unknown server attributes no operator", nil, all, nil, []string{"x.unknown"}, all, true},
		{"avoid two used operators", nil, all, nil, []string{"s1.a.im", "s2.b.com"}, []string{"s1.c.org", "own.net"}, true},
		{"custom servers count as one operator", nil, all, nil, []string{"own.net", "s1.a.im", "s1.b.com"}, []string{"s1.c.org"}, true},
		{"all operators used: any unused host", nil, all, nil, []string{"own.net", "s1.a.im", "s1.b.com", "s1.c.org"}, []string{"s2.a.im", "s2.b.com"}, true},
		{"everything used: any server", nil, []string{"s1.a.im", "s1.b.com"}, nil, []string{"s1.a.im", "s1.b.com"}, []string{"s1.a.im", "s1.b.com"}, true},
		{"only one operator: unused host of it", nil, []string{"s1.a.im", "s2.a.im", "s3.a.im"}, nil, []string{"s2.a.im"}, []string{"s1.a.im", "s3.a.im"}, true},
		{"disabled servers not picked", nil, all, []string{"s1.b.com", "s2.b.com"}, []string{"s1.a.im"}, []string{"s1.c.org", "own.net"}, true},
		{"disabled operator omitted", func(o []Operator) { o[1].Enabled = false }, all, nil, []string{"s1.a.im"}, []string{"s1.c.org", "own.net"}, true},
		{"operator without storage role skipped", func(o []Operator) { o[2].SMPRoles.Storage = false }, all, nil, []string{"s1.a.im", "own.net"}, []string{"s1.b.com", "s2.b.com"}, true},
		{"no storage role anywhere: fall back to all listed", func(o []Operator) {
			for i := range o {
				o[i].SMPRoles.Storage = false
			}
		}, []string{"s1.a.im", "s1.b.com"}, []string{"s1.b.com"}, []string{"s1.a.im"}, []string{"s1.b.com"}, true},
		{"operator shares a host with a used server", nil, []string{"s1.a.im", "s1.b.com", "s1.c.org"}, nil, []string{"s1.c.org"}, []string{"s1.a.im", "s1.b.com"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := threeOps()
			copy(o, ops)
			if tc.ops != nil {
				tc.ops(o)
			}
			ps := &ProfileServers{Operators: o}
			for _, h := range tc.hosts {
				s := srv(t, SMP, h, true)
				for _, d := range tc.disable {
					if d == h {
						s.Enabled = false
					}
				}
				ps.SMP = append(ps.SMP, s)
			}
			var used []smp.Server
			for _, h := range tc.used {
				used = append(used, addr(t, h).Server)
			}
			sel := NewSelector(ps)
			r := seeded(1)
			seen := map[string]int{}
			for i := 0; i < 200; i++ {
				got, err := sel.PickSMPStorage(used, r)
				if err != nil {
					t.Fatal(err)
				}
				seen[hostOf(got)]++
			}
			for h := range seen {
				if !contains(tc.allowed, h) {
					t.Errorf("picked %s, allowed %v (seen %v)", h, tc.allowed, seen)
				}
			}
			if tc.every {
				for _, h := range tc.allowed {
					if seen[h] == 0 {
						t.Errorf("%s never picked in 200 runs: %v", h, seen)
					}
				}
			}
		})
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

func TestPickJoinUsesOtherOperator(t *testing.T) {
	ps := &ProfileServers{Operators: threeOps(), SMP: smpServers(t, "s1.a.im", "s2.a.im", "s1.b.com")}
	sel := NewSelector(ps)
	r := seeded(2)
	for i := 0; i < 50; i++ {
		got, err := sel.PickSMPJoin(addr(t, "s2.a.im").Server, r)
		if err != nil || hostOf(got) != "s1.b.com" {
			t.Fatalf("join picked %v %v, want the only B server", got, err)
		}
	}
}

func TestPickRotation(t *testing.T) {
	ps := &ProfileServers{Operators: threeOps(), SMP: smpServers(t, "s1.a.im", "s1.b.com", "s1.c.org")}
	sel := NewSelector(ps)
	r := seeded(3)
	for i := 0; i < 50; i++ {
		got, err := sel.PickSMPRotation(addr(t, "s1.a.im").Server,
			[]smp.Server{addr(t, "s1.a.im").Server, addr(t, "s1.b.com").Server}, r)
		if err != nil || hostOf(got) != "s1.c.org" {
			t.Fatalf("rotation picked %v %v", got, err)
		}
	}
	// Only the current server is configured... plus one: never the replaced one.
	ps.SMP = smpServers(t, "s1.a.im", "s2.a.im")
	sel = NewSelector(ps)
	for i := 0; i < 50; i++ {
		got, err := sel.PickSMPRotation(addr(t, "s1.a.im").Server,
			[]smp.Server{addr(t, "s1.a.im").Server, addr(t, "s2.a.im").Server}, r)
		if err != nil || hostOf(got) != "s2.a.im" {
			t.Fatalf("rotation with all used picked %v %v", got, err)
		}
	}
}

func TestPickProxyDifferentOperator(t *testing.T) {
	o := threeOps()
	o[0].SMPRoles = Roles{Storage: true} // A: storage only
	o[1].SMPRoles = Roles{Proxy: true}   // B: proxy only
	o[2].SMPRoles = Roles{Proxy: true}   // C: proxy only
	ps := &ProfileServers{Operators: o, SMP: smpServers(t, "s1.a.im", "s1.b.com", "s1.c.org")}
	sel := NewSelector(ps)
	r := seeded(4)
	for i := 0; i < 50; i++ {
		p, err := sel.PickSMPProxy(addr(t, "s1.b.com").Server, r)
		if err != nil || hostOf(p) != "s1.c.org" {
			t.Fatalf("proxy for B destination: %v %v", p, err)
		}
		st, _ := sel.PickSMPStorage(nil, r)
		if hostOf(st) != "s1.a.im" {
			t.Fatalf("storage picked %v", st)
		}
	}
	if !sel.KnownSMPHost(addr(t, "s1.a.im").Server) || sel.KnownSMPHost(addr(t, "x.example").Server) {
		t.Fatal("known hosts")
	}
}

func TestKnownHostsIncludeDisabledServers(t *testing.T) {
	ps := &ProfileServers{Operators: threeOps(), SMP: []Server{srv(t, SMP, "s1.a.im", false), srv(t, SMP, "s2.a.im", true)}}
	if !NewSelector(ps).KnownSMPHost(addr(t, "s1.a.im").Server) {
		t.Fatal("a disabled server's host is still known")
	}
	// ...but not servers of a disabled operator, which the agent never sees.
	ps.Operators[0].Enabled = false
	if NewSelector(ps).KnownSMPHost(addr(t, "s2.a.im").Server) {
		t.Fatal("disabled operator's host known")
	}
}

func TestNoServers(t *testing.T) {
	sel := NewSelector(&ProfileServers{Operators: threeOps()})
	if _, err := sel.PickSMPStorage(nil, seeded(5)); !errors.Is(err, ErrNoServers) {
		t.Fatal(err)
	}
	if _, err := sel.PlanXFTPChunks(2, seeded(5)); !errors.Is(err, ErrNoServers) {
		t.Fatal(err)
	}
}

func TestNextSMPStorageRetriesOtherHosts(t *testing.T) {
	ps := &ProfileServers{Operators: threeOps(), SMP: smpServers(t, "s1.a.im", "s2.a.im", "s3.a.im", "s1.b.com")}
	sel := NewSelector(ps)
	r := seeded(6)
	for run := 0; run < 20; run++ {
		var tr Tried
		used := []smp.Server{addr(t, "s1.b.com").Server}
		seen := map[string]bool{}
		// Three failures in a row try the three A hosts once each.
		for i := 0; i < 3; i++ {
			a, err := sel.NextSMPStorage(used, &tr, r)
			if err != nil {
				t.Fatal(err)
			}
			if seen[a.Hosts[0]] || a.Hosts[0] == "s1.b.com" {
				t.Fatalf("retry %d repeated %s (%v)", i, a.Hosts[0], seen)
			}
			seen[a.Hosts[0]] = true
		}
		// All tried: the set resets and a fourth try is again an A host.
		a, _ := sel.NextSMPStorage(used, &tr, r)
		if a.Hosts[0] == "s1.b.com" {
			t.Fatal("after reset picked the used operator")
		}
	}
}

func TestPlanXFTPChunksSpread(t *testing.T) {
	o := threeOps()
	ps := &ProfileServers{Operators: o}
	hosts := []string{"x1.a.im", "x2.a.im", "x3.a.im", "x1.b.com", "own.net"}
	for _, h := range hosts {
		ps.XFTP = append(ps.XFTP, srv(t, XFTP, h, true))
	}
	ps.XFTP = append(ps.XFTP, srv(t, XFTP, "off.a.im", false))
	sel := NewSelector(ps)
	r := seeded(7)
	for run := 0; run < 20; run++ {
		plan, err := sel.PlanXFTPChunks(12, r)
		if err != nil || len(plan) != 12 {
			t.Fatal(err, len(plan))
		}
		count := map[string]int{}
		for i, a := range plan {
			count[a.Hosts[0]]++
			if i == 4 {
				if len(count) != 5 {
					t.Fatalf("first 5 chunks not on 5 distinct servers: %v", count)
				}
			}
		}
		for h, n := range count {
			if !contains(hosts, h) || n < 2 || n > 3 {
				t.Fatalf("chunks not spread: %v", count)
			}
		}
	}
}

func TestOperatorAttribution(t *testing.T) {
	ops := threeOps()
	for host, want := range map[string]string{
		"smp8.a.im": "a", "a.im": "a", "x.b.com": "b", "own.net": "",
		"abc.onion": "", "1.2.3.4": "", "2001:db8::1": "",
	} {
		got := ""
		if op := OperatorOf(ops, smp.Server{Hosts: []string{host}}); op != nil {
			got = op.Tag
		}
		if got != want {
			t.Errorf("%s: operator %q, want %q", host, got, want)
		}
	}
	// A server listing an onion alias first still belongs by its domain.
	if op := OperatorOf(ops, smp.Server{Hosts: []string{"abc.onion", "s.b.com"}}); op == nil || op.Tag != "b" {
		t.Error("onion-first server not attributed")
	}
}

// Randomized configurations: the selection properties hold on every run.
func TestSelectionProperties(t *testing.T) {
	r := seeded(8)
	domains := []string{"a.im", "b.com", "c.org", "own.net"}
	checked := 0
	for run := 0; run < 300; run++ {
		ops := threeOps()
		for i := range ops {
			ops[i].Enabled = mustIdx(t, r, 4) != 0
			ops[i].SMPRoles = Roles{Storage: mustIdx(t, r, 3) != 0, Proxy: mustIdx(t, r, 3) != 0}
		}
		ps := &ProfileServers{Operators: ops}
		n := 1 + mustIdx(t, r, 8)
		for i := 0; i < n; i++ {
			h := string(rune('a'+i)) + "." + domains[mustIdx(t, r, 4)]
			ps.SMP = append(ps.SMP, srv(t, SMP, h, mustIdx(t, r, 5) != 0))
		}
		if smpProblems(Validate(ps, nil)) {
			continue // the UI would not let this be saved
		}
		checked++
		sel := NewSelector(ps)
		for k := 0; k < 10; k++ {
			dest := ps.SMP[mustIdx(t, r, len(ps.SMP))].Address.Server
			destOp := OperatorOf(ops, dest)
			got, err := sel.PickSMPJoin(dest, r)
			if err != nil {
				t.Fatal(err)
			}
			checkPick(t, ps, got, dest, destOp, func(rl Roles) bool { return rl.Storage })
			p, err := sel.PickSMPProxy(dest, r)
			if err != nil {
				t.Fatal(err)
			}
			checkPick(t, ps, p, dest, destOp, func(rl Roles) bool { return rl.Proxy })
		}
	}
	if checked < 50 {
		t.Fatalf("only %d valid configurations checked", checked)
	}
	t.Logf("%d valid random configurations, 10 joins and 10 proxy picks each", checked)
}

func smpProblems(ps []Problem) bool {
	for _, p := range ps {
		if p.Protocol == SMP {
			return true
		}
	}
	return false
}

func mustIdx(t *testing.T, r interface{ Read([]byte) (int, error) }, n int) int {
	i, err := randIndex(r, n)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// checkPick: the pick is enabled, of an enabled operator with the role; and
// it is of another operator than dest whenever such a candidate exists.
func checkPick(t *testing.T, ps *ProfileServers, got, dest smp.Server, destOp *Operator, role func(Roles) bool) {
	t.Helper()
	gotOp := OperatorOf(ps.Operators, got)
	if gotOp != nil && (!gotOp.Enabled || !role(gotOp.SMPRoles)) {
		t.Fatalf("picked %s of operator %s lacking role or disabled", hostOf(got), gotOp.Tag)
	}
	otherExists := false
	for _, s := range ps.SMP {
		op := OperatorOf(ps.Operators, s.Address.Server)
		if !s.Enabled || (op != nil && (!op.Enabled || !role(op.SMPRoles))) {
			continue
		}
		if opTag(op) != opTag(destOp) {
			otherExists = true
		}
	}
	destKnown := false
	for _, s := range ps.SMP {
		// Upstream attributes the destination through my candidates for the
		// role: an enabled server with the role sharing its host.
		op := OperatorOf(ps.Operators, s.Address.Server)
		if s.Enabled && sharesHost(s.Address.Server, map[string]bool{hostOf(dest): true}) && (op == nil || op.Enabled && role(op.SMPRoles)) {
			destKnown = true
		}
	}
	if destKnown && otherExists && opTag(gotOp) == opTag(destOp) {
		t.Fatalf("picked %s of the destination's operator %q though another exists", hostOf(got), opTag(destOp))
	}
}

func opTag(o *Operator) string {
	if o == nil {
		return ""
	}
	return o.Tag
}
