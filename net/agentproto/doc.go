// Package agentproto is the stateless wire layer of the SimpleX agent:
// the per-queue e2e envelope, the agent envelopes and the agent messages,
// byte-exact with simplexmq 6.5.5.0 (src/Simplex/Messaging/Protocol.hs
// ClientMsgEnvelope/ClientMessage, Agent/Protocol.hs AgentMsgEnvelope/
// AgentMessage/AMessage, Agent.hs and Agent/Client.hs for how they are
// built). The agent (core/agent) owns state — queues, ratchets, ids,
// hashes — and uses this package to turn them into bytes and back. Nothing
// here dials, stores, or keeps state; randomness is passed in.
//
// # Layers, from the relay down to the chat payload
//
//	relay MSG body (net/smp)       cbEncrypt(rcvDhSecret, nonce = msgId, pad(·, 16106))  = 16122 bytes
//	└ server→recipient plaintext   i64 ts ‖ flags ‖ ' ' ‖ SEND body    |  "QUOTA " ‖ i64 ts
//	  └ ClientMsgEnvelope          w16 smpClientVersion ‖ maybe(sb X25519 DER) ‖ nonce24 ‖ tail(encBody)
//	    └ encBody                  cbEncrypt(e2eSecret, nonce, pad(ClientMessage, 15904 | 16000))
//	      └ ClientMessage          ('_' | 'K' sb(senderAuthKey DER)) ‖ tail(envelope)
//	        └ agent envelope       w16 agentVersion ‖ tag ‖ …
//	           'C' Confirmation    maybe(E2E ratchet params) ‖ tail(ratchet(pad(AgentConnInfo[Reply], 14832 | 11106)))
//	           'M' MsgEnvelope     tail(ratchet(pad(AgentMessage, 15840 | 13618)))
//	           'I' Invitation      lb(invitation URI) ‖ tail(connInfo)          per-queue e2e only
//	           'R' RatchetKey      E2E ratchet params ‖ tail(RatchetInfo)       per-queue e2e only
//	          └ AgentMessage       'I' tail(connInfo) | 'D' nonempty(SMPQueueInfo) tail(connInfo)
//	                               | 'R' tail(info) | 'M' i64 sndMsgId ‖ sb(prevMsgHash) ‖ aMessage
//	            └ aMessage         H | M tail(chat message) | V receipts | QC | QA | QK | QU | QT | E
//
// Who pads what:
//   - the relay pads the server→recipient plaintext to 16106 (net/smp
//     EncryptRcvMessage, which this package uses and does not duplicate);
//   - the sender pads the ClientMessage to 15904 when the envelope carries
//     its X25519 e2e key (the first message on a queue: confirmation,
//     contact invitation) and to 16000 otherwise (SealClientMessage picks
//     by the key's presence, as the reference's agentCbEncrypt does). With
//     the 16-byte tag and the header the SEND body is 15992 / 16043 bytes,
//     under the 16048 a relay of SMP v11+ accepts;
//   - the double ratchet (crypto/ratchet) pads the AgentMessage to 15840
//     (13618 once PQ headers are used, agent v5+) and a confirmation's
//     conn info to 14832 (11106 with PQ): ConnInfoPadLen / MessagePadLen.
//
// Every pad is pad(s, N) = w16 len(s) ‖ s ‖ '#'…, so ciphertext sizes do not
// reveal message sizes.
//
// # Keys at each layer
//
//	rcvDhSecret  X25519(relay's srvDhKey from IDS, recipient's rcvDhKey)   relay → recipient
//	e2eSecret    X25519(recipient's dh= key in the queue URI, sender's key) sender → recipient, per queue
//	ratchet      X448 X3DH + double ratchet [+ sntrup761]                   per connection
//
// The sender's e2e public key travels only in the first message on a queue
// (the recipient must remember it); contact requests use a fresh key for
// every message (SealOnce). The 'K' header carries the sender's command key
// when the recipient must secure the queue itself (legacy KEY path, queues
// without sender securing); with SKEY it is '_'.
//
// # Versions
//
// The envelope and message encodings are identical at agent versions 2–7;
// versions decide which messages a peer understands and the ratchet
// paddings: 3 adds RatchetKey/EREADY, 4 receipts (A_RCVD), 5 PQ (KEM fields
// in ratchet params, smaller paddings), 6 SKEY-secured reply queues, 7 the
// initiator's ratchet on confirmation. Envelope.CheckVersion and
// AMessage.MinAgentVersion say what a connection at a version may carry.
// Parsers accept any version number (the reference parses first and then
// decides, e.g. a v1 contact address still receives v2 messages), and the
// agent checks with CheckAgentVersion / CheckClientVersion → A_VERSION.
// Queue addresses inside messages are encoded at the queue's own SMP client
// version (net/links QueueInfo/QueueURI rules).
//
// Classify applies the reference's table of which private header and
// envelope a queue accepts in each key state (first message with the
// sender's e2e key, later messages without it, a repeated confirmation);
// anything else is A_PROHIBITED.
//
// # Ids and the hash chain
//
// The sender numbers every message on a connection, the confirmation being
// 1, and puts MessageHash (SHA-256) of the previous encoded AgentMessage —
// the ratchet plaintext before padding — in the next one. The receiver
// seeds its chain from the confirmation (id 1, hash of the decrypted
// AgentConnInfo/AgentConnInfoReply) and judges each message with
// CheckIntegrity: OK, BAD_ID (lower id), DUPLICATE (same id), NO_ID from
// to (skipped range), HASH. These are reported, never fatal. CheckIntegrity
// also accepts a first message numbered 1 with an empty hash right after the
// confirmation (a peer that does not count its confirmation, which the
// official app tolerates); CheckIntegrityStrict is the reference's rule alone. A_RCVD
// receipts return the receiver's hash so the sender can compare.
//
// # Parsing
//
// Parsers read with crypto/enc's bounds-checked reader, never panic, and
// consume their input exactly: the last field of most structures is a tail,
// which by definition absorbs any further bytes, and every structure
// without a tail rejects trailing bytes. Servers and queues embedded in
// lists are read by net/smp (ReadServer) and net/links (DecodeQueueInfo,
// DecodeQueueURI, which report how many bytes they used), so each form has
// one parser. As in the reference, an optional
// queue-mode byte ('M'/'C'/'T'/'F') right after a queue address is always
// taken as the mode. Parse errors are A_MESSAGE (errors.go maps every
// failure to the reference's agent error names).
package agentproto
