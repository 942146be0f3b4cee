-- Agent store (core/agent): one row per connection with its state and its
-- ratchet as opaque blobs written by the agent, the sends it still owes a
-- relay, the hashes of sent messages awaiting a receipt, and received messages
-- the application has not acknowledged yet. A relay MSG is ACKed only after the
-- transaction that stores its agent_inbox row and the new ratchet commits.
CREATE TABLE agent_conns (
  conn_id    BLOB PRIMARY KEY,
  state      BLOB NOT NULL,
  ratchet    BLOB,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE agent_pending (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  conn_id    BLOB NOT NULL,
  snd_msg_id INTEGER NOT NULL,
  kind       INTEGER NOT NULL,
  queue      BLOB NOT NULL,       -- which send queue (agent-encoded address)
  body       BLOB NOT NULL,       -- the SEND body, fully encrypted
  created_at INTEGER NOT NULL
);
CREATE INDEX agent_pending_conn ON agent_pending(conn_id, id);

CREATE TABLE agent_sent (
  conn_id    BLOB NOT NULL,
  snd_msg_id INTEGER NOT NULL,
  hash       BLOB NOT NULL,
  PRIMARY KEY (conn_id, snd_msg_id)
) WITHOUT ROWID;

CREATE TABLE agent_inbox (
  conn_id    BLOB NOT NULL,
  msg_id     INTEGER NOT NULL,    -- agent-internal, increasing per connection
  snd_msg_id INTEGER NOT NULL,
  integrity  BLOB NOT NULL,
  body       BLOB NOT NULL,
  broker_ts  INTEGER NOT NULL,
  PRIMARY KEY (conn_id, msg_id)
) WITHOUT ROWID;
