package enc

import "encoding/base64"

// SimpleX URIs carry keys as base64url WITH '=' padding (queue URIs, file
// descriptions) and some identifiers without it (short links). The decoders
// are strict: each accepts only its own form, with canonical trailing bits,
// so one value has exactly one text form.
var (
	b64Pad   = base64.URLEncoding.Strict()
	b64NoPad = base64.RawURLEncoding.Strict()
)

// B64 encodes p as base64url with padding.
func B64(p []byte) string { return b64Pad.EncodeToString(p) }

// B64NoPad encodes p as base64url without padding.
func B64NoPad(p []byte) string { return b64NoPad.EncodeToString(p) }

// ParseB64 decodes padded base64url; unpadded, standard-alphabet, whitespace
// or non-canonical input is an error.
func ParseB64(s string) ([]byte, error) { return decodeStrict(b64Pad, s) }

// ParseB64NoPad decodes unpadded base64url; '=' is an error.
func ParseB64NoPad(s string) ([]byte, error) { return decodeStrict(b64NoPad, s) }

func decodeStrict(e *base64.Encoding, s string) ([]byte, error) {
	// The stdlib decoder skips '\r' and '\n'; a URI field must not contain them.
	for i := 0; i < len(s); i++ {
		if s[i] == '\r' || s[i] == '\n' {
			return nil, base64.CorruptInputError(i)
		}
	}
	return e.DecodeString(s)
}

// ParseB64Lenient decodes base64url with or without '=' padding, as the
// reference's string parser does (base64-bytestring's URL decode pads
// unpadded input before decoding). Use it where upstream peers may emit
// either form; encoders always emit B64.
func ParseB64Lenient(s string) ([]byte, error) {
	if len(s) > 0 && s[len(s)-1] == '=' {
		return ParseB64(s)
	}
	if len(s)%4 == 1 {
		return nil, base64.CorruptInputError(len(s))
	}
	return ParseB64NoPad(s)
}
