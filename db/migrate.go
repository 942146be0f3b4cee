package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

func embeddedMigrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads NNN_name.sql files: versions must run 1, 2, 3… with no gap.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, n := range names {
		num, rest, ok := strings.Cut(strings.TrimSuffix(path.Base(n), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || len(num) != 3 || rest == "" {
			return nil, fmt.Errorf("db: migration %q is not named NNN_name.sql", n)
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: rest, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("db: migrations must be numbered from 001 without gaps (found %03d)", m.version)
		}
	}
	return ms, nil
}

// migrate applies each pending migration in its own transaction together with its
// row in schema_migrations: a crash leaves a migration either fully applied and
// recorded, or absent.
func (d *DB) migrate(ctx context.Context) error {
	ms, err := loadMigrations(d.opts.Migrations)
	if err != nil {
		return err
	}
	if _, err := d.sql.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return d.check(err)
	}
	var cur int
	if err := d.sql.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&cur); err != nil {
		return d.check(err)
	}
	if cur > len(ms) {
		return &SchemaError{DB: cur, Binary: len(ms)}
	}
	for _, m := range ms[cur:] {
		tx, err := d.sql.BeginTx(ctx, nil)
		if err != nil {
			return d.check(err)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("db: migration %03d_%s: %w", m.version, m.name, d.check(err))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, time.Now().Unix()); err != nil {
			tx.Rollback()
			return d.check(err)
		}
		if err := tx.Commit(); err != nil {
			return d.check(err)
		}
		if d.opts.OnMigrated != nil {
			d.opts.OnMigrated(m.version, m.name)
		}
	}
	return nil
}

// SchemaVersion is the latest applied migration.
func (d *DB) SchemaVersion() (int, error) {
	var v int
	err := d.sql.QueryRow(`SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, d.check(err)
}
