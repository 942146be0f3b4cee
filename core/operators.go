package core

// The OperatorClient half of api.Client over the operators model
// (core/servers). Operators and conditions are global; every call holds
// l.mu like the server calls and uses the same cached servers.Manager.
//
// Deadlines: servers.Open auto-accepts conditions whose review deadline
// passed, but the manager is opened once per database, so a core that
// runs across a deadline would never apply it. Operators and Conditions
// therefore run AutoAccept at the core's clock before answering.
//
// SetOperator checks acceptance itself (before servers.Manager.Save does)
// so that the typed error carries the api view of the operator and the
// conditions id the UI needs to accept them.

import (
	"context"
	"errors"
	"fmt"

	"duplex/core/api"
	"duplex/core/servers"
)

// conditionsURL is where the text of a conditions version is published
// (upstream conditionsURL: PRIVACY.md of that commit).
func conditionsURL(commit string) string {
	return "https://github.com/simplex-chat/simplex-chat/blob/" + commit + "/PRIVACY.md"
}

func apiRoles(r servers.Roles) api.Roles { return api.Roles{Storage: r.Storage, Proxy: r.Proxy} }

func apiOperator(o servers.Operator) api.Operator {
	out := api.Operator{ID: api.OperatorID(o.ID), Tag: o.Tag, Name: o.TradeName, LegalName: o.LegalName,
		Domains: append([]string{}, o.Domains...), Enabled: o.Enabled,
		OperatorRoles: api.OperatorRoles{SMP: apiRoles(o.SMPRoles), XFTP: apiRoles(o.XFTPRoles)}}
	a := o.Acceptance
	switch {
	case a.Accepted:
		out.Conditions = api.ConditionsAcceptance{State: api.ConditionsAccepted, AcceptedAt: a.AcceptedAt, Auto: a.AutoAccepted}
	case !a.Deadline.IsZero():
		out.Conditions = api.ConditionsAcceptance{State: api.ConditionsDeadline, Deadline: a.Deadline}
	}
	return out
}

func apiConditions(c servers.Conditions) api.Conditions {
	return api.Conditions{ID: api.ConditionsID(c.ID), Commit: c.Commit, TextURL: conditionsURL(c.Commit),
		NotifiedAt: c.NotifiedAt, CreatedAt: c.CreatedAt}
}

// operatorManager returns the operators model after applying passed
// deadlines. Callers hold l.mu.
func (l *Local) operatorManager(ctx context.Context) (*servers.Manager, error) {
	d, err := l.openDB(ctx)
	if err != nil {
		return nil, err
	}
	m, err := l.serverManager(ctx, d)
	if err != nil {
		return nil, err
	}
	if _, err := m.AutoAccept(ctx, l.opts.Now()); err != nil {
		return nil, err
	}
	return m, nil
}

// Operators implements api.Client.
func (l *Local) Operators(ctx context.Context, p api.ProfileID) ([]api.Operator, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.profileDB(ctx, p); err != nil {
		return nil, err
	}
	m, err := l.operatorManager(ctx)
	if err != nil {
		return nil, err
	}
	ops, err := m.Operators(ctx, l.opts.Now())
	if err != nil {
		return nil, err
	}
	out := []api.Operator{}
	for _, o := range ops {
		out = append(out, apiOperator(o))
	}
	return out, nil
}

// SetOperator implements api.Client. With a fixed server list
// (Options.Servers) operators do not choose any relay, so changes are
// refused rather than silently ignored.
func (l *Local) SetOperator(ctx context.Context, p api.ProfileID, id api.OperatorID, enabled bool, roles api.OperatorRoles) (api.Operator, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.operatorManager(ctx); err != nil {
		return api.Operator{}, err
	}
	m, ps, err := l.profileServers(ctx, p)
	if err != nil {
		return api.Operator{}, err
	}
	var op *servers.Operator
	for i := range ps.Operators {
		if ps.Operators[i].ID == int64(id) {
			op = &ps.Operators[i]
		}
	}
	if op == nil {
		return api.Operator{}, fmt.Errorf("no operator with id %d", id)
	}
	if enabled && !op.Enabled && !op.Acceptance.Accepted {
		cur, err := m.CurrentConditions(ctx)
		if err != nil {
			return api.Operator{}, err
		}
		return api.Operator{}, &api.ConditionsNotAcceptedError{Conditions: api.ConditionsID(cur.ID), Operators: []api.Operator{apiOperator(*op)}}
	}
	op.Enabled = enabled
	op.SMPRoles = servers.Roles{Storage: roles.SMP.Storage, Proxy: roles.SMP.Proxy}
	op.XFTPRoles = servers.Roles{Storage: roles.XFTP.Storage, Proxy: roles.XFTP.Proxy}
	name := op.TradeName
	if err := m.Save(ctx, int64(p), ps, l.opts.Now()); err != nil {
		return api.Operator{}, operatorChangeError(name, err)
	}
	ops, err := m.Operators(ctx, l.opts.Now())
	if err != nil {
		return api.Operator{}, err
	}
	for _, o := range ops {
		if o.ID == int64(id) {
			return apiOperator(o), nil
		}
	}
	return api.Operator{}, errors.New("operator saved but not found after saving")
}

// operatorChangeError turns a validation refusal into what the change
// would break.
func operatorChangeError(name string, err error) error {
	var probs servers.Problems
	if !errors.As(err, &probs) || len(probs) == 0 {
		return fmt.Errorf("cannot change %s: %w", name, err)
	}
	return fmt.Errorf("cannot change %s: %w", name, probs[0])
}

// Conditions implements api.Client.
func (l *Local) Conditions(ctx context.Context) (api.ConditionsInfo, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	m, err := l.operatorManager(ctx)
	if err != nil {
		return api.ConditionsInfo{}, err
	}
	now := l.opts.Now()
	act, cur, err := m.ConditionsAction(ctx, now)
	if err != nil {
		return api.ConditionsInfo{}, err
	}
	ops, err := m.Operators(ctx, now)
	if err != nil {
		return api.ConditionsInfo{}, err
	}
	info := api.ConditionsInfo{Current: apiConditions(cur), Action: api.ConditionsAction(act.Kind), Operators: []api.Operator{}}
	if act.Kind == servers.ActionReview {
		// The deadline is reported only when it will really apply: an
		// operator that never accepted any version is never accepted
		// automatically (servers.AutoAccept), so for it the conditions
		// are to be accepted now, whatever the notice period says.
		applies := act.HasDeadline
		for _, o := range act.Operators {
			info.Review = append(info.Review, api.OperatorID(o.ID))
			applies = applies && !o.Acceptance.Deadline.IsZero()
		}
		if applies {
			info.Deadline = act.Deadline
		}
	}
	for _, o := range ops {
		info.Operators = append(info.Operators, apiOperator(o))
	}
	return info, nil
}

// AcceptConditions implements api.Client.
func (l *Local) AcceptConditions(ctx context.Context, id api.ConditionsID, ops ...api.OperatorID) error {
	if len(ops) == 0 {
		return errors.New("accept conditions: no operator given")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	m, err := l.operatorManager(ctx)
	if err != nil {
		return err
	}
	var ids []int64
	for _, o := range ops {
		ids = append(ids, int64(o))
	}
	return m.AcceptConditions(ctx, int64(id), ids, l.opts.Now())
}

// SetConditionsNotified implements api.Client.
func (l *Local) SetConditionsNotified(ctx context.Context, id api.ConditionsID) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	m, err := l.operatorManager(ctx)
	if err != nil {
		return err
	}
	cur, err := m.CurrentConditions(ctx)
	if err != nil {
		return err
	}
	if cur.ID != int64(id) {
		return fmt.Errorf("conditions %d are not the current ones (%d)", id, cur.ID)
	}
	return m.SetConditionsNotified(ctx, int64(id), l.opts.Now())
}
