-- Agent state: connections, their SMP queues, ratchets and messages in flight.
-- Crypto state is opaque bytes written by crypto/ and core/agent.
CREATE TABLE connections (
  id            INTEGER PRIMARY KEY,
  conn_id       BLOB NOT NULL UNIQUE,       -- agent connection id
  profile_id    INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  mode          TEXT NOT NULL,              -- 'invitation' | 'contact'
  status        TEXT NOT NULL,
  agent_version INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

CREATE TABLE queues (
  id             INTEGER PRIMARY KEY,
  connection_id  INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  direction      TEXT NOT NULL CHECK (direction IN ('rcv', 'snd')),
  server         TEXT NOT NULL,
  queue_id       BLOB NOT NULL,             -- recipient or sender id on the relay
  notifier_id    BLOB,
  private_key    BLOB NOT NULL,             -- queue signing/auth key
  dh_secret      BLOB,
  e2e_dh_key     BLOB,
  status         TEXT NOT NULL,
  primary_queue  INTEGER NOT NULL DEFAULT 1,
  smp_version    INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  UNIQUE (server, queue_id)
);
CREATE INDEX queues_connection ON queues(connection_id);

CREATE TABLE ratchets (
  connection_id INTEGER PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
  state         BLOB NOT NULL,              -- serialized double-ratchet state
  x3dh_pending  BLOB,                       -- keys before the ratchet starts
  updated_at    INTEGER NOT NULL
);

CREATE TABLE skipped_keys (
  connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  header_key    BLOB NOT NULL,
  msg_n         INTEGER NOT NULL,
  msg_key       BLOB NOT NULL,
  PRIMARY KEY (connection_id, header_key, msg_n)
) WITHOUT ROWID;

-- Messages the agent must still send: deleted once the relay said OK.
CREATE TABLE snd_messages (
  id            INTEGER PRIMARY KEY,
  connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  internal_id   INTEGER NOT NULL,
  msg_type      TEXT NOT NULL,
  body          BLOB NOT NULL,              -- encrypted envelope ready to send
  retries       INTEGER NOT NULL DEFAULT 0,
  next_try_at   INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  UNIQUE (connection_id, internal_id)
);

-- Received agent messages: stored before ACK, so nothing acknowledged is lost.
CREATE TABLE rcv_messages (
  id             INTEGER PRIMARY KEY,
  connection_id  INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  internal_id    INTEGER NOT NULL,
  broker_id      BLOB NOT NULL,
  broker_ts      INTEGER NOT NULL,
  external_snd_id INTEGER NOT NULL,
  integrity      TEXT NOT NULL DEFAULT 'ok',
  body           BLOB NOT NULL,
  acked          INTEGER NOT NULL DEFAULT 0,
  UNIQUE (connection_id, internal_id),
  UNIQUE (connection_id, broker_id)
);
