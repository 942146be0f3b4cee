// Package ratchet is SimpleX's end-to-end encryption for duplex
// connections, byte-exact with simplexmq src/Simplex/Messaging/Crypto/Ratchet.hs
// (6.5.5.0): an X448 X3DH variant ("SimpleXX3DH"), a double ratchet with
// header encryption over AES-256-GCM with 16-byte IVs, and optional
// sntrup761 mixing (e2e version 3, "PQ").
//
// # Roles
//
// The initiator creates the link (upstream "Bob", the receiving ratchet);
// the joiner replies with a confirmation (upstream "Alice", the sending
// ratchet, which can send first). Both generate two X448 keys:
//
//	initiator: ipp, _ := GenerateInitiatorParams(rand, v, pq)      → ipp.Public() in the link
//	joiner:    jpp, _ := GenerateJoinerParams(rand, v, iParams, pq) → jpp.Public() in the confirmation
//	           j, _ := InitJoiner(rand, Versions{v, 3}, jpp, iParams)
//	initiator: i, _ := InitInitiator(Versions{v, 3}, ipp, jParams, pq)
//	           i.Decrypt(rand, firstMessage) … i.Encrypt(reply, MessagePadLen(i.PQSupport()))
//
// # Key agreement
//
//	dh1 = DH(ik1, jk2)   dh2 = DH(ik2, jk1)   dh3 = DH(ik2, jk2)
//	hk ‖ nhk ‖ sk = HKDF-SHA512(salt = 64 zero bytes, dh1‖dh2‖dh3[‖kemSS], "SimpleXX3DH", 96)
//	AD = jk1 ‖ ik1 (raw 56-byte keys, 112 bytes)
//
// The joiner's first root step uses the initiator's key2 as the peer's
// ratchet key and mixes the KEM secret when it accepted a proposal; the
// initiator's ratchet key is its own key2, and its first received header
// carries the joiner's ratchet key — which may be the joiner's key2 (some
// clients do that; nothing here assumes a fresh key).
//
// # KDFs
//
//	rootKdf(rk, dh, ss?) = HKDF-SHA512(salt=rk, dh‖ss, "SimpleXRootRatchet", 96) → rk' ‖ ck ‖ nhk
//	chainKdf(ck)         = HKDF-SHA512(salt="", ck, "SimpleXChainRatchet", 96) → ck' ‖ mk ‖ msgIV(16) ‖ hdrIV(16)
//
// # Wire layout (version 3; version 2 uses sb where lb is shown)
//
//	params   = w16 v ‖ sb(DER k1) ‖ sb(DER k2) ‖ [v≥3: maybe(KEM)]
//	KEM      = 'P' lb(pk 1158) | 'A' lb(ct 1039) lb(pk 1158)
//	header   = w16 maxV ‖ sb(DER DHRs) ‖ [v≥3: maybe(KEM)] ‖ w32 PN ‖ w32 Ns
//	           padded to 88 (2310 once PQ is supported), AES-GCM(HK, hdrIV, AAD = AD)
//	encHdr   = w16 v ‖ hdrIV(16) ‖ tag(16) ‖ lb(header ciphertext)
//	message  = lb(encHdr) ‖ tag(16) ‖ AES-GCM(mk, msgIV, AAD = AD ‖ encHdr, pad(body, N))
//
// so a message is Overhead (142) or OverheadPQ (2364) bytes plus N, the
// padding the caller asks for (MsgPadLen 15840 / MsgPadLenPQ 13618 for
// agent messages, ConnInfoPadLen 14832 / 11106 for confirmations).
// Readers accept either length form by peeking: an encrypted header is at
// least 32 bytes, so a first byte below 32 is the high byte of an lb.
// Decrypted headers may carry trailing bytes (ignored, as upstream: headers
// are padded to leave room for fields).
//
// # Decryption
//
// Try the skipped-key chains (each header key names a chain), then HKr,
// then NHKr (the peer turned the ratchet: skip to PN, DH step, skip to Ns).
// At most MaxSkip (512) keys are skipped for one message; the store keeps
// at most MaxStoredSkipped keys, dropping the oldest. The message right
// before the last decrypted one is ErrDuplicate, older ones ErrEarlier; a
// message of an older chain without a stored key is ErrHeaderDecrypt, as
// upstream. Errors map one-to-one to upstream CryptoError (see errors.go).
//
// Decrypt is atomic: it works on a copy and commits only a fully decrypted
// message. Upstream instead returns an advanced ratchet with some errors
// (too many skipped after a DH step, a body that fails to authenticate, a
// skipped key whose body fails) and the agent stores it; we keep the old
// state, so a forged body cannot burn a chain position or a skipped key.
//
// # PQ state machine
//
// Each header carries our current sntrup761 key ("proposed") and, once we
// have seen a peer key, a ciphertext to it ("accepted"). On a DH step with
// PQ enabled the receiver decapsulates (secret for the receiving root
// step), encapsulates to the peer's new key (secret for the sending root
// step) and makes a new key pair. Without a KEM in the header it starts by
// proposing; with PQ disabled (EncryptPQ(…, PQDisable)) it stops sending
// ciphertexts, and a header without KEM drops our KEM state. PQ support
// (2310-byte headers, smaller bodies) can be switched on but never off.
// SndKEM/RcvKEM say whether the current chains mixed a KEM secret.
//
// # Versions
//
// Versions.Current fixes the format we send; every header announces our
// max version, and the receiver raises Current up to min(announced, its
// MaxSupported). EncryptPQ(…, PQEnable) announces version 3.
//
// # Persistence
//
// Ratchet, PrivateParams and MessageKey marshal to a versioned binary
// format (first byte = format 1, then a record tag; layout in state.go) that
// the agent stores encrypted and restores exactly; parsers reject any
// other byte string. String never prints keys.
package ratchet
