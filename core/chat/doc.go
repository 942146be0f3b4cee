// Package chat is the chat service behind core/api's ContactClient and
// ChatClient: contacts, pending connections, contact addresses and chat
// items, spoken as SimpleX chat protocol JSON (core/chat/protocol) over the
// duplex connections of core/agent. core.Local starts one Service (and with
// it one agent) when the database opens and stops it on Close and re-key.
//
// # Goroutines and locks
//
//	run            handles the agent's events, one at a time, in order
//	disappearLoop  deletes expired disappearing items (at start, at each
//	               item's time, when poked)
//	Hub watchers   one goroutine and one unbounded queue per Watch, so
//	               publishing never waits for a slow front end
//	auto-accept    a short goroutine per request on an auto-accepting
//	               address, and one per confirmation for AllowConnection
//	               (both are relay round trips; run must not wait for them)
//
// Service.mu serialises chat state changes: event handling and every API
// call that writes. It is held across agent.Send, which only encrypts and
// commits (no network), so a SENT can never be handled before its item
// knows the agent message id. It is never held across a relay round trip.
//
// Service.opMu serialises the calls that create receive queues
// (CreateInvitation/Link, Join, JoinContact, JoinLink, AcceptContact,
// CreateContactAddress/Link). The agent has one ServerPicker; ours
// delegates to the picker of the profile whose operation holds opMu
// (core gives each profile a core/servers Selector → AgentPicker, or the
// fixed Options.Servers). Queue creation is rare and short, so one at a
// time per core costs nothing users notice.
//
// A connection made by an API call is registered (chat_conns row) after
// the agent call returns. Events for a connection the service does not
// know yet are parked and replayed when it is registered, so a fast peer
// cannot race the registration.
//
// # Connections and contacts (db 006_chat_service.sql)
//
//	chat_conns   one row per agent connection: invited (our one-time link,
//	             or a request we accepted), via_address, the link used or
//	             made (full and short, for plans), incognito name, and
//	             contact_id once the peer's profile arrived. Without a
//	             contact it is a pending connection (api.PendingID = id).
//	contacts     the peer's profile, alias, ready (CON), verified code,
//	             mute, peer_deleted, disappearing offers, chat versions.
//
// Handshake as the chat layer sees it (upstream Library/Subscriber.hs):
//
//	inviter: CreateInvitationLink ──link──▶ joiner: Join(x.info) / JoinLink
//	inviter: CONF(x.info) → contact, AllowConnection(our x.info)
//	joiner:  INFO(x.info) → contact
//	both:    CON → ready, EvContactConnected
//
// An address request is the same with roles swapped: the requester
// JoinContact(x.contact) creates the invitation; the owner gets REQ
// (stored as a contact request, or accepted at once with auto-accept) and
// AcceptContact joins it with our x.info; the requester then sees CONF.
// After CON on a request we accepted, the address's welcome message (if
// auto-accept with a message is set) is sent as the first item.
//
// Incognito: a random two-word display name per connection, sent instead
// of our profile in x.info (and in the short link's data); profile updates
// skip those contacts.
//
// Plans (PlanConnect) never send anything: own address / own one-time link
// (by the stored full or short link), a link we already used (connecting or
// known contact), else invitation or address by the link's type.
//
// Deleting a contact with notify sends x.direct.del and keeps the
// connection (contact detached, deleting = 1) until the agent reports SENT
// or a final MERR for it, then deletes the connection: deleting at once
// would drop the queued x.direct.del with the agent's pending sends. The
// peer marks the contact deleted (EvContactDeleted with Ready false) and
// its sends fail with ErrPeerDeleted; without notify the peer finds out
// when its next message fails (agent.ErrPeerGone → item status error).
//
// Security code (upstream Types.hs verificationCode): SHA-256 of the
// ratchet's associated data (the two X3DH identity keys, the same bytes on
// both sides), as a decimal number, in groups of 5 digits. The ratchet is
// read from the agent's stored state.
//
// # Chat items
//
// Every sent x.msg.new carries a random 12-byte shared message id (msgId);
// x.msg.update, x.msg.del, x.msg.react and quotes name items by it. Sent
// items move sending → sent (SENT) → delivered (RCVD, the agent's receipt)
// or error (MERR, with the reason; the agent has done the retrying). A
// relay that is down leaves the item "sending": the agent committed the
// message and resends it when the relay is back.
//
// Receiving: a message body (one message or a batch) is applied, each
// write committed, and only then is the agent message ACKed. A crash in
// between makes the agent report it again; x.msg.new is deduplicated by
// its shared id. When storage fails (an integrity error, or the service is
// stopping) the message is not ACKed and comes again after a restart; a
// message that cannot be applied for any other reason (it names an item
// that is gone) would fail the same way again, so it is ACKed and dropped. Unknown events and content types become KindUnsupported
// items; group-era bookkeeping (x.ok, probes) is ignored.
//
// Edits keep the previous texts (chat_item_versions; ItemHistory lists them
// with the current text last). Delete for everyone marks both copies
// deleted (the receiver's text is hidden); delete for me removes the row.
// Reactions: up to api.MaxReactions different emoji per user per item; a
// peer's reactions beyond the limit are ignored, as upstream does.
//
// Disappearing messages use SimpleX's "timedMessages" preference, sent in
// x.info: {"allow":"yes","ttl":N} to offer, {"allow":"no"} when off. They
// apply when both sides offer the same ttl. A sent item's timer starts when
// it is sent, a received one's when it is read (as upstream). Expired items
// are deleted by disappearLoop, also right after start.
//
// Search is FTS4 (003_chat.sql): each word the user typed, lower-cased and
// stripped to letters and digits, becomes a prefix term, so no query can
// reach FTS syntax.
//
// # Chat protocol versions
//
// We advertise protocol.SupportedRange in every message and record the
// range each contact advertises (contacts.chat_vmin/vmax). Everything we
// send is version-1 JSON sent as a single message (no batches, no
// compression), which every version reads, so no feature is gated yet; the
// stored range is what later features (batching ≥ 9, compression ≥ 8 with
// PQ) will check.
package chat
