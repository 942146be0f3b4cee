package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// ChatMessage is one chat protocol message:
//
//	{"v":"1-16","msgId":"<base64url>","event":"x.msg.new","params":{…}}
type ChatMessage struct {
	Version VersionRange // "v"; absent reads as 1
	MsgID   []byte       // "msgId"; nil: absent
	Event   Event
}

// ErrMalformed is wrapped by every decoding error, so callers can tell a
// bad peer message from their own mistakes with errors.Is.
var ErrMalformed = errors.New("malformed chat message")

// DecodeError says which event and which field was wrong.
type DecodeError struct {
	Event string // "" when the envelope itself is wrong
	Msg   string // e.g. `params.content: missing "type"`
	Cause error  // a more specific sentinel such as ErrTooLarge, or nil
}

func (e *DecodeError) Error() string {
	if e.Event == "" {
		return e.Msg
	}
	return e.Event + ": " + e.Msg
}

func (e *DecodeError) Unwrap() []error {
	if e.Cause != nil {
		return []error{ErrMalformed, e.Cause}
	}
	return []error{ErrMalformed}
}

func malformed(event, format string, args ...any) error {
	return &DecodeError{Event: event, Msg: fmt.Sprintf(format, args...)}
}

// Decode parses one JSON chat message. Trailing non-space bytes are an error.
func Decode(b []byte) (ChatMessage, error) {
	o, err := parseObj("message", b)
	if err != nil {
		return ChatMessage{}, malformed("", "%v", err)
	}
	return decodeEnvelope(o)
}

func decodeEnvelope(o *obj) (ChatMessage, error) {
	var m ChatMessage
	ev, ok := o.str("event", true)
	if !ok {
		return m, malformed("", "%v", o.err)
	}
	if err := checkTag(ev); err != nil {
		return m, malformed("", "event %q: %v", ev, err)
	}
	m.Version = VersionRange{InitialVersion, InitialVersion}
	if s, ok := o.str("v", false); ok {
		v, err := ParseVersionRange(s)
		if err != nil {
			return m, malformed(ev, "v: %v", err)
		}
		m.Version = v
	}
	m.MsgID = o.bytes("msgId", false)
	p := o.rawObj("params", true)
	if o.err != nil {
		msg := strings.TrimPrefix(o.err.Error(), "message: ")
		return m, malformed(ev, "%v", strings.TrimPrefix(msg, "message."))
	}
	p.path = "params"
	if dec, ok := decoders[ev]; ok {
		m.Event = dec(p)
	} else {
		m.Event = &Unknown{Event: ev, Params: p.rest()}
	}
	if p.err != nil {
		return ChatMessage{}, malformed(ev, "%v", p.err)
	}
	return m, nil
}

// checkTag applies upstream's rule for JSON event tags: they start with
// 'x' and contain no space (binary events use other letters).
func checkTag(ev string) error {
	if ev == "" || ev[0] != 'x' {
		return errors.New("tag must start with 'x'")
	}
	if strings.ContainsAny(ev, " \t\r\n") {
		return errors.New("tag contains white space")
	}
	return nil
}

// Encode writes m as JSON. "v" is always written (upstream does too). It
// refuses a message that it could not decode itself — a nil MsgID where
// one is required, an Unknown with a bad tag — so we never send what a
// peer must reject.
func Encode(m ChatMessage) ([]byte, error) {
	b, err := encode(m)
	if err != nil {
		return nil, err
	}
	if _, err := Decode(b); err != nil {
		return nil, fmt.Errorf("chat protocol: refusing to encode: %w", err)
	}
	return b, nil
}

func encode(m ChatMessage) ([]byte, error) {
	if m.Event == nil {
		return nil, errors.New("chat protocol: message without event")
	}
	if m.Version.Min > m.Version.Max {
		return nil, fmt.Errorf("chat protocol: bad version range %d-%d", m.Version.Min, m.Version.Max)
	}
	w := wobj{}
	w.str("v", m.Version.String())
	w.bytes("msgId", m.MsgID)
	w.str("event", m.Event.Tag())
	w.set("params", m.Event.params().bytesOut())
	return w.bytesOut(), nil
}

// MarshalJSON lets a ChatMessage sit inside other JSON (e.g. stored items).
func (m ChatMessage) MarshalJSON() ([]byte, error) { return Encode(m) }

// UnmarshalJSON is Decode.
func (m *ChatMessage) UnmarshalJSON(b []byte) error {
	d, err := Decode(bytes.TrimSpace(b))
	if err != nil {
		return err
	}
	*m = d
	return nil
}

var _ json.Marshaler = ChatMessage{}
