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
//	  (sends an AgentInvitation, unsigned, to the contact queue; owner: REQ;
//	  the invitation proposes sntrup761 unless the profile leaves no room)
//	AcceptContact(addrID, reqID, info) → connID (joins the invitation); RejectContact
//	DeleteConnection(connID)            no more events; DEL on our queues
//	CreateInvitationLink / CreateContactAddressLink → also a short link
//	JoinLink(shortLink, info) → (connID, creator's user data)
//	SwitchConnection(connID)            SWITCH rcv started…completed (peer: SWITCH snd …)
//	AbortSwitch(connID)                 before our QUSE only
//	SynchronizeRatchet(connID, force)   RSYNC started, agreed, ok (peer: agreed, ok)
//	ConnectionServers(connID)           relays of our queues, the peer's, proxies used
//	ConnectionPQ(connID)                the ratchet is in its quantum-resistant mode
//
// SWITCH events carry SwitchDir (QueueRcv 1 / QueueSnd 2) and SwitchPhase
// (started 1, confirmed 2, secured 3, completed 4); RSYNC events carry Sync
// (ok 1, allowed 2, required 3, started 4, agreed 5), as upstream's
// QueueDirection, SwitchPhase and RatchetSyncState.
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
// # Queue rotation (switch.go)
//
//	recipient (switches)                     sender
//	NEW on a relay the picker chooses,
//	  with every server of the connection
//	  in used (else at least not the old one)
//	QADD(new URI, replaces old addr)  ───►   new send queue: fresh sender key and
//	  [rcv started]                            e2e key; QKEY on the old queue [snd started]
//	KEY queued (kindSecure row)       ◄───   QKEY(new queue info with its e2e key,
//	  [rcv confirmed]                          sender key)  [snd confirmed once sent]
//	relay OK → QUSE queued [rcv secured] ─►   new queue becomes Snd[0]; QTEST queued
//	                                           there [snd secured]; once sent the old
//	                                           queue is forgotten [snd completed]
//	first message committed on the new queue: old queue → Trash, DEL row;
//	  DEL confirmed [rcv completed]
//
// Securing follows upstream (qAddMsg/qKeyMsg): the recipient KEYs the new
// queue with the key from QKEY whatever the queue's mode, so SKEY is not
// used here. Unlike upstream, which sends each message to every active send
// queue while a switch is between QUSE and QTEST, a message goes to one
// queue only (Snd[0]): rows already queued for the old queue leave before
// QTEST, so the old queue carries exactly the ids below QTEST's. The two
// relays deliver independently, though, so a message on the new queue may
// overtake older ones still waiting on the old queue. Such a message (its id
// beyond the next expected while the old queue is still there) is decrypted
// on trial, then put back: not committed, not ACKed (the relay sends nothing
// more on that queue until the ACK, and redelivers it after a restart), held
// in memory (Agent.deferred) and processed again after the next message that
// commits. So messages are shown in order and the old queue is deleted only
// once drained. (A message truly lost on the old queue would stall the new
// one; the relays never drop committed messages.)
//
// Persistence: the switch state (rcvSwitch / sndSwitch), the new queues and
// Trash are in the connection row; QADD, QKEY, QUSE, QTEST, KEY and DEL are
// agent_pending rows committed with the state change that creates them, so
// a restart at any phase resumes where it was. AbortSwitch is allowed
// before QUSE (upstream canAbortRcvSwitch): the new queue goes to Trash and
// is deleted, a late QKEY for it is ignored (Aborted), and the peer's
// half-made send queue is replaced by the next QADD.
//
// # Ratchet re-sync (resync.go)
//
//	ok/allowed/required ── decrypt error ──► allowed (body, box) | required (header, too many skipped)
//	allowed|required (or force) ── SynchronizeRatchet ──► started: AgentRatchetKey(fresh X448 k1,k2
//	    [+ sntrup761 proposal if PQ]) on Snd[0], our private keys in the row
//	peer's AgentRatchetKey: ok/allowed/required → answer with our own keys; started → use ours;
//	    agreed → required again (upstream: RATCHET_SYNC)
//	    SHA-256(k1‖k2) own ≤ peer → receiving ratchet (as an invitation's creator), else
//	    sending ratchet and EREADY(last decrypted peer id) at once  → agreed
//	receiving side decrypts EREADY → ok, answers EREADY; any decrypted message → ok
//
// AgentRatchetKey is protected by the per-queue e2e layer only, takes a
// sender id and moves the chain hash as upstream. Key sets already used are
// remembered by hash (SyncKeyHashes), so a redelivery is ignored. A
// decryption failure of a ciphertext whose SHA-256 is among the last 1000
// the connection decrypted (agent_rcv_hash, committed with each message, as
// upstream's encrypted_msg_hash) is a relay redelivery whose keys are used
// up: MERR A_DUPLICATE, no state change. While
// required, started or agreed nothing new may be encrypted (Send and
// SwitchConnection refuse, rotation messages are rejected with A_QUEUE,
// receipts and QCONT are skipped), as upstream's ratchetSyncSendProhibited. A side
// restored from a backup numbers its messages from an old id; the first
// message after agreement (EREADY) therefore restarts the peer's integrity
// chain (SyncBase) instead of being flagged duplicate or bad id. Messages
// sent with the diverged ratchets are lost (reported as MERR A_CRYPTO).
//
// # Private message routing (route.go)
//
// Every sender command to a peer's relay (SEND of the send loop, SKEY of
// Join, LKEY/LGET of JoinLink, the request SEND of JoinContact) goes
// through Agent.routed: per Config.Routing.Mode (always / unknown relays =
// not Known / unprotected = unknown while !IPProtected / never; no
// ProxyPicker = never) either directly or as PFWD through a proxy relay
// the core picks (another operator than the destination). The
// PRXY→PKEY session is kept per destination and reused until a command
// through it fails with a proxy-class error (smp.ErrProxyDown,
// ErrDestinationDown, ErrProxyRefused, ErrDestinationTooOld,
// ErrProxyBadRelay); then one fresh session is tried and the fallback
// decides: allow → directly; protected → directly only with IPProtected;
// prohibit → ErrNoRoute, which the send loop retries with backoff up to
// Routing.MaxAttempts, then MERR. A proxy that returns an unverifiable
// relay never causes a direct send (it could be provoking one to learn our
// address). The destination's own answer (AUTH, QUOTA) is not a proxy
// failure. SENT carries Via (the proxy's host, "" = directly) and, after
// a fallback, Err = the proxy failure. Proxies used per connection are kept
// in memory for ConnectionServers.
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
//   - Receive: ratchet, chain position, the ciphertext's hash and the
//     message (agent_inbox) commit together; only then is the relay's MSG ACKed. A crash before the commit
//     means the relay redelivers; after it, the redelivery fails to decrypt as
//     a duplicate and is ACKed without being shown.
//   - AckMessage: the inbox row goes and the receipt is queued. Unacknowledged
//     inbox rows are reported again (same MsgID) after a restart.
//   - SwitchConnection: the new queue, the switch state and QADD, after NEW.
//     Each later phase commits with the message or send that caused it.
//   - SynchronizeRatchet / a peer's AgentRatchetKey: state, our keys or the
//     new ratchet, and the AgentRatchetKey / EREADY rows in one transaction.
//     A decryption failure commits the new sync state with the ACK decision.
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
