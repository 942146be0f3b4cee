//go:build unix

package single

import (
	"errors"
	"io"
	"net"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkHandover times what a second launch costs after process start:
// lock attempt, dial, message, acknowledgement. The floor, measured in the
// same run, is a bare Unix-socket connect + one-byte request/reply; the
// ratio says what the lock file and framing add.
func BenchmarkHandover(b *testing.B) {
	dir := b.TempDir()
	in, err := Start(dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	in.Serve(func([]string) {})
	defer in.Close()

	raw := filepath.Join(b.TempDir(), "raw.sock")
	ln, err := net.Listen("unix", raw)
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			var one [1]byte
			io.ReadFull(c, one[:])
			c.Write(one[:])
			c.Close()
		}
	}()
	floorStart := time.Now()
	for i := 0; i < b.N; i++ {
		c, err := net.Dial("unix", raw)
		if err != nil {
			b.Fatal(err)
		}
		var one [1]byte
		c.Write(one[:])
		io.ReadFull(c, one[:])
		c.Close()
	}
	floor := time.Since(floorStart)

	args := []string{"simplex:/contact#/?v=2-7&smp=smp%3A%2F%2Fu2dS9sG8nMNURyZwqASV4yROM28Er0luVTx5X1CsMrU%3D%40localhost%2FabCD"}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := Start(dir, args); !errors.Is(err, ErrForwarded) {
			b.Fatal(err)
		}
	}
	took := time.Since(start)
	b.ReportMetric(float64(took)/float64(floor), "ratio")
	b.ReportMetric(float64(floor.Nanoseconds())/float64(b.N), "floor-ns/op")
}
