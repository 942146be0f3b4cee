package servers

import (
	"testing"
	"time"

	"duplex/net/smp"
)

// BenchmarkPickSMPStorage: one pick among 20 servers of 3 operators plus
// custom ones, with 2 used servers, against a floor measured in the same
// run: drawing one random index from the same source.
func BenchmarkPickSMPStorage(b *testing.B) {
	ps := &ProfileServers{Operators: threeOps()}
	for _, d := range []string{"a.im", "b.com", "c.org", "own.net"} {
		for _, n := range []string{"s1.", "s2.", "s3.", "s4.", "s5."} {
			ps.SMP = append(ps.SMP, srv(b, SMP, n+d, true))
		}
	}
	sel := NewSelector(ps)
	used := []smp.Server{addr(b, "s1.a.im").Server, addr(b, "s2.b.com").Server}
	r := seeded(1)
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := randIndex(r, 20); err != nil {
			b.Fatal(err)
		}
	}
	floor := time.Since(start)
	b.ResetTimer()
	start = time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := sel.PickSMPStorage(used, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start))/float64(floor), "ratio")
}

// BenchmarkNewSelector: building the agent's view of the real presets
// (what happens on every settings change), against parsing the presets.
func BenchmarkNewSelector(b *testing.B) {
	p, err := DefaultPresets()
	if err != nil {
		b.Fatal(err)
	}
	c, _ := ChooseSubset(p, seeded(2))
	ps := &ProfileServers{}
	for _, po := range p.Operators {
		ps.Operators = append(ps.Operators, po.Operator)
	}
	ps.SMP, ps.XFTP = NewProfileServers(p, c)
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := DefaultPresets(); err != nil {
			b.Fatal(err)
		}
	}
	floor := time.Since(start)
	b.ResetTimer()
	start = time.Now()
	for i := 0; i < b.N; i++ {
		NewSelector(ps)
	}
	b.ReportMetric(float64(time.Since(start))/float64(floor), "ratio")
}
