package db

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestMigrationsApplyInOrderAndRecord(t *testing.T) {
	d := mustOpen(t, t.TempDir(), newKeyFile(t))
	defer d.Close()
	ms, _ := loadMigrations(embeddedMigrations())
	v, err := d.SchemaVersion()
	if err != nil || v != len(ms) {
		t.Fatalf("version %d %v, want %d", v, err, len(ms))
	}
	rows, _ := d.SQL().Query(`SELECT version, name FROM schema_migrations ORDER BY version`)
	defer rows.Close()
	i := 0
	for rows.Next() {
		var n int
		var name string
		rows.Scan(&n, &name)
		if n != ms[i].version || name != ms[i].name {
			t.Fatalf("row %d: %d %s", i, n, name)
		}
		i++
	}
	// Every table the next issues need exists.
	for _, tbl := range []string{"settings", "profiles", "operators", "servers", "connections", "queues",
		"ratchets", "skipped_keys", "snd_messages", "rcv_messages", "contacts", "chat_items", "chat_items_fts", "files"} {
		var n int
		if err := d.SQL().QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = ?`, tbl).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s missing", tbl)
		}
	}
}

func TestMigrationNaming(t *testing.T) {
	for name, fs := range map[string]fstest.MapFS{
		"gap":       {"001_a.sql": {Data: []byte("SELECT 1;")}, "003_c.sql": {Data: []byte("SELECT 1;")}},
		"no number": {"init.sql": {Data: []byte("SELECT 1;")}},
		"two digit": {"01_a.sql": {Data: []byte("SELECT 1;")}},
		"no name":   {"001_.sql": {Data: []byte("SELECT 1;")}},
	} {
		if _, err := loadMigrations(fs); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

// A failing migration leaves nothing of itself behind and is not recorded.
func TestMigrationIsAtomic(t *testing.T) {
	dir := t.TempDir()
	k := newKeyFile(t)
	m := embeddedMap(t)
	next := pad3(len(m) + 1)
	m[next+"_broken.sql"] = &fstest.MapFile{Data: []byte(`CREATE TABLE half(x); INSERT INTO half VALUES (1); SELECT no_such_function();`)}
	_, err := Open(dir, Options{Key: k, Migrations: m})
	if err == nil || !strings.Contains(err.Error(), "_broken") {
		t.Fatalf("broken migration: %v", err)
	}
	d := mustOpen(t, dir, k)
	defer d.Close()
	var n int
	d.SQL().QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'half'`).Scan(&n)
	if n != 0 {
		t.Fatal("half-applied migration left a table")
	}
}

func TestStores(t *testing.T) {
	ctx := context.Background()
	d := mustOpen(t, t.TempDir(), newKeyFile(t))
	defer d.Close()
	now := time.UnixMilli(1_790_000_000_000)

	s := d.Settings()
	if _, ok, err := s.Get(ctx, "theme"); ok || err != nil {
		t.Fatal("unset setting found")
	}
	s.Set(ctx, "theme", []byte("dark"))
	s.Set(ctx, "theme", []byte("light"))
	if v, ok, _ := s.Get(ctx, "theme"); !ok || string(v) != "light" {
		t.Fatalf("setting %q", v)
	}
	s.Delete(ctx, "theme")
	if _, ok, _ := s.Get(ctx, "theme"); ok {
		t.Fatal("deleted setting found")
	}

	ps := d.Profiles()
	a, b := &Profile{DisplayName: "alice", FullName: "Alice A"}, &Profile{DisplayName: "bob", Image: []byte{1, 2}}
	ps.Create(ctx, a, now)
	ps.Create(ctx, b, now)
	if err := ps.SetActive(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := ps.SetActive(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	act, err := ps.Active(ctx)
	if err != nil || act.ID != b.ID || !act.CreatedAt.Equal(now) || string(act.Image) != "\x01\x02" {
		t.Fatalf("active %+v %v", act, err)
	}
	a.DisplayName = "alice2"
	ps.Update(ctx, a, now.Add(time.Second))
	got, _ := ps.Get(ctx, a.ID)
	if got.DisplayName != "alice2" || got.Active {
		t.Fatalf("updated %+v", got)
	}
	if _, err := ps.Get(ctx, 999); err != ErrNotFound {
		t.Fatalf("missing profile: %v", err)
	}

	ci := d.ChatItems()
	mustExec(t, d, `INSERT INTO contacts(id, profile_id, local_name, display_name, created_at, updated_at) VALUES (1, ?, 'c', 'c', 0, 0), (2, ?, 'd', 'd', 0, 0)`, b.ID, b.ID)
	texts := []string{"Meet at the café tomorrow", "the quick brown fox", "Café opens at nine", "nothing here"}
	var ids []int64
	for i, tx := range texts {
		it := &ChatItem{ProfileID: b.ID, ContactID: int64(1 + i/2), Text: tx, ItemTS: now.Add(time.Duration(i) * time.Minute), Sent: i%2 == 0}
		if err := ci.Add(ctx, it); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, it.ID)
	}
	// unicode61 folds case and diacritics? It folds case; "café" matches both.
	res, err := ci.Search(ctx, b.ID, 0, "café", 10)
	if err != nil || len(res) != 2 || res[0].ID != ids[2] {
		t.Fatalf("search café: %v %v", res, err)
	}
	if res, _ := ci.Search(ctx, b.ID, 1, "café", 10); len(res) != 1 || res[0].ID != ids[0] {
		t.Fatalf("search in one chat: %v", res)
	}
	if res, _ := ci.Search(ctx, b.ID, 0, "qui*", 10); len(res) != 1 {
		t.Fatalf("prefix search: %v", res)
	}
	ci.UpdateText(ctx, ids[1], "slow green turtle")
	if res, _ := ci.Search(ctx, b.ID, 0, "fox", 10); len(res) != 0 {
		t.Fatal("edited text still indexed")
	}
	if res, _ := ci.Search(ctx, b.ID, 0, "turtle", 10); len(res) != 1 {
		t.Fatal("new text not indexed")
	}
	ci.Delete(ctx, ids[0])
	if res, _ := ci.Search(ctx, b.ID, 0, "tomorrow", 10); len(res) != 0 {
		t.Fatal("deleted item still found")
	}
	latest, _ := ci.Latest(ctx, 2, 10)
	if len(latest) != 2 || latest[0].ID != ids[3] || latest[0].Sent {
		t.Fatalf("latest %v", latest)
	}
	mustExec(t, d, `INSERT INTO chat_items_fts(chat_items_fts) VALUES ('integrity-check')`)
}
