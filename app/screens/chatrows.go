package screens

import (
	"slices"
	"strings"
	"time"

	"duplex/app/widgets"
	"duplex/core/api"
)

// RowKind is what a chat list row stands for.
type RowKind int

const (
	RowChat    RowKind = iota // a contact's chat
	RowPending                // a one-time link nobody used yet, or one we used
	RowRequest                // someone asked to connect via our address
	RowMessage                // a message found by the search box (Item)
)

// ChatRow is one row of the chat list, ready to draw.
type ChatRow struct {
	Kind    RowKind
	Contact api.ContactID
	Pending api.PendingID
	Request api.RequestID
	Name    string
	Image   string // data URI or empty
	Preview string
	Time    time.Time
	Unread  int
	Tick    string // delivery mark of my last message, "" when the last is theirs
	Muted   bool
	// FirstUnread is the oldest unread item of a chat (0: none).
	FirstUnread api.ItemID
	// Item is the found message of a RowMessage.
	Item api.ItemID
}

// MessageRows turns search results into rows, naming each message's chat
// from chats (results of unknown chats are dropped).
func MessageRows(found []api.ChatItem, chats []api.ChatSummary) []ChatRow {
	names := map[api.ContactID]api.Contact{}
	for _, c := range chats {
		names[c.Contact.ID] = c.Contact
	}
	var rows []ChatRow
	for _, it := range found {
		ct, ok := names[it.ContactID]
		if !ok {
			continue
		}
		preview := oneLine(widgets.PlainText(it.Text))
		if it.Sent {
			preview = "You: " + preview
		}
		rows = append(rows, ChatRow{Kind: RowMessage, Contact: ct.ID, Item: it.ID, Name: ct.Name(), Image: ct.Image,
			Preview: preview, Time: it.Time})
	}
	return rows
}

// Texts of pending and request rows.
const (
	PendingInvitedName = "One-time link"
	PendingInvitedText = "Waiting for someone to use your link"
	PendingJoinedName  = "Connecting…"
	PendingJoinedText  = "Waiting for the contact to accept"
	RequestText        = "Wants to connect — accept or reject"
	NoPreviewText      = "New message"
)

// RowsFrom builds the chat list: contact requests first (they need an
// answer), then chats and pending connections by recent activity.
// showPreview false hides message text (Settings → Privacy).
func RowsFrom(chats []api.ChatSummary, pend []api.PendingConnection, reqs []api.ContactRequest, showPreview bool) []ChatRow {
	var rows []ChatRow
	for _, r := range reqs {
		rows = append(rows, ChatRow{Kind: RowRequest, Request: r.ID, Name: r.DisplayName, Image: r.Image, Preview: RequestText, Time: r.CreatedAt})
	}
	var rest []ChatRow
	for _, c := range chats {
		row := ChatRow{Kind: RowChat, Contact: c.Contact.ID, Name: c.Contact.Name(), Image: c.Contact.Image,
			Unread: c.Unread, Muted: c.Contact.Muted, Time: c.Contact.CreatedAt, FirstUnread: c.FirstUnread}
		if !c.Contact.Ready {
			row.Preview = "Connecting…"
		}
		if l := c.Last; l != nil {
			row.Time = l.Time
			switch {
			case l.Deleted && !l.Sent:
				row.Preview = widgets.DeletedText
			case showPreview || l.Kind == api.KindEvent:
				row.Preview = oneLine(widgets.PlainText(l.Text))
			default:
				row.Preview = NoPreviewText
			}
			if l.Sent {
				row.Tick = widgets.Tick(l.Status)
				if showPreview {
					row.Preview = "You: " + row.Preview
				}
			}
		}
		rest = append(rest, row)
	}
	for _, p := range pend {
		row := ChatRow{Kind: RowPending, Pending: p.ID, Time: p.CreatedAt, Name: PendingJoinedName, Preview: PendingJoinedText}
		if p.Invited {
			row.Name, row.Preview = PendingInvitedName, PendingInvitedText
		}
		if p.Alias != "" {
			row.Name = p.Alias
		}
		if p.Incognito {
			row.Name += " (incognito)"
		}
		rest = append(rest, row)
	}
	sortRows(rest)
	return append(rows, rest...)
}

// sortRows orders by recent activity; equal times keep their order.
func sortRows(rows []ChatRow) {
	slices.SortStableFunc(rows, func(a, b ChatRow) int { return b.Time.Compare(a.Time) })
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 120 {
		s = string(r[:119]) + "…"
	}
	return s
}

// FilterRows keeps rows whose name contains q (case-insensitive).
func FilterRows(rows []ChatRow, q string) []ChatRow {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return rows
	}
	var out []ChatRow
	for _, r := range rows {
		if strings.Contains(strings.ToLower(r.Name), q) {
			out = append(out, r)
		}
	}
	return out
}

// RowTime is the time column: the clock today, the weekday this week,
// else the date.
func RowTime(t, now time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t, now = t.In(loc), now.In(loc)
	y1, m1, d1 := t.Date()
	y2, m2, d2 := now.Date()
	switch {
	case y1 == y2 && m1 == m2 && d1 == d2:
		return t.Format("15:04")
	case now.Sub(t) < 6*24*time.Hour && t.Before(now):
		return t.Format("Mon")
	case y1 == y2:
		return t.Format("2 Jan")
	}
	return t.Format("2 Jan 2006")
}
