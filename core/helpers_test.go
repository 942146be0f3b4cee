package core

import (
	"os"
	"testing"
	"time"

	"duplex/db/dbtest"
)

var cheapKDF = &KDFCost{Time: 1, MemoryKiB: 64, Threads: 1}

// TestMain points D-Bus at nothing until a test starts the test Secret
// Service, so no test ever writes to the developer's real keychain.
func TestMain(m *testing.M) {
	os.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/duplex-test-no-bus")
	code := m.Run()
	dbtest.StopSecretService()
	os.Exit(code)
}

// openCore starts a core over dir with a cheap KDF and a fixed clock.
func openCore(t *testing.T, dir string, mod ...func(*Options)) *Local {
	t.Helper()
	o := Options{DataDir: dir, KDF: cheapKDF, Now: func() time.Time { return time.Unix(1_800_000_000, 0) }}
	for _, f := range mod {
		f(&o)
	}
	c, err := Open(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
