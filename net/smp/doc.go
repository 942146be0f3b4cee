// Package smp implements the SimpleX Messaging Protocol (SMP) relay protocol,
// versions 6–18, byte-exact with simplexmq 6.5.5.0 (src/Simplex/Messaging/
// Protocol.hs, Transport.hs, Client.hs): the codec, the block transport with
// its handshake (both sides — the relay in net/smp/server uses it too) and a
// client.
//
// # Layers
//
//	Client        correlation ids, timeouts, batching, subscriptions, PING, reconnect
//	Transmission  sb(auth) [v≥16: maybe(sb serviceSig)] [v6: sb(sessId)] sb(corrId) sb(entityId) command
//	Batch         count(1..255) ‖ lb(transmission)×count       (budget 16384−19 for the lb parts)
//	Transport     16384-byte blocks: pad(content, 16384) or, v≥11, tag ‖ secretbox(pad(content, 16368))
//	TLS 1.3       net/tls13, ALPN "smp/1", sessionId = tls-unique (client Finished verify_data)
//
// # Protocol flow
//
//	client                                   relay
//	  TLS ClientHello (ALPN smp/1, no SNI) ─▶
//	                                      ◀─ TLS (Ed25519/Ed448 chain of 2–4 certs)
//	                                      ◀─ server hello block:
//	        w16 min ‖ w16 max ‖ sb(sessionId) ‖ [max≥7: nonempty(lb cert) ‖ lb(signed X25519 session key)]
//	  client hello block: ─────────────────▶
//	        w16 version ‖ sb(keyHash) ‖ [v≥7: sb(X25519 DER)] ‖ [v≥14: bool proxy] ‖ [v≥16: maybe(service)]
//	  (v≥11: every later block encrypted with chain keys from X25519(session keys), salt sessionId)
//	  NEW/SUB/KEY/SKEY/SEND/ACK/… ─────────▶  (batched, authorized per transmission)
//	                                      ◀─  IDS/OK/SOK/MSG/ERR … (same corrId)
//	                                      ◀─  MSG/END/DELD … (events, empty corrId)
//
// The relay offers 6–18 with ALPN smp/1 and only 6 without it. The client
// picks the highest common version. A relay of version ≥7 signs a fresh X25519
// session key with its online (leaf) certificate key; the client checks the
// key hash (SHA-256 of chain[1], the identity certificate) and the signature
// with the TLS leaf key, and that the hello's sessionId equals its own
// tls-unique (ErrTransportSession otherwise). With v≥11 both sides derive
//
//	(ck1, ck2) = HKDF-SHA512(salt=sessionId, X25519(server, client), "SimpleXSbChainInit", 64)
//
// the relay sends with ck1 and receives with ck2, the client the reverse; each
// block advances its chain (crypto/box SbcHkdf) and any decryption failure
// ends the connection.
//
// # Authorization
//
// signed = sb(sessionId) ‖ sb(corrId) ‖ sb(entityId) ‖ command — the session
// id is implied (not sent) from v7, so a transmission replayed on another TLS
// session does not verify. Keys: Ed25519 (64-byte signature), Ed448 (114) or
// X25519 (v≥7): an 80-byte cbAuthenticator = crypto_box(X25519(relay session
// key, queue key), nonce = corrId, SHA-512(signed)).
//
// # Contract for the relay (net/smp/server)
//
// Stable API used by the relay:
//   - ServerHandshake(conn, ServerHandshakeConfig) → *Transport; Transport.ReadBlock/
//     WriteBlock/WriteBatch, Version, SessionID, ServerPrivateKey.
//   - ParseBatch / Pack / EncodeBatch; ParseTransmission / EncodeTransmission;
//     Transmission.SignedBytes(sessionID).
//   - ParseCommand(v, b) → one struct per command (NEW, SUB, KEY, SKEY, SEND, ACK …);
//     errors are *Error values to send back (ErrCmdUnknown, ErrCmdSyntax).
//   - CheckCredentials(hasAuth, entityID, cmd) → *Error (which commands need
//     auth and/or an entity).
//   - VerifyAuth(t, storedKey, sessionID, serverSessionPriv) for Ed25519/Ed448/X25519 keys.
//   - EncodeResponse(v, r) with one struct per response (IDS, OK, SOK, MSG, END,
//     DELD, LNK, INFO, ERR{*Error} …); it applies the version downgrades
//     (SOK→OK <16, DELD→END <10, BLOCKED→AUTH <12).
//   - Every ERR code as a value: ErrAuth, ErrNoMsg, ErrQuota, ErrLargeMsg,
//     ErrProhibited, ErrNoAuth, ErrHasAuth, ErrNoEntity, ErrInternal,
//     StoreError(text), ErrBlocked{Blocked: &BlockingInfo{…}} ….
//
// # Client
//
// Connect dials one relay (the hosts SelectHosts picks for the HostMode —
// public / onion when available / onion required — tried in order; .onion
// only through ClientConfig.SOCKS or DialOnion; with SOCKS every host goes
// through the proxy by name, never resolved locally, and each Client is one
// proxy session with its own isolation credentials; port from the address, else 443 with ALPN http/1.1 for hosts
// under ClientConfig.PresetDomains, else 5223; never SNI) and returns a
// Client. Goroutines:
//
//	per session   reader   parses every block, routes replies to waiters by
//	                       corrId and pushes events (MSG/END/DELD) to the queue
//	              writer   drains all queued requests into as few blocks as
//	                       possible (Transport.WriteBatch → Pack)
//	              pinger   PING after PingInterval of silence; PingErrors
//	                       failures in a row end the session
//	per client    supervisor  waits for the session to end, reconnects with
//	                          exponential backoff, resubscribes every queue
//	              dispatcher  calls the Handler in order from an unbounded
//	                          queue, so a Handler may call back into the Client
//
// The client owns only its subscription set (recipient id → key, the keys
// the caller passed). It stores nothing else and decides nothing: keys come
// with every call, the caller persists state and decides when to retry.
// Events come only from the current session, so an END that a stale socket
// would deliver after a reconnect is never seen. A MSG that answers SUB or
// ACK goes to the Handler like a pushed one; a MSG that answers a request
// which already timed out is still delivered (otherwise the queue would stay
// blocked until the next SUB).
//
// # Errors
//
// Relay verdicts are *Error (errors.Is against ErrAuth, ErrNoMsg, ErrCmd …);
// transport and handshake failures are *TransportError (ErrTransportSession,
// ErrHandshakeIdentity, ErrHandshakeBadAuth, ErrTransportBlock …); the client
// adds ErrTimeout, ErrDisconnected and ErrClosed. Retryable(err) is true for
// network errors, timeouts and lost connections, and for the proxy errors
// that report them; everything else is final for the command as sent.
//
// # Private message routing (proxy_client.go, proxy_codec.go)
//
// ProxySession sends PRXY to this client's relay and checks the PKEY
// answer as a direct connection would check the destination's hello
// (chain[1] fingerprint, X.509 path, signed session key), so a proxy that
// substitutes a relay is ErrProxyBadRelay. ProxySend, ProxySecureBySender,
// ProxySecureLink and ProxyGetLink each use a fresh X25519 command key:
//
//	s       = X25519(destination session key, cmdKey)
//	PFWD    = entity sessId, corrId n: w16 v ‖ sb(cmdKey) ‖ cbEncrypt(s, n, 0x01 ‖ lb(t), 16226)
//	t       = the command signed for sessId, with corrId n
//	PRES    = cbEncrypt(s, reverse(n), 0x01 ‖ lb(response), 16226)
//
// Failures wrap one of ErrProxyDown (client→proxy hop), ErrDestinationDown
// (ERR PROXY BROKER …, NO_SESSION), ErrProxyRefused (proxying disabled,
// BASIC_AUTH, PROXY PROTOCOL), ErrDestinationTooOld (no version ≥ 8) and
// ErrProxyBadRelay; a plain *Error is the destination's own verdict. The
// relay's proxy side uses ClientConfig.ProxyServer, RelaySession and
// Forward (RFWD/RRES with X25519 of the hello keys, reversed nonce).
//
// # Where the reference was ambiguous (settled against simplexmq 6.5.5.0)
//   - Batch capacity: 16365 bytes for the lb(transmission)s at every version
//     (Protocol.hs batchTransmissions_: 16384 − 2 pad − 1 count − 16 tag).
//     Ed25519-signed SUBs: 135 per block from v16 (the service-signature slot
//     adds a byte), 136 at v7–15, 106 at v6 (session id sent); Pack fills
//     blocks from the end as the reference's right fold does (300 → 30+135+135).
//   - Any negotiated ALPN gives the full range (Transport.hs smpServerHandshake
//     uses getSessionALPN, not a comparison with "smp/1"): preset hosts on
//     443 negotiate http/1.1 (Client.hs useALPN).
//   - The server hello's signed key and the client hello's key are optional
//     fields (attoparsec optional); trailing bytes in hellos are ignored.
//   - IPv6 hosts: upstream prints them without brackets, which its own parser
//     cannot split from a port; we print "[addr]" (which it accepts) and
//     parse both. IPv4 parts above 255 make the host a domain name (upstream
//     wraps the last part to a byte).
//   - SEND/MSG flags: the reference skips unknown flag bytes up to the space;
//     so do we, re-encoding one flag.
//   - BROKER NETWORK is sent bare upstream but parsed with an optional detail;
//     we keep the detail when given.
//   - Service certificates (v16 handshake service field, SUBS/NSUBS) are
//     encoded and parsed, not used: a relay built on ServerHandshake answers a
//     service hello with 'E' HANDSHAKE BAD_SERVICE.
//   - Proxying: the response nonces are the byte-reversed request nonces
//     on both layers (Server.hs processForwardedCommand reverseNonce; the
//     RFC says corrId+1). PKEY's range is the destination's offered range
//     ∩ 8–17 (Server.hs compatibleVRange … proxiedSMPRelayVRange), refused
//     as PROXY BROKER TRANSPORT VERSION when empty or when the negotiated
//     version is below 8. A disabled proxy answers PROXY BASIC_AUTH, as
//     upstream (allowSMPProxy). A destination refusing the forwarded block
//     (e.g. CRYPTO) reaches the client as PROXY PROTOCOL.
//   - Host modes: upstream chooses one host (chooseTransportHost: HMOnionViaSocks,
//     HMOnion, HMPublic, with requiredHostMode making a missing kind an
//     error instead of falling back to the first host). Ours: HostPublic
//     (public hosts, onion-only addresses fall back to onion), HostOnionWhenAvailable
//     (= OnionViaSocks: onion hosts only if a SOCKS proxy is set) and
//     HostOnionRequired (= onion + requiredHostMode). All hosts of the chosen
//     kind are tried in order; the other kind is never a fallback after a
//     failed dial. An onion host without a proxy is ErrOnionNeedsProxy.
//
// Parsers never panic: every field is read with crypto/enc's bounds-checked
// Reader and each structure must be consumed exactly.
package smp
