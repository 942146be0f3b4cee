package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// promptPassphrase asks on the terminal; the typed text is not echoed
// where the platform lets us turn echo off (noEcho).
func promptPassphrase(in *os.File, out io.Writer, prompt string) (string, error) {
	fmt.Fprint(out, prompt)
	restore := noEcho(in)
	line, err := bufio.NewReader(in).ReadString('\n')
	restore()
	fmt.Fprintln(out)
	if err != nil && line == "" {
		return "", fmt.Errorf("no passphrase typed: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
