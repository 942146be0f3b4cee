package single

import (
	"errors"
	"fmt"
)

// Wire limits. A full SimpleX invitation link with post-quantum keys is a few
// KiB; 16 KiB per argument and 32 arguments leave room without letting a
// confused peer make the primary buffer megabytes.
const (
	MaxArgs    = 32
	MaxArgLen  = 16 << 10
	MaxToken   = 64
	maxMessage = 4 + 1 + 1 + MaxToken + 1 + MaxArgs*(2+MaxArgLen)
	version    = 1
	ack        = 'K'
)

var magic = [4]byte{'D', 'P', 'L', 'X'}

// ErrMessage is returned for a forwarded message that does not parse.
var ErrMessage = errors.New("single: malformed instance message")

// Message is what a second launch hands to the primary instance.
type Message struct {
	// Token proves the sender can read the data directory (Windows, where
	// the endpoint is a loopback port any local user could reach); empty on
	// Unix, where the socket's directory is already 0700.
	Token []byte
	// Args are the command-line arguments meant for the primary (links).
	Args []string
}

// Encode returns the wire form (see doc.go).
func (m Message) Encode() ([]byte, error) {
	if len(m.Token) > MaxToken {
		return nil, fmt.Errorf("single: token of %d bytes (max %d)", len(m.Token), MaxToken)
	}
	if len(m.Args) > MaxArgs {
		return nil, fmt.Errorf("single: %d arguments (max %d)", len(m.Args), MaxArgs)
	}
	b := append(magic[:0:0], magic[:]...)
	b = append(b, version, byte(len(m.Token)))
	b = append(b, m.Token...)
	b = append(b, byte(len(m.Args)))
	for _, a := range m.Args {
		if len(a) > MaxArgLen {
			return nil, fmt.Errorf("single: argument of %d bytes (max %d)", len(a), MaxArgLen)
		}
		b = append(b, byte(len(a)>>8), byte(len(a)))
		b = append(b, a...)
	}
	return b, nil
}

// reader is a bounds-checked cursor: every read reports whether the bytes
// were there, so a short or hostile message can never panic the primary.
type reader struct{ b []byte }

func (r *reader) bytes(n int) ([]byte, bool) {
	if n < 0 || n > len(r.b) {
		return nil, false
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v, true
}

func (r *reader) u8() (int, bool) {
	v, ok := r.bytes(1)
	if !ok {
		return 0, false
	}
	return int(v[0]), true
}

func (r *reader) u16() (int, bool) {
	v, ok := r.bytes(2)
	if !ok {
		return 0, false
	}
	return int(v[0])<<8 | int(v[1]), true
}

// DecodeMessage parses exactly one message: a strict prefix, trailing bytes,
// an unknown version or an over-limit field is ErrMessage.
func DecodeMessage(b []byte) (Message, error) {
	r := &reader{b: b}
	var m Message
	if mg, ok := r.bytes(4); !ok || string(mg) != string(magic[:]) {
		return m, ErrMessage
	}
	if v, ok := r.u8(); !ok || v != version {
		return m, ErrMessage
	}
	n, ok := r.u8()
	if !ok || n > MaxToken {
		return m, ErrMessage
	}
	tok, ok := r.bytes(n)
	if !ok {
		return m, ErrMessage
	}
	if n > 0 {
		m.Token = append([]byte(nil), tok...)
	}
	argc, ok := r.u8()
	if !ok || argc > MaxArgs {
		return m, ErrMessage
	}
	for i := 0; i < argc; i++ {
		l, ok := r.u16()
		if !ok || l > MaxArgLen {
			return Message{}, ErrMessage
		}
		a, ok := r.bytes(l)
		if !ok {
			return Message{}, ErrMessage
		}
		m.Args = append(m.Args, string(a))
	}
	if len(r.b) != 0 {
		return Message{}, ErrMessage
	}
	return m, nil
}
