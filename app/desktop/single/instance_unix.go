//go:build unix

package single

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
)

// File names inside the data directory.
const (
	LockName   = "instance.lock"
	SocketName = "instance.sock"
)

// maxSocketPath is the smallest sun_path limit among our Unix targets
// (104 bytes on macOS and the BSDs, 108 on Linux, both counting the NUL).
const maxSocketPath = 103

type endpoint struct{ path string }

func (e endpoint) dial() (net.Conn, []byte, error) {
	c, err := net.Dial("unix", e.path)
	return c, nil, err
}

// SocketPath is where the primary for dir listens: in dir itself, or — when
// that path is too long for a Unix socket — in the per-user runtime
// directory under a name derived from dir.
func SocketPath(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	p := filepath.Join(abs, SocketName)
	if len(p) <= maxSocketPath {
		return p, nil
	}
	// Only per-user directories: a socket in a shared /tmp could be squatted
	// by another user, who would then receive our links.
	base := os.Getenv("XDG_RUNTIME_DIR")
	if base == "" && runtime.GOOS == "darwin" {
		base = os.TempDir() // per-user on macOS (/var/folders/…)
	}
	sum := sha256.Sum256([]byte(abs))
	if base != "" {
		q := filepath.Join(base, "duplex-"+hex.EncodeToString(sum[:8])+".sock")
		if len(q) <= maxSocketPath {
			return q, nil
		}
	}
	return "", fmt.Errorf("single: socket path %s is too long and there is no short per-user runtime directory", p)
}

// claim takes the instance lock (flock: the kernel releases it when the
// process dies, so a crash never leaves a stale lock) and listens; when the
// lock is taken it returns the endpoint to forward to.
func claim(dir string) (*Instance, endpoint, error) {
	sock, err := SocketPath(dir)
	if err != nil {
		return nil, endpoint{}, err
	}
	f, err := os.OpenFile(filepath.Join(dir, LockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, endpoint{}, fmt.Errorf("single: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, endpoint{sock}, nil
		}
		return nil, endpoint{}, fmt.Errorf("single: locking %s: %w", f.Name(), err)
	}
	// We hold the lock, so any socket file left is from a crashed primary.
	if err := os.Remove(sock); err != nil && !os.IsNotExist(err) {
		f.Close()
		return nil, endpoint{}, fmt.Errorf("single: removing a stale socket: %w", err)
	}
	ln, err := net.Listen("unix", sock)
	if err != nil {
		f.Close()
		return nil, endpoint{}, fmt.Errorf("single: %w", err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(true)
	if err := os.Chmod(sock, 0o600); err != nil {
		ln.Close()
		f.Close()
		return nil, endpoint{}, fmt.Errorf("single: %w", err)
	}
	return &Instance{ln: ln, lock: f}, endpoint{}, nil
}
