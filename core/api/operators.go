package api

import (
	"context"
	"strings"
	"time"
)

// OperatorID identifies a server operator within one core. Operators are
// global: every profile sees the same ones.
type OperatorID int64

// ConditionsID identifies one stored version of the usage conditions.
type ConditionsID int64

// Roles say what an operator's servers are used for. For SMP, Storage means
// new receive queues are created there and Proxy that they forward messages
// for private routing; for XFTP only Storage (file chunks) is used, Proxy is
// kept as the operator had it.
type Roles struct {
	Storage bool `json:"storage"`
	Proxy   bool `json:"proxy"`
}

// OperatorRoles are an operator's roles per protocol.
type OperatorRoles struct {
	SMP  Roles `json:"smpRoles"`
	XFTP Roles `json:"xftpRoles"`
}

// ConditionsState is an operator's standing with the current usage
// conditions. Wire numbers.
type ConditionsState int

const (
	// ConditionsRequired: not accepted and no review period; the operator
	// cannot be enabled until they are accepted.
	ConditionsRequired ConditionsState = 0
	// ConditionsAccepted: accepted (AcceptedAt, Auto).
	ConditionsAccepted ConditionsState = 1
	// ConditionsDeadline: an earlier version was accepted; the current one
	// is accepted automatically at Deadline unless the user acts first.
	ConditionsDeadline ConditionsState = 2
)

func (s ConditionsState) String() string {
	switch s {
	case ConditionsAccepted:
		return "accepted"
	case ConditionsDeadline:
		return "deadline"
	}
	return "required"
}

// ConditionsAcceptance is an operator's state for the current conditions.
type ConditionsAcceptance struct {
	State ConditionsState `json:"state"`
	// AcceptedAt is when they were accepted (zero: unknown, accepted before
	// times were recorded). Auto: accepted because the deadline passed.
	AcceptedAt time.Time `json:"acceptedAt,omitzero"`
	Auto       bool      `json:"auto,omitempty"`
	// Deadline is set when State is ConditionsDeadline.
	Deadline time.Time `json:"deadline,omitzero"`
}

// Operator is a server operator with the current state of its conditions.
type Operator struct {
	ID        OperatorID `json:"operatorId"`
	Tag       string     `json:"operatorTag"` // "simplex", "flux"
	Name      string     `json:"tradeName"`
	LegalName string     `json:"legalName,omitempty"`
	Domains   []string   `json:"serverDomains"`
	Enabled   bool       `json:"enabled"`
	OperatorRoles
	Conditions ConditionsAcceptance `json:"conditionsAcceptance"`
}

// Conditions is one version of the usage conditions.
type Conditions struct {
	ID ConditionsID `json:"conditionsId"`
	// Commit is the git commit of the conditions text in the SimpleX Chat
	// repository; TextURL points at the text of that commit.
	Commit  string `json:"conditionsCommit"`
	TextURL string `json:"textUrl"`
	// NotifiedAt: when the user was first shown the notice (zero: never).
	NotifiedAt time.Time `json:"notifiedAt,omitzero"`
	CreatedAt  time.Time `json:"createdAt"`
}

// ConditionsAction is what the UI should do about the conditions. Wire
// numbers.
type ConditionsAction int

const (
	// ActionNone: no operator is enabled, nothing to show.
	ActionNone ConditionsAction = 0
	// ActionAccepted: every enabled operator accepted.
	ActionAccepted ConditionsAction = 1
	// ActionReview: some enabled operators have not (see Review, Deadline).
	ActionReview ConditionsAction = 2
)

// ConditionsInfo is the current conditions and where every operator stands.
type ConditionsInfo struct {
	Current Conditions       `json:"conditions"`
	Action  ConditionsAction `json:"action"`
	// Review: the enabled operators that must accept (ActionReview).
	Review []OperatorID `json:"review,omitempty"`
	// Deadline: ActionReview where every operator under review will be
	// accepted automatically then (it accepted an earlier version); zero
	// means they are to be accepted now.
	Deadline  time.Time  `json:"deadline,omitzero"`
	Operators []Operator `json:"operators"`
}

// ConditionsNotAcceptedError is returned when enabling operators whose
// conditions are not accepted. The UI shows the conditions ("review and
// accept first"), calls AcceptConditions and retries.
type ConditionsNotAcceptedError struct {
	Conditions ConditionsID
	Operators  []Operator
}

func (e *ConditionsNotAcceptedError) Error() string {
	var names []string
	for _, o := range e.Operators {
		names = append(names, o.Name)
	}
	return "review and accept the conditions of use of " + strings.Join(names, ", ") + " first"
}

// OperatorClient manages the server operators and their usage conditions.
type OperatorClient interface {
	// Operators lists the operators as profile p sees them (they are global;
	// p is the profile whose servers a change is checked against).
	Operators(ctx context.Context, p ProfileID) ([]Operator, error)
	// SetOperator switches an operator on or off and sets its roles, for
	// every profile. Enabling one whose conditions are not accepted returns
	// *ConditionsNotAcceptedError; a change that leaves profile p (or
	// another) without servers for a role is refused with the reason.
	SetOperator(ctx context.Context, p ProfileID, id OperatorID, enabled bool, roles OperatorRoles) (Operator, error)
	// Conditions returns the current conditions and every operator's state.
	// Deadlines that passed are applied first (accepted automatically).
	Conditions(ctx context.Context) (ConditionsInfo, error)
	// SetConditionsNotified records that the notice of conditions id was
	// shown to the user. The review deadline counts from the first notice;
	// until then it moves with the clock, so the UI calls this when it
	// shows the notice.
	SetConditionsNotified(ctx context.Context, id ConditionsID) error
	// AcceptConditions accepts conditions id for the operators ops.
	// Accepting does not enable an operator.
	AcceptConditions(ctx context.Context, id ConditionsID, ops ...OperatorID) error
}
