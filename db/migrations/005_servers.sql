-- Operators: roles per protocol, legal name and domains (core/servers), per-server
-- test result and deletion tombstones, usage conditions and their acceptance.
ALTER TABLE operators ADD COLUMN legal_name   TEXT NOT NULL DEFAULT '';
ALTER TABLE operators ADD COLUMN domains      TEXT NOT NULL DEFAULT ''; -- comma-separated suffixes
ALTER TABLE operators ADD COLUMN smp_storage  INTEGER NOT NULL DEFAULT 1;
ALTER TABLE operators ADD COLUMN smp_proxy    INTEGER NOT NULL DEFAULT 1;
ALTER TABLE operators ADD COLUMN xftp_storage INTEGER NOT NULL DEFAULT 1;
ALTER TABLE operators ADD COLUMN xftp_proxy   INTEGER NOT NULL DEFAULT 1;

-- tested: NULL never tested, 0 failed, 1 passed. deleted: the user removed a
-- preset server; the row stays so an upgrade does not bring it back.
ALTER TABLE servers ADD COLUMN tested  INTEGER;
ALTER TABLE servers ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;

CREATE TABLE usage_conditions (
  id          INTEGER PRIMARY KEY,
  commit_hash TEXT NOT NULL UNIQUE,
  notified_at INTEGER,                       -- unix ms; NULL = notice not shown yet
  created_at  INTEGER NOT NULL
);

-- One row per operator and conditions version it accepted.
CREATE TABLE operator_conditions (
  id                INTEGER PRIMARY KEY,
  operator_id       INTEGER NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
  conditions_commit TEXT NOT NULL,
  accepted_at       INTEGER,                 -- unix ms
  auto_accepted     INTEGER NOT NULL DEFAULT 0,
  UNIQUE (operator_id, conditions_commit)
);
