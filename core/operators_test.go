package core

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"duplex/core/api"
	"duplex/core/servers"
	"duplex/db"
)

// clockedProfile opens a store on clk's clock with one profile.
func clockedProfile(t *testing.T, clk *clock) (*Local, api.ProfileID) {
	t.Helper()
	c := openCore(t, t.TempDir(), func(o *Options) { o.Now = clk.Now })
	bg := context.Background()
	if err := c.CreateStorage(bg, api.ProtectionPassphrase, "pw"); err != nil {
		t.Fatal(err)
	}
	p, err := c.CreateProfile(bg, api.NewProfile{DisplayName: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	return c, p.ID
}

func opTagged(t *testing.T, ops []api.Operator, tag string) api.Operator {
	t.Helper()
	for _, o := range ops {
		if o.Tag == tag {
			return o
		}
	}
	t.Fatalf("no operator %s in %+v", tag, ops)
	return api.Operator{}
}

func TestOperatorMethodsLockedAndClosed(t *testing.T) {
	bg := context.Background()
	c := openCore(t, t.TempDir())
	if _, err := c.Operators(bg, 1); !errors.Is(err, api.ErrLocked) {
		t.Fatalf("Operators before storage: %v", err)
	}
	if _, err := c.Conditions(bg); !errors.Is(err, api.ErrLocked) {
		t.Fatalf("Conditions before storage: %v", err)
	}
	if _, err := c.Network(bg); !errors.Is(err, api.ErrLocked) {
		t.Fatalf("Network before storage: %v", err)
	}
	c.Close()
	if err := c.AcceptConditions(bg, 1, 1); !errors.Is(err, api.ErrClosed) {
		t.Fatalf("AcceptConditions after close: %v", err)
	}
	if err := c.SetNetwork(bg, api.DefaultNetwork()); !errors.Is(err, api.ErrClosed) {
		t.Fatalf("SetNetwork after close: %v", err)
	}
}

// A new install: SimpleX enabled but its conditions not yet accepted,
// Flux off; enabling Flux asks for its conditions first; roles are saved
// and reach the server list; a change that leaves no storage is refused.
func TestOperatorsEnableRolesConditions(t *testing.T) {
	bg := context.Background()
	t0 := time.Unix(1_800_000_000, 0)
	clk := &clock{t: t0}
	c, p := clockedProfile(t, clk)

	ops, err := c.Operators(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	sx, fx := opTagged(t, ops, "simplex"), opTagged(t, ops, "flux")
	if !sx.Enabled || sx.Name != "SimpleX Chat" || sx.SMP != (api.Roles{Storage: true, Proxy: true}) || sx.Conditions.State != api.ConditionsRequired {
		t.Fatalf("simplex: %+v", sx)
	}
	if fx.Enabled || fx.SMP != (api.Roles{Proxy: true}) || fx.Domains[0] != "simplexonflux.com" || fx.LegalName == "" {
		t.Fatalf("flux: %+v", fx)
	}

	info, err := c.Conditions(bg)
	if err != nil {
		t.Fatal(err)
	}
	// SimpleX never accepted any version: no automatic acceptance, so no
	// deadline is reported.
	if info.Action != api.ActionReview || len(info.Review) != 1 || info.Review[0] != sx.ID || !info.Deadline.IsZero() {
		t.Fatalf("new install conditions: %+v", info)
	}
	if info.Current.ID == 0 || info.Current.Commit == "" || !strings.Contains(info.Current.TextURL, info.Current.Commit) || !info.Current.CreatedAt.Equal(t0) {
		t.Fatalf("current conditions: %+v", info.Current)
	}

	// Enabling Flux: review and accept first.
	_, err = c.SetOperator(bg, p, fx.ID, true, fx.OperatorRoles)
	var na *api.ConditionsNotAcceptedError
	if !errors.As(err, &na) || na.Conditions != info.Current.ID || len(na.Operators) != 1 || na.Operators[0].ID != fx.ID {
		t.Fatalf("enable without conditions: %v", err)
	}
	if !strings.Contains(err.Error(), "Flux") || !strings.Contains(err.Error(), "accept") {
		t.Fatalf("message: %v", err)
	}
	if o := opTagged(t, must(c.Operators(bg, p)), "flux"); o.Enabled {
		t.Fatal("flux enabled by a refused call")
	}
	clk.Add(time.Hour)
	if err := c.AcceptConditions(bg, info.Current.ID, fx.ID, sx.ID); err != nil {
		t.Fatal(err)
	}
	roles := api.OperatorRoles{SMP: api.Roles{Storage: true, Proxy: true}, XFTP: api.Roles{Proxy: true}}
	got, err := c.SetOperator(bg, p, fx.ID, true, roles)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Enabled || got.OperatorRoles != roles || got.Conditions.State != api.ConditionsAccepted || got.Conditions.Auto ||
		!got.Conditions.AcceptedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("flux after enabling: %+v", got)
	}
	if info, _ := c.Conditions(bg); info.Action != api.ActionAccepted || len(info.Review) != 0 {
		t.Fatalf("after accepting: %+v", info)
	}
	// The roles are what the server list reports for Flux's servers.
	fluxStorage := false
	for _, s := range mustServers(t, c, p) {
		if s.Operator == "Flux" && s.Protocol == "smp" && s.Storage && s.Proxy {
			fluxStorage = true
		}
		if s.Operator == "Flux" && s.Protocol == "xftp" && s.Storage {
			t.Fatalf("flux XFTP storage without the role: %+v", s)
		}
	}
	if !fluxStorage {
		t.Fatal("no Flux SMP server with the storage role")
	}

	// SimpleX off: Flux stores SMP queues but not files, so this is refused.
	_, err = c.SetOperator(bg, p, sx.ID, false, sx.OperatorRoles)
	if err == nil || !strings.Contains(err.Error(), "SimpleX Chat") || !strings.Contains(err.Error(), "XFTP") {
		t.Fatalf("disabling the last XFTP storage: %v", err)
	}
	if o := opTagged(t, must(c.Operators(bg, p)), "simplex"); !o.Enabled {
		t.Fatal("refused change was saved")
	}
	if _, err := c.SetOperator(bg, p, 999, true, roles); err == nil {
		t.Fatal("unknown operator accepted")
	}
	if err := c.AcceptConditions(bg, 999, fx.ID); err == nil {
		t.Fatal("unknown conditions accepted")
	}
	if err := c.AcceptConditions(bg, info.Current.ID); err == nil {
		t.Fatal("accepting for no operator")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// An operator that accepted an earlier version of the conditions gets a
// review period from the first notice and is accepted automatically when
// it ends, on the core's clock, without a restart.
func TestConditionsDeadline(t *testing.T) {
	bg := context.Background()
	t0 := time.Unix(1_800_000_000, 0)
	clk := &clock{t: t0}
	c, p := clockedProfile(t, clk)
	sx := opTagged(t, must(c.Operators(bg, p)), "simplex")
	// The state an app update leaves: SimpleX accepted the previous text.
	c.mu.Lock()
	err := c.d.Servers().Accept(bg, []db.AcceptanceRow{{OperatorID: int64(sx.ID), Commit: "previous-commit", AcceptedAt: t0.Add(-100 * servers.Day)}})
	c.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	info := must(c.Conditions(bg))
	if s := opTagged(t, info.Operators, "simplex").Conditions; s.State != api.ConditionsDeadline || !s.Deadline.Equal(t0.Add(31*servers.Day)) {
		t.Fatalf("before notice: %+v", s)
	}
	clk.Add(servers.Day)
	if err := c.SetConditionsNotified(bg, info.Current.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.SetConditionsNotified(bg, info.Current.ID+1); err == nil {
		t.Fatal("notice of unknown conditions")
	}
	deadline := t0.Add(32 * servers.Day)
	clk.Add(20 * servers.Day) // the deadline no longer moves with the clock
	info = must(c.Conditions(bg))
	if s := opTagged(t, info.Operators, "simplex").Conditions; s.State != api.ConditionsDeadline || !s.Deadline.Equal(deadline) {
		t.Fatalf("after notice: %+v", s)
	}
	if info.Action != api.ActionReview || !info.Deadline.Equal(deadline) || info.Current.NotifiedAt.IsZero() {
		t.Fatalf("action: %+v", info)
	}
	clk.Add(deadline.Sub(clk.Now()) - time.Second)
	if s := opTagged(t, must(c.Operators(bg, p)), "simplex").Conditions; s.State != api.ConditionsDeadline {
		t.Fatalf("a second before the deadline: %+v", s)
	}
	clk.Add(2 * time.Second)
	s := opTagged(t, must(c.Operators(bg, p)), "simplex").Conditions
	if s.State != api.ConditionsAccepted || !s.Auto || !s.AcceptedAt.Equal(deadline) {
		t.Fatalf("after the deadline: %+v", s)
	}
	if info := must(c.Conditions(bg)); info.Action != api.ActionAccepted {
		t.Fatalf("action after the deadline: %+v", info)
	}
	// Flux never accepted anything: no deadline, required.
	if f := opTagged(t, must(c.Operators(bg, p)), "flux").Conditions; f.State != api.ConditionsRequired || !f.Deadline.IsZero() {
		t.Fatalf("flux: %+v", f)
	}
}

func TestSetOperatorFixedServers(t *testing.T) {
	bg := context.Background()
	c := openCore(t, t.TempDir(), func(o *Options) { o.Servers = []string{"smp://" + fpOf("r") + "@relay.example"} })
	if err := c.CreateStorage(bg, api.ProtectionPassphrase, "pw"); err != nil {
		t.Fatal(err)
	}
	p := must(c.CreateProfile(bg, api.NewProfile{DisplayName: "a"}))
	ops := must(c.Operators(bg, p.ID))
	if len(ops) != 2 {
		t.Fatalf("%+v", ops)
	}
	if _, err := c.SetOperator(bg, p.ID, ops[0].ID, true, ops[0].OperatorRoles); !errors.Is(err, errFixedServers) {
		t.Fatalf("fixed list: %v", err)
	}
}
