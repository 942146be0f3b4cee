package db

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// Crash safety with real processes: a helper commits transactions, re-keys or
// migrates, and is killed with SIGKILL at a random moment. After every kill the
// database must open, pass integrity_check and hold every transaction the helper
// reported as committed. Runs: 30 write + 12 re-key + 12 migration = 54.
const (
	crashWriteRuns   = 30
	crashRekeyRuns   = 12
	crashMigrateRuns = 12
)

func crashRand(t *testing.T) *rand.Rand {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	return rand.New(rand.NewPCG(seed, 1))
}

func parseCommits(t *testing.T, lines []string) (last int, keys []string) {
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "C "):
			n, err := strconv.Atoi(l[2:])
			if err != nil {
				t.Fatal(l)
			}
			last = n
		case strings.HasPrefix(l, "K "):
			keys = append(keys, l[2:])
		case strings.HasPrefix(l, "ERR"):
			t.Fatalf("helper failed: %s", l)
		}
	}
	return last, keys
}

// checkLog: rows 1..committed all present, nothing past committed+1 (the one
// transaction that may have committed without being reported).
func checkLog(t *testing.T, d *DB, committed int) {
	t.Helper()
	integrityOK(t, d)
	var cnt, mx int
	if err := d.SQL().QueryRow(`SELECT count(*), coalesce(max(n), 0) FROM log`).Scan(&cnt, &mx); err != nil {
		t.Fatal(err)
	}
	if mx < committed || mx > committed+1 || cnt != mx {
		t.Fatalf("log has %d rows, max %d; helper reported %d committed", cnt, mx, committed)
	}
}

func TestCrashWrites(t *testing.T) {
	r := crashRand(t)
	dir := t.TempDir()
	key := newKeyFile(t)
	d := mustOpen(t, dir, key) // create with the key file
	d.Close()
	committed := 0
	for run := 0; run < crashWriteRuns; run++ {
		p := startHelper(t, nil, "write", "-dir", dir, "-keyfile", key.File)
		p.expect(t, "READY")
		time.Sleep(time.Duration(5+r.IntN(150)) * time.Millisecond)
		last, _ := parseCommits(t, p.killAndDrain())
		if last > committed {
			committed = last
		}
		d := mustOpen(t, dir, key)
		checkLog(t, d, committed)
		var mx int
		d.SQL().QueryRow(`SELECT max(n) FROM log`).Scan(&mx)
		committed = mx
		d.Close()
	}
	t.Logf("%d kill -9 runs, %d transactions committed and found", crashWriteRuns, committed)
}

func TestCrashRekey(t *testing.T) {
	r := crashRand(t)
	dir := t.TempDir()
	keys := []Key{Passphrase("alpha pass"), Passphrase("beta pass"), Passphrase("gamma pass")}
	d := mustOpen(t, dir, keys[0])
	d.Close()
	committed, rekeys, cur := 0, 0, 0
	for run := 0; run < crashRekeyRuns; run++ {
		p := startHelper(t, nil, "rekey", "-dir", dir, "-pass-a", keys[0].Passphrase,
			"-pass-b", keys[1].Passphrase, "-pass-c", keys[2].Passphrase)
		p.expect(t, "READY")
		time.Sleep(time.Duration(5+r.IntN(150)) * time.Millisecond)
		last, ks := parseCommits(t, p.killAndDrain())
		rekeys += len(ks)
		if len(ks) > 0 {
			cur, _ = strconv.Atoi(ks[len(ks)-1])
		}
		if last > committed {
			committed = last
		}
		// The last completed key or the one being installed opens; the previous
		// key never does.
		prev, next := (cur+2)%3, (cur+1)%3
		if _, err := Open(dir, Options{Key: keys[prev]}); !errors.Is(err, ErrWrongPassphrase) {
			t.Fatalf("run %d: previous key: %v", run, err)
		}
		d, err := Open(dir, Options{Key: keys[cur]})
		if err != nil {
			var errN error
			if d, errN = Open(dir, Options{Key: keys[next]}); errN != nil {
				t.Fatalf("run %d: opens with neither key: %v / %v", run, err, errN)
			}
			cur = next
		}
		checkLog(t, d, committed)
		var mx int
		d.SQL().QueryRow(`SELECT max(n) FROM log`).Scan(&mx)
		committed = mx
		d.Close()
	}
	t.Logf("%d kill -9 runs, %d re-keys completed, %d transactions found", crashRekeyRuns, rekeys, committed)
}

func TestCrashMigrations(t *testing.T) {
	r := crashRand(t)
	key := newKeyFile(t)
	const n = 12
	var appliedAt []int
	defer func() { t.Logf("migrations applied when killed: %v (of %d)", appliedAt, n) }()
	for run := 0; run < crashMigrateRuns; run++ {
		dir := t.TempDir()
		p := startHelper(t, nil, "migrate", "-dir", dir, "-keyfile", key.File, "-n", strconv.Itoa(n))
		p.expect(t, "READY")
		// Kill a few milliseconds after a random step committed: mostly inside
		// the next migration's transaction.
		k := r.IntN(n)
		if k > 0 {
			p.expect(t, fmt.Sprintf("m %d", k))
		}
		time.Sleep(time.Duration(r.IntN(20)) * time.Millisecond)
		reported := k
		for _, l := range p.killAndDrain() {
			fmt.Sscanf(l, "m %d", &reported)
		}
		// Probe how far it got: a set whose every step fails names the first
		// unapplied migration in the error.
		probe := fstest.MapFS{}
		for i := 1; i <= n; i++ {
			probe[fmt.Sprintf("%03d_step.sql", i)] = &fstest.MapFile{Data: []byte(`SELECT no_such_function();`)}
		}
		applied := n
		if pd, err := Open(dir, Options{Key: key, Migrations: probe}); err == nil {
			pd.Close()
		} else {
			if _, err := fmt.Sscanf(err.Error(), "db: migration %03d_", &applied); err != nil {
				t.Fatalf("run %d: probe: %v", run, err)
			}
			applied--
		}
		if applied < reported {
			t.Fatalf("run %d: migration %d was reported committed, only %d applied", run, reported, applied)
		}
		appliedAt = append(appliedAt, applied)
		// Reopen with the same migrations: the interrupted one is re-applied from
		// scratch (a half-applied one would fail with "table already exists").
		d, err := Open(dir, Options{Key: key, Migrations: synthMigrations(n)})
		if err != nil {
			t.Fatalf("run %d: reopen: %v", run, err)
		}
		integrityOK(t, d)
		for i := 1; i <= n; i++ {
			var c int
			if err := d.SQL().QueryRow(fmt.Sprintf(`SELECT count(*) FROM m%d`, i)).Scan(&c); err != nil || c != migRows {
				t.Fatalf("run %d: m%d has %d rows (%v)", run, i, c, err)
			}
		}
		d.Close()
	}
}
