package db

import (
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/crypto/chacha20poly1305"
)

// File kinds bound into every block's associated data, so a journal block cannot be
// passed off as a main-file page and vice versa.
const (
	kindMain    byte = 1
	kindJournal byte = 2
	kindTemp    byte = 3
)

const (
	nonceLen   = chacha20poly1305.NonceSizeX
	tagLen     = chacha20poly1305.Overhead
	lenField   = 4
	blockExtra = nonceLen + lenField + tagLen // 44 bytes of overhead per block
	// Journal and temp blocks are 4096 bytes on disk, so their data part is 4052.
	sideBlock = 4096 - blockExtra
)

// blockFile maps a logical byte stream onto fixed-size AEAD blocks:
//
//	physical block i at base + i*(bs+44):  nonce[24] | seal(used u32 BE | data[bs]) | tag[16]
//	AD = fileID[16] | kind[1] | i u64 BE
//
// The logical length is (n-1)*bs + used(last block); it is cached because this process
// is the only writer. Partial writes read, decrypt, patch and re-seal the block.
type blockFile struct {
	f      *os.File
	aead   cipher.AEAD
	rand   io.Reader
	fileID [fileIDLen]byte
	kind   byte
	base   int64
	bs     int
	size   int64
	name   string
	// whole: the file only ever holds whole blocks (the main file: SQLite writes
	// whole pages), so its size comes from the file length without decrypting the
	// last block — a damaged last page then fails when read, not at open.
	whole bool
	// report records an integrity failure for the DB wrapper, which turns SQLite's
	// generic I/O error into an error naming the page.
	report func(*IntegrityError)
	// readOnly stops every write after an integrity failure: the evidence stays.
	readOnly func() bool

	plain  []byte // scratch: used | data
	phys   []byte // scratch: one physical block
	ad     [fileIDLen + 1 + 8]byte
	cached int64 // index of the block in cache, -1 if none
	cache  []byte
}

var errReadOnly = errors.New("database is read-only after an integrity error")

func newBlockFile(f *os.File, aead cipher.AEAD, rnd io.Reader, id [fileIDLen]byte, kind byte, base int64, bs int, name string) (*blockFile, error) {
	b := &blockFile{f: f, aead: aead, rand: rnd, fileID: id, kind: kind, base: base, bs: bs, name: name, cached: -1}
	b.whole = kind == kindMain
	b.plain = make([]byte, lenField+bs)
	b.phys = make([]byte, b.pbs())
	b.cache = make([]byte, bs)
	copy(b.ad[:], id[:])
	b.ad[fileIDLen] = kind
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	n := (st.Size() - base) / int64(b.pbs())
	if b.whole && n > 0 {
		b.size = n * int64(bs)
	} else if n > 0 {
		data, used, err := b.readBlock(n - 1)
		if err != nil {
			return nil, err
		}
		_ = data
		b.size = (n-1)*int64(bs) + int64(used)
	}
	return b, nil
}

func (b *blockFile) pbs() int { return b.bs + blockExtra }

func (b *blockFile) nblocks() int64 { return (b.size + int64(b.bs) - 1) / int64(b.bs) }

func (b *blockFile) fail(i int64) error {
	e := &IntegrityError{File: b.name, Page: i + 1}
	if b.report != nil {
		b.report(e)
	}
	return e
}

// blockAuthentic reports whether block i exists and passes authentication,
// without reporting a failure (readBlock records it and poisons the file).
func (b *blockFile) blockAuthentic(i int64) bool {
	if i == b.cached {
		return true
	}
	if i >= b.nblocks() {
		return true // nothing there to fail; reads past the end are short reads
	}
	if _, err := b.f.ReadAt(b.phys, b.base+i*int64(b.pbs())); err != nil {
		return false
	}
	binary.BigEndian.PutUint64(b.ad[fileIDLen+1:], uint64(i))
	_, err := b.aead.Open(b.plain[:0], b.phys[:nonceLen], b.phys[nonceLen:], b.ad[:])
	return err == nil
}

// readBlock returns the data of block i (valid until the next call) and its used length.
func (b *blockFile) readBlock(i int64) ([]byte, int, error) {
	if i == b.cached {
		used := b.bs
		if end := b.size - i*int64(b.bs); end < int64(used) {
			used = int(end)
		}
		return b.cache, used, nil
	}
	if _, err := b.f.ReadAt(b.phys, b.base+i*int64(b.pbs())); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, b.fail(i)
		}
		return nil, 0, err
	}
	binary.BigEndian.PutUint64(b.ad[fileIDLen+1:], uint64(i))
	pt, err := b.aead.Open(b.plain[:0], b.phys[:nonceLen], b.phys[nonceLen:], b.ad[:])
	if err != nil {
		return nil, 0, b.fail(i)
	}
	used := int(binary.BigEndian.Uint32(pt))
	if used < 1 || used > b.bs {
		return nil, 0, b.fail(i)
	}
	copy(b.cache, pt[lenField:])
	b.cached = i
	return b.cache, used, nil
}

// writeBlock seals data (len bs, bytes past used must be zero) as block i.
func (b *blockFile) writeBlock(i int64, data []byte, used int) error {
	if _, err := io.ReadFull(b.rand, b.phys[:nonceLen]); err != nil {
		return err
	}
	binary.BigEndian.PutUint32(b.plain, uint32(used))
	copy(b.plain[lenField:], data)
	binary.BigEndian.PutUint64(b.ad[fileIDLen+1:], uint64(i))
	b.aead.Seal(b.phys[nonceLen:nonceLen], b.phys[:nonceLen], b.plain, b.ad[:])
	if _, err := b.f.WriteAt(b.phys, b.base+i*int64(b.pbs())); err != nil {
		return err
	}
	if &data[0] != &b.cache[0] {
		copy(b.cache, data)
	}
	b.cached = i
	return nil
}

func (b *blockFile) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		pos := off + int64(n)
		if pos >= b.size {
			return n, io.EOF
		}
		i := pos / int64(b.bs)
		data, used, err := b.readBlock(i)
		if err != nil {
			return n, err
		}
		in := int(pos - i*int64(b.bs))
		if in >= used {
			return n, io.EOF
		}
		n += copy(p[n:], data[in:used])
	}
	return n, nil
}

func (b *blockFile) WriteAt(p []byte, off int64) (int, error) {
	if b.readOnly != nil && b.readOnly() {
		return 0, errReadOnly
	}
	bs := int64(b.bs)
	end := off + int64(len(p))
	// Extending past the old end: the old last block becomes full and any gap is
	// zero blocks, so that "used" stays < bs only in the final block.
	if off > b.size {
		if err := b.zeroFill(b.size, off); err != nil {
			return 0, err
		}
	}
	newSize := b.size
	if end > newSize {
		newSize = end
	}
	if b.whole {
		newSize = (newSize + bs - 1) / bs * bs
	}
	n := 0
	for n < len(p) {
		pos := off + int64(n)
		i := pos / bs
		in := int(pos - i*bs)
		chunk := len(p) - n
		if chunk > b.bs-in {
			chunk = b.bs - in
		}
		used := b.bs
		if rem := newSize - i*bs; rem < bs {
			used = int(rem)
		}
		var data []byte
		if in == 0 && chunk == b.bs {
			data = p[n : n+chunk]
		} else {
			data = b.cache
			if i < b.nblocks() {
				old, _, err := b.readBlock(i)
				if err != nil {
					return n, err
				}
				data = old
			} else {
				clear(data)
				b.cached = -1
			}
			copy(data[in:], p[n:n+chunk])
		}
		if err := b.writeBlock(i, data, used); err != nil {
			return n, err
		}
		n += chunk
	}
	b.size = newSize
	return n, nil
}

// zeroFill extends the logical file from `from` (the current size) to `to` with zeros.
func (b *blockFile) zeroFill(from, to int64) error {
	zero := make([]byte, to-from)
	if len(zero) > 64<<20 {
		return fmt.Errorf("%s: refusing a %d-byte hole", b.name, len(zero))
	}
	_, err := b.WriteAt(zero, from)
	return err
}

func (b *blockFile) Truncate(size int64) error {
	if b.readOnly != nil && b.readOnly() {
		return errReadOnly
	}
	if size >= b.size {
		return nil // SQLite only shrinks; growth happens by writing
	}
	bs := int64(b.bs)
	nb := (size + bs - 1) / bs
	if b.whole {
		size = nb * bs
	}
	if rem := int(size % bs); rem != 0 {
		old, _, err := b.readBlock(nb - 1)
		if err != nil {
			return err
		}
		clear(old[rem:])
		if err := b.writeBlock(nb-1, old, rem); err != nil {
			return err
		}
	}
	if err := b.f.Truncate(b.base + nb*int64(b.pbs())); err != nil {
		return err
	}
	if b.cached >= nb {
		b.cached = -1
	}
	b.size = size
	return nil
}

func (b *blockFile) Size() int64 { return b.size }
