package servers

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"duplex/db"
)

type env struct {
	t   *testing.T
	dir string
	key db.Key
	d   *db.DB
}

func newEnv(t *testing.T) *env {
	e := &env{t: t, dir: filepath.Join(t.TempDir(), "data")}
	kp := filepath.Join(t.TempDir(), "key")
	if err := db.WriteKeyFile(kp, rand.Reader); err != nil {
		t.Fatal(err)
	}
	e.key = db.KeyFromFile(kp)
	e.reopen()
	t.Cleanup(func() { e.d.Close() })
	return e
}

func (e *env) reopen() {
	if e.d != nil {
		e.d.Close()
	}
	d, err := db.Open(e.dir, db.Options{Key: e.key})
	if err != nil {
		e.t.Fatal(err)
	}
	e.d = d
}

func (e *env) profile(name string) int64 {
	p := &db.Profile{DisplayName: name}
	if err := e.d.Profiles().Create(context.Background(), p, t0); err != nil {
		e.t.Fatal(err)
	}
	return p.ID
}

func mustPresets(t *testing.T) *Presets {
	p, err := DefaultPresets()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func opByTag(ps *ProfileServers, tag string) *Operator {
	for i := range ps.Operators {
		if ps.Operators[i].Tag == tag {
			return &ps.Operators[i]
		}
	}
	return nil
}

func TestManagerPersistsAcrossRestarts(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	p := mustPresets(t)
	m, err := Open(ctx, e.d, p, seeded(30), t0)
	if err != nil {
		t.Fatal(err)
	}
	alice := e.profile("alice")
	if err := m.InitProfile(ctx, alice, t0); err != nil {
		t.Fatal(err)
	}
	ps, err := m.Load(ctx, alice, t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.SMP) != 11+3+6 || len(ps.XFTP) != 12 {
		t.Fatalf("%d SMP, %d XFTP servers", len(ps.SMP), len(ps.XFTP))
	}
	count := func(list []Server, tag string) int {
		n := 0
		for _, s := range list {
			if s.Enabled && OperatorOf(ps.Operators, s.Address.Server).Tag == tag {
				n++
			}
		}
		return n
	}
	if count(ps.SMP, "simplex") != 4 || count(ps.SMP, "flux") != 3 || count(ps.XFTP, "simplex") != 3 || count(ps.XFTP, "flux") != 3 {
		t.Fatal("random subset counts")
	}
	if sx := opByTag(ps, "simplex"); !sx.Enabled || sx.LegalName != "SimpleX Chat Ltd" || sx.ID == 0 {
		t.Fatalf("%+v", sx)
	}
	if fx := opByTag(ps, "flux"); fx.Enabled || fx.SMPRoles != (Roles{Proxy: true}) {
		t.Fatalf("%+v", fx)
	}
	// Flux is off: only SimpleX servers are picked.
	sel := NewSelector(ps)
	for i := 0; i < 30; i++ {
		s, err := sel.PickSMPStorage(nil, seeded(uint64(i)))
		if err != nil || OperatorOf(ps.Operators, s).Tag != "simplex" {
			t.Fatal(s, err)
		}
	}

	// The user turns a server off; a restart with different randomness keeps
	// the subset and the user's change, and a new profile gets the same subset.
	for i := range ps.SMP {
		if ps.SMP[i].Enabled {
			ps.SMP[i].Enabled = false
			break
		}
	}
	if err := m.Save(ctx, alice, ps, t0); err != nil {
		t.Fatal(err)
	}
	before, _ := m.Load(ctx, alice, t0)
	e.reopen()
	m2, err := Open(ctx, e.d, p, seeded(31), t0.Add(Day))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m2.Choice(), m.Choice()) {
		t.Fatal("subset changed on restart")
	}
	after, err := m2.Load(ctx, alice, t0)
	if err != nil || !reflect.DeepEqual(after, before) {
		t.Fatalf("servers changed on restart: %v", err)
	}
	bob := e.profile("bob")
	if err := m2.InitProfile(ctx, bob, t0); err != nil {
		t.Fatal(err)
	}
	bs, _ := m2.Load(ctx, bob, t0)
	if !reflect.DeepEqual(enabledHosts(bs.SMP), enabledHosts(mustNew(t, p, m.Choice()))) {
		t.Fatal("new profile does not start from the install's subset")
	}
	if sel, err := m2.Selector(ctx, bob, t0); err != nil || sel == nil {
		t.Fatal(err)
	}
}

func mustNew(t *testing.T, p *Presets, c Choice) []Server {
	s, _ := NewProfileServers(p, c)
	return s
}

func TestManagerConditionsAndEnabling(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	p := mustPresets(t)
	m, err := Open(ctx, e.d, p, seeded(40), t0)
	if err != nil {
		t.Fatal(err)
	}
	alice := e.profile("alice")
	m.InitProfile(ctx, alice, t0)
	act, cur, err := m.ConditionsAction(ctx, t0)
	if err != nil || cur.Commit != p.Conditions.Commit {
		t.Fatal(err, cur)
	}
	// New install: SimpleX is enabled and needs review (onboarding shows the
	// conditions). The action carries the 31-day notice deadline as upstream,
	// but an operator that never accepted is never auto-accepted.
	if act.Kind != ActionReview || !act.Deadline.Equal(t0.Add(31*Day)) || len(act.Operators) != 1 || act.Operators[0].Tag != "simplex" || !act.ShowNotice {
		t.Fatalf("%+v", act)
	}
	if done, _ := m.AutoAccept(ctx, t0.Add(60*Day)); len(done) != 0 {
		t.Fatal("never-accepted operator auto-accepted")
	}
	ps, _ := m.Load(ctx, alice, t0)
	sx, fx := opByTag(ps, "simplex").ID, opByTag(ps, "flux").ID
	if err := m.AcceptConditions(ctx, cur.ID, []int64{sx}, t0); err != nil {
		t.Fatal(err)
	}
	if act, _, _ := m.ConditionsAction(ctx, t0); act.Kind != ActionAccepted {
		t.Fatalf("%+v", act)
	}

	// Enabling Flux asks first.
	var na *ConditionsNotAcceptedError
	if err := m.SetOperatorEnabled(ctx, alice, fx, true, t0); !errors.As(err, &na) || na.Operators[0].Tag != "flux" {
		t.Fatalf("enable without conditions: %v", err)
	}
	if err := m.AcceptConditions(ctx, cur.ID, []int64{fx}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := m.SetOperatorEnabled(ctx, alice, fx, true, t0); err != nil {
		t.Fatal(err)
	}
	ps, _ = m.Load(ctx, alice, t0)
	if f := opByTag(ps, "flux"); !f.Enabled || !f.Acceptance.Accepted || !f.Acceptance.AcceptedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("%+v", f)
	}
	// Joining a link on a SimpleX server: my queue goes to... SimpleX still
	// (Flux has no storage role), but the proxy for a SimpleX destination is Flux.
	sel := NewSelector(ps)
	var dest = ps.SMP[0].Address.Server
	for _, s := range ps.SMP {
		if s.Enabled && OperatorOf(ps.Operators, s.Address.Server).Tag == "simplex" {
			dest = s.Address.Server // a destination I use myself, so attributed to SimpleX
		}
	}
	for i := 0; i < 20; i++ {
		px, err := sel.PickSMPProxy(dest, seeded(uint64(i)))
		if err != nil || OperatorOf(ps.Operators, px).Tag != "flux" {
			t.Fatal(px, err)
		}
	}
	// Turning SimpleX off leaves no storage role: refused with a clear reason.
	err = m.SetOperatorEnabled(ctx, alice, sx, false, t0)
	var probs Problems
	if !errors.As(err, &probs) || probs[0].Kind != StorageMissing {
		t.Fatalf("%v", err)
	}
	if err := m.AcceptConditions(ctx, 999, []int64{sx}, t0); err == nil {
		t.Fatal("unknown conditions accepted")
	}
	if err := m.AcceptConditions(ctx, cur.ID, []int64{999}, t0); err == nil {
		t.Fatal("unknown operator accepted")
	}
}

// An app update ships new conditions: operators that accepted the old ones
// get 31 days from the notice, then are accepted automatically.
func TestManagerConditionsUpdateDeadline(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	p := mustPresets(t)
	m, _ := Open(ctx, e.d, p, seeded(50), t0)
	alice := e.profile("alice")
	m.InitProfile(ctx, alice, t0)
	cur, _ := m.CurrentConditions(ctx)
	ops, _ := m.Operators(ctx, t0)
	m.AcceptConditions(ctx, cur.ID, []int64{ops[0].ID}, t0)

	p2 := *p
	p2.Conditions = ConditionsVersion{Commit: "next", PreviousCommit: p.Conditions.Commit}
	upd := t0.Add(100 * Day)
	m2, err := Open(ctx, e.d, &p2, seeded(51), upd)
	if err != nil {
		t.Fatal(err)
	}
	act, c2, _ := m2.ConditionsAction(ctx, upd.Add(3*Day))
	if act.Kind != ActionReview || !act.HasDeadline || !act.Deadline.Equal(upd.Add(34*Day)) || !act.ShowNotice {
		t.Fatalf("before notice: %+v", act)
	}
	if err := m2.SetConditionsNotified(ctx, c2.ID, upd.Add(Day)); err != nil {
		t.Fatal(err)
	}
	act, _, _ = m2.ConditionsAction(ctx, upd.Add(3*Day))
	if !act.Deadline.Equal(upd.Add(32*Day)) || act.ShowNotice {
		t.Fatalf("after notice: %+v", act)
	}
	if done, err := m2.AutoAccept(ctx, upd.Add(32*Day-time.Second)); err != nil || len(done) != 0 {
		t.Fatal("accepted before the deadline", done, err)
	}
	// The next start after the deadline accepts automatically.
	if _, err := Open(ctx, e.d, &p2, seeded(52), upd.Add(40*Day)); err != nil {
		t.Fatal(err)
	}
	ops, _ = m2.Operators(ctx, upd.Add(40*Day))
	a := opByTag(&ProfileServers{Operators: ops}, "simplex").Acceptance
	if !a.Accepted || !a.AutoAccepted || !a.AcceptedAt.Equal(upd.Add(32*Day)) {
		t.Fatalf("%+v", a)
	}
	// Flux (disabled, never accepted) is not auto-accepted.
	if opByTag(&ProfileServers{Operators: ops}, "flux").Acceptance.Accepted {
		t.Fatal("disabled operator auto-accepted")
	}
}

// An upgrade from a smaller preset list: server ids, the user's flags and
// the chosen servers survive; new presets are added and the subset topped up.
func TestManagerUpgradeKeepsIDsAndChoices(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	small, err := LoadPresets(mustOpenFile(t, "testdata/presets-excerpt.txt"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Open(ctx, e.d, small, seeded(60), t0)
	if err != nil {
		t.Fatal(err)
	}
	alice, bob := e.profile("alice"), e.profile("bob")
	m.InitProfile(ctx, alice, t0)
	m.InitProfile(ctx, bob, t0)
	ps, _ := m.Load(ctx, alice, t0)
	if len(m.Choice()["simplex.smp"]) != 2 {
		t.Fatalf("excerpt subset %v", m.Choice())
	}
	ps.SMP[0].Enabled = false // user's choice
	ps.SMP = append(ps.SMP, srv(t, SMP, "own.example.net", true))
	if err := m.Save(ctx, alice, ps, t0); err != nil {
		t.Fatal(err)
	}
	before, _ := m.Load(ctx, alice, t0)
	ids := map[string]int64{}
	for _, s := range before.SMP {
		ids[s.Address.String()] = s.ID
	}

	e.reopen()
	m2, err := Open(ctx, e.d, mustPresets(t), seeded(61), t0.Add(Day))
	if err != nil {
		t.Fatal(err)
	}
	for _, old := range m.Choice()["simplex.smp"] {
		if !m2.Choice().Has("simplex", SMP, old) {
			t.Errorf("chosen server %s dropped on upgrade", old)
		}
	}
	if len(m2.Choice()["simplex.smp"]) != 4 {
		t.Fatalf("subset not topped up: %v", m2.Choice()["simplex.smp"])
	}
	after, _ := m2.Load(ctx, alice, t0)
	if len(after.SMP) != 11+3+6+1 {
		t.Fatalf("%d SMP servers after upgrade", len(after.SMP))
	}
	for _, s := range after.SMP {
		if id, ok := ids[s.Address.String()]; ok && id != s.ID {
			t.Errorf("%s: id %d → %d", s.Address.Hosts[0], id, s.ID)
		}
		if s.Address.String() == before.SMP[0].Address.String() && s.Enabled {
			t.Error("user's disabled server re-enabled")
		}
	}
	if hostsOf(after.SMP)["own.example.net"].Preset {
		t.Error("custom server lost")
	}
}

func mustOpenFile(t *testing.T, name string) *os.File {
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestSameServersIgnoresOrder(t *testing.T) {
	a := []Server{srv(t, SMP, "a.im", true), srv(t, SMP, "b.com", true)}
	a[0].ID, a[1].ID = 2, 1
	b := []Server{a[1], a[0]}
	if !sameServers(a, b) {
		t.Fatal("order matters")
	}
	b[0].Enabled = false
	if sameServers(a, b) || sameServers(a, b[:1]) {
		t.Fatal("difference missed")
	}
}
