package db

import (
	"strings"
	"testing"
)

func TestKeyStringHidesSecret(t *testing.T) {
	k := Passphrase("hunter2-secret")
	for _, s := range []string{k.String(), k.GoString()} {
		if strings.Contains(s, "hunter2") {
			t.Fatalf("String leaks the passphrase: %q", s)
		}
	}
}
