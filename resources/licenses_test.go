package resources

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLicensesCurrent: every module linked into the desktop binary (the
// repository's root package) has its section in licenses.txt, with the
// version that is linked now, and each section carries licence text.
func TestLicensesCurrent(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{.Path}} {{.Version}}{{end}}", "duplex").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	have := map[string]bool{}
	for _, l := range strings.Split(Licenses, "\n") {
		if strings.HasPrefix(l, "Module: ") {
			have[l] = true
		}
	}
	seen := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		h := strings.TrimSpace("Module: " + strings.TrimSpace(l))
		if l == "" || seen[h] {
			continue
		}
		seen[h] = true
		if !have[h] {
			t.Errorf("licenses.txt has no %q: run `go run ./scripts/gen-licenses` and commit resources/licenses.txt", h)
		}
	}
	if len(seen) < 5 {
		t.Fatalf("go list gave only %d modules: %s", len(seen), out)
	}
	for h := range have {
		if !seen[h] {
			t.Errorf("licenses.txt lists %q, which is no longer linked: run `go run ./scripts/gen-licenses`", h)
		}
	}
	for _, want := range []string{"Permission is hereby granted", "Redistribution and use in source and binary forms", "Go standard library"} {
		if !strings.Contains(Licenses, want) {
			t.Errorf("licenses.txt does not contain %q", want)
		}
	}
}
