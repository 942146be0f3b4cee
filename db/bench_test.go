package db

import (
	"crypto/rand"
	"database/sql"
	"fmt"
	mrand "math/rand/v2"
	"path/filepath"
	"testing"
	"time"
)

const benchDSN = "?_locking_mode=EXCLUSIVE&_journal_mode=TRUNCATE&_sync=FULL"

// openPlain is the floor: mattn over SQLite's own unix VFS, same pragmas as ours.
func openPlain(tb testing.TB, path, extra string) *sql.DB {
	s, err := sql.Open("sqlite3", "file:"+path+benchDSN+extra)
	if err != nil {
		tb.Fatal(err)
	}
	s.SetMaxOpenConns(1)
	return s
}

func benchKeyFile(tb testing.TB) Key {
	p := filepath.Join(tb.TempDir(), "key")
	if err := WriteKeyFile(p, rand.Reader); err != nil {
		tb.Fatal(err)
	}
	return KeyFromFile(p)
}

func insertRows(tb testing.TB, s *sql.DB, n int) time.Duration {
	if _, err := s.Exec(`CREATE TABLE bench(id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		tb.Fatal(err)
	}
	t0 := time.Now()
	tx, err := s.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	st, err := tx.Prepare(`INSERT INTO bench(id, v) VALUES (?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		if _, err := st.Exec(i, fmt.Sprintf("row %d of the benchmark table, some text", i)); err != nil {
			tb.Fatal(err)
		}
	}
	st.Close()
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return time.Since(t0)
}

func pointSelects(tb testing.TB, s *sql.DB, rows, n int) time.Duration {
	r := mrand.New(mrand.NewPCG(1, 2))
	st, err := s.Prepare(`SELECT v FROM bench WHERE id = ?`)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	var v string
	t0 := time.Now()
	for i := 0; i < n; i++ {
		if err := st.QueryRow(1 + r.IntN(rows)).Scan(&v); err != nil {
			tb.Fatal(err)
		}
	}
	return time.Since(t0)
}

// BenchmarkInsertSelect runs the floor and ours in the same iteration and reports
// encrypted/plain ratios for 100k inserts in one transaction and 10k cold point
// selects (a fresh connection: SQLite's page cache starts empty). The plain floor uses
// mattn's defaults; select-ratio-samecache gives the plain side our 16 MiB cache too.
func BenchmarkInsertSelect(b *testing.B) {
	const rows, sel = 100_000, 10_000
	key := benchKeyFile(b)
	var insP, insE, selP, selP16, selE time.Duration
	for i := 0; i < b.N; i++ {
		pdir, edir := b.TempDir(), b.TempDir()
		pp := filepath.Join(pdir, "plain.db")
		p := openPlain(b, pp, "")
		insP += insertRows(b, p, rows)
		p.Close()
		p = openPlain(b, pp, "")
		selP += pointSelects(b, p, rows, sel)
		p.Close()
		p = openPlain(b, pp, "&_cache_size="+cacheKiB)
		selP16 += pointSelects(b, p, rows, sel)
		p.Close()

		d, err := Open(edir, Options{Key: key})
		if err != nil {
			b.Fatal(err)
		}
		insE += insertRows(b, d.SQL(), rows)
		d.Close()
		if d, err = Open(edir, Options{Key: key}); err != nil {
			b.Fatal(err)
		}
		selE += pointSelects(b, d.SQL(), rows, sel)
		d.Close()
	}
	n := float64(b.N)
	b.ReportMetric(float64(insP.Microseconds())/n/rows*1000, "plain-ns/insert")
	b.ReportMetric(float64(insE.Microseconds())/n/rows*1000, "enc-ns/insert")
	b.ReportMetric(float64(insE)/float64(insP), "insert-ratio")
	b.ReportMetric(float64(selP.Microseconds())/n/sel*1000, "plain-ns/select")
	b.ReportMetric(float64(selE.Microseconds())/n/sel*1000, "enc-ns/select")
	b.ReportMetric(float64(selE)/float64(selP), "select-ratio")
	// Same page-cache size on both sides: the cost of decryption alone.
	b.ReportMetric(float64(selE)/float64(selP16), "select-ratio-samecache")
}

// BenchmarkOpen reports the time to open (unlock, map, read the schema, check
// migrations) a small database with each kind of key, next to plain mattn opening
// and reading the same schema. Argon2id runs with the costs tuned on this machine.
func BenchmarkOpen(b *testing.B) {
	kinds := []struct {
		name string
		key  func(b *testing.B) Key
		kdf  *KDFParams
	}{
		{"keyfile", func(b *testing.B) Key { return benchKeyFile(b) }, nil},
		{"keychain", func(b *testing.B) Key { startSecretService(b); return Keychain() }, nil},
		{"argon2id-tuned", func(b *testing.B) Key { return Passphrase("correct horse battery staple") }, nil},
	}
	plainDir := b.TempDir()
	p := openPlain(b, filepath.Join(plainDir, "p.db"), "")
	if _, err := p.Exec(`CREATE TABLE t(x); CREATE TABLE u(y); CREATE INDEX ti ON t(x)`); err != nil {
		b.Fatal(err)
	}
	p.Close()
	plainOpen := func() time.Duration {
		t0 := time.Now()
		s := openPlain(b, filepath.Join(plainDir, "p.db"), "")
		var n int
		if err := s.QueryRow(`SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil {
			b.Fatal(err)
		}
		s.Close()
		return time.Since(t0)
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			key := k.key(b)
			dir := b.TempDir()
			d, err := Open(dir, Options{Key: key, KDF: k.kdf})
			if err != nil {
				b.Fatal(err)
			}
			if s := d.slot; s.Kind == KeyPassphrase {
				b.Logf("tuned Argon2id: t=%d m=%d KiB p=%d", s.KDF.Time, s.KDF.Memory, s.KDF.Threads)
			}
			d.Close()
			var enc, plain time.Duration
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				d, err := Open(dir, Options{Key: key})
				if err != nil {
					b.Fatal(err)
				}
				enc += time.Since(t0)
				d.Close()
				plain += plainOpen()
			}
			b.ReportMetric(float64(enc.Microseconds())/float64(b.N)/1000, "ms/open")
			b.ReportMetric(float64(plain.Microseconds())/float64(b.N)/1000, "plain-ms/open")
			b.ReportMetric(float64(enc)/float64(plain), "ratio")
		})
	}
}
