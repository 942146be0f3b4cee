package db

import (
	"context"
	"database/sql"
	"errors"
)

// Settings is a key/value store for app settings. Values are bytes; callers encode.
type Settings struct{ d *DB }

func (d *DB) Settings() Settings { return Settings{d} }

// Get returns the value and whether it was set.
func (s Settings) Get(ctx context.Context, key string) ([]byte, bool, error) {
	var v []byte
	err := s.d.sql.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, s.d.check(err)
	}
	return v, true, nil
}

func (s Settings) Set(ctx context.Context, key string, value []byte) error {
	if value == nil {
		value = []byte{}
	}
	_, err := s.d.sql.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return s.d.check(err)
}

func (s Settings) Delete(ctx context.Context, key string) error {
	_, err := s.d.sql.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, key)
	return s.d.check(err)
}
