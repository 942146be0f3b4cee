package servers

import (
	"encoding/base64"
	"strings"
	"testing"

	"duplex/net/links"
)

// Short links to every preset server (test-only smp7 and disabled smp4–6
// too) in the shortened form restore to the full server address.
func TestPresetShortLinksRestore(t *testing.T) {
	p := mustPresets(t)
	key := base64.RawURLEncoding.EncodeToString(make([]byte, 32))
	for _, s := range p.AllSMP {
		short := "https://" + s.Hosts[0] + "/a#" + key
		l, err := links.ParseShortLink(short)
		if err != nil {
			t.Fatalf("%s: %v", short, err)
		}
		if !l.IsShortened() {
			t.Fatalf("%s: not shortened", short)
		}
		full := l.Restore(p.AllSMP)
		if !links.SameServer(full.Server, s) {
			t.Fatalf("%s restored to %v", short, full.Server)
		}
		if again := full.Shorten(p.AllSMP); !strings.HasPrefix(again.String(), "https://"+s.Hosts[0]+"/a#") {
			t.Fatalf("shorten: %s", again)
		}
	}
}
