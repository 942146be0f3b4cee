package servers

import (
	"testing"
)

func testPresets(t *testing.T, simplexSMP ...string) *Presets {
	ops := threeOps()[:2]
	a := PresetOperator{Operator: ops[0], UseSMP: 2, UseXFTP: 1}
	a.Operator.ID = 0
	for _, h := range simplexSMP {
		a.SMP = append(a.SMP, PresetServer{Address: addr(t, h), Enabled: h != "off.a.im"})
	}
	a.XFTP = []PresetServer{{Address: addr(t, "x1.a.im"), Enabled: true}, {Address: addr(t, "x2.a.im"), Enabled: true}}
	b := PresetOperator{Operator: ops[1], UseSMP: 1, UseXFTP: 1}
	b.Operator.ID, b.Operator.Enabled = 0, false
	b.SMP = []PresetServer{{Address: addr(t, "s1.b.com"), Enabled: true}}
	b.XFTP = []PresetServer{{Address: addr(t, "x1.b.com"), Enabled: true}}
	return &Presets{Operators: []PresetOperator{a, b}, Conditions: ConditionsVersion{Commit: "c1"}}
}

func hostsOf(ss []Server) map[string]Server {
	m := map[string]Server{}
	for _, s := range ss {
		m[s.Address.Hosts[0]] = s
	}
	return m
}

func enabledHosts(ss []Server) map[string]bool {
	m := map[string]bool{}
	for _, s := range ss {
		if s.Enabled {
			m[s.Address.Hosts[0]] = true
		}
	}
	return m
}

func TestNewProfileServers(t *testing.T) {
	p := testPresets(t, "s1.a.im", "s2.a.im", "s3.a.im", "off.a.im")
	c, err := ChooseSubset(p, seeded(20))
	if err != nil {
		t.Fatal(err)
	}
	smpL, xftpL := NewProfileServers(p, c)
	if len(smpL) != 5 || len(xftpL) != 3 {
		t.Fatalf("%d smp, %d xftp", len(smpL), len(xftpL))
	}
	on := enabledHosts(smpL)
	if len(on) != 3 || on["off.a.im"] || !on["s1.b.com"] {
		t.Fatalf("enabled: %v", on)
	}
	for _, s := range append(smpL, xftpL...) {
		if !s.Preset || s.ID != 0 {
			t.Fatalf("%+v", s)
		}
	}
}

func TestMergePresetsOnUpgrade(t *testing.T) {
	old := testPresets(t, "s1.a.im", "s2.a.im", "s3.a.im", "off.a.im")
	c := Choice{"a.smp": {addr(t, "s1.a.im").String(), addr(t, "s2.a.im").String()}, "b.smp": {addr(t, "s1.b.com").String()}}
	stored, _ := NewProfileServers(old, c)
	byHost := func(h string) *Server {
		for i := range stored {
			if stored[i].Address.Hosts[0] == h {
				return &stored[i]
			}
		}
		t.Fatalf("no %s", h)
		return nil
	}
	yes := true
	for i := range stored {
		stored[i].ID = int64(i + 1)
	}
	byHost("s1.a.im").Enabled = false // user turned a chosen server off
	byHost("s3.a.im").Enabled = true  // and another on
	byHost("s3.a.im").Tested = &yes
	byHost("s2.a.im").Deleted = true // user removed a preset
	byHost("s2.a.im").Enabled = false
	byHost("s1.b.com").Address.BasicAuth = []byte("pw")
	custom := srv(t, SMP, "own.net", true)
	shadow := srv(t, SMP, "s4.a.im", true) // a custom server on a host the new presets ship, other key
	shadow.Address.KeyHash = make([]byte, 32)
	same := srv(t, SMP, "s5.a.im", false) // a custom server identical to a new preset
	same.ID = 99
	stored = append(stored, custom, shadow, same)

	// The new presets drop s3 (enabled by the user) and off.a.im (disabled),
	// and add s4 and s5.
	next := testPresets(t, "s1.a.im", "s2.a.im", "s4.a.im", "s5.a.im")
	c2, err := UpdateSubset(next, c, seeded(21))
	if err != nil {
		t.Fatal(err)
	}
	got := MergePresets(next, c2, SMP, stored)
	m := hostsOf(got)
	if len(got) != len(m) {
		t.Fatalf("duplicate hosts after merge: %v", got)
	}
	want := map[string]struct{ preset, enabled, deleted bool }{
		"s1.a.im":  {true, false, false}, // user's off kept
		"s2.a.im":  {true, false, true},  // stays removed
		"s4.a.im":  {true, c2.Has("a", SMP, addr(t, "s4.a.im").String()), false},
		"s5.a.im":  {true, false, false}, // the user's identical server (off) becomes the preset
		"s1.b.com": {true, true, false},
		"s3.a.im":  {false, true, false}, // dropped preset still in use: kept
		"own.net":  {false, true, false},
	}
	if len(m) != len(want) {
		t.Fatalf("got hosts %v", m)
	}
	for h, w := range want {
		s, ok := m[h]
		if !ok || s.Preset != w.preset || s.Enabled != w.enabled || s.Deleted != w.deleted {
			t.Errorf("%s: %+v, want %+v", h, s, w)
		}
	}
	if m["s3.a.im"].Tested == nil || m["s3.a.im"].ID == 0 || string(m["s1.b.com"].Address.BasicAuth) != "pw" {
		t.Error("stored state (tested, id, password) lost")
	}
	if m["s4.a.im"].ID != 0 || len(m["s4.a.im"].Address.KeyHash) != 32 || m["s4.a.im"].Address.KeyHash[0] == 0 && m["s4.a.im"].Address.KeyHash[1] == 0 {
		t.Error("the shadowing custom server survived")
	}
	if m["s5.a.im"].ID != 99 {
		t.Error("identical custom server not matched to the preset")
	}
	// Exactly two A servers chosen in the new subset: the kept one plus one new.
	if !c2.Has("a", SMP, addr(t, "s1.a.im").String()) || len(c2["a.smp"]) != 2 {
		t.Errorf("subset %v", c2["a.smp"])
	}
	// Merging again changes nothing.
	if again := MergePresets(next, c2, SMP, got); len(again) != len(got) {
		t.Fatal("merge not idempotent")
	}
}

func TestMergeOperators(t *testing.T) {
	p := testPresets(t, "s1.a.im")
	stored := []Operator{
		{ID: 5, Tag: "a", TradeName: "Old A", Domains: []string{"old.im"}, Enabled: false, SMPRoles: Roles{Proxy: true}},
		{ID: 6, Tag: "b", TradeName: "B", Enabled: true, SMPRoles: AllRoles, XFTPRoles: AllRoles},
		{ID: 7, Tag: "gone", TradeName: "Gone"},
	}
	got := MergeOperators(p, stored)
	if len(got) != 3 {
		t.Fatalf("%+v", got)
	}
	a, b := got[0], got[1]
	if a.ID != 5 || a.TradeName != "A" || a.Domains[0] != "a.im" || a.Enabled || a.SMPRoles != (Roles{Proxy: true}) {
		t.Errorf("a: %+v", a)
	}
	if b.ID != 6 || !b.Enabled || b.SMPRoles != AllRoles {
		t.Errorf("b keeps the user's enabling and roles: %+v", b)
	}
	if got[2].Tag != "gone" {
		t.Error("unknown stored operator dropped")
	}
	fresh := MergeOperators(p, nil)
	if fresh[0].ID != 0 || !fresh[0].Enabled || fresh[1].Enabled {
		t.Errorf("fresh: %+v", fresh)
	}
}
