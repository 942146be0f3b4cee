// Package server is the Duplex SMP relay: anonymous unidirectional queues
// with one recipient and many senders, no accounts, nothing kept after
// delivery. It speaks SMP v6–18 through net/smp (codec, handshake, block
// transport) over net/tls13, and keeps its state in package store.
//
// # Goroutines and ownership
//
//	Serve            accept loop, one per listener
//	serveConn        per connection: TLS + SMP handshake (bounded by
//	                 HandshakeTimeout), then client.run — the reader, which
//	                 executes the transmissions of each block in order and
//	                 queues their replies as one batch
//	client.writer    per connection: packs everything queued (replies and
//	                 events pushed by other connections) into as few blocks
//	                 as possible (smp.Pack) and writes them
//	housekeeping     one: message expiry every ExpireInterval, a stats line
//	                 every StatsInterval
//
// The stores own queues and messages (their own locks). Server.subs maps a
// recipient id to the one connection subscribed to it; each client has
// its subs (recipient id → delivered-but-unACKed msgId, or the GET marker).
// Lock order: Server.subsMu → client.mu → store locks. A client's outgoing
// queue is unbounded in principle but bounded in practice (one reply per
// command read, one MSG per subscribed queue until ACK); a client more
// than 8192 transmissions behind is disconnected, and every write has a
// 60 s deadline, so a peer that stops reading costs nothing else.
//
// # Protocol flow (what a queue sees)
//
//	recipient                relay                        sender
//	NEW rcvKey dhKey 'S' ──▶ ids, DH keypair, store log ─▶ IDS rid sid srvDh
//	                                                   ◀── SKEY sndKey (signed by it)
//	                                                   ◀── SEND body (signed)
//	                         journal + fsync, then OK  ──▶ OK
//	MSG msgId box(…)     ◀── push if subscribed and nothing un-ACKed
//	ACK msgId            ──▶ remove; reply = next MSG (same corrId) or OK
//	DEL                  ──▶ OK; another subscriber gets DELD
//
// Rules, as in the reference relay (simplexmq Server.hs, verified there):
//   - One subscriber per queue: SUB on another connection moves the queue
//     and the old connection gets END. NEW with 'S' subscribes at once.
//     A repeated SUB re-sends the un-ACKed message; SUB's reply and that
//     MSG go in the same block.
//   - Nothing more is delivered on a queue until the delivered message is
//     ACKed; ACK with another msgId is ERR NO_MSG.
//   - GET and SUB do not mix on one connection for one queue (CMD
//     PROHIBITED); ACK after GET answers OK, never the next message.
//   - Securing: SKEY/LKEY (sender, messaging queues only, signed by the new
//     key) or KEY (recipient). Securing again with the same key is OK (a
//     retry), with another key AUTH. Before securing SEND must be unsigned,
//     after it must be signed by the sender key. Contact queues are never
//     secured and accept unsigned SEND.
//   - Quota (default 128): the SEND that finds the queue full stores a
//     "QUOTA" marker for the recipient and gets ERR QUOTA, as does every
//     SEND until the recipient drains the queue.
//   - Expiry (default 21 days, Config.Now injectable): old messages are
//     removed at start and every ExpireInterval.
//   - Short links: NEW with link data (a client-chosen sender id must be
//     the first 24 bytes of SHA3-384(corrId)), LSET (the link id and the
//     fixed part cannot change), LDEL, LGET (contact queues, unsigned) and
//     LKEY (secures an invitation and returns LNK). The link data of a
//     secured invitation is deleted at the first SEND.
//   - A password (Config.Password) is required in NEW when set;
//     NewQueuesDisabled refuses every NEW. Both answer ERR AUTH.
//   - NKEY/NDEL store notifier credentials; NSUB is accepted but there is
//     no notification server. SUBS/NSUBS (services) answer ERR CMD
//     PROHIBITED.
//   - A missing queue and a wrong signature are the same ERR AUTH, and a
//     missing queue still costs one signature verification.
//
// # Server→recipient encryption
//
// MSG bodies are cbEncrypt(rcvDhSecret, nonce = msgId, plain, 16106) with
// rcvDhSecret = X25519(recipient DH key from NEW, the relay's per-queue DH
// key) and plain = i64 ts ‖ 'T'|'F' ‖ ' ' ‖ body, or "QUOTA " ‖ i64 ts.
// Sender and recipient ciphertexts thus share no bytes even inside TLS.
//
// # Private message routing (proxy.go, forward.go)
//
//	client ──PRXY dest──▶ proxy ──(one shared session per dest: proxyServer hello, plain blocks)──▶ dest
//	       ◀─PKEY sessId, dest range ∩ 8–17, dest chain + signed key
//	client ──PFWD v cmdKey enc──▶ proxy ──RFWD box(sessSecret, n, sb(corrId) v cmdKey enc)──▶ dest
//	       ◀─PRES encResp──────── proxy ◀─RRES box(sessSecret, rev(n), sb(corrId) encResp)── dest
//
// Proxy role: PRXY needs Config.Password when set and proxying enabled
// (Config.ProxyDisabled answers ERR PROXY BASIC_AUTH, as upstream with
// allowSMPProxy off). The relay keeps one smp.Client per destination
// (dialled once for concurrent PRXYs, dropped and redialled when it has
// ended) and answers PKEY with that session's id, the destination's range
// capped to 8–17 (so clients behind proxies look alike) and the chain and
// signed key from the destination's hello. PFWD looks the session up by id
// (ERR PROXY NO_SESSION) and forwards the client's ciphertext unopened: the
// proxy never holds a key to it, so it sees neither queue ids nor
// commands. PRXY and PFWD run off the reader (at most 16 per client), so a
// slow destination does not stall the client's other commands. Failures
// on the hop are ERR PROXY BROKER (TRANSPORT kind / TIMEOUT / NETWORK …),
// the destination's ERR to RFWD is ERR PROXY PROTOCOL.
//
// Destination role: RFWD is opened with X25519 of the two hello keys
// (nonce = RFWD corrId), then the client layer with X25519(cmdKey, this
// session's key) (nonce = the client's corrId); the single transmission
// inside runs as a direct command at the client's version, authorised for
// this session id. Only SEND, SKEY, LKEY and LGET are allowed (others get
// ERR CMD PROHIBITED inside the response). Both answers are boxed with
// the byte-reversed nonces. Config.Observe sees every command with the
// address it came from; a forwarded one is marked Proxied and carries the
// proxy's address.
//
// # Sessions
//
// Every transmission's signature covers the session id (tls-unique of
// that TLS connection, implied from v7, explicit at v6 and checked: ERR
// SESSION), so a transmission captured from one connection authorises
// nothing on another.
//
// # Logging
//
// Info level carries counts and lifecycle events only — never client
// addresses or queue ids (those appear at debug level at most).
package server
