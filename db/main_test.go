package db

import (
	"os"
	"path/filepath"
	"testing"

	"duplex/db/dbtest"
)

// TestMain removes what the helpers leave outside t.TempDir: the crashproc binary
// and the Secret Service session (closing its stdin ends dbus-run-session).
func TestMain(m *testing.M) {
	code := m.Run()
	if helperPath != "" && helperErr == nil {
		os.RemoveAll(filepath.Dir(helperPath))
	}
	dbtest.StopSecretService()
	os.Exit(code)
}
