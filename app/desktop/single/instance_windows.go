//go:build windows

package single

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// File names inside the data directory.
const (
	LockName = "instance.lock"
	AddrName = "instance.addr" // "127.0.0.1:PORT\nHEXTOKEN\n"
)

const errSharingViolation syscall.Errno = 32

type endpoint struct{ addrFile string }

// dial reads the primary's address and token and connects. The token file
// lives in the (per-user) data directory: a process that can read it may
// also read the database files, so it grants nothing new.
func (e endpoint) dial() (net.Conn, []byte, error) {
	f, err := os.Open(e.addrFile)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	var lines []string
	for s.Scan() && len(lines) < 2 {
		lines = append(lines, strings.TrimSpace(s.Text()))
	}
	if len(lines) != 2 {
		return nil, nil, errors.New("incomplete address file")
	}
	tok, err := hex.DecodeString(lines[1])
	if err != nil {
		return nil, nil, err
	}
	c, err := net.Dial("tcp", lines[0])
	return c, tok, err
}

type handleCloser struct{ h syscall.Handle }

func (h handleCloser) Close() error { return syscall.CloseHandle(h.h) }

// claim opens the lock file with no sharing, which Windows releases when the
// process dies, then listens on a loopback port and publishes it with a
// random token.
func claim(dir string) (*Instance, endpoint, error) {
	ep := endpoint{filepath.Join(dir, AddrName)}
	name, err := syscall.UTF16PtrFromString(filepath.Join(dir, LockName))
	if err != nil {
		return nil, ep, err
	}
	h, err := syscall.CreateFile(name, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0, nil,
		syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		if errors.Is(err, errSharingViolation) {
			return nil, ep, nil
		}
		return nil, ep, fmt.Errorf("single: %w", err)
	}
	lock := handleCloser{h}
	tok := make([]byte, 32)
	if _, err := rand.Read(tok); err != nil {
		lock.Close()
		return nil, ep, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		lock.Close()
		return nil, ep, fmt.Errorf("single: %w", err)
	}
	tmp := ep.addrFile + ".tmp"
	body := ln.Addr().String() + "\n" + hex.EncodeToString(tok) + "\n"
	if err := os.WriteFile(tmp, []byte(body), 0o600); err == nil {
		err = os.Rename(tmp, ep.addrFile)
	}
	if err != nil {
		ln.Close()
		lock.Close()
		return nil, ep, fmt.Errorf("single: %w", err)
	}
	return &Instance{ln: ln, lock: lock, token: tok, clean: func() { os.Remove(ep.addrFile) }}, ep, nil
}
