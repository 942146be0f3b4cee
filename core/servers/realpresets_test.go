package servers

import (
	"strings"
	"testing"

	"duplex/net/links"
)

// The real preset chat relay links of simplex-chat (Operators/Presets.hs,
// reference/vectors.md §4) are in the short form: host and link key only.
// Against the shipped presets each restores to the full address of its
// preset server (public and onion host, key hash), that server belongs to
// SimpleX Chat, and shortening gives back the exact text.
func TestRealPresetRelayLinksRestore(t *testing.T) {
	p := mustPresets(t)
	sx := p.Operator("simplex")
	for _, link := range []string{
		"https://smp5.simplex.im/r#Fp5RWXkiRFg-hgcDwC2v-MWnPfvEf42RgCqREntW0mw",
		"https://smp6.simplex.im/r#_qlQfogHGDJ8MAF2wKmkglRBM-xHR142gDJstKiGRQQ",
		"https://smp4.simplex.im/r#yxNOMJcry5jMTRPEBVtGBATYaKeoRIsZRBPIDLx7x6M",
	} {
		l, err := links.ParseShortLink(link)
		if err != nil {
			t.Fatalf("%s: %v", link, err)
		}
		if !l.IsShortened() || l.Type != links.LinkRelay {
			t.Fatalf("%s: shortened %v, type %v", link, l.IsShortened(), l.Type)
		}
		host := l.Server.Hosts[0]
		var preset *PresetServer
		for i, s := range sx.SMP {
			if s.Address.Hosts[0] == host {
				preset = &sx.SMP[i]
			}
		}
		if preset == nil {
			t.Fatalf("%s: no SimpleX Chat preset on %s", link, host)
		}
		if preset.Enabled {
			t.Errorf("%s: %s is kept for old links and should be listed but off", link, host)
		}
		full := l.Restore(p.AllSMP)
		if full.IsShortened() || !links.SameServer(full.Server, preset.Address.Server) ||
			full.Server.Fingerprint() != preset.Address.Fingerprint() || len(full.Server.Hosts) != 2 {
			t.Fatalf("%s restored to %v, want %v", link, full.Server, preset.Address.Server)
		}
		if op := OperatorOf(operatorsOf(p), full.Server); op == nil || op.TradeName != "SimpleX Chat" {
			t.Fatalf("%s: operator %v", link, op)
		}
		want := link + "?h=" + preset.Address.Hosts[1] + "&c=" + strings.TrimRight(preset.Address.Fingerprint(), "=")
		if full.String() != want {
			t.Fatalf("full form %s\nwant      %s", full, want)
		}
		if back := full.Shorten(p.AllSMP).String(); back != link {
			t.Fatalf("shortened back to %s", back)
		}
	}
	// A host that is no preset stays short: nothing to restore it from.
	l, err := links.ParseShortLink("https://smp99.simplex.im/r#Fp5RWXkiRFg-hgcDwC2v-MWnPfvEf42RgCqREntW0mw")
	if err != nil {
		t.Fatal(err)
	}
	if !l.Restore(p.AllSMP).IsShortened() {
		t.Fatal("a link on a host that is no preset was restored")
	}
}

func operatorsOf(p *Presets) []Operator {
	var ops []Operator
	for _, po := range p.Operators {
		ops = append(ops, po.Operator)
	}
	return ops
}

// Every real preset address reads back through ParseServer unchanged, no
// host is shared by two presets, and the list validates whatever subset an
// install draws — also with Flux enabled and with everything enabled.
func TestRealPresetsValidate(t *testing.T) {
	p := mustPresets(t)
	for _, po := range p.Operators {
		for _, proto := range []Protocol{SMP, XFTP} {
			for _, s := range po.Servers(proto) {
				text := AddressString(proto, s.Address)
				a, err := ParseServer(proto, text)
				if err != nil || AddressString(proto, a) != text {
					t.Fatalf("%s: %v %v", text, a, err)
				}
			}
		}
	}
	for seed := uint64(0); seed < 40; seed++ {
		c, err := ChooseSubset(p, seeded(seed))
		if err != nil {
			t.Fatal(err)
		}
		ps := &ProfileServers{Operators: operatorsOf(p)}
		ps.SMP, ps.XFTP = NewProfileServers(p, c)
		if probs := Validate(ps, nil); len(probs) > 0 {
			t.Fatalf("seed %d: %v", seed, probs)
		}
		on := map[string]int{}
		for _, l := range [][]Server{ps.SMP, ps.XFTP} {
			for _, s := range l {
				if s.Enabled {
					on[OperatorOf(ps.Operators, s.Address.Server).Tag+"."+string(s.Protocol)]++
				}
			}
		}
		if on["simplex.smp"] != 4 || on["simplex.xftp"] != 3 || on["flux.smp"] != 3 || on["flux.xftp"] != 3 {
			t.Fatalf("seed %d: enabled %v", seed, on)
		}
		ps.Operators[1].Enabled = true // Flux
		if probs := Validate(ps, nil); len(probs) > 0 {
			t.Fatalf("seed %d with Flux: %v", seed, probs)
		}
		for _, l := range [][]Server{ps.SMP, ps.XFTP} {
			for i := range l {
				l[i].Enabled = true
			}
		}
		if probs := Validate(ps, nil); len(probs) > 0 {
			t.Fatalf("seed %d, all enabled: %v", seed, probs)
		}
	}
}
