package db

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// OperatorRow is a server operator (global, not per profile). Domains are
// host suffixes; the four role flags are per protocol.
type OperatorRow struct {
	ID          int64
	Tag         string // "simplex", "flux"; unique
	Name        string // trade name
	LegalName   string
	Domains     []string
	Enabled     bool
	SMPStorage  bool
	SMPProxy    bool
	XFTPStorage bool
	XFTPProxy   bool
}

// ServerRow is one configured server of a profile. Address is the full URI
// including the key hash and any basic auth.
type ServerRow struct {
	ID         int64
	ProfileID  int64
	OperatorID int64 // 0: none
	Protocol   string
	Address    string
	Preset     bool
	Enabled    bool
	Deleted    bool
	Tested     *bool
}

// ConditionsRow is one version of the usage conditions.
type ConditionsRow struct {
	ID         int64
	Commit     string
	NotifiedAt time.Time // zero: not notified
	CreatedAt  time.Time
}

// AcceptanceRow records that an operator accepted a conditions version.
type AcceptanceRow struct {
	OperatorID   int64
	Commit       string
	AcceptedAt   time.Time // zero: unknown
	AutoAccepted bool
}

// ServerStore keeps operators, per-profile servers and usage conditions.
type ServerStore struct{ d *DB }

func (d *DB) Servers() ServerStore { return ServerStore{d} }

func msOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

func timeOf(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return time.UnixMilli(ms.Int64)
}

// Operators lists all operators by id.
func (s ServerStore) Operators(ctx context.Context) ([]OperatorRow, error) {
	rows, err := s.d.sql.QueryContext(ctx, `SELECT id, tag, name, legal_name, domains, enabled,
		smp_storage, smp_proxy, xftp_storage, xftp_proxy FROM operators ORDER BY id`)
	if err != nil {
		return nil, s.d.check(err)
	}
	defer rows.Close()
	var out []OperatorRow
	for rows.Next() {
		var o OperatorRow
		var doms string
		if err := rows.Scan(&o.ID, &o.Tag, &o.Name, &o.LegalName, &doms, &o.Enabled,
			&o.SMPStorage, &o.SMPProxy, &o.XFTPStorage, &o.XFTPProxy); err != nil {
			return nil, s.d.check(err)
		}
		if doms != "" {
			o.Domains = strings.Split(doms, ",")
		}
		out = append(out, o)
	}
	return out, s.d.check(rows.Err())
}

// PutOperator inserts o (setting its ID) or, when its tag exists, updates it.
func (s ServerStore) PutOperator(ctx context.Context, o *OperatorRow) error {
	err := s.d.sql.QueryRowContext(ctx, `INSERT INTO operators(tag, name, legal_name, domains, enabled,
		smp_storage, smp_proxy, xftp_storage, xftp_proxy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(tag) DO UPDATE SET name = excluded.name, legal_name = excluded.legal_name,
		domains = excluded.domains, enabled = excluded.enabled, smp_storage = excluded.smp_storage,
		smp_proxy = excluded.smp_proxy, xftp_storage = excluded.xftp_storage, xftp_proxy = excluded.xftp_proxy
		RETURNING id`, o.Tag, o.Name, o.LegalName, strings.Join(o.Domains, ","), o.Enabled,
		o.SMPStorage, o.SMPProxy, o.XFTPStorage, o.XFTPProxy).Scan(&o.ID)
	return s.d.check(err)
}

// ProfileServers lists the servers of a profile, deleted ones included, by id.
func (s ServerStore) ProfileServers(ctx context.Context, profileID int64) ([]ServerRow, error) {
	rows, err := s.d.sql.QueryContext(ctx, `SELECT id, profile_id, operator_id, protocol, address,
		preset, enabled, deleted, tested FROM servers WHERE profile_id = ? ORDER BY id`, profileID)
	if err != nil {
		return nil, s.d.check(err)
	}
	defer rows.Close()
	var out []ServerRow
	for rows.Next() {
		var r ServerRow
		var op, tested sql.NullInt64
		if err := rows.Scan(&r.ID, &r.ProfileID, &op, &r.Protocol, &r.Address, &r.Preset, &r.Enabled,
			&r.Deleted, &tested); err != nil {
			return nil, s.d.check(err)
		}
		r.OperatorID = op.Int64
		if tested.Valid {
			t := tested.Int64 != 0
			r.Tested = &t
		}
		out = append(out, r)
	}
	return out, s.d.check(rows.Err())
}

// ReplaceProfileServers makes rows the whole server list of the profile, in
// one transaction. A row with an ID keeps it (so the UI's references stay
// valid); a row without one gets a new ID.
func (s ServerStore) ReplaceProfileServers(ctx context.Context, profileID int64, rows []ServerRow) error {
	tx, err := s.d.sql.BeginTx(ctx, nil)
	if err != nil {
		return s.d.check(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM servers WHERE profile_id = ?`, profileID); err != nil {
		return s.d.check(err)
	}
	// Rows keeping their ID go first: a new row's automatic ID must not take
	// an ID that a later row of this batch keeps.
	for pass := 0; pass < 2; pass++ {
		for i := range rows {
			r := &rows[i]
			if (pass == 0) != (r.ID != 0) {
				continue
			}
			var tested any
			if r.Tested != nil {
				tested = *r.Tested
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO servers(id, profile_id, operator_id, protocol, address,
				preset, enabled, deleted, tested) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, nullID(r.ID), profileID, nullID(r.OperatorID),
				r.Protocol, r.Address, r.Preset, r.Enabled, r.Deleted, tested)
			if err != nil {
				return s.d.check(err)
			}
			if r.ID, err = res.LastInsertId(); err != nil {
				return err
			}
			r.ProfileID = profileID
		}
	}
	return s.d.check(tx.Commit())
}

// ServerProfiles lists the profiles that have at least one server row.
func (s ServerStore) ServerProfiles(ctx context.Context) ([]int64, error) {
	rows, err := s.d.sql.QueryContext(ctx, `SELECT DISTINCT profile_id FROM servers ORDER BY profile_id`)
	if err != nil {
		return nil, s.d.check(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, s.d.check(err)
		}
		out = append(out, id)
	}
	return out, s.d.check(rows.Err())
}

// Conditions lists the stored conditions versions by id (oldest first).
func (s ServerStore) Conditions(ctx context.Context) ([]ConditionsRow, error) {
	rows, err := s.d.sql.QueryContext(ctx, `SELECT id, commit_hash, notified_at, created_at FROM usage_conditions ORDER BY id`)
	if err != nil {
		return nil, s.d.check(err)
	}
	defer rows.Close()
	var out []ConditionsRow
	for rows.Next() {
		var c ConditionsRow
		var n sql.NullInt64
		var created int64
		if err := rows.Scan(&c.ID, &c.Commit, &n, &created); err != nil {
			return nil, s.d.check(err)
		}
		c.NotifiedAt, c.CreatedAt = timeOf(n), time.UnixMilli(created)
		out = append(out, c)
	}
	return out, s.d.check(rows.Err())
}

// AddConditions inserts c and sets its ID.
func (s ServerStore) AddConditions(ctx context.Context, c *ConditionsRow) error {
	r, err := s.d.sql.ExecContext(ctx, `INSERT INTO usage_conditions(commit_hash, notified_at, created_at) VALUES (?, ?, ?)`,
		c.Commit, msOrNil(c.NotifiedAt), c.CreatedAt.UnixMilli())
	if err != nil {
		return s.d.check(err)
	}
	c.ID, err = r.LastInsertId()
	return err
}

// SetConditionsNotified records when the user was first shown the notice.
func (s ServerStore) SetConditionsNotified(ctx context.Context, id int64, at time.Time) error {
	r, err := s.d.sql.ExecContext(ctx, `UPDATE usage_conditions SET notified_at = ? WHERE id = ? AND notified_at IS NULL`,
		at.UnixMilli(), id)
	if err != nil {
		return s.d.check(err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		var one int
		if err := s.d.sql.QueryRowContext(ctx, `SELECT 1 FROM usage_conditions WHERE id = ?`, id).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
	}
	return nil
}

// Accept records acceptances; an existing record for the same operator and
// commit is kept (the first acceptance wins).
func (s ServerStore) Accept(ctx context.Context, rows []AcceptanceRow) error {
	tx, err := s.d.sql.BeginTx(ctx, nil)
	if err != nil {
		return s.d.check(err)
	}
	defer tx.Rollback()
	for _, a := range rows {
		if _, err := tx.ExecContext(ctx, `INSERT INTO operator_conditions(operator_id, conditions_commit, accepted_at, auto_accepted)
			VALUES (?, ?, ?, ?) ON CONFLICT(operator_id, conditions_commit) DO NOTHING`,
			a.OperatorID, a.Commit, msOrNil(a.AcceptedAt), a.AutoAccepted); err != nil {
			return s.d.check(err)
		}
	}
	return s.d.check(tx.Commit())
}

// Acceptances lists every acceptance record, oldest first.
func (s ServerStore) Acceptances(ctx context.Context) ([]AcceptanceRow, error) {
	rows, err := s.d.sql.QueryContext(ctx, `SELECT operator_id, conditions_commit, accepted_at, auto_accepted
		FROM operator_conditions ORDER BY id`)
	if err != nil {
		return nil, s.d.check(err)
	}
	defer rows.Close()
	var out []AcceptanceRow
	for rows.Next() {
		var a AcceptanceRow
		var at sql.NullInt64
		if err := rows.Scan(&a.OperatorID, &a.Commit, &at, &a.AutoAccepted); err != nil {
			return nil, s.d.check(err)
		}
		a.AcceptedAt = timeOf(at)
		out = append(out, a)
	}
	return out, s.d.check(rows.Err())
}
