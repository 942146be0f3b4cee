package desktop

import (
	"os/exec"
	"strings"
	"testing"
)

// app/desktop stays independent of the core (and of net, crypto, db): main
// runs single before the core opens, and app.Run hands this package only
// functions and strings.
func TestNoCoreDependency(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "duplex/app/desktop", "duplex/app/desktop/single").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, d := range strings.Fields(string(out)) {
		for _, banned := range []string{"duplex/core", "duplex/net", "duplex/crypto", "duplex/db"} {
			if d == banned || strings.HasPrefix(d, banned+"/") {
				t.Errorf("app/desktop depends on %s", d)
			}
		}
	}
	if !strings.Contains(string(out), "fyne.io/fyne/v2\n") {
		t.Error("go list output does not look like a dependency list")
	}
}
