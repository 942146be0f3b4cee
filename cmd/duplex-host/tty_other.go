//go:build !linux

package main

import "os"

// noEcho: outside Linux the passphrase is echoed; use DUPLEX_PASSPHRASE or
// --key-file there to keep it off the screen.
func noEcho(*os.File) func() { return func() {} }

// isTerminal reports whether f is a character device other than the null
// device (without termios, the closest portable test).
func isTerminal(f *os.File) bool {
	if f == nil {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && f.Name() != os.DevNull
}
