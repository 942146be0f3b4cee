package main

import (
	"errors"
	"io"
)

func cmdTest(args []string, stdout, stderr io.Writer) error {
	return errors.New("not available yet")
}
