package db

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Profile is a local user profile.
type Profile struct {
	ID          int64
	DisplayName string
	FullName    string
	Image       []byte
	Active      bool
	Hidden      bool
	Incognito   bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// ErrNotFound: no row with that id.
var ErrNotFound = errors.New("db: not found")

type Profiles struct{ d *DB }

func (d *DB) Profiles() Profiles { return Profiles{d} }

// Create inserts p (its ID is set) stamped with now.
func (s Profiles) Create(ctx context.Context, p *Profile, now time.Time) error {
	p.CreatedAt, p.UpdatedAt = now, now
	r, err := s.d.sql.ExecContext(ctx, `INSERT INTO profiles(display_name, full_name, image, active, hidden, incognito, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.DisplayName, p.FullName, p.Image, p.Active, p.Hidden, p.Incognito, now.UnixMilli(), now.UnixMilli())
	if err != nil {
		return s.d.check(err)
	}
	p.ID, err = r.LastInsertId()
	return err
}

const profileCols = `id, display_name, full_name, image, active, hidden, incognito, created_at, updated_at`

func scanProfile(sc interface{ Scan(...any) error }) (*Profile, error) {
	var p Profile
	var c, u int64
	if err := sc.Scan(&p.ID, &p.DisplayName, &p.FullName, &p.Image, &p.Active, &p.Hidden, &p.Incognito, &c, &u); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = time.UnixMilli(c), time.UnixMilli(u)
	return &p, nil
}

func (s Profiles) Get(ctx context.Context, id int64) (*Profile, error) {
	p, err := scanProfile(s.d.sql.QueryRowContext(ctx, `SELECT `+profileCols+` FROM profiles WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return p, s.d.check(err)
}

func (s Profiles) List(ctx context.Context) ([]*Profile, error) {
	rows, err := s.d.sql.QueryContext(ctx, `SELECT `+profileCols+` FROM profiles ORDER BY id`)
	if err != nil {
		return nil, s.d.check(err)
	}
	defer rows.Close()
	var out []*Profile
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, s.d.check(err)
		}
		out = append(out, p)
	}
	return out, s.d.check(rows.Err())
}

// Update writes the mutable fields of p.
func (s Profiles) Update(ctx context.Context, p *Profile, now time.Time) error {
	p.UpdatedAt = now
	r, err := s.d.sql.ExecContext(ctx, `UPDATE profiles SET display_name = ?, full_name = ?, image = ?, hidden = ?, incognito = ?, updated_at = ?
		WHERE id = ?`, p.DisplayName, p.FullName, p.Image, p.Hidden, p.Incognito, now.UnixMilli(), p.ID)
	if err != nil {
		return s.d.check(err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// SetActive makes id the only active profile, in one transaction.
func (s Profiles) SetActive(ctx context.Context, id int64) error {
	tx, err := s.d.sql.BeginTx(ctx, nil)
	if err != nil {
		return s.d.check(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE profiles SET active = 0 WHERE active = 1`); err != nil {
		return s.d.check(err)
	}
	r, err := tx.ExecContext(ctx, `UPDATE profiles SET active = 1 WHERE id = ?`, id)
	if err != nil {
		return s.d.check(err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return s.d.check(tx.Commit())
}

// Active returns the active profile, or ErrNotFound.
func (s Profiles) Active(ctx context.Context) (*Profile, error) {
	p, err := scanProfile(s.d.sql.QueryRowContext(ctx, `SELECT `+profileCols+` FROM profiles WHERE active = 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return p, s.d.check(err)
}

func (s Profiles) Delete(ctx context.Context, id int64) error {
	_, err := s.d.sql.ExecContext(ctx, `DELETE FROM profiles WHERE id = ?`, id)
	return s.d.check(err)
}
