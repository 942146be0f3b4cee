package chat

import (
	"context"
	"sort"
	"strings"
	"time"
	"unicode"

	"duplex/core/api"
	"duplex/db"
)

// defaultPage is the page size when Page.Count is 0.
const defaultPage = 50

// Chats lists the profile's chats, most recent activity first.
func (s *Service) Chats(ctx context.Context, p api.ProfileID) ([]api.ChatSummary, error) {
	rows, last, reacts, err := s.st.ChatList(ctx, int64(p), api.StatusReceived.String())
	if err != nil {
		return nil, err
	}
	out := make([]api.ChatSummary, 0, len(rows))
	for _, r := range rows {
		sum := api.ChatSummary{Contact: apiContactWith(r.Contact, r.Incognito), Unread: r.Unread, FirstUnread: api.ItemID(r.FirstUnread)}
		sum.Contact.PQ = s.connPQ(r.AgentConn)
		if rec := last[r.LastID]; rec != nil {
			it := apiItemWith(rec, reacts[rec.ID])
			sum.Last = &it
		}
		out = append(out, sum)
	}
	activity := func(s api.ChatSummary) time.Time {
		if s.Last != nil {
			return s.Last.CreatedAt
		}
		return s.Contact.CreatedAt
	}
	sort.SliceStable(out, func(i, j int) bool { return activity(out[i]).After(activity(out[j])) })
	return out, nil
}

// Items pages through one chat (oldest first).
func (s *Service) Items(ctx context.Context, cid api.ContactID, page api.Page) ([]api.ChatItem, error) {
	if _, err := s.contact(ctx, cid); err != nil {
		return nil, err
	}
	n := page.Count
	if n <= 0 {
		n = defaultPage
	}
	var rs []*db.ChatRecord
	var err error
	switch {
	case page.Around != 0:
		mid, err := s.st.Record(ctx, int64(page.Around))
		if err != nil || mid.ContactID != int64(cid) {
			return nil, api.ErrNoSuchItem
		}
		before, err := s.st.Records(ctx, int64(cid), mid.ID, 0, n/2)
		if err != nil {
			return nil, err
		}
		after, err := s.st.Records(ctx, int64(cid), 0, mid.ID, n/2)
		if err != nil {
			return nil, err
		}
		rs = append(append(before, mid), after...)
	default:
		rs, err = s.st.Records(ctx, int64(cid), int64(page.Before), int64(page.After), n)
	}
	if err != nil {
		return nil, err
	}
	return s.apiItems(ctx, rs)
}

// Item returns one item.
func (s *Service) Item(ctx context.Context, id api.ItemID) (api.ChatItem, error) {
	r, _, err := s.record(ctx, id)
	if err != nil {
		return api.ChatItem{}, err
	}
	return s.apiItem(ctx, r)
}

// MarkRead marks received items up to upTo (0: all) read; a disappearing
// item's timer starts then, as upstream starts it when the item is seen.
func (s *Service) MarkRead(ctx context.Context, cid api.ContactID, upTo api.ItemID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.contact(ctx, cid)
	if err != nil {
		return err
	}
	rs, err := s.st.RecordsWithStatus(ctx, c.ID, api.StatusReceived.String(), int64(upTo))
	if err != nil {
		return err
	}
	now := s.now()
	timed := false
	err = s.st.Tx(ctx, func(st db.ChatStore) error {
		for _, r := range rs {
			r.Status = api.StatusSeen.String()
			if r.TTL > 0 && r.DisappearAt.IsZero() {
				r.DisappearAt, timed = now.Add(time.Duration(r.TTL)*time.Second), true
			}
			if err := st.UpdateRecord(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || len(rs) == 0 {
		return err
	}
	if timed {
		s.poke()
	}
	items, err := s.apiItems(ctx, rs)
	if err != nil {
		return err
	}
	s.publish(api.Event{Type: api.EvItemStatus, ProfileID: api.ProfileID(c.ProfileID), ContactID: cid, Items: items})
	return nil
}

// ClearChat deletes every item of the chat here.
func (s *Service) ClearChat(ctx context.Context, cid api.ContactID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.contact(ctx, cid)
	if err != nil {
		return err
	}
	ids, err := s.st.ClearChat(ctx, c.ID)
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		s.publish(api.Event{Type: api.EvItemsDeleted, ProfileID: api.ProfileID(c.ProfileID), ContactID: cid, ItemIDs: itemIDs(ids)})
	}
	return nil
}

func itemIDs(ids []int64) []api.ItemID {
	out := make([]api.ItemID, len(ids))
	for i, id := range ids {
		out[i] = api.ItemID(id)
	}
	return out
}

// Search finds items whose text has every word of query (as a word prefix),
// in one chat or all chats of the profile, newest first.
func (s *Service) Search(ctx context.Context, p api.ProfileID, cid api.ContactID, query string, limit int) ([]api.ChatItem, error) {
	match := ftsQuery(query)
	if match == "" {
		return []api.ChatItem{}, nil
	}
	if limit <= 0 {
		limit = defaultPage
	}
	rs, err := s.st.SearchRecords(ctx, int64(p), int64(cid), match, limit)
	if err != nil {
		return nil, err
	}
	return s.apiItems(ctx, rs)
}

// ftsQuery turns what a user typed into an FTS4 query: each word (letters
// and digits only, so no FTS syntax gets through) as a prefix term.
func ftsQuery(q string) string {
	var terms []string
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		terms = append(terms, strings.ToLower(w)+"*") // lower case: never an FTS operator (OR, NOT, NEAR)
	}
	return strings.Join(terms, " ")
}

// ItemHistory lists the texts of an item with the time each was set,
// oldest first, the current last (just the text for an unedited item).
func (s *Service) ItemHistory(ctx context.Context, id api.ItemID) ([]api.ItemVersion, error) {
	r, _, err := s.record(ctx, id)
	if err != nil {
		return nil, err
	}
	vs, err := s.st.Versions(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return []api.ItemVersion{{Text: r.Text, Time: r.ItemTS}}, nil
	}
	out := make([]api.ItemVersion, 0, len(vs))
	for _, v := range vs {
		out = append(out, api.ItemVersion{Text: v.Text, Time: v.TS})
	}
	return out, nil
}
