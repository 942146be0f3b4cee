package chatapi

import (
	"strconv"
	"time"
)

// ChatType is the one-character prefix of a ChatRef.
type ChatType byte

const (
	ChatDirect     ChatType = '@' // a contact
	ChatGroup      ChatType = '#' // a group
	ChatLocal      ChatType = '*' // a note folder
	ChatConnection ChatType = ':' // a pending contact connection
)

// ChatRef names a chat by type and database id: "@12", "#3", "*1", ":7".
// A group may carry a support-chat scope: "#3(_support)" or
// "#3(_support:5)" (the member's support chat).
type ChatRef struct {
	Type ChatType
	ID   int64
	// Support is set for a group's support scope; SupportMember is the
	// member id inside it (0: the user's own support chat).
	Support       bool
	SupportMember int64
}

func (r ChatRef) String() string {
	s := string(rune(r.Type)) + strconv.FormatInt(r.ID, 10)
	if r.Support {
		s += "(_support"
		if r.SupportMember != 0 {
			s += ":" + strconv.FormatInt(r.SupportMember, 10)
		}
		s += ")"
	}
	return s
}

// chatRef reads a ChatRef; sendOnly limits it to '@' and '#' (upstream
// sendRefP: messages cannot be sent to a pending connection).
func (c *scanner) chatRef(sendOnly bool) (ChatRef, bool) {
	save := c.pos
	var r ChatRef
	switch {
	case c.lit("@"):
		r.Type = ChatDirect
	case c.lit("#"):
		r.Type = ChatGroup
	case !sendOnly && c.lit("*"):
		r.Type = ChatLocal
	case !sendOnly && c.lit(":"):
		r.Type = ChatConnection
	default:
		return r, false
	}
	id, ok := c.decimal()
	if !ok {
		c.pos = save
		return r, false
	}
	r.ID = id
	if r.Type == ChatGroup && c.lit("(_support") {
		r.Support = true
		if c.lit(":") {
			if r.SupportMember, ok = c.decimal(); !ok {
				c.pos = save
				return r, false
			}
		}
		if !c.lit(")") {
			c.pos = save
			return r, false
		}
	}
	return r, true
}

// PageKind selects a chat page: the last N items, N after or before an
// item, N around an item, or the initial page (unread-centred).
type PageKind int

const (
	PageLast    PageKind = 1 // count=N
	PageAfter   PageKind = 2 // after=ID count=N
	PageBefore  PageKind = 3 // before=ID count=N
	PageAround  PageKind = 4 // around=ID count=N
	PageInitial PageKind = 5 // initial=N
)

// Pagination is upstream ChatPagination.
type Pagination struct {
	Kind  PageKind
	Item  int64 // after/before/around
	Count int64
}

func (p Pagination) String() string {
	n := strconv.FormatInt(p.Count, 10)
	id := strconv.FormatInt(p.Item, 10)
	switch p.Kind {
	case PageAfter:
		return "after=" + id + " count=" + n
	case PageBefore:
		return "before=" + id + " count=" + n
	case PageAround:
		return "around=" + id + " count=" + n
	case PageInitial:
		return "initial=" + n
	}
	return "count=" + n
}

func (c *scanner) pagination() (Pagination, bool) {
	save := c.pos
	withItem := func(k PageKind) (Pagination, bool) {
		id, ok := c.decimal()
		if ok && c.lit(" count=") {
			if n, ok := c.decimal(); ok {
				return Pagination{Kind: k, Item: id, Count: n}, true
			}
		}
		c.pos = save
		return Pagination{}, false
	}
	switch {
	case c.lit("count="):
		if n, ok := c.decimal(); ok {
			return Pagination{Kind: PageLast, Count: n}, true
		}
	case c.lit("after="):
		return withItem(PageAfter)
	case c.lit("before="):
		return withItem(PageBefore)
	case c.lit("around="):
		return withItem(PageAround)
	case c.lit("initial="):
		if n, ok := c.decimal(); ok {
			return Pagination{Kind: PageInitial, Count: n}, true
		}
	}
	c.pos = save
	return Pagination{}, false
}

// TimePage is upstream PaginationByTime, used by "/_get chats": the last
// N chats, or N chats updated after/before a time.
type TimePage struct {
	Kind  PageKind // PageLast, PageAfter or PageBefore
	Time  time.Time
	Count int64
}

func (p TimePage) String() string {
	n := strconv.FormatInt(p.Count, 10)
	switch p.Kind {
	case PageAfter:
		return "after=" + formatTime(p.Time) + " count=" + n
	case PageBefore:
		return "before=" + formatTime(p.Time) + " count=" + n
	}
	return "count=" + n
}

// formatTime writes UTC ISO 8601 with as many fraction digits as needed,
// as Haskell's UTCTime show/JSON does.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func (c *scanner) timePage() (TimePage, bool) {
	save := c.pos
	withTime := func(k PageKind) (TimePage, bool) {
		tok, ok := c.token()
		if ok {
			t, err := time.Parse(time.RFC3339Nano, tok)
			if err == nil && c.lit(" count=") {
				if n, ok := c.decimal(); ok {
					return TimePage{Kind: k, Time: t.UTC(), Count: n}, true
				}
			}
		}
		c.pos = save
		return TimePage{}, false
	}
	switch {
	case c.lit("count="):
		if n, ok := c.decimal(); ok {
			return TimePage{Kind: PageLast, Count: n}, true
		}
	case c.lit("after="):
		return withTime(PageAfter)
	case c.lit("before="):
		return withTime(PageBefore)
	}
	c.pos = save
	return TimePage{}, false
}
