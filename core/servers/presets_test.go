package servers

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

const sharedPresets = "../../../shared/data/preset-servers.txt"

// The embedded copy is the shared file, and the real list parses into the
// operators of the reference (features.md §2.1).
func TestSharedPresetFile(t *testing.T) {
	b, err := os.ReadFile(sharedPresets)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI: %v", err)
		}
		t.Skipf("shared preset file not present: %v", err)
	}
	if !bytes.Equal(b, embeddedPresets) {
		t.Fatal("core/servers/presets.txt differs from shared/data/preset-servers.txt: copy it again")
	}
	p, err := LoadPresets(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	checkRealPresets(t, p)
}

func TestDefaultPresets(t *testing.T) {
	p, err := DefaultPresets()
	if err != nil {
		t.Fatal(err)
	}
	checkRealPresets(t, p)
}

func countEnabled(ss []PresetServer) (on, off int) {
	for _, s := range ss {
		if s.Enabled {
			on++
		} else {
			off++
		}
	}
	return
}

func checkRealPresets(t *testing.T, p *Presets) {
	t.Helper()
	sx, fx := p.Operator("simplex"), p.Operator("flux")
	if sx == nil || fx == nil || len(p.Operators) != 2 {
		t.Fatalf("operators: %+v", p.Operators)
	}
	want := []struct {
		po                    *PresetOperator
		name, legal, domain   string
		enabled               bool
		smpRoles, xftpRoles   Roles
		smpOn, smpOff, xftpOn int
		useSMP, useXFTP       int
	}{
		{sx, "SimpleX Chat", "SimpleX Chat Ltd", "simplex.im", true, AllRoles, AllRoles, 11, 3, 6, 4, 3},
		{fx, "Flux", "InFlux Technologies Limited", "simplexonflux.com", false, Roles{Proxy: true}, Roles{Proxy: true}, 6, 0, 6, 3, 3},
	}
	for _, w := range want {
		o := w.po.Operator
		if o.TradeName != w.name || o.LegalName != w.legal || len(o.Domains) != 1 || o.Domains[0] != w.domain ||
			o.Enabled != w.enabled || o.SMPRoles != w.smpRoles || o.XFTPRoles != w.xftpRoles {
			t.Errorf("operator %+v", o)
		}
		on, off := countEnabled(w.po.SMP)
		xon, xoff := countEnabled(w.po.XFTP)
		if on != w.smpOn || off != w.smpOff || xon != w.xftpOn || xoff != 0 {
			t.Errorf("%s: SMP %d on %d off, XFTP %d on %d off", o.Tag, on, off, xon, xoff)
		}
		if w.po.UseSMP != w.useSMP || w.po.UseXFTP != w.useXFTP {
			t.Errorf("%s: use %d/%d", o.Tag, w.po.UseSMP, w.po.UseXFTP)
		}
		for _, s := range append(append([]PresetServer{}, w.po.SMP...), w.po.XFTP...) {
			if len(s.Address.Hosts) != 2 || !strings.HasSuffix(s.Address.Hosts[1], ".onion") || len(s.Address.KeyHash) != 32 {
				t.Errorf("server %s", s.Address)
			}
		}
	}
	// smp7 is test-only: restorable from short links, never offered.
	for _, s := range sx.SMP {
		if s.Address.Hosts[0] == "smp7.simplex.im" {
			t.Error("test-only smp7 offered to clients")
		}
	}
	found := false
	for _, s := range p.AllSMP {
		found = found || s.Hosts[0] == "smp7.simplex.im"
	}
	if !found || len(p.AllSMP) != 11+3+1+6 {
		t.Errorf("AllSMP: %d servers, smp7 %v", len(p.AllSMP), found)
	}
	if p.Conditions.Commit != "7471fd2af5838dc0467aebc570b5ea75e5df3209" || p.Conditions.PreviousCommit != "a5061f3147165a05979d6ace33960aced2d6ac03" {
		t.Errorf("conditions %+v", p.Conditions)
	}
	// The real list validates for a new profile with the random subset.
	c, err := ChooseSubset(p, seeded(1))
	if err != nil {
		t.Fatal(err)
	}
	ps := &ProfileServers{}
	for _, po := range p.Operators {
		ps.Operators = append(ps.Operators, po.Operator)
	}
	ps.SMP, ps.XFTP = NewProfileServers(p, c)
	if probs := Validate(ps, nil); len(probs) > 0 {
		t.Fatalf("real presets do not validate: %v", probs)
	}
}

// Hermetic: a checked-in excerpt, independent of the shared folder.
func TestPresetExcerpt(t *testing.T) {
	b, err := os.ReadFile("testdata/presets-excerpt.txt")
	if err != nil {
		t.Fatal(err)
	}
	p, err := LoadPresets(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	sx := p.Operator("simplex")
	if on, off := countEnabled(sx.SMP); on != 2 || off != 2 {
		t.Fatalf("simplex smp %d/%d", on, off)
	}
	if sx.SMP[0].Address.Hosts[0] != "smp8.simplex.im" || sx.XFTP[1].Address.Hosts[0] != "xftp2.simplex.im" {
		t.Fatal("order not kept")
	}
	if got := AddressString(XFTP, sx.XFTP[0].Address); got != strings.TrimSpace(linesWith(string(b), "xftp1.simplex.im")) {
		t.Fatalf("xftp address round trip: %s", got)
	}
}

func linesWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return ""
}

func TestLoadPresetsRejects(t *testing.T) {
	base, _ := os.ReadFile("testdata/presets-excerpt.txt")
	cases := map[string]string{
		"server off its operator's domain": strings.Replace(string(base), "@smp8.simplex.im", "@smp8.example.net", 1),
		"no conditions commit":             strings.Replace(string(base), "usageConditionsCommit=", "x=", 1),
		"xftp server in smp section":       strings.Replace(string(base), "smp://0YuT", "xftp://0YuT", 1),
		"malformed server line":            strings.Replace(string(base), "smp://0YuT", "smp://!!", 1),
		"operator without xftp":            cutSection(string(base), "[flux.xftp.enabled]"),
	}
	for name, text := range cases {
		if _, err := LoadPresets(strings.NewReader(text)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func cutSection(s, header string) string {
	i := strings.Index(s, header)
	j := strings.Index(s[i+1:], "\n[")
	return s[:i] + s[i+1+j+1:]
}
