package db

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// AgentStore keeps core/agent's state. The agent encodes connection state and
// ratchets itself; this store only guarantees that what one Update writes
// commits together, which is what lets the agent ACK a relay message only
// after the message and the ratchet that decrypted it are both on disk.
type AgentStore struct{ d *DB }

func (d *DB) Agent() AgentStore { return AgentStore{d} }

// AgentConn is one connection: agent-encoded state and ratchet (nil before
// the ratchet exists).
type AgentConn struct {
	ConnID  []byte
	State   []byte
	Ratchet []byte
}

// AgentPending is a SEND the agent still owes a relay.
type AgentPending struct {
	ID       int64
	ConnID   []byte
	SndMsgID int64
	Kind     int
	Queue    []byte
	Body     []byte
}

// AgentInboxMsg is a received message not yet acknowledged by the application.
type AgentInboxMsg struct {
	ConnID    []byte
	MsgID     int64
	SndMsgID  int64
	Integrity []byte
	Body      []byte
	BrokerTS  int64
}

// AgentTx is an open agent transaction (see AgentStore.Update).
type AgentTx struct {
	tx  *sql.Tx
	ctx context.Context
}

// Update runs f in one transaction, committed only if f returns nil.
func (s AgentStore) Update(ctx context.Context, f func(AgentTx) error) error {
	tx, err := s.d.sql.BeginTx(ctx, nil)
	if err != nil {
		return s.d.check(err)
	}
	if err := f(AgentTx{tx, ctx}); err != nil {
		tx.Rollback()
		return s.d.check(err)
	}
	return s.d.check(tx.Commit())
}

func (t AgentTx) PutConn(c AgentConn) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO agent_conns(conn_id, state, ratchet, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT(conn_id) DO UPDATE SET state = excluded.state, ratchet = excluded.ratchet, updated_at = excluded.updated_at`,
		c.ConnID, c.State, c.Ratchet, time.Now().Unix())
	return err
}

// DeleteConn removes a connection and everything queued for it.
func (t AgentTx) DeleteConn(connID []byte) error {
	for _, q := range []string{`DELETE FROM agent_conns WHERE conn_id = ?`, `DELETE FROM agent_pending WHERE conn_id = ?`,
		`DELETE FROM agent_sent WHERE conn_id = ?`, `DELETE FROM agent_inbox WHERE conn_id = ?`,
		`DELETE FROM agent_rcv_hash WHERE conn_id = ?`} {
		if _, err := t.tx.ExecContext(t.ctx, q, connID); err != nil {
			return err
		}
	}
	return nil
}

// AddPending queues a SEND and returns its id (increasing: the send order).
func (t AgentTx) AddPending(p AgentPending) (int64, error) {
	r, err := t.tx.ExecContext(t.ctx, `INSERT INTO agent_pending(conn_id, snd_msg_id, kind, queue, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		p.ConnID, p.SndMsgID, p.Kind, p.Queue, p.Body, time.Now().Unix())
	if err != nil {
		return 0, err
	}
	return r.LastInsertId()
}

func (t AgentTx) DeletePending(id int64) error {
	_, err := t.tx.ExecContext(t.ctx, `DELETE FROM agent_pending WHERE id = ?`, id)
	return err
}

// AddSent remembers the hash of a sent message until its receipt arrives.
func (t AgentTx) AddSent(connID []byte, sndMsgID int64, hash []byte) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT OR REPLACE INTO agent_sent(conn_id, snd_msg_id, hash) VALUES (?, ?, ?)`, connID, sndMsgID, hash)
	return err
}

// TakeSent returns and forgets the hash of a sent message.
func (t AgentTx) TakeSent(connID []byte, sndMsgID int64) ([]byte, bool, error) {
	var h []byte
	err := t.tx.QueryRowContext(t.ctx, `SELECT hash FROM agent_sent WHERE conn_id = ? AND snd_msg_id = ?`, connID, sndMsgID).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	_, err = t.tx.ExecContext(t.ctx, `DELETE FROM agent_sent WHERE conn_id = ? AND snd_msg_id = ?`, connID, sndMsgID)
	return h, err == nil, err
}

// AddRcvHash remembers the hash of a decrypted ciphertext as number seq
// of the connection, and forgets those numbered seq-keep or below.
func (t AgentTx) AddRcvHash(connID, hash []byte, seq, keep int64) error {
	if _, err := t.tx.ExecContext(t.ctx, `INSERT OR REPLACE INTO agent_rcv_hash(conn_id, hash, seq) VALUES (?, ?, ?)`, connID, hash, seq); err != nil {
		return err
	}
	_, err := t.tx.ExecContext(t.ctx, `DELETE FROM agent_rcv_hash WHERE conn_id = ? AND seq <= ?`, connID, seq-keep)
	return err
}

// HasRcvHash reports whether a ciphertext hash is remembered (AddRcvHash).
func (s AgentStore) HasRcvHash(ctx context.Context, connID, hash []byte) (bool, error) {
	var n int
	err := s.d.sql.QueryRowContext(ctx, `SELECT count(*) FROM agent_rcv_hash WHERE conn_id = ? AND hash = ?`, connID, hash).Scan(&n)
	return n > 0, s.d.check(err)
}

func (t AgentTx) AddInbox(m AgentInboxMsg) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO agent_inbox(conn_id, msg_id, snd_msg_id, integrity, body, broker_ts) VALUES (?, ?, ?, ?, ?, ?)`,
		m.ConnID, m.MsgID, m.SndMsgID, m.Integrity, m.Body, m.BrokerTS)
	return err
}

// TakeInbox removes an acknowledged message; ok is false if it was not there.
func (t AgentTx) TakeInbox(connID []byte, msgID int64) (AgentInboxMsg, bool, error) {
	m := AgentInboxMsg{ConnID: connID, MsgID: msgID}
	err := t.tx.QueryRowContext(t.ctx, `SELECT snd_msg_id, integrity, body, broker_ts FROM agent_inbox WHERE conn_id = ? AND msg_id = ?`,
		connID, msgID).Scan(&m.SndMsgID, &m.Integrity, &m.Body, &m.BrokerTS)
	if errors.Is(err, sql.ErrNoRows) {
		return m, false, nil
	}
	if err != nil {
		return m, false, err
	}
	_, err = t.tx.ExecContext(t.ctx, `DELETE FROM agent_inbox WHERE conn_id = ? AND msg_id = ?`, connID, msgID)
	return m, err == nil, err
}

// Conns lists every connection.
func (s AgentStore) Conns(ctx context.Context) ([]AgentConn, error) {
	rows, err := s.d.sql.QueryContext(ctx, `SELECT conn_id, state, ratchet FROM agent_conns ORDER BY conn_id`)
	if err != nil {
		return nil, s.d.check(err)
	}
	defer rows.Close()
	var out []AgentConn
	for rows.Next() {
		var c AgentConn
		if err := rows.Scan(&c.ConnID, &c.State, &c.Ratchet); err != nil {
			return nil, s.d.check(err)
		}
		out = append(out, c)
	}
	return out, s.d.check(rows.Err())
}

// Pending lists a connection's queued SENDs in send order.
func (s AgentStore) Pending(ctx context.Context, connID []byte) ([]AgentPending, error) {
	rows, err := s.d.sql.QueryContext(ctx, `SELECT id, snd_msg_id, kind, queue, body FROM agent_pending WHERE conn_id = ? ORDER BY id`, connID)
	if err != nil {
		return nil, s.d.check(err)
	}
	defer rows.Close()
	var out []AgentPending
	for rows.Next() {
		p := AgentPending{ConnID: connID}
		if err := rows.Scan(&p.ID, &p.SndMsgID, &p.Kind, &p.Queue, &p.Body); err != nil {
			return nil, s.d.check(err)
		}
		out = append(out, p)
	}
	return out, s.d.check(rows.Err())
}

// Inbox lists the unacknowledged received messages of every connection, in
// receive order per connection.
func (s AgentStore) Inbox(ctx context.Context) ([]AgentInboxMsg, error) {
	rows, err := s.d.sql.QueryContext(ctx, `SELECT conn_id, msg_id, snd_msg_id, integrity, body, broker_ts FROM agent_inbox ORDER BY conn_id, msg_id`)
	if err != nil {
		return nil, s.d.check(err)
	}
	defer rows.Close()
	var out []AgentInboxMsg
	for rows.Next() {
		var m AgentInboxMsg
		if err := rows.Scan(&m.ConnID, &m.MsgID, &m.SndMsgID, &m.Integrity, &m.Body, &m.BrokerTS); err != nil {
			return nil, s.d.check(err)
		}
		out = append(out, m)
	}
	return out, s.d.check(rows.Err())
}

// NextPending returns a connection's oldest queued SEND, if any.
func (s AgentStore) NextPending(ctx context.Context, connID []byte) (AgentPending, bool, error) {
	p := AgentPending{ConnID: connID}
	err := s.d.sql.QueryRowContext(ctx, `SELECT id, snd_msg_id, kind, queue, body FROM agent_pending WHERE conn_id = ? ORDER BY id LIMIT 1`,
		connID).Scan(&p.ID, &p.SndMsgID, &p.Kind, &p.Queue, &p.Body)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	return p, err == nil, s.d.check(err)
}
