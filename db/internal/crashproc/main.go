// Command crashproc is the writer the db crash tests kill with SIGKILL. It prints a
// line to stdout only after the step it names is durable (the commit or re-key call
// returned), so the parent knows what must survive.
//
//	crashproc write   -dir D -keyfile K          transactions forever: "C n"
//	crashproc rekey   -dir D -pass-a A -pass-b B transactions and re-keys A<->B: "C n", "K x"
//	crashproc migrate -dir D -keyfile K -n N     apply N synthetic migrations: "m v" each, "M"
//	crashproc hold    -dir D -keyfile K          open, print "OPEN", wait for stdin EOF
//	crashproc open    -dir D [-keyfile K]        open once (keychain if no key), print "OK" or "ERR msg"
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"testing/fstest"

	"duplex/db"
)

// migRows: rows per synthetic migration (the tests use the same number).
const migRows = 1000

var cheap = &db.KDFParams{Time: 1, Memory: 64, Threads: 1}

func main() {
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	dir := fs.String("dir", "", "data folder")
	keyfile := fs.String("keyfile", "", "key file")
	passA := fs.String("pass-a", "", "passphrase A")
	passB := fs.String("pass-b", "", "passphrase B")
	passC := fs.String("pass-c", "", "passphrase C")
	n := fs.Int("n", 30, "migrations")
	fs.Parse(os.Args[2:])
	out := bufio.NewWriter(os.Stdout)
	say := func(f string, a ...any) { fmt.Fprintf(out, f+"\n", a...); out.Flush() }
	key := db.Keychain()
	if *keyfile != "" {
		key = db.KeyFromFile(*keyfile)
	}
	switch os.Args[1] {
	case "write":
		d := must(db.Open(*dir, db.Options{Key: key}))
		writeLoop(d, nil, say)
	case "rekey":
		// Rotate a -> b -> c -> a, so an opener can tell the previous key (must
		// fail) from the current and the next one (either may work after a kill).
		keys := []db.Key{db.Passphrase(*passA), db.Passphrase(*passB), db.Passphrase(*passC)}
		var d *db.DB
		cur := -1
		for i, k := range keys {
			var err error
			if d, err = db.Open(*dir, db.Options{Key: k, KDF: cheap}); err == nil {
				cur = i
				break
			} else if !errors.Is(err, db.ErrWrongPassphrase) {
				check(err)
			}
		}
		if cur < 0 {
			check(db.ErrWrongPassphrase)
		}
		writeLoop(d, func(i int) {
			if i%2 == 0 {
				next := (cur + 1) % 3
				check(d.Rekey(keys[next], cheap))
				cur = next
				say("K %d", cur)
			}
		}, say)
	case "migrate":
		m := fstest.MapFS{}
		for i := 1; i <= *n; i++ {
			m[fmt.Sprintf("%03d_step.sql", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(`
CREATE TABLE m%d(id INTEGER PRIMARY KEY, b BLOB);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < %d)
INSERT INTO m%d SELECT x, randomblob(200) FROM c;`, i, migRows, i))}
		}
		say("READY")
		d := must(db.Open(*dir, db.Options{Key: key, Migrations: m,
			OnMigrated: func(v int, _ string) { say("m %d", v) }}))
		say("M")
		d.Close()
	case "hold":
		d := must(db.Open(*dir, db.Options{Key: key}))
		say("OPEN")
		io.Copy(io.Discard, os.Stdin)
		d.Close()
	case "open":
		d, err := db.Open(*dir, db.Options{Key: key})
		if err != nil {
			say("ERR %v", err)
			return
		}
		say("OK")
		d.Close()
	}
}

// writeLoop commits transactions that append a row and rewrite older ones, so the
// rollback journal always holds pages a crash must restore. It says READY only
// once the log table exists: a kill before that would leave the test nothing
// to check.
func writeLoop(d *db.DB, after func(int), say func(string, ...any)) {
	s := d.SQL()
	_, err := s.Exec(`CREATE TABLE IF NOT EXISTS log(n INTEGER PRIMARY KEY, pad BLOB NOT NULL, gen INTEGER NOT NULL DEFAULT 0)`)
	check(err)
	say("READY")
	var n int
	check(s.QueryRow(`SELECT coalesce(max(n), 0) FROM log`).Scan(&n))
	r := rand.New(rand.NewPCG(uint64(os.Getpid()), 7))
	for i := 0; ; i++ {
		n++
		tx, err := s.Begin()
		check(err)
		_, err = tx.Exec(`INSERT INTO log(n, pad) VALUES (?, randomblob(?))`, n, 100+r.IntN(3000))
		check(err)
		_, err = tx.Exec(`UPDATE log SET gen = gen + 1, pad = randomblob(?) WHERE n IN (?, ?, ?)`,
			50+r.IntN(2000), 1+r.IntN(n), 1+r.IntN(n), 1+r.IntN(n))
		check(err)
		check(tx.Commit())
		say("C %d", n)
		if after != nil {
			after(i)
		}
	}
}

func must(d *db.DB, err error) *db.DB {
	check(err)
	return d
}

func check(err error) {
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(2)
	}
}
