-- Settings, profiles, operators and servers.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE profiles (
  id           INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL,
  full_name    TEXT NOT NULL DEFAULT '',
  image        BLOB,
  active       INTEGER NOT NULL DEFAULT 0,
  hidden       INTEGER NOT NULL DEFAULT 0,
  incognito    INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
-- At most one active profile.
CREATE UNIQUE INDEX profiles_one_active ON profiles(active) WHERE active = 1;

CREATE TABLE operators (
  id         INTEGER PRIMARY KEY,
  tag        TEXT NOT NULL UNIQUE,          -- e.g. 'simplex', 'flux', 'own'
  name       TEXT NOT NULL,
  enabled    INTEGER NOT NULL DEFAULT 1,
  conditions_accepted_at INTEGER
);

CREATE TABLE servers (
  id          INTEGER PRIMARY KEY,
  profile_id  INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  operator_id INTEGER REFERENCES operators(id) ON DELETE SET NULL,
  protocol    TEXT NOT NULL CHECK (protocol IN ('smp', 'xftp')),
  address     TEXT NOT NULL,                -- full server URI incl. key hash
  preset      INTEGER NOT NULL DEFAULT 0,
  enabled     INTEGER NOT NULL DEFAULT 1,
  for_storage INTEGER NOT NULL DEFAULT 1,
  for_proxy   INTEGER NOT NULL DEFAULT 1,
  UNIQUE (profile_id, protocol, address)
);
