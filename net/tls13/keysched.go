package tls13

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
)

// TLS_CHACHA20_POLY1305_SHA256 is the only cipher suite: SHA-256 everywhere.
const (
	suiteChaCha20Poly1305 uint16 = 0x1303
	hashLen                      = sha256.Size
)

func hkdfExtract(salt, ikm []byte) []byte {
	if salt == nil {
		salt = make([]byte, hashLen)
	}
	m := hmac.New(sha256.New, salt)
	m.Write(ikm)
	return m.Sum(nil)
}

// expandLabel is HKDF-Expand-Label (RFC 8446 7.1) for outputs of at most one
// hash block, which covers every use here (keys 32, IVs 12, secrets 32).
func expandLabel(secret []byte, label string, context []byte, n int) []byte {
	info := make([]byte, 0, 4+6+len(label)+len(context)+1)
	info = append(info, byte(n>>8), byte(n), byte(6+len(label)))
	info = append(info, "tls13 "...)
	info = append(info, label...)
	info = append(info, byte(len(context)))
	info = append(info, context...)
	info = append(info, 1) // HKDF-Expand counter T(1)
	m := hmac.New(sha256.New, secret)
	m.Write(info)
	return m.Sum(nil)[:n]
}

func deriveSecret(secret []byte, label string, transcript hash.Hash) []byte {
	var h []byte
	if transcript == nil {
		e := sha256.Sum256(nil)
		h = e[:]
	} else {
		h = transcript.Sum(nil)
	}
	return expandLabel(secret, label, h, hashLen)
}

// handshakeSecret runs the schedule from the (EC)DHE secret; no PSK ever.
func handshakeSecret(ecdhe []byte) []byte {
	early := hkdfExtract(nil, make([]byte, hashLen))
	return hkdfExtract(deriveSecret(early, "derived", nil), ecdhe)
}

func masterSecret(hs []byte) []byte {
	return hkdfExtract(deriveSecret(hs, "derived", nil), make([]byte, hashLen))
}

// finishedMAC is verify_data = HMAC(finished_key, transcript hash).
func finishedMAC(trafficSecret []byte, transcript hash.Hash) []byte {
	key := expandLabel(trafficSecret, "finished", nil, hashLen)
	m := hmac.New(sha256.New, key)
	m.Write(transcript.Sum(nil))
	return m.Sum(nil)
}

func nextTrafficSecret(s []byte) []byte {
	return expandLabel(s, "traffic upd", nil, hashLen)
}
