package db

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoProjectImports enforces ARCHITECTURE.md: db imports no other project package.
func TestNoProjectImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "duplex/db").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range strings.Fields(string(out)) {
		if (p == "duplex" || strings.HasPrefix(p, "duplex/")) && p != "duplex/db" {
			t.Errorf("db depends on project package %s", p)
		}
	}
}

func TestKeyStringHidesSecret(t *testing.T) {
	k := Passphrase("hunter2-secret")
	for _, s := range []string{k.String(), k.GoString()} {
		if strings.Contains(s, "hunter2") {
			t.Fatalf("String leaks the passphrase: %q", s)
		}
	}
}
