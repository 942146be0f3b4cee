package links

import (
	"os"
	"strings"
	"testing"
)

func loadPresets(t *testing.T, path string) *PresetList {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := ParsePresets(f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func countProto(p *PresetList, proto string) int {
	n := 0
	for _, s := range p.Servers {
		if s.Protocol == proto {
			n++
		}
	}
	return n
}

// The shared preset list (CI checks out shared/ beside the repository).
func TestPresetsSharedFile(t *testing.T) {
	const path = "../../../shared/data/preset-servers.txt"
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI without %s: %v", path, err)
		}
		t.Skipf("no %s here", path)
	}
	p := loadPresets(t, path)
	// 11 enabled + 3 disabled + 1 test-only SimpleX, 6 Flux
	if n := countProto(p, "smp"); n != 21 {
		t.Errorf("smp servers: %d", n)
	}
	if n := countProto(p, "xftp"); n != 12 {
		t.Errorf("xftp servers: %d", n)
	}
	if n := countProto(p, "ntf"); n != 1 {
		t.Errorf("ntf servers: %d", n)
	}
	if d := p.Domains(); len(d) != 2 || d[0] != ".simplex.im" || d[1] != ".simplexonflux.com" {
		t.Errorf("domains: %v", d)
	}
	if v := p.Values["conditions"]; len(v) != 2 || !strings.HasPrefix(v[0], "usageConditionsCommit=") {
		t.Errorf("conditions: %v", v)
	}
	checkRealRelayLinks(t, p)
}

func TestPresetsExcerpt(t *testing.T) {
	p := loadPresets(t, "testdata/preset-servers-excerpt.txt")
	if countProto(p, "smp") != 4 || countProto(p, "xftp") != 1 || countProto(p, "ntf") != 1 {
		t.Fatalf("servers: %+v", p.Servers)
	}
	s := p.Servers[0]
	if s.Section != "simplex.smp.enabled" || s.Address.Hosts[0] != "smp8.simplex.im" || len(s.Address.KeyHash) != 32 {
		t.Fatalf("first: %+v", s)
	}
	checkRealRelayLinks(t, p)
}

// The preset chat relay links from simplex-chat Operators/Presets.hs are
// shortened links on preset servers: they restore to the full server and
// shorten back to the same text.
func checkRealRelayLinks(t *testing.T, p *PresetList) {
	t.Helper()
	const link = "https://smp5.simplex.im/r#Fp5RWXkiRFg-hgcDwC2v-MWnPfvEf42RgCqREntW0mw"
	l := mustShort(link)
	full := l.Restore(p.SMPServers())
	if full.IsShortened() || len(full.Server.Hosts) != 2 || full.Server.Hosts[1] != vOnion ||
		full.Server.Fingerprint() != "hpq7_4gGJiilmz5Rf-CswuU5kZGkm_zOIooSw6yALRg=" {
		t.Fatalf("restore: %+v", full.Server)
	}
	want := "https://smp5.simplex.im/r#Fp5RWXkiRFg-hgcDwC2v-MWnPfvEf42RgCqREntW0mw?h=" + vOnion + "&c=hpq7_4gGJiilmz5Rf-CswuU5kZGkm_zOIooSw6yALRg"
	if full.String() != want {
		t.Fatalf("full: %s", full)
	}
	if s := full.Shorten(p.SMPServers()).String(); s != link {
		t.Fatalf("shorten: %s", s)
	}
	// only the onion host of a preset: not shortened
	onion := *full
	onion.Server.Hosts = onion.Server.Hosts[1:]
	if onion.Shorten(p.SMPServers()).IsShortened() {
		t.Fatal("onion-only link shortened")
	}
}

func TestPresetsErrors(t *testing.T) {
	cases := map[string]string{
		"[a\n":                      "presets: line 1: bad section header",
		"[a]\nhttp://x@y\n":         `presets: line 2: unknown server scheme "http"`,
		"[a]\nsmp://short=@host\n":  "presets: line 2: bad smp server address",
		"# c\n[a]\nxftp://@h.com\n": "presets: line 3: bad xftp server address",
	}
	for in, want := range cases {
		_, err := ParsePresets(strings.NewReader(in))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: got %v want %s", in, err, want)
		}
	}
}
