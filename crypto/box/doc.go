// Package box implements the SimpleX "crypto box" family exactly as the
// reference (simplexmq src/Simplex/Messaging/Crypto.hs cryptoBox/xSalsa20,
// Crypto/Lazy.hs sbInit_/secretBoxTailTag, FileTransfer/Crypto.hs).
//
// # One construction, two key kinds
//
// For a 32-byte key K and 24-byte nonce N the reference computes
//
//	k1  = HSalsa20(K, 16 zero bytes)
//	out = XSalsa20-Poly1305(k1, N, m)  = tag16 ‖ ciphertext      (NaCl secretbox)
//
// When K is a raw X25519 shared secret (DHSecret) this is exactly NaCl
// crypto_box (box.Precompute is that HSalsa20). When K is a random symmetric
// key (SbKey: XFTP file keys, short-link keys, chain-derived keys) it is NOT
// plain secretbox(K): the extra HSalsa20 is part of the format. Distinct Go
// types keep the two key kinds apart; the code path is shared.
//
// Padded variants (CbEncrypt, SbEncrypt) box enc.Pad(m, N), so the
// ciphertext is always N+16 bytes, hiding the message length.
//
// # Tail-tag streams (XFTP files, FGET bodies, XRCP bodies, local files)
//
// The same keystream and Poly1305 key, but the tag goes AFTER the
// ciphertext, so a sender can stream gigabytes without knowing the tag up
// front:
//
//	ciphertext(m) ‖ tag16          tag = Poly1305(first 32 keystream bytes, ciphertext)
//
// XFTP files pad the payload with the 8-byte-length scheme first:
//
//	i64 len(payload) ‖ payload ‖ '#'… ‖ tag       total = encSize
//
// EncryptWriter / DecryptReader process any length in constant memory (one
// fixed buffer). The decrypting side CANNOT authenticate before it has seen
// the last byte, so:
//
//	DecryptReader.Read hands out plaintext as it goes, but that plaintext is
//	unauthenticated until Read returns io.EOF. If the tag does not match,
//	or the stream ends before a full tag, the final Read returns ErrAuth
//	instead of io.EOF. Callers must write into a temporary file (or buffer)
//	and only use/rename it after a clean io.EOF, deleting it on any error —
//	as the reference does (decryptChunks removes the file on a bad tag).
//
// DecryptStream/DecryptPaddedStream wrap that contract for io.Copy-style use.
//
// # Chain keys (SMP block encryption, XRCP)
//
//	(ck1, ck2)        = HKDF-SHA512(salt, secret, "SimpleXSbChainInit", 64)
//	ck' ‖ key ‖ nonce = HKDF-SHA512("", ck, "SimpleXSbChain", 88)
//
// Secret types (SbKey, DHSecret, ChainKey) print as "redacted".
package box
