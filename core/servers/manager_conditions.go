package servers

import (
	"context"
	"fmt"
	"time"

	"duplex/db"
)

func operatorRow(op Operator) db.OperatorRow {
	return db.OperatorRow{ID: op.ID, Tag: op.Tag, Name: op.TradeName, LegalName: op.LegalName,
		Domains: op.Domains, Enabled: op.Enabled,
		SMPStorage: op.SMPRoles.Storage, SMPProxy: op.SMPRoles.Proxy,
		XFTPStorage: op.XFTPRoles.Storage, XFTPProxy: op.XFTPRoles.Proxy}
}

func (m *Manager) operators(ctx context.Context) ([]Operator, error) {
	rows, err := m.d.Servers().Operators(ctx)
	if err != nil {
		return nil, err
	}
	var out []Operator
	for _, r := range rows {
		out = append(out, Operator{ID: r.ID, Tag: r.Tag, TradeName: r.Name, LegalName: r.LegalName,
			Domains: r.Domains, Enabled: r.Enabled,
			SMPRoles:  Roles{Storage: r.SMPStorage, Proxy: r.SMPProxy},
			XFTPRoles: Roles{Storage: r.XFTPStorage, Proxy: r.XFTPProxy}})
	}
	return out, nil
}

func (m *Manager) conditions(ctx context.Context) ([]Conditions, error) {
	rows, err := m.d.Servers().Conditions(ctx)
	if err != nil {
		return nil, err
	}
	var out []Conditions
	for _, r := range rows {
		out = append(out, Conditions{ID: r.ID, Commit: r.Commit, NotifiedAt: r.NotifiedAt, CreatedAt: r.CreatedAt})
	}
	return out, nil
}

// Operators returns the operators with their acceptance of the current
// conditions at now.
func (m *Manager) Operators(ctx context.Context, now time.Time) ([]Operator, error) {
	return m.operatorsWithAcceptance(ctx, now)
}

func (m *Manager) operatorsWithAcceptance(ctx context.Context, now time.Time) ([]Operator, error) {
	ops, err := m.operators(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := m.CurrentConditions(ctx)
	if err != nil {
		return nil, err
	}
	acc, err := m.d.Servers().Acceptances(ctx)
	if err != nil {
		return nil, err
	}
	for i := range ops {
		var recs []AcceptanceRecord
		for _, a := range acc {
			if a.OperatorID == ops[i].ID {
				recs = append(recs, AcceptanceRecord{OperatorID: a.OperatorID, Commit: a.Commit, AcceptedAt: a.AcceptedAt, AutoAccepted: a.AutoAccepted})
			}
		}
		ops[i].Acceptance = acceptanceFor(recs, cur, now)
	}
	return ops, nil
}

// ConditionsAction says what the UI should show about the current
// conditions at now (none, accepted, or review with deadline and notice).
func (m *Manager) ConditionsAction(ctx context.Context, now time.Time) (ConditionsAction, Conditions, error) {
	cur, err := m.CurrentConditions(ctx)
	if err != nil {
		return ConditionsAction{}, cur, err
	}
	ops, err := m.operatorsWithAcceptance(ctx, now)
	if err != nil {
		return ConditionsAction{}, cur, err
	}
	return Action(ops, cur, now), cur, nil
}

// SetConditionsNotified records that the notice of conditions id was shown
// at now (the first time only: the deadline counts from then).
func (m *Manager) SetConditionsNotified(ctx context.Context, id int64, now time.Time) error {
	return m.d.Servers().SetConditionsNotified(ctx, id, now)
}

// AcceptConditions accepts conditions id for the operators opIDs at now
// (upstream APIAcceptConditions). Accepting does not enable an operator.
func (m *Manager) AcceptConditions(ctx context.Context, id int64, opIDs []int64, now time.Time) error {
	cs, err := m.conditions(ctx)
	if err != nil {
		return err
	}
	commit := ""
	for _, c := range cs {
		if c.ID == id {
			commit = c.Commit
		}
	}
	if commit == "" {
		return fmt.Errorf("servers: no conditions with id %d", id)
	}
	ops, err := m.operators(ctx)
	if err != nil {
		return err
	}
	var rows []db.AcceptanceRow
	for _, want := range opIDs {
		found := false
		for _, op := range ops {
			found = found || op.ID == want
		}
		if !found {
			return fmt.Errorf("servers: no operator with id %d", want)
		}
		rows = append(rows, db.AcceptanceRow{OperatorID: want, Commit: commit, AcceptedAt: now})
	}
	return m.d.Servers().Accept(ctx, rows)
}

// AutoAccept accepts the current conditions (marked automatic) for every
// enabled operator whose review deadline is at or before now, and returns
// those operators.
func (m *Manager) AutoAccept(ctx context.Context, now time.Time) ([]Operator, error) {
	cur, err := m.CurrentConditions(ctx)
	if err != nil {
		return nil, err
	}
	ops, err := m.operatorsWithAcceptance(ctx, now)
	if err != nil {
		return nil, err
	}
	var rows []db.AcceptanceRow
	var done []Operator
	for _, op := range ops {
		a := op.Acceptance
		if op.Enabled && !a.Accepted && !a.Deadline.IsZero() && !now.Before(a.Deadline) {
			rows = append(rows, db.AcceptanceRow{OperatorID: op.ID, Commit: cur.Commit, AcceptedAt: a.Deadline, AutoAccepted: true})
			done = append(done, op)
		}
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return done, m.d.Servers().Accept(ctx, rows)
}

// SetOperatorEnabled switches an operator on or off for every profile. Switching
// on an operator whose conditions are not accepted returns
// *ConditionsNotAcceptedError; switching one off that leaves a profile
// without servers returns Problems.
func (m *Manager) SetOperatorEnabled(ctx context.Context, profileID, opID int64, enabled bool, now time.Time) error {
	ps, err := m.Load(ctx, profileID, now)
	if err != nil {
		return err
	}
	found := false
	for i := range ps.Operators {
		if ps.Operators[i].ID == opID {
			ps.Operators[i].Enabled, found = enabled, true
		}
	}
	if !found {
		return fmt.Errorf("servers: no operator with id %d", opID)
	}
	return m.Save(ctx, profileID, ps, now)
}
