// Package enc is the binary encoding shared by every SimpleX wire format
// (SMP, agent envelopes, the double ratchet, XFTP, XRCP), byte-exact with the
// reference implementation's Encoding class (simplexmq
// src/Simplex/Messaging/Encoding.hs) and its padding helpers
// (src/Simplex/Messaging/Crypto.hs, Crypto/Lazy.hs).
//
// # Layouts
//
//	byte        1 byte
//	sb(x)       "short bytes": 1-byte length ‖ x          (len ≤ 255)
//	lb(x)       "large bytes": w16 BE length ‖ x          (len ≤ 65535)
//	tail(x)     the rest of the input, no length
//	maybe(x)    '0' | '1' ‖ x
//	bool        'T' | 'F'
//	list(x)     1-byte count ‖ items (nonempty: count ≥ 1)
//	w16/w32/i64 big-endian; i64 is two's complement
//	tuples      plain concatenation
//
//	pad(s, N)      = w16 len(s) ‖ s ‖ '#'×(N−2−len(s))   (len(s) ≤ 65533)
//	padLazy(s, N)  = i64 len(s) ‖ s ‖ '#'×(N−8−len(s))   (files)
//
// # Why a Writer/Reader pair with sticky errors
//
// Wire structures are long sequences of small fields. Checking an error after
// every field buries the layout; instead both Writer and Reader remember the
// first error and turn every later call into a no-op returning zero values.
// The caller checks once, at the end (Writer.Bytes, Reader.Done). A Reader
// never panics on any input: every read is bounds-checked, and the error names
// what was expected and the offset where it failed. Reader.Fail lets a caller
// record a semantic error (an unknown tag, a bad key) in the same stream.
//
// The reference is lenient in two places and we match it so that we accept
// exactly what it accepts: UnPad ignores what follows the declared length
// (it does not check the '#' fill), and UnPadLazy returns fewer bytes than
// declared when the input is short (a truncated file is caught by the
// authentication tag and the file digest, not by the padding).
//
// Values returned by Reader (Fixed, ShortBytes, LargeBytes, Tail) and by
// UnPad/UnPadLazy alias the input slice; copy them if the input is reused.
package enc
