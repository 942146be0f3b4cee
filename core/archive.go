package core

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"duplex/core/api"
	"duplex/db"
)

// Names used in the data folder while an archive is imported. The staging
// folder sits inside the data folder so that moving its database in is a
// rename on one file system, never a copy.
const (
	importStage   = "import-staging"
	backupSuffix  = ".before-import"
	journalSuffix = "-journal"
)

// ExportArchive implements api.Client. It holds l.mu for the whole export:
// db.Export keeps the database's only connection in a write transaction
// anyway, and holding the lock means no re-key or Close can close the
// database underneath it.
func (l *Local) ExportArchive(ctx context.Context, w io.Writer, passphrase string, progress api.Progress) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	d, err := l.openDB(ctx)
	if err != nil {
		return err
	}
	if passphrase == "" {
		return api.ErrEmptyPassphrase
	}
	kdf := l.kdf()
	if kdf == nil {
		t := db.TuneKDF(500*time.Millisecond, time.Now, nil)
		kdf = &t
	}
	// The archive is about as large as the encrypted database file plus the
	// files folder (the per-page overhead on disk outweighs the archive's
	// tar headers and chunk tags), so that is the expected total; done is
	// held below it until the archive is complete.
	total := fileSize(filepath.Join(l.dataDir, dbFile)) + treeSize(filepath.Join(l.dataDir, db.FilesDir))
	cw := &countWriter{w: w, p: newMeter(progress, total)}
	if err := d.Export(ctx, cw, passphrase, *kdf); err != nil {
		return mapErr(err)
	}
	cw.p.finish()
	return nil
}

// ImportArchive implements api.Client. The archive is imported into a
// staging folder first while the current database stays open and running;
// only an archive that decrypted completely replaces it.
func (l *Local) ImportArchive(ctx context.Context, r io.Reader, passphrase string, p api.Protection, dbPassphrase string, progress api.Progress) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return api.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	k, err := l.key(p, dbPassphrase)
	if err != nil {
		return err
	}
	stage := filepath.Join(l.dataDir, importStage)
	if err := os.RemoveAll(stage); err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	cr := &countReader{r: r, p: newMeter(progress, readerSize(r))}
	if err := db.Import(cr, passphrase, stage, db.ImportOptions{Options: l.dbOptions(k)}); err != nil {
		switch {
		case errors.Is(err, db.ErrWrongPassphrase) && cr.eof && cr.p.done <= archiveHeaderLen:
			// Nothing after the header: the first chunk's tag could not be
			// checked at all, which db reports as a passphrase failure.
			return fmt.Errorf("%w (nothing after the header)", api.ErrBadArchive)
		case errors.Is(err, db.ErrWrongPassphrase):
			return api.ErrArchivePassphrase
		case errors.Is(err, db.ErrBadArchive):
			return fmt.Errorf("%w (%v)", api.ErrBadArchive, err)
		}
		return mapErr(err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return l.swapIn(stage, k, cr.p)
}

// swapIn replaces the data folder's database and files with the staged
// ones. The old ones are renamed aside and deleted only after the new
// database opened; if it does not, they are put back and the core is left
// as after a restart (Storage opens a keychain database again, a
// passphrase one waits for Unlock). Callers hold l.mu.
func (l *Local) swapIn(stage string, k db.Key, m *meter) error {
	if l.d != nil {
		serr := l.stopService()
		cerr := l.d.Close()
		l.d = nil
		if err := errors.Join(serr, cerr); err != nil {
			return err
		}
	}
	names := []string{dbFile, dbFile + journalSuffix, db.FilesDir}
	var moved []string
	restore := func() {
		for _, n := range names {
			os.RemoveAll(filepath.Join(l.dataDir, n))
		}
		for _, n := range moved {
			os.Rename(filepath.Join(l.dataDir, n+backupSuffix), filepath.Join(l.dataDir, n))
		}
	}
	for _, n := range names {
		from := filepath.Join(l.dataDir, n)
		if _, err := os.Lstat(from); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		os.RemoveAll(from + backupSuffix)
		if err := os.Rename(from, from+backupSuffix); err != nil {
			restore()
			return err
		}
		moved = append(moved, n)
	}
	for _, n := range []string{dbFile, db.FilesDir} {
		from := filepath.Join(stage, n)
		if _, err := os.Lstat(from); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := os.Rename(from, filepath.Join(l.dataDir, n)); err != nil {
			restore()
			return err
		}
	}
	d, err := db.Open(l.dataDir, l.dbOptions(k))
	if err != nil {
		restore()
		return mapErr(err)
	}
	for _, n := range moved {
		os.RemoveAll(filepath.Join(l.dataDir, n+backupSuffix))
	}
	l.d = d
	if err := l.startService(); err != nil {
		return err
	}
	m.finish()
	return nil
}

// meter turns byte counts into monotonic Progress calls.
type meter struct {
	f     api.Progress
	done  int64
	total int64
}

func newMeter(f api.Progress, total int64) *meter {
	if total <= 0 {
		total = -1
	}
	m := &meter{f: f, total: total}
	m.report()
	return m
}

func (m *meter) add(n int) {
	if n <= 0 {
		return
	}
	m.done += int64(n)
	m.report()
}

// report keeps done strictly below a known total until finish: the total
// is an estimate, and "complete" must mean complete.
func (m *meter) report() {
	if m.f == nil {
		return
	}
	d := m.done
	if m.total > 0 && d >= m.total {
		d = m.total - 1
	}
	m.f(d, m.total)
}

func (m *meter) finish() {
	if m.f == nil {
		return
	}
	// The real size replaces the estimate; done is never below what was
	// reported, since reports were held under both.
	m.total = m.done
	m.f(m.done, m.done)
}

type countWriter struct {
	w io.Writer
	p *meter
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.p.add(n)
	return n, err
}

// archiveHeaderLen is the length of the archive's clear header
// (db/archive_stream.go).
const archiveHeaderLen = 50

type countReader struct {
	r   io.Reader
	p   *meter
	eof bool
}

func (c *countReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.p.add(n)
	if err == io.EOF {
		c.eof = true
	}
	return n, err
}

// readerSize is how many bytes r will give, when it can tell: a file, or
// an in-memory reader (Len). -1 otherwise.
func readerSize(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Stat() (os.FileInfo, error) }:
		if st, err := v.Stat(); err == nil && st.Mode().IsRegular() {
			if s, ok := r.(io.Seeker); ok {
				if pos, err := s.Seek(0, io.SeekCurrent); err == nil {
					return st.Size() - pos
				}
			}
			return st.Size()
		}
	case interface{ Len() int }:
		return int64(v.Len())
	}
	return -1
}

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

func treeSize(root string) int64 {
	var n int64
	filepath.WalkDir(root, func(_ string, e fs.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			if fi, err := e.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
