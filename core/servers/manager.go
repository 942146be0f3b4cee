package servers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"time"

	"duplex/db"
)

// settingChoice is the settings key of the install's random preset subset.
const settingChoice = "servers.preset_choice"

// Manager keeps operators, conditions and per-profile servers in the
// database. It is not safe for concurrent use; the core serialises calls.
type Manager struct {
	d      *db.DB
	p      *Presets
	choice Choice
}

// Open brings the stored state up to date with presets p: it chooses (first
// run) or completes (upgrade) the random preset subset from r, merges the
// preset operators and every profile's servers keeping the user's choices,
// stores the current conditions version, and auto-accepts conditions whose
// review deadline has passed.
func Open(ctx context.Context, d *db.DB, p *Presets, r io.Reader, now time.Time) (*Manager, error) {
	m := &Manager{d: d, p: p}
	st := d.Servers()
	raw, _, err := d.Settings().Get(ctx, settingChoice)
	if err != nil {
		return nil, err
	}
	old, err := DecodeChoice(raw)
	if err != nil {
		return nil, err
	}
	if m.choice, err = UpdateSubset(p, old, r); err != nil {
		return nil, err
	}
	if enc := m.choice.Encode(); !bytes.Equal(enc, raw) {
		if err := d.Settings().Set(ctx, settingChoice, enc); err != nil {
			return nil, err
		}
	}

	storedOps, err := m.operators(ctx)
	if err != nil {
		return nil, err
	}
	newInstall := len(storedOps) == 0
	for _, op := range MergeOperators(p, storedOps) {
		row := operatorRow(op)
		if err := st.PutOperator(ctx, &row); err != nil {
			return nil, err
		}
	}
	if err := m.addConditions(ctx, newInstall, now); err != nil {
		return nil, err
	}

	ids, err := st.ServerProfiles(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		ps, err := m.Load(ctx, id, now)
		if err != nil {
			return nil, err
		}
		smpL, xftpL := MergePresets(p, m.choice, SMP, ps.SMP), MergePresets(p, m.choice, XFTP, ps.XFTP)
		if sameServers(smpL, ps.SMP) && sameServers(xftpL, ps.XFTP) {
			continue
		}
		ps.SMP, ps.XFTP = smpL, xftpL
		if err := m.writeServers(ctx, id, ps); err != nil {
			return nil, err
		}
	}
	if _, err := m.AutoAccept(ctx, now); err != nil {
		return nil, err
	}
	return m, nil
}

// Presets returns the presets the manager merges with.
func (m *Manager) Presets() *Presets { return m.p }

// Choice returns the install's random preset subset.
func (m *Manager) Choice() Choice { return m.choice }

func (m *Manager) addConditions(ctx context.Context, newInstall bool, now time.Time) error {
	st := m.d.Servers()
	stored, err := m.conditions(ctx)
	if err != nil {
		return err
	}
	add := ConditionsToAdd(m.p.Conditions, newInstall, now, stored)
	for _, c := range add {
		row := db.ConditionsRow{Commit: c.Commit, CreatedAt: c.CreatedAt}
		if err := st.AddConditions(ctx, &row); err != nil {
			return err
		}
	}
	if len(add) == 2 {
		// An install older than conditions: its SimpleX Chat operator is
		// taken to have accepted the previous version (upstream).
		ops, err := m.operators(ctx)
		if err != nil {
			return err
		}
		for _, op := range ops {
			if op.Tag == "simplex" {
				return st.Accept(ctx, []db.AcceptanceRow{{OperatorID: op.ID, Commit: add[0].Commit}})
			}
		}
	}
	return nil
}

// InitProfile gives a new profile the preset servers (the install's subset
// enabled). It does nothing when the profile already has servers.
func (m *Manager) InitProfile(ctx context.Context, profileID int64, now time.Time) error {
	ps, err := m.Load(ctx, profileID, now)
	if err != nil {
		return err
	}
	if len(ps.SMP)+len(ps.XFTP) > 0 {
		return nil
	}
	ps.SMP, ps.XFTP = NewProfileServers(m.p, m.choice)
	return m.writeServers(ctx, profileID, ps)
}

// CurrentConditions returns the conditions version this build ships.
func (m *Manager) CurrentConditions(ctx context.Context) (Conditions, error) {
	cs, err := m.conditions(ctx)
	if err != nil {
		return Conditions{}, err
	}
	for _, c := range cs {
		if c.Commit == m.p.Conditions.Commit {
			return c, nil
		}
	}
	return Conditions{}, fmt.Errorf("servers: current conditions %s not stored", m.p.Conditions.Commit)
}

// Load returns the operators (with their acceptance of the current
// conditions at now) and the profile's servers, deleted ones included.
func (m *Manager) Load(ctx context.Context, profileID int64, now time.Time) (*ProfileServers, error) {
	ops, err := m.operatorsWithAcceptance(ctx, now)
	if err != nil {
		return nil, err
	}
	rows, err := m.d.Servers().ProfileServers(ctx, profileID)
	if err != nil {
		return nil, err
	}
	ps := &ProfileServers{Operators: ops}
	for _, r := range rows {
		a, err := ParseServer(Protocol(r.Protocol), r.Address)
		if err != nil {
			return nil, fmt.Errorf("servers: stored server %d: %w", r.ID, err)
		}
		s := Server{ID: r.ID, Protocol: Protocol(r.Protocol), Address: a, Preset: r.Preset,
			Enabled: r.Enabled, Deleted: r.Deleted, Tested: r.Tested}
		if s.Protocol == XFTP {
			ps.XFTP = append(ps.XFTP, s)
		} else {
			ps.SMP = append(ps.SMP, s)
		}
	}
	return ps, nil
}

// Problems is the list of validation problems that prevented a save.
type Problems []Problem

func (ps Problems) Error() string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Error())
	}
	return strings.Join(s, "; ")
}

// Save stores the operators' enabled flags and roles and the profile's
// server list. It refuses (Problems) a configuration that fails Validate
// for this profile or would break another one, and refuses
// (*ConditionsNotAcceptedError) to enable an operator whose current
// conditions are not accepted. Deleted preset servers stay as tombstones;
// deleted custom servers are removed.
func (m *Manager) Save(ctx context.Context, profileID int64, ps *ProfileServers, now time.Time) error {
	stored, err := m.operatorsWithAcceptance(ctx, now)
	if err != nil {
		return err
	}
	var notAccepted []Operator
	for _, op := range ps.Operators {
		for _, s := range stored {
			if s.ID == op.ID && op.Enabled && !s.Enabled && !s.Acceptance.Accepted {
				notAccepted = append(notAccepted, s)
			}
		}
	}
	if len(notAccepted) > 0 {
		return &ConditionsNotAcceptedError{Operators: notAccepted}
	}
	others, err := m.otherProfiles(ctx, profileID, ps.Operators, now)
	if err != nil {
		return err
	}
	if probs := Validate(ps, others); len(probs) > 0 {
		return Problems(probs)
	}
	for _, op := range ps.Operators {
		if op.ID == 0 {
			return errors.New("servers: operators are fixed by the presets; cannot add one")
		}
		row := operatorRow(op)
		if err := m.d.Servers().PutOperator(ctx, &row); err != nil {
			return err
		}
	}
	return m.writeServers(ctx, profileID, ps)
}

// otherProfiles loads every other profile's servers, seen with ops (the
// operator settings about to be saved).
func (m *Manager) otherProfiles(ctx context.Context, profileID int64, ops []Operator, now time.Time) (map[int64]*ProfileServers, error) {
	ids, err := m.d.Servers().ServerProfiles(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]*ProfileServers{}
	for _, id := range ids {
		if id == profileID {
			continue
		}
		o, err := m.Load(ctx, id, now)
		if err != nil {
			return nil, err
		}
		o.Operators = ops
		out[id] = o
	}
	return out, nil
}

func (m *Manager) writeServers(ctx context.Context, profileID int64, ps *ProfileServers) error {
	var rows []db.ServerRow
	for _, list := range [][]Server{ps.SMP, ps.XFTP} {
		for _, s := range list {
			if s.Deleted && !s.Preset {
				continue
			}
			r := db.ServerRow{ID: s.ID, Protocol: string(s.Protocol), Address: AddressString(s.Protocol, s.Address),
				Preset: s.Preset, Enabled: s.Enabled, Deleted: s.Deleted, Tested: s.Tested}
			if op := OperatorOf(ps.Operators, s.Address.Server); op != nil {
				r.OperatorID = op.ID
			}
			rows = append(rows, r)
		}
	}
	return m.d.Servers().ReplaceProfileServers(ctx, profileID, rows)
}

// Selector returns the server selector for a profile.
func (m *Manager) Selector(ctx context.Context, profileID int64, now time.Time) (*Selector, error) {
	ps, err := m.Load(ctx, profileID, now)
	if err != nil {
		return nil, err
	}
	return NewSelector(ps), nil
}

// sameServers compares two lists as sets keyed by id (stored lists come
// back in id order, merged ones in preset order).
func sameServers(a, b []Server) bool {
	if len(a) != len(b) {
		return false
	}
	byID := func(l []Server) []Server {
		c := append([]Server(nil), l...)
		sort.SliceStable(c, func(i, j int) bool { return c[i].ID < c[j].ID })
		return c
	}
	return reflect.DeepEqual(byID(a), byID(b))
}
