//go:build !linux

package main

import "os"

// noEcho: outside Linux the passphrase is echoed; use DUPLEX_PASSPHRASE or
// --key-file there to keep it off the screen.
func noEcho(*os.File) func() { return func() {} }
