package db

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// ChatStore keeps core/chat's state: connections on their way to contacts,
// contacts, addresses, requests and chat items with their versions and
// reactions. The same methods run inside and outside a transaction (Tx).
type ChatStore struct {
	d *DB
	q querier
}

type querier interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// Chat returns the chat service store.
func (d *DB) Chat() ChatStore { return ChatStore{d: d, q: d.sql} }

// Tx runs f with a store bound to one transaction, committed only when f
// returns nil.
func (s ChatStore) Tx(ctx context.Context, f func(ChatStore) error) error {
	if _, ok := s.q.(*sql.Tx); ok {
		return f(s)
	}
	tx, err := s.d.sql.BeginTx(ctx, nil)
	if err != nil {
		return s.d.check(err)
	}
	if err := f(ChatStore{d: s.d, q: tx}); err != nil {
		tx.Rollback()
		return s.d.check(err)
	}
	return s.d.check(tx.Commit())
}

func (s ChatStore) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	r, err := s.q.ExecContext(ctx, q, args...)
	return r, s.d.check(err)
}

// execOne runs an UPDATE or DELETE that must touch a row (ErrNotFound if not).
func (s ChatStore) execOne(ctx context.Context, q string, args ...any) error {
	r, err := s.exec(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

type scanner interface{ Scan(...any) error }

func queryAll[T any](s ChatStore, ctx context.Context, scan func(scanner) (T, error), q string, args ...any) ([]T, error) {
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.d.check(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, s.d.check(err)
		}
		out = append(out, v)
	}
	return out, s.d.check(rows.Err())
}

func queryOne[T any](s ChatStore, ctx context.Context, scan func(scanner) (T, error), q string, args ...any) (T, error) {
	v, err := scan(s.q.QueryRowContext(ctx, q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return v, ErrNotFound
	}
	return v, s.d.check(err)
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v)
}
