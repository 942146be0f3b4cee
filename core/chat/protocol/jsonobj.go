package protocol

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"duplex/crypto/enc"
)

// Extra holds object members this codec does not model. They are kept
// (compacted) and written back, so a field added by a newer peer survives a
// decode/encode cycle instead of being silently dropped.
type Extra map[string]json.RawMessage

// obj reads one JSON object. It remembers which keys were consumed so the
// rest can go to Extra, and it knows its own path for error messages.
type obj struct {
	path string
	m    map[string]json.RawMessage
	used map[string]bool
	err  error
}

func parseObj(path string, raw json.RawMessage) (*obj, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, fmt.Errorf("%s: want a JSON object, have %s", path, kind(raw))
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return &obj{path: path, m: m, used: map[string]bool{}}, nil
}

func kind(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

func (o *obj) fail(key, format string, args ...any) {
	if o.err == nil {
		o.err = fmt.Errorf("%s.%s: %s", o.path, key, fmt.Sprintf(format, args...))
	}
}

// get returns the raw member; JSON null counts as absent, as aeson's (.:?)
// treats it.
func (o *obj) get(key string, required bool) (json.RawMessage, bool) {
	raw, ok := o.m[key]
	o.used[key] = true
	if ok && string(raw) == "null" {
		ok = false
	}
	if !ok && required && o.err == nil {
		o.err = fmt.Errorf("%s: missing %q", o.path, key)
	}
	return raw, ok
}

func (o *obj) sub(key string) string { return o.path + "." + key }

func (o *obj) str(key string, required bool) (string, bool) {
	raw, ok := o.get(key, required)
	if !ok {
		return "", false
	}
	var s string
	if raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		o.fail(key, "want a string, have %s", kind(raw))
		return "", false
	}
	return s, true
}

func (o *obj) optStr(key string) *string {
	if s, ok := o.str(key, false); ok {
		return &s
	}
	return nil
}

func (o *obj) boolean(key string, required bool) (bool, bool) {
	raw, ok := o.get(key, required)
	if !ok {
		return false, false
	}
	switch string(raw) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	o.fail(key, "want a boolean, have %s", kind(raw))
	return false, false
}

func (o *obj) optBool(key string) *bool {
	if b, ok := o.boolean(key, false); ok {
		return &b
	}
	return nil
}

// integer accepts JSON numbers with an integral value (aeson reads 1e3 as
// 1000 for an Int; 1.5 is an error) within int64.
func (o *obj) integer(key string, required bool) (int64, bool) {
	raw, ok := o.get(key, required)
	if !ok {
		return 0, false
	}
	if raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		o.fail(key, "want an integer, have %s", kind(raw))
		return 0, false
	}
	if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || f != math.Trunc(f) || f > math.MaxInt64/2 || f < math.MinInt64/2 {
		o.fail(key, "want an integer, have %s", raw)
		return 0, false
	}
	return int64(f), true
}

func (o *obj) optInt(key string) *int64 {
	if n, ok := o.integer(key, false); ok {
		return &n
	}
	return nil
}

// bytes reads a base64url string (padding optional, as upstream's parser
// allows). Upstream refuses an empty string for these identifiers.
func (o *obj) bytes(key string, required bool) []byte {
	s, ok := o.str(key, required)
	if !ok {
		return nil
	}
	b, err := enc.ParseB64Lenient(s)
	if err == nil && len(b) == 0 {
		err = fmt.Errorf("empty")
	}
	if err != nil {
		o.fail(key, "bad base64url %q: %v", s, err)
		return nil
	}
	return b
}

func (o *obj) time(key string, required bool) time.Time {
	s, ok := o.str(key, required)
	if !ok {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		o.fail(key, "bad time %q", s)
		return time.Time{}
	}
	return t.UTC()
}

// raw returns a member kept verbatim (compacted).
func (o *obj) raw(key string) json.RawMessage {
	r, ok := o.get(key, false)
	if !ok {
		return nil
	}
	return compact(r)
}

func (o *obj) rawObj(key string, required bool) *obj {
	raw, ok := o.get(key, required)
	if !ok {
		return nil
	}
	c, err := parseObj(o.sub(key), raw)
	if err != nil && o.err == nil {
		o.err = err
	}
	return c
}

// rest returns the members nobody consumed, or nil.
func (o *obj) rest() Extra {
	var e Extra
	for k, v := range o.m {
		if o.used[k] {
			continue
		}
		if e == nil {
			e = Extra{}
		}
		e[k] = compact(v)
	}
	return e
}

// all returns the whole object, members compacted, keys sorted.
func (o *obj) all() json.RawMessage {
	w := wobj{}
	for k, v := range o.m {
		w[k] = compact(v)
	}
	return w.bytesOut()
}

// take merges a child object's error into o.
func (o *obj) take(err error) {
	if o.err == nil && err != nil {
		o.err = err
	}
}

func compact(r json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if err := json.Compact(&b, r); err != nil {
		return append(json.RawMessage(nil), r...)
	}
	return json.RawMessage(b.Bytes())
}

// wobj builds a JSON object. Keys are written sorted (key order carries no
// meaning in this protocol) and strings are not HTML-escaped, matching what
// aeson writes for '<', '>' and '&'.
type wobj map[string]json.RawMessage

func newW(extra Extra) wobj {
	w := wobj{}
	for k, v := range extra {
		w[k] = v
	}
	return w
}

func (w wobj) set(key string, v json.RawMessage) { w[key] = v }
func (w wobj) str(key, s string)                 { w[key] = jstr(s) }
func (w wobj) optStr(key string, s *string) {
	if s != nil {
		w.str(key, *s)
	}
}
func (w wobj) boolean(key string, b bool) {
	if b {
		w[key] = json.RawMessage("true")
	} else {
		w[key] = json.RawMessage("false")
	}
}
func (w wobj) optBool(key string, b *bool) {
	if b != nil {
		w.boolean(key, *b)
	}
}
func (w wobj) integer(key string, n int64) { w[key] = json.RawMessage(strconv.FormatInt(n, 10)) }
func (w wobj) optInt(key string, n *int64) {
	if n != nil {
		w.integer(key, *n)
	}
}
func (w wobj) bytes(key string, b []byte) {
	if b != nil {
		w.str(key, enc.B64(b))
	}
}
func (w wobj) time(key string, t time.Time) { w.str(key, t.UTC().Format(time.RFC3339Nano)) }
func (w wobj) optRaw(key string, r json.RawMessage) {
	if r != nil {
		w[key] = r
	}
}

func (w wobj) bytesOut() json.RawMessage {
	keys := make([]string, 0, len(w))
	for k := range w {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(jstr(k))
		b.WriteByte(':')
		b.Write(w[k])
	}
	b.WriteByte('}')
	return b.Bytes()
}

// jstr encodes a Go string as a JSON string without HTML escaping. Invalid
// UTF-8 becomes U+FFFD, as encoding/json does.
func jstr(s string) json.RawMessage {
	var b bytes.Buffer
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c < 0x20:
				fmt.Fprintf(&b, `\u%04x`, c)
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	b.WriteByte('"')
	return b.Bytes()
}
