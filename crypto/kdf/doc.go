// Package kdf holds the hashes and the one key-derivation function SimpleX
// uses: HKDF-SHA512 (RFC 5869 with SHA-512) under fixed ASCII info labels,
// as in simplexmq src/Simplex/Messaging/Crypto.hs (hkdf, sbcInit, sbcHkdf),
// Crypto/Ratchet.hs (hkdf3) and Crypto/ShortLink.hs.
//
// Every label is a named constant here so a typo cannot silently derive a
// different key: grep for the constant, not the string. An empty salt means
// HashLen zero bytes (HMAC pads short keys with zeros), which is what the
// reference's extract "" does.
//
// Where each label is used (output length → split):
//
//	SimpleXSbChainInit  sbcInit(salt, secret)        64 → ck1 ‖ ck2
//	SimpleXSbChain      sbcHkdf(ck), salt ""          88 → ck' ‖ SbKey ‖ nonce24
//	SimpleXX3DH         X3DH root, salt 64 zeros     96 → hk ‖ nhk ‖ sk   (HKDF3)
//	SimpleXRootRatchet  root step, salt = root key   96 → rk' ‖ ck ‖ nhk  (HKDF3)
//	SimpleXChainRatchet chain step, salt ""          96 → ck' ‖ mk ‖ ivs  (HKDF3)
//	SimpleXContactLink  contact short link, salt ""  56 → linkId24 ‖ SbKey
//	SimpleXInvLink      invitation short link        32 → SbKey
package kdf
