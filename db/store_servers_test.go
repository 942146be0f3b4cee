package db

import (
	"context"
	"reflect"
	"testing"
	"time"
)

func TestServerStoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	d := mustOpen(t, t.TempDir(), newKeyFile(t))
	defer d.Close()
	s := d.Servers()
	now := time.UnixMilli(1_700_000_000_000)
	p := &Profile{DisplayName: "alice"}
	if err := d.Profiles().Create(ctx, p, now); err != nil {
		t.Fatal(err)
	}
	op := OperatorRow{Tag: "simplex", Name: "SimpleX Chat", LegalName: "SimpleX Chat Ltd", Domains: []string{"simplex.im", "x.org"},
		Enabled: true, SMPStorage: true, SMPProxy: true, XFTPStorage: true}
	if err := s.PutOperator(ctx, &op); err != nil || op.ID == 0 {
		t.Fatal(op.ID, err)
	}
	id := op.ID
	op.Enabled, op.Name = false, "SimpleX"
	if err := s.PutOperator(ctx, &op); err != nil || op.ID != id {
		t.Fatalf("upsert changed id %d→%d %v", id, op.ID, err)
	}
	ops, err := s.Operators(ctx)
	if err != nil || len(ops) != 1 || !reflect.DeepEqual(ops[0], op) {
		t.Fatalf("%+v %v", ops, err)
	}

	yes := true
	rows := []ServerRow{
		{OperatorID: id, Protocol: "smp", Address: "smp://a@h1", Preset: true, Enabled: true, Tested: &yes},
		{Protocol: "xftp", Address: "xftp://b:pw@h2", Deleted: true},
	}
	if err := s.ReplaceProfileServers(ctx, p.ID, rows); err != nil {
		t.Fatal(err)
	}
	got, err := s.ProfileServers(ctx, p.ID)
	if err != nil || !reflect.DeepEqual(got, rows) {
		t.Fatalf("got %+v\nwant %+v (%v)", got, rows, err)
	}
	if ids, err := s.ServerProfiles(ctx); err != nil || !reflect.DeepEqual(ids, []int64{p.ID}) {
		t.Fatal(ids, err)
	}
	if err := s.ReplaceProfileServers(ctx, p.ID, rows[1:]); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ProfileServers(ctx, p.ID); len(got) != 1 || got[0].Address != "xftp://b:pw@h2" || got[0].ID != rows[1].ID {
		t.Fatalf("replace: %+v", got)
	}

	c := ConditionsRow{Commit: "abc", CreatedAt: now}
	if err := s.AddConditions(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if err := s.SetConditionsNotified(ctx, c.ID, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// The first notification time sticks.
	if err := s.SetConditionsNotified(ctx, c.ID, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetConditionsNotified(ctx, 999, now); err != ErrNotFound {
		t.Fatalf("unknown conditions: %v", err)
	}
	cs, err := s.Conditions(ctx)
	if err != nil || len(cs) != 1 || !cs[0].NotifiedAt.Equal(now.Add(time.Hour)) || !cs[0].CreatedAt.Equal(now) {
		t.Fatalf("%+v %v", cs, err)
	}
	acc := []AcceptanceRow{{OperatorID: id, Commit: "abc", AcceptedAt: now}}
	if err := s.Accept(ctx, acc); err != nil {
		t.Fatal(err)
	}
	if err := s.Accept(ctx, []AcceptanceRow{{OperatorID: id, Commit: "abc", AutoAccepted: true}}); err != nil {
		t.Fatal(err)
	}
	as, err := s.Acceptances(ctx)
	if err != nil || len(as) != 1 || !as[0].AcceptedAt.Equal(now) || as[0].AutoAccepted {
		t.Fatalf("%+v %v", as, err)
	}
}

// Kept IDs survive a replace even when a new row would otherwise take one.
func TestReplaceProfileServersKeepsIDs(t *testing.T) {
	ctx := context.Background()
	d := mustOpen(t, t.TempDir(), newKeyFile(t))
	defer d.Close()
	s := d.Servers()
	a, b := &Profile{DisplayName: "a"}, &Profile{DisplayName: "b"}
	d.Profiles().Create(ctx, a, time.UnixMilli(1))
	d.Profiles().Create(ctx, b, time.UnixMilli(1))
	s.ReplaceProfileServers(ctx, b.ID, []ServerRow{{Protocol: "smp", Address: "smp://b@b"}})
	rows := []ServerRow{{Protocol: "smp", Address: "smp://x@1"}, {Protocol: "smp", Address: "smp://x@2"}}
	if err := s.ReplaceProfileServers(ctx, a.ID, rows); err != nil {
		t.Fatal(err)
	}
	next := []ServerRow{{Protocol: "smp", Address: "smp://x@new"}, rows[1]}
	if err := s.ReplaceProfileServers(ctx, a.ID, next); err != nil {
		t.Fatal(err)
	}
	if next[1].ID != rows[1].ID || next[0].ID == 0 || next[0].ID == rows[1].ID {
		t.Fatalf("ids %d %d (kept %d)", next[0].ID, next[1].ID, rows[1].ID)
	}
}
