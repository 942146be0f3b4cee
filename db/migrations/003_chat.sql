-- Contacts, chat items with full-text search, files.
CREATE TABLE contacts (
  id            INTEGER PRIMARY KEY,
  profile_id    INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  connection_id INTEGER REFERENCES connections(id) ON DELETE SET NULL,
  local_name    TEXT NOT NULL,
  display_name  TEXT NOT NULL,
  full_name     TEXT NOT NULL DEFAULT '',
  image         BLOB,
  prefs         BLOB,                       -- chat preferences JSON
  favorite      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX contacts_profile ON contacts(profile_id);

CREATE TABLE chat_items (
  id          INTEGER PRIMARY KEY,
  profile_id  INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  contact_id  INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
  shared_msg_id BLOB,
  sent        INTEGER NOT NULL,             -- 1 sent by us, 0 received
  status      TEXT NOT NULL DEFAULT '',
  item_ts     INTEGER NOT NULL,             -- unix milliseconds
  created_at  INTEGER NOT NULL,
  text        TEXT NOT NULL DEFAULT '',
  content     BLOB,                         -- chat protocol JSON
  deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX chat_items_contact_ts ON chat_items(contact_id, item_ts);

-- FTS4, not FTS5: mattn/go-sqlite3 compiles FTS3/4 by default, FTS5 only with the
-- sqlite_fts5 build tag, which every build and test of the module would then need.
-- External content: the text is stored once, in chat_items.
CREATE VIRTUAL TABLE chat_items_fts USING fts4(content="chat_items", text, tokenize=unicode61);
CREATE TRIGGER chat_items_ai AFTER INSERT ON chat_items BEGIN
  INSERT INTO chat_items_fts(docid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER chat_items_bd BEFORE DELETE ON chat_items BEGIN
  DELETE FROM chat_items_fts WHERE docid = old.id;
END;
CREATE TRIGGER chat_items_bu BEFORE UPDATE OF text ON chat_items BEGIN
  DELETE FROM chat_items_fts WHERE docid = old.id;
END;
CREATE TRIGGER chat_items_au AFTER UPDATE OF text ON chat_items BEGIN
  INSERT INTO chat_items_fts(docid, text) VALUES (new.id, new.text);
END;

CREATE TABLE files (
  id           INTEGER PRIMARY KEY,
  chat_item_id INTEGER REFERENCES chat_items(id) ON DELETE SET NULL,
  name         TEXT NOT NULL,
  size         INTEGER NOT NULL,
  digest       BLOB,
  file_key     BLOB,                        -- XFTP file encryption key and nonce
  file_nonce   BLOB,
  local_path   TEXT,                        -- relative to the data folder's files/
  description  BLOB,                        -- XFTP file description
  status       TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);
