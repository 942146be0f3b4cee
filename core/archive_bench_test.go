package core

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"duplex/core/api"
)

// benchArchiveCore is a core whose archive holds its database and 2 MiB
// of files, so the figures show streaming cost rather than Argon2id.
func benchArchiveCore(b *testing.B) *Local {
	c, _ := benchCore(b)
	files := filepath.Join(c.dataDir, "files")
	if err := os.MkdirAll(files, 0o700); err != nil {
		b.Fatal(err)
	}
	blob := make([]byte, 2<<20)
	rand.Read(blob)
	if err := os.WriteFile(filepath.Join(files, "blob"), blob, 0o600); err != nil {
		b.Fatal(err)
	}
	return c
}

// plainCopy reads the database file and the files folder into w: the
// floor an export cannot beat.
func plainCopy(b *testing.B, c *Local, w io.Writer) {
	for _, p := range []string{filepath.Join(c.dataDir, dbFile), filepath.Join(c.dataDir, "files", "blob")} {
		f, err := os.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(w, f)
		f.Close()
	}
}

// ExportArchive against a plain copy of the same files (ratio).
func BenchmarkArchiveExport(b *testing.B) {
	c := benchArchiveCore(b)
	ctx := context.Background()
	var buf bytes.Buffer
	var call, floor time.Duration
	for b.Loop() {
		buf.Reset()
		t0 := time.Now()
		if err := c.ExportArchive(ctx, &buf, "pw", nil); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		buf.Reset()
		plainCopy(b, c, &buf)
		call, floor = call+t1.Sub(t0), floor+time.Since(t1)
	}
	b.ReportMetric(float64(call)/float64(floor), "ratio")
}

// ImportArchive into a fresh data folder against writing the archive's
// bytes to a file and syncing it (ratio).
func BenchmarkArchiveImport(b *testing.B) {
	src := benchArchiveCore(b)
	ctx := context.Background()
	var ar bytes.Buffer
	if err := src.ExportArchive(ctx, &ar, "pw", nil); err != nil {
		b.Fatal(err)
	}
	var call, floor time.Duration
	for b.Loop() {
		dir := b.TempDir()
		c, err := Open(Options{DataDir: dir, KDF: cheapKDF})
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		if err := c.ImportArchive(ctx, bytes.NewReader(ar.Bytes()), "pw", api.ProtectionPassphrase, "db", nil); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		f, err := os.Create(filepath.Join(b.TempDir(), "copy"))
		if err != nil {
			b.Fatal(err)
		}
		f.Write(ar.Bytes())
		f.Sync()
		f.Close()
		call, floor = call+t1.Sub(t0), floor+time.Since(t1)
		c.Close()
	}
	b.ReportMetric(float64(call)/float64(floor), "ratio")
}
