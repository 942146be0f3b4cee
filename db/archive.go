package db

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/chacha20poly1305"
)

// The archive's plaintext is a tar stream: "duplex.db" (the SQLite image, i.e. the
// decrypted logical main file) followed by "files/…" (the data folder's files
// folder). It only ever exists inside the encrypted stream: export reads pages
// through our block reader, import writes them through our block writer, so no
// plaintext page touches the disk on either machine.
const arDBName = "duplex.db"

// Export writes an encrypted archive of the database and the files folder to w.
// The database is read inside a write transaction, so the image is consistent.
func (d *DB) Export(ctx context.Context, w io.Writer, passphrase string, kdf KDFParams) error {
	conn, err := d.sql.Conn(ctx)
	if err != nil {
		return d.check(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return d.check(err)
	}
	defer conn.ExecContext(context.Background(), `ROLLBACK`)

	f, err := os.Open(d.path)
	if err != nil {
		return err
	}
	defer f.Close()
	a, err := chacha20poly1305.NewX(d.st.dek)
	if err != nil {
		return err
	}
	bf, err := newBlockFile(f, a, d.opts.Rand, d.st.fileID, kindMain, headerArea, mainBlock, mainName)
	if err != nil {
		return err
	}
	sw, err := newSealWriter(w, passphrase, kdf, d.opts.Rand)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(sw)
	if err := tw.WriteHeader(&tar.Header{Name: arDBName, Mode: 0o600, Size: bf.Size(), Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	page := make([]byte, mainBlock)
	for off := int64(0); off < bf.Size(); off += mainBlock {
		if _, err := bf.ReadAt(page, off); err != nil {
			return err
		}
		if _, err := tw.Write(page); err != nil {
			return err
		}
	}
	if err := addFiles(tw, filepath.Join(d.dir, FilesDir)); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return sw.Close()
}

func addFiles(tw *tar.Writer, root string) error {
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		fi, err := e.Info()
		if err != nil {
			return err
		}
		src, err := os.Open(p)
		if err != nil {
			return err
		}
		defer src.Close()
		if err := tw.WriteHeader(&tar.Header{Name: FilesDir + "/" + filepath.ToSlash(rel), Mode: 0o600,
			Size: fi.Size(), ModTime: fi.ModTime(), Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		_, err = io.Copy(tw, src)
		return err
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// ImportOptions: Key/KDF/Keyring/Rand protect the new database exactly as for Open.
// Force allows replacing a data folder that already holds a database or files.
type ImportOptions struct {
	Options
	Force bool
}

// Import restores an archive into dir. The database gets a new data key and file id
// (pages are re-encrypted on the way in) and the key o.Key asks for. A non-empty dir
// is refused unless o.Force; with Force its database, journal and files are replaced.
func Import(r io.Reader, passphrase, dir string, o ImportOptions) error {
	o.fill()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if !o.Force {
		ents, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range ents {
			if e.Name() != lockName {
				return fmt.Errorf("%w: %s", ErrNotEmpty, dir)
			}
		}
	}
	lock, err := lockDir(filepath.Join(dir, lockName))
	if err != nil {
		return err
	}
	defer lock.Close()
	or, err := newOpenReader(r, passphrase)
	if err != nil {
		return err
	}
	stage := filepath.Join(dir, ".import")
	os.RemoveAll(stage)
	if err := os.Mkdir(stage, 0o700); err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	tr := tar.NewReader(or)
	gotDB := false
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%w (%v)", ErrBadArchive, err)
		}
		switch {
		case h.Name == arDBName && h.Typeflag == tar.TypeReg && !gotDB:
			if err := importDB(tr, h.Size, filepath.Join(stage, mainName), o.Options); err != nil {
				return err
			}
			gotDB = true
		case strings.HasPrefix(h.Name, FilesDir+"/") && h.Typeflag == tar.TypeReg:
			rel := path.Clean(h.Name)
			if !strings.HasPrefix(rel, FilesDir+"/") || strings.Contains(rel, "..") {
				return fmt.Errorf("%w: bad entry %q", ErrBadArchive, h.Name)
			}
			if err := writeFileFrom(filepath.Join(stage, filepath.FromSlash(rel)), tr); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%w: unexpected entry %q", ErrBadArchive, h.Name)
		}
	}
	if !gotDB {
		return fmt.Errorf("%w: no database inside", ErrBadArchive)
	}
	// Everything decrypted and verified: now replace the folder's contents.
	for _, n := range []string{mainName, mainName + journalSuffix, FilesDir} {
		if err := os.RemoveAll(filepath.Join(dir, n)); err != nil {
			return err
		}
	}
	if err := os.Rename(filepath.Join(stage, mainName), filepath.Join(dir, mainName)); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(stage, FilesDir)); err == nil {
		if err := os.Rename(filepath.Join(stage, FilesDir), filepath.Join(dir, FilesDir)); err != nil {
			return err
		}
	}
	return syncDir(dir)
}

var sqliteMagic = []byte("SQLite format 3\x00")

// importDB re-encrypts a SQLite image into a new Duplex database file at path.
func importDB(r io.Reader, size int64, path string, o Options) error {
	if size <= 0 || size%mainBlock != 0 {
		return fmt.Errorf("%w: database image of %d bytes", ErrBadArchive, size)
	}
	dek, s, err := newHeaderFile(path, o)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	a, _ := chacha20poly1305.NewX(dek)
	bf, err := newBlockFile(f, a, o.Rand, s.FileID, kindMain, headerArea, mainBlock, mainName)
	if err != nil {
		return err
	}
	page := make([]byte, mainBlock)
	for off := int64(0); off < size; off += mainBlock {
		if _, err := io.ReadFull(r, page); err != nil {
			return fmt.Errorf("%w (%v)", ErrBadArchive, err)
		}
		if off == 0 && (!bytes.Equal(page[:16], sqliteMagic) || page[16] != 0x10 || page[17] != 0) {
			return fmt.Errorf("%w: not a SQLite image with 4096-byte pages", ErrBadArchive)
		}
		if _, err := bf.WriteAt(page, off); err != nil {
			return err
		}
	}
	return f.Sync()
}

func writeFileFrom(p string, r io.Reader) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
