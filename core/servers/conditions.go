package servers

import (
	"fmt"
	"strings"
	"time"
)

// Day is 24 hours (upstream nominalDay; conditions arithmetic ignores DST).
const Day = 24 * time.Hour

const (
	// NoticeWindow: a user first notified within this long after the
	// conditions were published gets a review period.
	NoticeWindow = 14 * Day
	// ReviewPeriod: how long after the notice the conditions are
	// accepted automatically.
	ReviewPeriod = 31 * Day
)

// Conditions is one stored version of the usage conditions.
type Conditions struct {
	ID         int64
	Commit     string
	NotifiedAt time.Time // zero: the notice has not been shown
	CreatedAt  time.Time
}

// ReviewDeadline is upstream's conditionsRequiredOrDeadline: when the user
// was notified (or, not yet notified, now) within NoticeWindow of the
// conditions' creation, they have ReviewPeriod from that moment; otherwise
// there is no deadline (ok false) and acceptance is required now.
func ReviewDeadline(createdAt, notifiedOrNow time.Time) (deadline time.Time, ok bool) {
	if notifiedOrNow.Before(createdAt.Add(NoticeWindow)) {
		return notifiedOrNow.Add(ReviewPeriod), true
	}
	return time.Time{}, false
}

// acceptanceFor computes an operator's state for the current conditions
// from its acceptance records: accepted if it accepted this version;
// otherwise, if it accepted an earlier one, it gets the review deadline;
// an operator that never accepted has no deadline (required).
func acceptanceFor(records []AcceptanceRecord, cur Conditions, now time.Time) Acceptance {
	accepted := false
	for _, a := range records {
		if a.Commit == cur.Commit {
			return Acceptance{Accepted: true, AcceptedAt: a.AcceptedAt, AutoAccepted: a.AutoAccepted}
		}
		accepted = true
	}
	if !accepted {
		return Acceptance{}
	}
	at := cur.NotifiedAt
	if at.IsZero() {
		at = now
	}
	d, _ := ReviewDeadline(cur.CreatedAt, at)
	return Acceptance{Deadline: d}
}

// AcceptanceRecord is one operator's acceptance of one conditions version.
type AcceptanceRecord struct {
	OperatorID   int64
	Commit       string
	AcceptedAt   time.Time
	AutoAccepted bool
}

// ActionKind is what the UI should do about the conditions.
type ActionKind int

const (
	ActionNone     ActionKind = 0 // no operator enabled
	ActionAccepted ActionKind = 1 // every enabled operator accepted
	ActionReview   ActionKind = 2 // some enabled operators must review
)

// ConditionsAction is upstream's UsageConditionsAction.
type ConditionsAction struct {
	Kind ActionKind
	// Accepted: the operators that accepted; Review: the enabled operators
	// that have not.
	Operators []Operator
	// Review only: the deadline; HasDeadline false means accept now.
	Deadline    time.Time
	HasDeadline bool
	ShowNotice  bool // the notice has not been shown yet
}

// Action decides what the user must do about conditions c.
func Action(ops []Operator, c Conditions, now time.Time) ConditionsAction {
	var enabled, pending, accepted []Operator
	for _, o := range ops {
		if o.Acceptance.Accepted {
			accepted = append(accepted, o)
		}
		if o.Enabled {
			enabled = append(enabled, o)
			if !o.Acceptance.Accepted {
				pending = append(pending, o)
			}
		}
	}
	switch {
	case len(enabled) == 0:
		return ConditionsAction{Kind: ActionNone}
	case len(pending) == 0:
		return ConditionsAction{Kind: ActionAccepted, Operators: accepted}
	}
	at := c.NotifiedAt
	if at.IsZero() {
		at = now
	}
	d, ok := ReviewDeadline(c.CreatedAt, at)
	return ConditionsAction{Kind: ActionReview, Operators: pending, Deadline: d, HasDeadline: ok, ShowNotice: c.NotifiedAt.IsZero()}
}

// ConditionsToAdd is upstream's usageConditionsToAdd: the conditions
// versions to store, given those stored. A new install stores only the
// current version; an install that predates conditions stores the previous
// and the current one (the previous counts as accepted by the first
// operator); otherwise the current version is added when missing.
func ConditionsToAdd(v ConditionsVersion, newInstall bool, now time.Time, stored []Conditions) []Conditions {
	cur := Conditions{Commit: v.Commit, CreatedAt: now}
	if len(stored) == 0 {
		if newInstall || v.PreviousCommit == "" {
			return []Conditions{cur}
		}
		return []Conditions{{Commit: v.PreviousCommit, CreatedAt: now}, cur}
	}
	for _, c := range stored {
		if c.Commit == v.Commit {
			return nil
		}
	}
	return []Conditions{cur}
}

// ConditionsNotAcceptedError: enabling these operators needs their
// conditions accepted first. The UI turns it into the conditions sheet
// ("accept and enable?"), then calls AcceptConditions and retries.
type ConditionsNotAcceptedError struct {
	Operators []Operator
}

func (e *ConditionsNotAcceptedError) Error() string {
	var names []string
	for _, o := range e.Operators {
		names = append(names, o.TradeName)
	}
	return fmt.Sprintf("servers: accept the conditions of use of %s before enabling it", strings.Join(names, ", "))
}
