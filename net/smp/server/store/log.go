package store

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// fileMagic starts every log file; the digit is the format version.
const fileMagic = "DPXLOG1\n"

// maxRecord bounds one record's payload: the largest is a message record
// (a 16 KB body plus ids), so anything far above it is corruption.
const maxRecord = 1 << 20

const frameHeader = 8 // w32 length ‖ w32 CRC-32C

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrCorrupt reports a damaged record that is not the torn tail of the file.
var ErrCorrupt = errors.New("store: corrupt log")

// ErrClosed is returned by Append after Close.
var ErrClosed = errors.New("store: log closed")

// AppendFrame appends one framed record (length, CRC-32C, payload) to dst.
func AppendFrame(dst, payload []byte) []byte {
	var h [frameHeader]byte
	binary.BigEndian.PutUint32(h[0:4], uint32(len(payload)))
	binary.BigEndian.PutUint32(h[4:8], crc32.Checksum(payload, castagnoli))
	dst = append(dst, h[:]...)
	return append(dst, payload...)
}

// ParseFrame splits the first frame off b. It returns the payload and the
// rest; torn is true when b ends inside the frame (the expected state of the
// last record after a kill -9), err is set when the frame is complete but
// damaged. It never panics.
func ParseFrame(b []byte) (payload, rest []byte, torn bool, err error) {
	if len(b) < frameHeader {
		return nil, b, true, nil
	}
	n := binary.BigEndian.Uint32(b[0:4])
	if n > maxRecord {
		return nil, b, false, fmt.Errorf("%w: record length %d", ErrCorrupt, n)
	}
	if uint32(len(b)-frameHeader) < n {
		return nil, b, true, nil
	}
	payload = b[frameHeader : frameHeader+int(n)]
	if crc32.Checksum(payload, castagnoli) != binary.BigEndian.Uint32(b[4:8]) {
		return nil, b, false, fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	return payload, b[frameHeader+int(n):], false, nil
}

// ReadStats describes one replayed log.
type ReadStats struct {
	Records   int
	TornBytes int64 // bytes of an incomplete or damaged final record, dropped
}

// readLog calls fn for every record of the file at path (a missing file is
// empty). A damaged record is tolerated only at the very end of the file —
// a write cut short by a crash; anywhere else it is an error, because the
// records after it may depend on it.
func readLog(path string, fn func(payload []byte) error) (ReadStats, error) {
	var st ReadStats
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return st, err
	}
	size := fi.Size()
	r := bufio.NewReaderSize(f, 1<<16)
	magic := make([]byte, len(fileMagic))
	if _, err := io.ReadFull(r, magic); err != nil {
		if size < int64(len(fileMagic)) && string(magic[:size]) == fileMagic[:size] {
			st.TornBytes = size // crashed while creating the file
			return st, nil
		}
		return st, fmt.Errorf("%s: %w: short header", path, ErrCorrupt)
	}
	if string(magic) != fileMagic {
		return st, fmt.Errorf("%s: not a Duplex store log (bad magic)", path)
	}
	off := int64(len(fileMagic))
	var hdr [frameHeader]byte
	buf := make([]byte, 0, 4096)
	for {
		n, err := io.ReadFull(r, hdr[:])
		if err == io.EOF {
			return st, nil
		}
		if err != nil { // partial header at EOF
			st.TornBytes = int64(n)
			return st, nil
		}
		ln := binary.BigEndian.Uint32(hdr[0:4])
		end := off + frameHeader + int64(ln)
		if ln > maxRecord {
			if size-off <= frameHeader+maxRecord && end > size {
				st.TornBytes = size - off
				return st, nil
			}
			return st, fmt.Errorf("%s at offset %d: %w: record length %d", path, off, ErrCorrupt, ln)
		}
		if cap(buf) < int(ln) {
			buf = make([]byte, ln)
		}
		buf = buf[:ln]
		if _, err := io.ReadFull(r, buf); err != nil {
			st.TornBytes = size - off
			return st, nil
		}
		if crc32.Checksum(buf, castagnoli) != binary.BigEndian.Uint32(hdr[4:8]) {
			if end == size {
				st.TornBytes = size - off
				return st, nil
			}
			return st, fmt.Errorf("%s at offset %d: %w: checksum mismatch", path, off, ErrCorrupt)
		}
		if err := fn(buf); err != nil {
			return st, fmt.Errorf("%s at offset %d: %w", path, off, err)
		}
		st.Records++
		off = end
	}
}

// Log is an append-only file of framed records with group commit: Append
// writes the record at once (so it survives the process being killed) and
// Sync makes everything written so far durable with one fsync shared by all
// concurrent callers.
type Log struct {
	mu      sync.Mutex // file offset, buffer, written
	f       *os.File
	written uint64 // records written
	closed  bool
	buf     []byte

	syncMu sync.Mutex // serialises fsync; held while one runs
	synced uint64
	noSync bool
}

// createLog writes a new log at path from the records produced by fill,
// fsyncs it and atomically replaces path, then opens it for appending.
func createLog(path string, noSync bool, fill func(add func(payload []byte) error) error) (*Log, error) {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	var frame []byte
	_, err = w.WriteString(fileMagic)
	if err == nil {
		err = fill(func(p []byte) error {
			frame = AppendFrame(frame[:0], p)
			_, err := w.Write(frame)
			return err
		})
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return nil, err
	}
	syncDir(filepath.Dir(path))
	af, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	return &Log{f: af, noSync: noSync}, nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Append writes one record and returns its sequence number for Sync.
func (l *Log) Append(payload []byte) (uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return 0, ErrClosed
	}
	l.buf = AppendFrame(l.buf[:0], payload)
	if _, err := l.f.Write(l.buf); err != nil {
		return 0, err
	}
	l.written++
	return l.written, nil
}

// Sync returns once record seq is on stable storage. The first caller
// fsyncs for everyone who wrote before it started.
func (l *Log) Sync(seq uint64) error {
	if l.noSync {
		return nil
	}
	l.syncMu.Lock()
	defer l.syncMu.Unlock()
	if l.synced >= seq {
		return nil
	}
	l.mu.Lock()
	target, closed := l.written, l.closed
	l.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if err := l.f.Sync(); err != nil {
		return err
	}
	l.synced = target
	return nil
}

// Close syncs and closes the file.
func (l *Log) Close() error {
	l.syncMu.Lock()
	defer l.syncMu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	err := l.f.Sync()
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	return err
}
