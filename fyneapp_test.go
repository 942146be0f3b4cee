package main

import (
	"bytes"
	"os"
	"regexp"
	"testing"

	"duplex/app"
	"duplex/core"
	"duplex/resources"
)

// FyneApp.toml drives `fyne package`; it must agree with the code.
func TestFyneAppMetadata(t *testing.T) {
	b, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	field := func(name string) string {
		m := regexp.MustCompile(`(?m)^\s*` + name + `\s*=\s*"([^"]*)"`).FindSubmatch(b)
		if m == nil {
			t.Fatalf("FyneApp.toml has no %s", name)
		}
		return string(m[1])
	}
	if got := field("Name"); got != "Duplex" {
		t.Errorf("Name = %q", got)
	}
	if got := field("ID"); got != app.ID {
		t.Errorf("ID = %q, code uses %q", got, app.ID)
	}
	if got := field("Version"); got != core.Version {
		t.Errorf("Version = %q, core.Version = %q", got, core.Version)
	}
	icon, err := os.ReadFile(field("Icon"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(icon, resources.IconPNG) {
		t.Error("FyneApp.toml icon differs from the embedded icon")
	}
}
