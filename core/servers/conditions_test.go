package servers

import (
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func TestReviewDeadline(t *testing.T) {
	cases := []struct {
		name     string
		notified time.Time
		ok       bool
		deadline time.Time
	}{
		{"notified on publication", t0, true, t0.Add(31 * Day)},
		{"notified after 13 days", t0.Add(13 * Day), true, t0.Add(44 * Day)},
		{"one second before 14 days", t0.Add(14*Day - time.Second), true, t0.Add(45*Day - time.Second)},
		{"exactly 14 days: required now", t0.Add(14 * Day), false, time.Time{}},
		{"notified after 30 days: required now", t0.Add(30 * Day), false, time.Time{}},
		{"clock before publication still gets a deadline", t0.Add(-Day), true, t0.Add(30 * Day)},
	}
	for _, c := range cases {
		d, ok := ReviewDeadline(t0, c.notified)
		if ok != c.ok || !d.Equal(c.deadline) {
			t.Errorf("%s: %v %v, want %v %v", c.name, d, ok, c.deadline, c.ok)
		}
	}
}

func TestAcceptanceFor(t *testing.T) {
	cur := Conditions{Commit: "new", CreatedAt: t0}
	notified := cur
	notified.NotifiedAt = t0.Add(2 * Day)
	acc := t0.Add(time.Hour)
	cases := []struct {
		name string
		recs []AcceptanceRecord
		c    Conditions
		now  time.Time
		want Acceptance
	}{
		{"never accepted: required now", nil, cur, t0, Acceptance{}},
		{"accepted current", []AcceptanceRecord{{Commit: "old"}, {Commit: "new", AcceptedAt: acc}}, cur, t0, Acceptance{Accepted: true, AcceptedAt: acc}},
		{"auto accepted", []AcceptanceRecord{{Commit: "new", AutoAccepted: true}}, cur, t0, Acceptance{Accepted: true, AutoAccepted: true}},
		{"accepted previous, not notified: deadline from now", []AcceptanceRecord{{Commit: "old"}}, cur, t0.Add(Day), Acceptance{Deadline: t0.Add(32 * Day)}},
		{"accepted previous, notified: deadline from notice", []AcceptanceRecord{{Commit: "old"}}, notified, t0.Add(10 * Day), Acceptance{Deadline: t0.Add(33 * Day)}},
		{"accepted previous, too late: required", []AcceptanceRecord{{Commit: "old"}}, cur, t0.Add(20 * Day), Acceptance{}},
	}
	for _, c := range cases {
		if got := acceptanceFor(c.recs, c.c, c.now); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestConditionsAction(t *testing.T) {
	accepted := Acceptance{Accepted: true}
	a := Operator{ID: 1, TradeName: "A", Enabled: true, Acceptance: accepted}
	b := Operator{ID: 2, TradeName: "B", Enabled: true}
	off := Operator{ID: 3, TradeName: "Off", Acceptance: accepted}
	offPending := Operator{ID: 4, TradeName: "OffPending"}
	c := Conditions{Commit: "x", CreatedAt: t0}
	cn := c
	cn.NotifiedAt = t0.Add(Day)
	cases := []struct {
		name   string
		ops    []Operator
		c      Conditions
		now    time.Time
		kind   ActionKind
		ids    []int64
		dl     time.Time
		hasDL  bool
		notice bool
	}{
		{"no operator enabled", []Operator{off, offPending}, c, t0, ActionNone, nil, time.Time{}, false, false},
		{"all enabled accepted: lists every accepted", []Operator{a, off, offPending}, c, t0, ActionAccepted, []int64{1, 3}, time.Time{}, false, false},
		{"review, not notified", []Operator{a, b, offPending}, c, t0.Add(Day), ActionReview, []int64{2}, t0.Add(32 * Day), true, true},
		{"review, notified", []Operator{a, b}, cn, t0.Add(5 * Day), ActionReview, []int64{2}, t0.Add(32 * Day), true, false},
		{"review too late: required", []Operator{b}, c, t0.Add(15 * Day), ActionReview, []int64{2}, time.Time{}, false, true},
	}
	for _, tc := range cases {
		got := Action(tc.ops, tc.c, tc.now)
		var ids []int64
		for _, o := range got.Operators {
			ids = append(ids, o.ID)
		}
		if got.Kind != tc.kind || !equalIDs(ids, tc.ids) || !got.Deadline.Equal(tc.dl) || got.HasDeadline != tc.hasDL || got.ShowNotice != tc.notice {
			t.Errorf("%s: %+v (ids %v)", tc.name, got, ids)
		}
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestConditionsToAdd(t *testing.T) {
	v := ConditionsVersion{Commit: "cur", PreviousCommit: "prev"}
	commits := func(cs []Conditions) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Commit)
		}
		return strings.Join(s, ",")
	}
	cases := []struct {
		name   string
		newIns bool
		stored []Conditions
		want   string
	}{
		{"new install", true, nil, "cur"},
		{"install older than conditions", false, nil, "prev,cur"},
		{"up to date", false, []Conditions{{Commit: "prev"}, {Commit: "cur"}}, ""},
		{"app update with new conditions", false, []Conditions{{Commit: "prev"}}, "cur"},
	}
	for _, c := range cases {
		got := ConditionsToAdd(v, c.newIns, t0, c.stored)
		if commits(got) != c.want {
			t.Errorf("%s: %q, want %q", c.name, commits(got), c.want)
		}
		for _, g := range got {
			if !g.CreatedAt.Equal(t0) || !g.NotifiedAt.IsZero() {
				t.Errorf("%s: %+v", c.name, g)
			}
		}
	}
}

func TestConditionsNotAcceptedMessage(t *testing.T) {
	e := &ConditionsNotAcceptedError{Operators: []Operator{{TradeName: "Flux"}}}
	if e.Error() != "servers: accept the conditions of use of Flux before enabling it" {
		t.Fatal(e.Error())
	}
}
