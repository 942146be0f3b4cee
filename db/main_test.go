package db

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMain removes what the helpers leave outside t.TempDir: the crashproc binary
// and the Secret Service session (closing its stdin ends dbus-run-session).
func TestMain(m *testing.M) {
	code := m.Run()
	if helperPath != "" && helperErr == nil {
		os.RemoveAll(filepath.Dir(helperPath))
	}
	if secretIn != nil {
		secretIn.Close()
	}
	if secretHome != "" {
		os.RemoveAll(secretHome)
	}
	os.Exit(code)
}
