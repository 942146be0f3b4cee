package db

import (
	"context"
	"strings"
	"time"
)

// ChatRecord is a chat item with everything the chat service keeps for it.
// Text is what full-text search sees; Status and Kind are core/api's values.
type ChatRecord struct {
	ID          int64
	ProfileID   int64
	ContactID   int64
	SharedMsgID []byte
	Sent        bool
	Status      string
	StatusErr   string
	Kind        int
	ItemTS      time.Time
	CreatedAt   time.Time
	Text        string
	Content     []byte // the chat protocol JSON as sent or received
	Deleted     bool   // deleted for everyone
	AgentMsgID  int64  // sent items: the agent's message id (SENT/RCVD/MERR)
	Edited      bool
	Quote       []byte // JSON
	Preview     []byte // JSON
	TTL         int64  // seconds (0: not disappearing)
	DisappearAt time.Time
	Via         string // sent items: the proxy relay's host ("" = directly)
}

const recCols = `c.id, c.profile_id, coalesce(c.contact_id, 0), c.shared_msg_id, c.sent, c.status, c.status_err, c.kind, c.item_ts,
	c.created_at, c.text, c.content, c.deleted, c.agent_msg_id, c.edited, c.quote, c.preview, c.ttl, c.disappear_at, c.via`

func scanRecord(sc scanner) (*ChatRecord, error) {
	var r ChatRecord
	var ts, ca, da int64
	err := sc.Scan(&r.ID, &r.ProfileID, &r.ContactID, &r.SharedMsgID, &r.Sent, &r.Status, &r.StatusErr, &r.Kind, &ts, &ca, &r.Text,
		&r.Content, &r.Deleted, &r.AgentMsgID, &r.Edited, &r.Quote, &r.Preview, &r.TTL, &da, &r.Via)
	r.ItemTS, r.CreatedAt, r.DisappearAt = fromMS(ts), fromMS(ca), fromMS(da)
	return &r, err
}

// AddRecord inserts r and sets its ID; the FTS index follows through triggers.
func (s ChatStore) AddRecord(ctx context.Context, r *ChatRecord) error {
	res, err := s.exec(ctx, `INSERT INTO chat_items(profile_id, contact_id, shared_msg_id, sent, status, status_err, kind, item_ts,
		created_at, text, content, deleted, agent_msg_id, edited, quote, preview, ttl, disappear_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ProfileID, nullID(r.ContactID), r.SharedMsgID, r.Sent,
		r.Status, r.StatusErr, r.Kind, ms(r.ItemTS), ms(r.CreatedAt), r.Text, r.Content, r.Deleted, r.AgentMsgID, r.Edited,
		r.Quote, r.Preview, r.TTL, ms(r.DisappearAt))
	if err != nil {
		return err
	}
	r.ID, err = res.LastInsertId()
	return err
}

// UpdateRecord writes the mutable fields of r.
func (s ChatStore) UpdateRecord(ctx context.Context, r *ChatRecord) error {
	return s.execOne(ctx, `UPDATE chat_items SET status = ?, status_err = ?, kind = ?, text = ?, content = ?, deleted = ?,
		agent_msg_id = ?, edited = ?, quote = ?, preview = ?, ttl = ?, disappear_at = ?, via = ? WHERE id = ?`, r.Status, r.StatusErr, r.Kind,
		r.Text, r.Content, r.Deleted, r.AgentMsgID, r.Edited, r.Quote, r.Preview, r.TTL, ms(r.DisappearAt), r.Via, r.ID)
}

func (s ChatStore) Record(ctx context.Context, id int64) (*ChatRecord, error) {
	return queryOne(s, ctx, scanRecord, `SELECT `+recCols+` FROM chat_items c WHERE c.id = ?`, id)
}

// RecordByShared finds the item with a shared message id in a chat, sent by
// us (sent) or by the contact.
func (s ChatStore) RecordByShared(ctx context.Context, contactID int64, shared []byte, sent bool) (*ChatRecord, error) {
	return queryOne(s, ctx, scanRecord, `SELECT `+recCols+` FROM chat_items c WHERE c.contact_id = ? AND c.shared_msg_id = ? AND c.sent = ?
		ORDER BY c.id DESC LIMIT 1`, contactID, shared, sent)
}

// RecordByAgentMsg finds our item sent as agent message msgID.
func (s ChatStore) RecordByAgentMsg(ctx context.Context, contactID, msgID int64) (*ChatRecord, error) {
	return queryOne(s, ctx, scanRecord, `SELECT `+recCols+` FROM chat_items c WHERE c.contact_id = ? AND c.agent_msg_id = ?`, contactID, msgID)
}

func (s ChatStore) DeleteRecord(ctx context.Context, id int64) error {
	return s.execOne(ctx, `DELETE FROM chat_items WHERE id = ?`, id)
}

// Records pages through a chat by item id: before > 0 gives up to n items
// older than it, after > 0 up to n newer, neither the newest n. Oldest first.
func (s ChatStore) Records(ctx context.Context, contactID, before, after int64, n int) ([]*ChatRecord, error) {
	if after > 0 {
		return queryAll(s, ctx, scanRecord, `SELECT `+recCols+` FROM chat_items c WHERE c.contact_id = ? AND c.id > ?
			ORDER BY c.id LIMIT ?`, contactID, after, n)
	}
	q := `SELECT ` + recCols + ` FROM chat_items c WHERE c.contact_id = ? AND (? = 0 OR c.id < ?) ORDER BY c.id DESC LIMIT ?`
	rs, err := queryAll(s, ctx, scanRecord, q, contactID, before, before, n)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return rs, err
}

// RecordsWithStatus lists a chat's items with a status, up to item upTo
// (0: all), oldest first.
func (s ChatStore) RecordsWithStatus(ctx context.Context, contactID int64, status string, upTo int64) ([]*ChatRecord, error) {
	return queryAll(s, ctx, scanRecord, `SELECT `+recCols+` FROM chat_items c WHERE c.contact_id = ? AND c.status = ? AND (? = 0 OR c.id <= ?)
		ORDER BY c.id`, contactID, status, upTo, upTo)
}

// CountStatus counts a chat's items with a status and returns the oldest one's id.
func (s ChatStore) CountStatus(ctx context.Context, contactID int64, status string) (int, int64, error) {
	var n int
	var first int64
	err := s.q.QueryRowContext(ctx, `SELECT count(*), coalesce(min(id), 0) FROM chat_items WHERE contact_id = ? AND status = ?`,
		contactID, status).Scan(&n, &first)
	return n, first, s.d.check(err)
}

// SearchRecords runs an FTS4 MATCH query over a profile's items (contactID
// 0: every chat), newest first; items deleted for everyone are left out.
func (s ChatStore) SearchRecords(ctx context.Context, profileID, contactID int64, match string, limit int) ([]*ChatRecord, error) {
	return queryAll(s, ctx, scanRecord, `SELECT `+recCols+` FROM chat_items_fts f JOIN chat_items c ON c.id = f.docid
		WHERE chat_items_fts MATCH ? AND c.profile_id = ? AND (? = 0 OR c.contact_id = ?) AND c.deleted = 0
		ORDER BY c.id DESC LIMIT ?`, match, profileID, contactID, contactID, limit)
}

// Expired lists items whose disappear time is at or before now.
func (s ChatStore) Expired(ctx context.Context, now time.Time) ([]*ChatRecord, error) {
	return queryAll(s, ctx, scanRecord, `SELECT `+recCols+` FROM chat_items c WHERE c.disappear_at != 0 AND c.disappear_at <= ?
		ORDER BY c.disappear_at`, now.UnixMilli())
}

// NextDisappear is the earliest scheduled disappear time (zero: none).
func (s ChatStore) NextDisappear(ctx context.Context) (time.Time, error) {
	var v int64
	err := s.q.QueryRowContext(ctx, `SELECT coalesce(min(disappear_at), 0) FROM chat_items WHERE disappear_at != 0`).Scan(&v)
	return fromMS(v), s.d.check(err)
}

// ClearChat deletes every item of a chat and returns their ids.
func (s ChatStore) ClearChat(ctx context.Context, contactID int64) ([]int64, error) {
	ids, err := queryAll(s, ctx, func(sc scanner) (int64, error) { var v int64; return v, sc.Scan(&v) },
		`SELECT id FROM chat_items WHERE contact_id = ? ORDER BY id`, contactID)
	if err != nil {
		return nil, err
	}
	_, err = s.exec(ctx, `DELETE FROM chat_items WHERE contact_id = ?`, contactID)
	return ids, err
}

// AddVersion records an earlier text of an edited item.
func (s ChatStore) AddVersion(ctx context.Context, itemID int64, text string, ts time.Time) error {
	_, err := s.exec(ctx, `INSERT INTO chat_item_versions(item_id, text, ts) VALUES (?, ?, ?)`, itemID, text, ms(ts))
	return err
}

// ItemVersion is one stored text of an item.
type ItemVersion struct {
	Text string
	TS   time.Time
}

// Versions lists an item's earlier texts, oldest first.
func (s ChatStore) Versions(ctx context.Context, itemID int64) ([]ItemVersion, error) {
	return queryAll(s, ctx, func(sc scanner) (ItemVersion, error) {
		var v ItemVersion
		var ts int64
		err := sc.Scan(&v.Text, &ts)
		v.TS = fromMS(ts)
		return v, err
	}, `SELECT text, ts FROM chat_item_versions WHERE item_id = ? ORDER BY id`, itemID)
}

// ItemReaction is one reaction on an item: ours (Mine) or the contact's.
type ItemReaction struct {
	Mine  bool
	Emoji string
}

// SetReaction adds (on) or removes a reaction; it reports whether anything changed.
func (s ChatStore) SetReaction(ctx context.Context, itemID int64, r ItemReaction, on bool, now time.Time) (bool, error) {
	q := `DELETE FROM chat_item_reactions WHERE item_id = ? AND mine = ? AND emoji = ?`
	args := []any{itemID, r.Mine, r.Emoji}
	if on {
		q = `INSERT OR IGNORE INTO chat_item_reactions(item_id, mine, emoji, created_at) VALUES (?, ?, ?, ?)`
		args = append(args, ms(now))
	}
	res, err := s.exec(ctx, q, args...)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Reactions lists an item's reactions in the order they were added.
func (s ChatStore) Reactions(ctx context.Context, itemID int64) ([]ItemReaction, error) {
	return queryAll(s, ctx, func(sc scanner) (ItemReaction, error) {
		var r ItemReaction
		return r, sc.Scan(&r.Mine, &r.Emoji)
	}, `SELECT mine, emoji FROM chat_item_reactions WHERE item_id = ? ORDER BY created_at, rowid`, itemID)
}

// ChatListRow is one chat of the chat list: the contact, the incognito
// name it sees, and the unread state.
type ChatListRow struct {
	Contact     *ChatContact
	Incognito   string
	AgentConn   string // the agent connection of the contact's latest chat connection
	LastID      int64  // 0: no items
	Unread      int
	FirstUnread int64
}

// ChatList reads a profile's chats in three queries (contacts with counts,
// last items, their reactions) instead of several per contact, so a list of
// thousands of chats loads at once. unread is the status of unread items.
func (s ChatStore) ChatList(ctx context.Context, profileID int64, unread string) ([]ChatListRow, map[int64]*ChatRecord, map[int64][]ItemReaction, error) {
	var cols []string
	for _, c := range strings.Split(contactCols, ",") {
		cols = append(cols, "c."+strings.TrimSpace(c))
	}
	rows, err := queryAll(s, ctx, func(sc scanner) (ChatListRow, error) {
		var r ChatListRow
		var c ChatContact
		var ca, ua int64
		err := sc.Scan(&c.ID, &c.ProfileID, &c.DisplayName, &c.FullName, &c.Image, &c.Prefs, &c.Alias, &c.Ready, &c.VerifiedCode,
			&c.Muted, &c.PeerDeleted, &c.TTLOffered, &c.TTLPeer, &c.VMin, &c.VMax, &ca, &ua, &r.Incognito, &r.AgentConn, &r.LastID, &r.Unread, &r.FirstUnread)
		c.CreatedAt, c.UpdatedAt = fromMS(ca), fromMS(ua)
		r.Contact = &c
		return r, err
	}, `SELECT `+strings.Join(cols, ", ")+`,
		coalesce((SELECT incognito FROM chat_conns WHERE contact_id = c.id ORDER BY id DESC LIMIT 1), ''),
		coalesce((SELECT agent_conn FROM chat_conns WHERE contact_id = c.id ORDER BY id DESC LIMIT 1), ''),
		coalesce((SELECT max(id) FROM chat_items WHERE contact_id = c.id), 0),
		(SELECT count(*) FROM chat_items WHERE contact_id = c.id AND status = ?),
		coalesce((SELECT min(id) FROM chat_items WHERE contact_id = c.id AND status = ?), 0)
		FROM contacts c WHERE c.profile_id = ? ORDER BY c.id`, unread, unread, profileID)
	if err != nil {
		return nil, nil, nil, err
	}
	const lastIDs = `SELECT max(id) FROM chat_items WHERE profile_id = ? AND contact_id IS NOT NULL GROUP BY contact_id`
	recs, err := queryAll(s, ctx, scanRecord, `SELECT `+recCols+` FROM chat_items c WHERE c.id IN (`+lastIDs+`)`, profileID)
	if err != nil {
		return nil, nil, nil, err
	}
	last := make(map[int64]*ChatRecord, len(recs))
	for _, r := range recs {
		last[r.ID] = r
	}
	type reactRow struct {
		item int64
		r    ItemReaction
	}
	rs, err := queryAll(s, ctx, func(sc scanner) (reactRow, error) {
		var x reactRow
		return x, sc.Scan(&x.item, &x.r.Mine, &x.r.Emoji)
	}, `SELECT item_id, mine, emoji FROM chat_item_reactions WHERE item_id IN (`+lastIDs+`) ORDER BY created_at, rowid`, profileID)
	if err != nil {
		return nil, nil, nil, err
	}
	reacts := map[int64][]ItemReaction{}
	for _, x := range rs {
		reacts[x.item] = append(reacts[x.item], x.r)
	}
	return rows, last, reacts, nil
}
