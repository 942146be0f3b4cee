// Package links reads and writes every kind of SimpleX connection link and
// the short-link data behind them, byte-exact with simplexmq 6.5.5.0
// (src/Simplex/Messaging/Agent/Protocol.hs, Agent/QueryString.hs,
// Crypto/ShortLink.hs). It is pure: no network, no storage. The agent uses
// it to create and join connections; the UI and CLI use ParseLink to decide
// what a pasted link is (Kind: invitation, contact, or a short link that
// must be resolved first).
//
// # Queue URI (QueueURI)
//
//	smp://<keyHash>@<hosts>[:port]/<senderId>#/?v=<min>-<max>&dh=<X25519 DER>[&q=m|c][&k=s][&srv=<hosts>]
//
// All binary values are base64url with '=' padding; query values are
// percent-encoded keeping only A-Za-z0-9-_.~ (the reference's urlEncode
// True). While min < 2 the authority holds only the first host and the
// others go to srv= (SMP client v1 could not read a host list); k=s
// ("sender can secure") is written while min < 4, after which q=m alone
// says it. Accepted on parse: extra parameters, the dh key in the fragment
// ("#<dh>/?…", or "#<dh>" alone meaning version 1), k=s without q.
// Version-1-only URIs of six old SimpleX hosts get their onion alias added.
//
// Binary (queues inside connection requests and link data):
//
//	w16 min ‖ w16 max ‖ server ‖ sb(senderId) ‖ sb(dh DER) ‖ mode
//	server = nonempty(sb host) ‖ sb(port) ‖ sb(keyHash)            (net/smp)
//	mode   = 'M'|'C' if min ≥ 4; 'T'|'F' if min ≥ 3 or (max ≥ 3 and securable); else nothing
//
// QueueInfo (one agreed version, agent messages) has the same rules, and
// version 1 uses a one-host server without the count byte.
//
// # Connection request (ConnRequest)
//
//	simplex:/<invitation|contact>#/?v=<agent range>&smp=<queue URI>[;<queue URI>…][&e2e=<params>][&data=<json>]
//
// https://<any host>/… parses the same (the host is a web fallback and is
// not kept). The smp value is a queue URI escaped again ('=' → %253D), and
// several queues are joined by ';' — not ',' which separates hosts; the
// query parser splits on both '&' and ';', so the ';' must be escaped.
// e2e (invitations) is the escaped inner query
// "v=<e2e range>&x3dh=<X448 DER>,<X448 DER>[&kem_key=<sntrup761 pk>]"
// (kem_key only when max ≥ 3; an invitation can only propose a KEM, so
// kem_ct is rejected). data= is kept verbatim (invalid UTF-8 bytes become
// '?', as upstream). Contact links are raised to agent min 2 on parse.
//
// Binary: 'I' ‖ crData ‖ e2e | 'C' ‖ crData, crData = w16 w16 ‖
// nonempty(queue URI) ‖ maybe(lb data), e2e = w16 w16 ‖ sb(k1) ‖ sb(k2) ‖
// maybe('P' lb(pk)). Queues read without a mode become contact queues (the
// reference's patch), so an invitation whose queue has no mode does not
// round-trip — as upstream.
//
// # Short links (ShortLink)
//
//	<auth>/i#<linkId>/<linkKey>[?h=<hosts>&p=<port>&c=<keyHash>]
//	<auth>/<a|c|g|r>#<linkKey>[?…]          a contact, c channel, g group, r relay
//	<auth> = simplex:            h= lists all hosts
//	       | https://<first host>  h= lists the other hosts
//
// base64url without padding here. Parameters that would be empty are left
// out, so a link to a preset server written without port and key hash is
// just "https://smp5.simplex.im/r#<key>": Shorten makes that form when the
// server is in the preset list, Restore puts the server back (by first
// host) from the list the caller passes (PresetList.SMPServers; nothing is
// embedded). Binary: 'I' ‖ server ‖ sb(id) ‖ sb(key) | 'C' ‖ 'A'|'C'|'G'|'R'
// ‖ server ‖ sb(key).
//
// # Short-link data (§2.4 of the reference notes)
//
//	fixed = agentRange ‖ sb(rootKey Ed25519 DER) ‖ connRequest(binary) ‖ [sb(entityId)]
//	user  = 'I' ‖ agentRange ‖ userData
//	      | 'C' ‖ agentRange ‖ bool direct ‖ list(ownerAuth) ‖ list(relay short link) ‖ userData
//	userData  = sb(d) if len(d) ≤ 254 else 0xFF ‖ lb(d)
//	ownerAuth = sb( sb(ownerId) ‖ sb(ownerKey DER) ‖ sb(sig(ownerId ‖ ownerKey DER)) )
//	signed    = sb(Ed25519 signature) ‖ part
//	stored    = nonce(24) ‖ sbEncrypt(K, nonce, signed, 2008 | 13784)   → 2048 | 13824 bytes
//
//	linkKey = SHA3-256(fixed)            the link commits to its connection request
//	contact:    linkId(24) ‖ K(32) = HKDF-SHA512("", linkKey, "SimpleXContactLink", 56)
//	invitation: K = HKDF-SHA512("", linkKey, "SimpleXInvLink", 32); linkId from the server
//
// The reader (ShortLink.DecryptLinkData, then FixedLinkData.VerifyAddress)
// checks, in the reference's order: both parts decrypt and decode; the
// hash of the fixed bytes as stored equals the link key ("link data
// hash"); the root key signed the fixed part ("link data signature"); the
// owner chain is valid (each owner signed by root or an earlier owner);
// the user part is signed by root or an owner ("user data signature"); the
// first queue is the queue the data was fetched from ("different address").
// Link-data parsers ignore bytes after the known fields, as the reference
// does for forward compatibility (hashes are taken over the stored bytes,
// never over a re-encoding).
//
// # Errors
//
// Parse failures are *ParseError naming the link kind and the exact fault
// ("queue URI: dh key: not an X25519 key", "short link: link key must be 32
// bytes, got 31"); link-data check failures are *LinkError carrying the
// reference's A_LINK text, comparable with errors.Is to the Err* values.
//
// # Relation to net/smp
//
// The server address type is smp.Server. Links carry key hashes of any
// length (shortened links none), which smp.ParseServerAddress refuses, so
// authorities are parsed by smp.ParseServerAuthority; binary servers are
// read and written by smp.ReadServer/AppendServer and, for SMP-client-v1
// queue info, smp.ReadServerV1/AppendServerV1 (see server.go).
package links
