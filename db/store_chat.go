package db

import (
	"context"
	"time"
)

// ChatItem is one message (or event) in a chat. Text is what full-text search sees.
type ChatItem struct {
	ID          int64
	ProfileID   int64
	ContactID   int64 // 0: none (for example a note to self)
	SharedMsgID []byte
	Sent        bool
	Status      string
	ItemTS      time.Time
	CreatedAt   time.Time
	Text        string
	Content     []byte // chat protocol JSON
}

type ChatItems struct{ d *DB }

func (d *DB) ChatItems() ChatItems { return ChatItems{d} }

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Add inserts it and sets its ID; the FTS index follows through triggers.
func (s ChatItems) Add(ctx context.Context, it *ChatItem) error {
	r, err := s.d.sql.ExecContext(ctx, `INSERT INTO chat_items(profile_id, contact_id, shared_msg_id, sent, status, item_ts, created_at, text, content)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, it.ProfileID, nullID(it.ContactID), it.SharedMsgID, it.Sent, it.Status,
		it.ItemTS.UnixMilli(), it.CreatedAt.UnixMilli(), it.Text, it.Content)
	if err != nil {
		return s.d.check(err)
	}
	it.ID, err = r.LastInsertId()
	return err
}

const chatCols = `c.id, c.profile_id, coalesce(c.contact_id, 0), c.shared_msg_id, c.sent, c.status, c.item_ts, c.created_at, c.text, c.content`

func (s ChatItems) query(ctx context.Context, q string, args ...any) ([]*ChatItem, error) {
	rows, err := s.d.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.d.check(err)
	}
	defer rows.Close()
	var out []*ChatItem
	for rows.Next() {
		var it ChatItem
		var ts, ca int64
		if err := rows.Scan(&it.ID, &it.ProfileID, &it.ContactID, &it.SharedMsgID, &it.Sent, &it.Status, &ts, &ca, &it.Text, &it.Content); err != nil {
			return nil, s.d.check(err)
		}
		it.ItemTS, it.CreatedAt = time.UnixMilli(ts), time.UnixMilli(ca)
		out = append(out, &it)
	}
	return out, s.d.check(rows.Err())
}

// Latest returns up to limit items of a contact's chat, newest first.
func (s ChatItems) Latest(ctx context.Context, contactID int64, limit int) ([]*ChatItem, error) {
	return s.query(ctx, `SELECT `+chatCols+` FROM chat_items c WHERE c.contact_id = ? AND c.deleted = 0
		ORDER BY c.item_ts DESC, c.id DESC LIMIT ?`, contactID, limit)
}

// Search runs an FTS4 MATCH query (words, "phrases", prefix*) over the item texts of
// a profile, newest first. contactID 0 searches every chat.
func (s ChatItems) Search(ctx context.Context, profileID, contactID int64, match string, limit int) ([]*ChatItem, error) {
	return s.query(ctx, `SELECT `+chatCols+` FROM chat_items_fts f JOIN chat_items c ON c.id = f.docid
		WHERE chat_items_fts MATCH ? AND c.profile_id = ? AND (? = 0 OR c.contact_id = ?) AND c.deleted = 0
		ORDER BY c.item_ts DESC, c.id DESC LIMIT ?`, match, profileID, contactID, contactID, limit)
}

// UpdateText edits an item's text (message edit); the index follows.
func (s ChatItems) UpdateText(ctx context.Context, id int64, text string) error {
	r, err := s.d.sql.ExecContext(ctx, `UPDATE chat_items SET text = ? WHERE id = ?`, text, id)
	if err != nil {
		return s.d.check(err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// Delete removes an item and its index entry.
func (s ChatItems) Delete(ctx context.Context, id int64) error {
	_, err := s.d.sql.ExecContext(ctx, `DELETE FROM chat_items WHERE id = ?`, id)
	return s.d.check(err)
}
