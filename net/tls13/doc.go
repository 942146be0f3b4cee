// Package tls13 is Duplex's own small, strict TLS 1.3 (RFC 8446) for SimpleX
// transports: SMP and XFTP relays and XRCP remote control.
//
// Why not crypto/tls: SimpleX relays use Ed448 certificates (signature scheme
// 0x0808) and every session is bound to tls-unique, the client's Finished
// verify_data; Go's crypto/tls supports neither in TLS 1.3. This package
// implements only the profile SimpleX uses, written from the RFC (Go's
// crypto/tls is used only as a test peer).
//
// # Profile
//
//   - version TLS 1.3 only (supported_versions 0x0304); anything else is
//     refused with protocol_version;
//   - cipher suite TLS_CHACHA20_POLY1305_SHA256 (0x1303) only;
//   - groups X25519 (0x001d) and X448 (0x001e); the client sends one key
//     share, for Config.Groups[0] (X448 by default, like the reference
//     client), so an X25519-only server answers with a HelloRetryRequest;
//     the server uses the client's share for its most preferred group it
//     can, else sends a HelloRetryRequest for its most preferred group the
//     client supports;
//   - signature schemes Ed25519 (0x0807) and Ed448 (0x0808), both always
//     offered (real relays refuse ClientHellos that list only one);
//   - certificates: X.509 chains built and verified by package certs; trust is
//     a pin of SHA-256(chain[1]) checked by Config.VerifyPeer (PinnedChain);
//   - ALPN (RFC 7301), server preference; no SNI is ever sent (on a relay's
//     port 443 SNI switches the relay to its web certificate);
//   - client certificates (XRCP): the server sends CertificateRequest and
//     requires a chain + CertificateVerify.
//
// Refused, deliberately: TLS 1.2 and older, every other cipher suite and
// group, RSA/ECDSA/RSA-PSS certificates and signatures, PSK resumption (the
// server never issues tickets and ignores pre_shared_key offers; the client
// never offers one, drops NewSessionTicket, and aborts if a server selects a
// PSK), 0-RTT (never offered; a server skips at most 4×(2^14+256) bytes of
// undecryptable early data, then requires normal records), renegotiation and
// post-handshake client authentication (a post-handshake ClientHello or
// CertificateRequest is an unexpected_message), SNI, OCSP/SCT, compression,
// and record_size_limit.
//
// # Protocol flow
//
//	Client                                         Server
//	ClientHello {versions, groups, sig_algs,
//	             key_share(Groups[0]), alpn}   ->
//	                                           <-  HelloRetryRequest {key_share(group)}   (optional)
//	ClientHello {key_share(group), cookie?}    ->
//	                                           <-  ServerHello {key_share}
//	                                               {EncryptedExtensions(alpn)}
//	                                               {CertificateRequest}   (RequireClientCert)
//	                                               {Certificate chain, leaf first}
//	                                               {CertificateVerify(Ed25519|Ed448)}
//	                                               {Finished}
//	{Certificate}{CertificateVerify}           ->  (if requested)
//	{Finished}  = tls-unique on both sides     ->
//	[application data, KeyUpdate, alerts]     <->  [application data, KeyUpdate, alerts]
//
// Key schedule (SHA-256, no PSK): early = Extract(0, 0); hs = Extract(Derive(early,
// "derived"), ECDHE); {c,s} hs traffic from CH..SH; master = Extract(Derive(hs,
// "derived"), 0); {c,s} ap traffic from CH..server Finished; KeyUpdate moves a
// direction to Expand-Label(secret, "traffic upd"). After a HelloRetryRequest
// the transcript starts with message_hash(ClientHello1).
//
// # Record layer
//
//	TLSCiphertext = type(1)=23 ‖ 0x0303 ‖ length(2) ‖ AEAD(inner)
//	inner         = content ‖ real type(1) ‖ zero padding
//	nonce         = iv XOR (0^4 ‖ seq(8)),  aad = the 5-byte header
//
// Plaintext records carry at most 2^14 bytes and ciphertexts at most
// 2^14+256 (record_overflow otherwise); padding of any length is accepted and
// stripped; zero-length application data records are accepted; a
// change_cipher_spec record {0x01} is ignored during the handshake only
// (middlebox compatibility). Handshake messages may span records but never a
// key change. Writes are cut into 2^14-byte records; the handshake flights
// go out in one write each.
//
// # Concurrency
//
// A Conn has no goroutines of its own. Handshake runs once under hsMu;
// afterwards one reader (c.in) and one writer (c.out) may run concurrently.
// The reader takes c.out briefly to answer a KeyUpdate that requests an
// update. Close sends close_notify unless a writer is blocked, then closes
// the socket; CloseWrite only sends close_notify.
//
// # Errors
//
// Every protocol failure is an *AlertError: Remote=false when we detected it
// (the alert has been sent to the peer) and Remote=true for an alert we
// received. Handshake timeouts wrap ErrHandshakeTimeout; a closed socket
// during the handshake wraps io.ErrUnexpectedEOF. The peer's close_notify is
// io.EOF from Read.
package tls13
