package core

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// DefaultDataDir is the per-user directory where Duplex keeps its data when
// no --data-dir is given:
//
//	Linux, BSD: $XDG_DATA_HOME/duplex, else ~/.local/share/duplex
//	macOS:      ~/Library/Application Support/Duplex
//	Windows:    %AppData%\Duplex
//
// Go's os.UserConfigDir is not used on Linux because the XDG spec separates
// configuration from data, and a messenger's database is data.
func DefaultDataDir() (string, error) {
	return dataDirFor(runtime.GOOS, os.Getenv, os.UserHomeDir)
}

func dataDirFor(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	switch goos {
	case "windows":
		if d := getenv("AppData"); d != "" {
			return filepath.Join(d, "Duplex"), nil
		}
		return "", errors.New("cannot find the data directory: %AppData% is not set; pass --data-dir")
	case "darwin", "ios":
		h, err := home()
		if err != nil || h == "" {
			return "", errors.New("cannot find the home directory; pass --data-dir")
		}
		return filepath.Join(h, "Library", "Application Support", "Duplex"), nil
	default:
		if d := getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
			return filepath.Join(d, "duplex"), nil
		}
		h, err := home()
		if err != nil || h == "" {
			return "", errors.New("cannot find the home directory ($HOME is not set); pass --data-dir")
		}
		return filepath.Join(h, ".local", "share", "duplex"), nil
	}
}
