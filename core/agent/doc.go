// Package agent turns SMP queues into duplex, end-to-end encrypted
// connections (simplexmq Agent.hs), one Agent per profile database.
//
// # API
//
//	CreateInvitation → (connID, link)   INV
//	Join(link, connInfo) → connID       (peer: CONF)
//	AllowConnection(connID, confID, info) → CON here, INFO + CON on the joiner
//	Send(connID, body) → msgID          SENT, later RCVD (receipt, hash checked)
//	MSG event → AckMessage(connID, id)  removes it from the inbox, sends A_RCVD
//	CreateContactAddress → (addrID, link); JoinContact(link, info) → connID
//	  (sends an AgentInvitation, unsigned, to the contact queue; owner: REQ)
//	AcceptContact(addrID, reqID, info) → connID (joins the invitation); RejectContact
//	DeleteConnection(connID)            no more events; DEL on our queues
//	CreateInvitationLink / CreateContactAddressLink → also a short link
//	JoinLink(shortLink, info) → (connID, creator's user data)
//
// # Short links
//
// The creator makes the queue with NEW, then seals the link data (fixed
// part: agent range, a fresh root key, the full connection request; user
// part: the user data) with links.SealLinkData and stores it with LSET. NEW
// could carry the data, but with link data the relay takes a sender id
// derived from the NEW's corrId, which the smp client picks only when it
// sends, and the request inside the data must name that sender id; LSET on
// a fresh unsecured queue is allowed (upstream Server.hs), and an
// invitation's link id is then ours to pick (24 random bytes). The joiner
// sends LKEY (invitation: secures the queue with its new sender key, so the
// SKEY of Join is skipped) or unsigned LGET (address: link id from the key),
// and runs links' checks (decrypts, hash = link key, signatures, queue =
// the one queried) before anything is created.
//
// # Deletion
//
// DeleteConnection commits, in one transaction, the removal of the
// connection's pending sends, receipts and inbox, and its row rewritten as
// status "deleted" holding only the receive queues. That row is the pending
// deletion: the agent sends DEL to each relay (retrying with backoff, and
// again after a restart) and drops the row when the last relay confirmed; an
// AUTH answer counts as deleted (the DEL of a previous run got through).
// Queued events for the connection are discarded, including the one the
// event goroutine is handing out. Only the recipient can delete a queue, so
// the peer's queues are just forgotten; the peer learns of the deletion when
// its next SEND gets AUTH, reported as MERR wrapping ErrPeerGone.
//
// Event types are numbered (EventType) and never renumbered.
//
// # Goroutines and ownership
//
//	smp.Client dispatcher (one per relay)  calls receive for each MSG, in order
//	sendLoop (one per connection)           delivers agent_pending rows in order
//	eventQueue.run                          feeds Events() from an unbounded queue
//
// Agent.mu guards every connState and the id maps; it is held while a message
// is decrypted and committed, never across a relay round trip (ACK, SEND,
// SKEY and NEW happen without it). The ratchet is not safe for concurrent use;
// the lock serialises it.
//
// # Persistence points (db.AgentStore, one transaction each)
//
//   - CreateInvitation: the connection (queue keys, X3DH private params) after NEW.
//   - Join / AllowConnection: connection + ratchet + the encrypted confirmation
//     in agent_pending, after SKEY and NEW, before anything is sent.
//   - Send: the message is numbered and encrypted at once; the advanced ratchet,
//     the chain hash, the SEND body (agent_pending) and its hash (agent_sent,
//     for the receipt) commit together before Send returns. Retries resend the
//     same bytes, so a SEND repeated after a crash is a duplicate the peer's
//     ratchet recognises.
//   - Receive: ratchet, chain position and the message (agent_inbox) commit
//     together; only then is the relay's MSG ACKed. A crash before the commit
//     means the relay redelivers; after it, the redelivery fails to decrypt as
//     a duplicate and is ACKed without being shown.
//   - AckMessage: the inbox row goes and the receipt is queued. Unacknowledged
//     inbox rows are reported again (same MsgID) after a restart.
//
// Integrity (agentproto.CheckIntegrity against the last id and hash):
// the next id is OK; a gap shows the message flagged with the skipped range;
// a late message (id below the last: the relay reordered) is shown once,
// flagged bad id, without moving the chain back; the same id again is MERR.
// A redelivered ciphertext never gets that far: the ratchet has used its key
// and reports A_DUPLICATE (MERR), so nothing is shown twice.
//
// A failed transaction reloads the connection from the database so memory
// never runs ahead of disk.
//
// # Flow control
//
// A SEND answered ERR QUOTA waits for the peer's A_QCONT (sent when the peer
// receives the relay's QUOTA marker) or Config.QuotaWait, whichever first.
// As upstream (Agent.hs queueDrained / continueSending), QCONT is an ordinary
// numbered message of the chain and so waits behind the side's own sends;
// out of order it would break the sender-id/hash chain. When both directions
// are full each side's QCONT is stuck behind its blocked sends. Upstream
// leaves that to its slow retry interval; here, receiving a QUOTA marker
// (our queue was full and is now drained) also ends our own QUOTA wait: of
// the two sides the one whose marker comes later finds the other's queue
// already drained, its sends (and its QCONT) go through and unblock the
// other. The tests run with QuotaWait = 1 min, so none depends on the timer;
// it remains for a QCONT lost to a crash.
//
// # Handshakes
//
// The fast path (agent v6+, SKEY): the joiner secures the inviter's queue,
// creates its reply queue and sends a confirmation ('_' header, ratchet params,
// AgentConnInfoReply); the inviter initialises its ratchet from it (v7), and
// after AllowConnection secures the reply queue and sends AgentConnInfo. The
// confirmation is message 1 of each side's chain.
//
// The legacy path (KEY + HELLO) is taken when the inviter's queue cannot be
// secured by its sender: a queue URI without the messaging mode (k=s), a
// client version before sender auth, or a peer agent before v6. The joiner
// then sends its confirmation unsigned with its sender key in a 'K' header;
// the inviter (AllowConnection) KEYs its queue with that key and answers
// the same way on the reply queue. The joiner queues two send-loop rows in
// the transaction that stores the inviter's confirmation: KEY of its reply
// queue, then HELLO, so HELLO leaves only after the relay said OK to KEY
// (interop-notes: the official app answers HELLO at once). The first side to
// receive a HELLO answers with its own; CON comes on each side once it has
// both sent and received a HELLO (upstream Agent.hs: helloMsg and the
// AM_HELLO_ send completion), i.e. after the reply HELLO. HELLOs are numbered
// messages of the chain (the joiner's is 2, after its confirmation).
package agent
