// Package socks5 is a SOCKS5 client dialer (RFC 1928 with RFC 1929
// username/password authentication), used to reach SMP relays through a
// proxy such as Tor (127.0.0.1:9050).
//
// # Byte layouts
//
//	greeting   05 ‖ 01 ‖ method            (00 = none, or 02 = username/password)
//	selection  05 ‖ method                 (FF = no acceptable method)
//	auth       01 ‖ ulen ‖ user ‖ plen ‖ pass   →   01 ‖ status (00 = ok)
//	CONNECT    05 ‖ 01 ‖ 00 ‖ atyp ‖ addr ‖ port(u16 BE)
//	reply      05 ‖ rep ‖ 00 ‖ atyp ‖ addr ‖ port(u16 BE)
//	addr       atyp 01: 4 bytes IPv4 · 03: len(1..255) ‖ name · 04: 16 bytes IPv6
//
// # Design
//
// Names are never resolved locally: a host that is not an IP literal is
// sent as ATYP 03 and the proxy resolves it. For .onion hosts this is the
// only way that works at all, and for ordinary names it keeps DNS queries
// from leaking the relays a user talks to outside the proxy.
//
// Only one authentication method is offered: "none" without credentials,
// "username/password" with them. Offering both would let a proxy pick
// "none" and silently merge sessions that were meant to be isolated.
//
// Isolation: Tor puts streams with different SOCKS credentials on different
// circuits (IsolateSOCKSAuth, on by default). Config.Isolate makes
// Config.Session draw a fresh random username and password per session, so
// two relay sessions never share a circuit and an exit or a relay cannot
// link them by their circuit. The caller decides what a session is (net/smp
// makes one per relay Client; its reconnects reuse it).
//
// Every RFC 1928 reply code becomes a *ReplyError that names the
// destination and the reason, and matches the sentinels (ErrHostUnreachable …)
// with errors.Is; a proxy that needs credentials we do not have gives
// ErrNoAcceptableMethod, rejected credentials ErrAuthFailed.
//
// The parsers (ParseReply, ParseConnect, ParseUserPass) take exactly one
// message and reject short input, trailing bytes, a wrong version, a
// non-zero reserved byte and unknown address types; the dialer reads a reply
// by its first five bytes, which fix its length, so it never reads past it.
package socks5
