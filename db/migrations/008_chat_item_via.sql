-- How a sent message travelled (core/agent SENT.Via): the host of the
-- proxy relay of private routing, '' when sent directly or not yet sent.
ALTER TABLE chat_items ADD COLUMN via TEXT NOT NULL DEFAULT '';
