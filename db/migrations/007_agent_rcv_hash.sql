-- Hashes of the ratchet ciphertexts core/agent decrypted, per connection
-- (upstream keeps rcv_messages.encrypted_msg_hash): a copy that fails to
-- decrypt later is a relay redelivery, not a sign that the ratchets
-- diverged, so it must not start a ratchet re-sync. Only the most recent
-- ones are kept (seq is the agent's counter per connection).
CREATE TABLE agent_rcv_hash (
  conn_id BLOB NOT NULL,
  hash    BLOB NOT NULL,
  seq     INTEGER NOT NULL,
  PRIMARY KEY (conn_id, hash)
) WITHOUT ROWID;
CREATE INDEX agent_rcv_hash_seq ON agent_rcv_hash(conn_id, seq);
