-- Chat service (core/chat): connections on their way to contacts, contact
-- state, contact addresses and requests, and what chat items need beyond 003.

-- One row per agent connection the chat service made or joined. contact_id is
-- set once the connection became a contact; until then the row is a pending
-- connection (api.PendingConnection, id = this id).
CREATE TABLE chat_conns (
  id          INTEGER PRIMARY KEY,
  profile_id  INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  agent_conn  TEXT NOT NULL UNIQUE,
  contact_id  INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
  invited     INTEGER NOT NULL,              -- 1: we created the one-time link
  via_address INTEGER NOT NULL DEFAULT 0,    -- 1: a request to an address (sent or accepted)
  link        TEXT NOT NULL DEFAULT '',      -- the full link (ours, or the one we used)
  short_link  TEXT NOT NULL DEFAULT '',
  incognito   TEXT NOT NULL DEFAULT '',      -- random display name this peer sees ('' = our profile)
  alias       TEXT NOT NULL DEFAULT '',
  deleting    INTEGER NOT NULL DEFAULT 0,    -- contact deleted: agent msg id of the x.direct.del still to leave
  created_at  INTEGER NOT NULL
);
CREATE INDEX chat_conns_profile ON chat_conns(profile_id);
CREATE INDEX chat_conns_contact ON chat_conns(contact_id);

ALTER TABLE contacts ADD COLUMN alias TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN ready INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN verified_code TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN peer_deleted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN ttl_offered INTEGER NOT NULL DEFAULT 0;  -- seconds we offer (0: off)
ALTER TABLE contacts ADD COLUMN ttl_peer INTEGER NOT NULL DEFAULT 0;     -- seconds the peer offers
ALTER TABLE contacts ADD COLUMN chat_vmin INTEGER NOT NULL DEFAULT 1;   -- the peer's chat version range
ALTER TABLE contacts ADD COLUMN chat_vmax INTEGER NOT NULL DEFAULT 1;

CREATE TABLE chat_addresses (
  profile_id  INTEGER PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
  agent_conn  TEXT NOT NULL UNIQUE,
  link        TEXT NOT NULL,
  short_link  TEXT NOT NULL DEFAULT '',
  auto_accept INTEGER NOT NULL DEFAULT 0,
  welcome     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE contact_requests (
  id           INTEGER PRIMARY KEY,
  profile_id   INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  agent_conn   TEXT NOT NULL,                -- the address connection
  agent_req    TEXT NOT NULL,                -- the agent's invitation id
  display_name TEXT NOT NULL,
  full_name    TEXT NOT NULL DEFAULT '',
  image        BLOB,
  created_at   INTEGER NOT NULL
);

ALTER TABLE chat_items ADD COLUMN kind INTEGER NOT NULL DEFAULT 1;
ALTER TABLE chat_items ADD COLUMN status_err TEXT NOT NULL DEFAULT '';
ALTER TABLE chat_items ADD COLUMN agent_msg_id INTEGER NOT NULL DEFAULT 0; -- Send's id (sent items)
ALTER TABLE chat_items ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chat_items ADD COLUMN quote BLOB;                              -- JSON {itemId,text,sent}
ALTER TABLE chat_items ADD COLUMN preview BLOB;                            -- JSON link preview
ALTER TABLE chat_items ADD COLUMN ttl INTEGER NOT NULL DEFAULT 0;          -- seconds; 0: not disappearing
ALTER TABLE chat_items ADD COLUMN disappear_at INTEGER NOT NULL DEFAULT 0; -- unix ms; 0: not scheduled
CREATE INDEX chat_items_agent_msg ON chat_items(contact_id, agent_msg_id) WHERE agent_msg_id != 0;
CREATE INDEX chat_items_shared ON chat_items(contact_id, shared_msg_id);
CREATE INDEX chat_items_disappear ON chat_items(disappear_at) WHERE disappear_at != 0;
CREATE INDEX chat_items_contact_id ON chat_items(contact_id, id);

CREATE TABLE chat_item_versions (
  id      INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES chat_items(id) ON DELETE CASCADE,
  text    TEXT NOT NULL,
  ts      INTEGER NOT NULL
);
CREATE INDEX chat_item_versions_item ON chat_item_versions(item_id);

CREATE TABLE chat_item_reactions (
  item_id    INTEGER NOT NULL REFERENCES chat_items(id) ON DELETE CASCADE,
  mine       INTEGER NOT NULL,
  emoji      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, mine, emoji)
);
