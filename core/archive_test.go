package core

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"duplex/core/api"
	"duplex/db"
)

// progressLog records Progress calls and checks they are monotonic.
type progressLog struct {
	t     *testing.T
	calls [][2]int64
}

func (p *progressLog) f(done, total int64) { p.calls = append(p.calls, [2]int64{done, total}) }

func (p *progressLog) check(what string) {
	p.t.Helper()
	if len(p.calls) < 2 {
		p.t.Fatalf("%s: %d progress calls, want at least 2", what, len(p.calls))
	}
	for i, c := range p.calls {
		if c[1] > 0 && c[0] > c[1] {
			p.t.Fatalf("%s: call %d done %d > total %d", what, i, c[0], c[1])
		}
		if i > 0 && c[0] < p.calls[i-1][0] {
			p.t.Fatalf("%s: done went back at call %d: %v", what, i, p.calls[i-1:i+1])
		}
	}
	if last := p.calls[len(p.calls)-1]; last[0] != last[1] || last[0] <= 0 {
		p.t.Fatalf("%s: last call %v, want done == total > 0", what, last)
	}
	for _, c := range p.calls[:len(p.calls)-1] {
		if c[1] > 0 && c[0] == c[1] {
			p.t.Fatalf("%s: reported complete (%v) before the end", what, c)
		}
	}
}

type snapshot struct {
	Profiles []api.Profile
	Contacts []api.Contact
	Items    [][]api.ChatItem
}

func snap(t *testing.T, c *Local) snapshot {
	t.Helper()
	var s snapshot
	var err error
	if s.Profiles, err = c.Profiles(ctx(t)); err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Profiles {
		cs, err := c.Contacts(ctx(t), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		s.Contacts = append(s.Contacts, cs...)
		for _, k := range cs {
			items, err := c.Items(ctx(t), k.ID, api.Page{Count: 100})
			if err != nil {
				t.Fatal(err)
			}
			s.Items = append(s.Items, items)
		}
	}
	return s
}

// TestArchiveRoundTrip: a running core with a contact and messages is
// exported while it runs, and imported into a fresh data folder (first run)
// under a passphrase: the same profiles, contacts and chat items come back,
// and the imported core works (it can send).
func TestArchiveRoundTrip(t *testing.T) {
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	relay := startRelay(t)
	alice := newUser(t, "alice", clk, relay)
	bob := newUser(t, "bob", clk, relay)
	if _, err := alice.c.CreateProfile(ctx(t), api.NewProfile{DisplayName: "alice at work"}); err != nil {
		t.Fatal(err)
	}
	ab, ba := connect(t, alice, bob)
	alice.send(ab.ID, "hello bob")
	bob.waitText("hello bob")
	bob.send(ba.ID, "hi alice")
	alice.waitText("hi alice")
	if err := os.MkdirAll(filepath.Join(alice.dir, "data", "files"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(alice.dir, "data", "files", "photo.jpg"), []byte("jpeg bytes"), 0o600); err != nil {
		t.Fatal(err)
	}
	want := snap(t, alice.c)
	if len(want.Contacts) != 1 || len(want.Items) != 1 || len(want.Items[0]) < 2 {
		t.Fatalf("setup: %+v", want)
	}

	var ar bytes.Buffer
	ep := &progressLog{t: t}
	if err := alice.c.ExportArchive(ctx(t), &ar, "", ep.f); !errors.Is(err, api.ErrEmptyPassphrase) {
		t.Fatalf("empty archive passphrase: %v", err)
	}
	if err := alice.c.ExportArchive(ctx(t), &ar, "archive pw", ep.f); err != nil {
		t.Fatal(err)
	}
	ep.check("export")
	if got := ep.calls[len(ep.calls)-1][0]; got != int64(ar.Len()) {
		t.Fatalf("export progress ends at %d, archive has %d bytes", got, ar.Len())
	}
	// Export does not disturb the running core.
	alice.send(ab.ID, "after export")
	bob.waitText("after export")

	dir := t.TempDir()
	c := openCore(t, dir)
	ip := &progressLog{t: t}
	if err := c.ImportArchive(ctx(t), bytes.NewReader(ar.Bytes()), "archive pw", api.ProtectionPassphrase, "new db pw", ip.f); err != nil {
		t.Fatal(err)
	}
	ip.check("import")
	if got := ip.calls[len(ip.calls)-1]; got != [2]int64{int64(ar.Len()), int64(ar.Len())} {
		t.Fatalf("import progress ends at %v, archive has %d bytes", got, ar.Len())
	}
	if s := state(t, c); s != (api.StorageState{Status: api.StorageOpen, Protection: api.ProtectionPassphrase}) {
		t.Fatalf("after import: %+v", s)
	}
	if got := snap(t, c); !reflect.DeepEqual(got, want) {
		t.Fatalf("imported data differs:\n got %+v\nwant %+v", got, want)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "files", "photo.jpg")); err != nil || string(b) != "jpeg bytes" {
		t.Fatalf("files folder: %q %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, importStage)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("staging folder left behind: %v", err)
	}
	// The imported database is protected as asked: locked after a restart
	// until the new passphrase.
	c.Close()
	c = openCore(t, dir)
	if err := c.Unlock(ctx(t), "archive pw"); !errors.Is(err, api.ErrWrongPassphrase) {
		t.Fatalf("archive passphrase opened the database: %v", err)
	}
	if err := c.Unlock(ctx(t), "new db pw"); err != nil {
		t.Fatal(err)
	}
	if got := snap(t, c); !reflect.DeepEqual(got.Profiles, want.Profiles) {
		t.Fatalf("after restart: %+v", got.Profiles)
	}
}

// TestArchiveImportFailures: a wrong archive passphrase and a truncated
// archive give clear errors, and the database that was open stays open,
// unchanged and running; a good archive then replaces it, leaving no
// backup behind.
func TestArchiveImportFailures(t *testing.T) {
	c1 := openCore(t, t.TempDir())
	if err := c1.CreateStorage(ctx(t), api.ProtectionPassphrase, "one"); err != nil {
		t.Fatal(err)
	}
	if _, err := c1.CreateProfile(ctx(t), api.NewProfile{DisplayName: "from archive"}); err != nil {
		t.Fatal(err)
	}
	var ar bytes.Buffer
	if err := c1.ExportArchive(ctx(t), &ar, "archive pw", nil); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	c := openCore(t, dir)
	if err := c.ExportArchive(ctx(t), &ar, "x", nil); !errors.Is(err, api.ErrLocked) {
		t.Fatalf("export without a database: %v", err)
	}
	if err := c.CreateStorage(ctx(t), api.ProtectionPassphrase, "mine"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateProfile(ctx(t), api.NewProfile{DisplayName: "current"}); err != nil {
		t.Fatal(err)
	}
	// The running core may write to its database in the background
	// (servers, timers), so "untouched" is checked as: the same file (not
	// swapped, not rewritten into a new one) holding the same profile.
	before, err := os.Stat(filepath.Join(dir, dbFile))
	if err != nil {
		t.Fatal(err)
	}
	unchanged := func(what string) {
		t.Helper()
		ps, err := c.Profiles(ctx(t))
		if err != nil || len(ps) != 1 || ps[0].DisplayName != "current" {
			t.Fatalf("%s: profiles %+v %v", what, ps, err)
		}
		if after, err := os.Stat(filepath.Join(dir, dbFile)); err != nil || !os.SameFile(after, before) {
			t.Fatalf("%s: database file replaced (%v)", what, err)
		}
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if e.Name() != dbFile && e.Name() != dbFile+journalSuffix && e.Name() != "duplex.lock" {
				t.Fatalf("%s: left %s in the data folder", what, e.Name())
			}
		}
	}

	err = c.ImportArchive(ctx(t), bytes.NewReader(ar.Bytes()), "wrong", api.ProtectionPassphrase, "x", nil)
	if !errors.Is(err, api.ErrArchivePassphrase) || err.Error() != "wrong archive passphrase: nothing was imported" {
		t.Fatalf("wrong passphrase: %v", err)
	}
	unchanged("wrong passphrase")

	for _, n := range []int{0, 10, 50, ar.Len() / 2, ar.Len() - 1} {
		err := c.ImportArchive(ctx(t), bytes.NewReader(ar.Bytes()[:n]), "archive pw", api.ProtectionPassphrase, "x", nil)
		if !errors.Is(err, api.ErrBadArchive) {
			t.Fatalf("archive cut at %d: %v", n, err)
		}
		unchanged("truncated archive")
	}
	junk := append(bytes.Clone(ar.Bytes()), 0)
	if err := c.ImportArchive(ctx(t), bytes.NewReader(junk), "archive pw", api.ProtectionPassphrase, "x", nil); !errors.Is(err, api.ErrBadArchive) {
		t.Fatalf("trailing byte: %v", err)
	}
	if err := c.ImportArchive(ctx(t), bytes.NewReader(ar.Bytes()), "archive pw", api.ProtectionPassphrase, "", nil); !errors.Is(err, api.ErrEmptyPassphrase) {
		t.Fatalf("empty database passphrase: %v", err)
	}
	unchanged("refused imports")

	if err := c.ImportArchive(context.Background(), bytes.NewReader(ar.Bytes()), "archive pw", api.ProtectionPassphrase, "two", nil); err != nil {
		t.Fatal(err)
	}
	ps, err := c.Profiles(ctx(t))
	if err != nil || len(ps) != 1 || ps[0].DisplayName != "from archive" {
		t.Fatalf("after import: %+v %v", ps, err)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if e.Name() != dbFile && e.Name() != dbFile+journalSuffix && e.Name() != "duplex.lock" {
			t.Fatalf("after import: left %s in the data folder", e.Name())
		}
	}
}

// TestSwapInRestoresOnFailure: when the staged database does not open
// (here: the key file it asks for is gone), the old database comes back
// from its backup and opens again.
func TestSwapInRestoresOnFailure(t *testing.T) {
	dir := t.TempDir()
	c := openCore(t, dir)
	if err := c.CreateStorage(ctx(t), api.ProtectionPassphrase, "mine"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateProfile(ctx(t), api.NewProfile{DisplayName: "current"}); err != nil {
		t.Fatal(err)
	}
	stage := filepath.Join(dir, importStage)
	if err := os.MkdirAll(stage, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stage, dbFile), []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	err := c.swapIn(stage, db.Passphrase("x"), newMeter(nil, -1))
	c.mu.Unlock()
	if err == nil {
		t.Fatal("a broken staged database was swapped in")
	}
	if s := state(t, c); s.Status != api.StorageLocked {
		t.Fatalf("after a failed swap: %+v", s)
	}
	if err := c.Unlock(ctx(t), "mine"); err != nil {
		t.Fatal(err)
	}
	if ps, err := c.Profiles(ctx(t)); err != nil || len(ps) != 1 || ps[0].DisplayName != "current" {
		t.Fatalf("restored: %+v %v", ps, err)
	}
}
