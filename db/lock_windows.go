//go:build windows

package db

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockDir takes an exclusive LockFileEx lock; Windows drops it when the process dies.
func lockDir(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	ol := new(windows.Overlapped)
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if err != nil {
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			return nil, ErrAlreadyOpen
		}
		return nil, err
	}
	return f, nil
}

// syncDir is a no-op: NTFS renames are journaled and directories cannot be fsynced.
func syncDir(string) error { return nil }

// checkKeyFileMode: Windows has no mode bits (Go reports 0666 for every file), and
// ACLs are the user's profile's business; the key file should live in the profile.
func checkKeyFileMode(string, os.FileInfo) error { return nil }
