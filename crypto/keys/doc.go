// Package keys has one Go type per key role used by SimpleX: Ed25519 and
// Ed448 signing keys, X25519 and X448 Diffie-Hellman keys, with their wire
// encodings byte-exact with the reference (simplexmq
// src/Simplex/Messaging/Crypto.hs encodePubKey/encodePrivKey).
//
// # Encodings
//
// Public keys travel as DER SubjectPublicKeyInfo, private keys (file
// descriptions, stores) as PKCS#8 v1 without the optional public key. For the
// four RFC 8410 algorithms both are a fixed 12- or 16-byte prefix followed by
// the raw key, so we encode and parse by prefix — simpler and stricter than a
// general ASN.1 parser, and it cannot accept two spellings of one key:
//
//	SPKI    30 L 30 05 06 03 2b 65 OID 03 n+1 00 ‖ key(n)        L = n+10
//	PKCS#8  30 L 02 01 00 30 05 06 03 2b 65 OID 04 n+2 04 n ‖ key(n)   L = n+14
//
//	Ed25519 OID 0x70 n 32    X25519 OID 0x6e n 32
//	Ed448   OID 0x71 n 57    X448   OID 0x6f n 56
//
// (RFC 8410; the Ed25519/X25519 prefixes are asserted by simplexmq
// tests/XFTPWebTests.hs, the X448/Ed448 ones are checked against openssl in
// our tests.) Raw private-key bytes (Bytes / …FromBytes) are the RFC 8032
// seed or RFC 7748 scalar, for state serialisation.
//
// # Low-order points
//
// The reference (crypton) computes X25519/X448 without checking the result.
// We return ErrLowOrder when the shared secret is all zeros: only a malicious
// or broken peer key (a small-order point) produces it, and such a secret is
// known to everyone, so failing is safer than continuing and honest peers never
// notice the difference.
//
// Private key types keep their bytes unexported; String and GoString never
// print them, so keys can be logged by accident without leaking.
package keys
