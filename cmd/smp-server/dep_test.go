package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The relay links neither core, db, SQLite nor fyne (ARCHITECTURE.md).
func TestRelayDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".", "../../net/smp/server/...").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range strings.Fields(string(out)) {
		for _, bad := range []string{"duplex/core", "duplex/db", "duplex/app", "fyne.io/", "github.com/mattn/go-sqlite3", "github.com/psanford/sqlite3vfs"} {
			if p == bad || strings.HasPrefix(p, bad+"/") || strings.HasPrefix(p, bad) && strings.HasSuffix(bad, "/") {
				t.Errorf("relay links %s", p)
			}
		}
	}
}
