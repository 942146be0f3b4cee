package chatapi

import (
	"encoding/json"
	"errors"
	"sort"
)

// ErrOWSF is returned for an "_owsf" object that is not a single-field
// object around an object.
var ErrOWSF = errors.New(`chatapi: malformed "_owsf" object`)

// maxOWSFDepth bounds recursion, so hostile nesting cannot exhaust the stack.
const maxOWSFDepth = 256

// OWSFToTagged converts JSON written by an iOS core (Swift encoding) to
// the tagged form every other core writes. Swift encodes a sum type as an
// object with one member, the constructor name, around the fields, and
// marks it with "_owsf":true:
//
//	{"_owsf":true,"newChatItems":{"user":{…},"chatItems":[…]}}
//	→ {"type":"newChatItems","user":{…},"chatItems":[…]}
//
// Only marked objects are rewritten, at any depth. A constructor with no
// fields arrives as {"_owsf":true,"chatStarted":{}}. Upstream's
// owsf2tagged also accepts a marked object whose field is not an object
// and keeps it unchanged; we do the same (it is not a sum type).
func OWSFToTagged(b []byte) ([]byte, error) {
	var v any
	d := json.NewDecoder(bytesReader(b))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, ErrOWSF
	}
	out, err := owsf(v, 0)
	if err != nil {
		return nil, err
	}
	return marshalNoEscape(out)
}

func owsf(v any, depth int) (any, error) {
	if depth > maxOWSFDepth {
		return nil, ErrOWSF
	}
	switch x := v.(type) {
	case []any:
		for i := range x {
			e, err := owsf(x[i], depth+1)
			if err != nil {
				return nil, err
			}
			x[i] = e
		}
		return x, nil
	case map[string]any:
		if mark, ok := x["_owsf"]; ok && mark == true && len(x) == 2 {
			var tag string
			for k := range x {
				if k != "_owsf" {
					tag = k
				}
			}
			inner, ok := x[tag].(map[string]any)
			if !ok {
				// Not a sum type; keep the field, drop the marker.
				f, err := owsf(x[tag], depth+1)
				if err != nil {
					return nil, err
				}
				return map[string]any{tag: f}, nil
			}
			if _, clash := inner["type"]; clash {
				return nil, ErrOWSF
			}
			out := make(map[string]any, len(inner)+1)
			for _, k := range sortedKeys(inner) {
				f, err := owsf(inner[k], depth+1)
				if err != nil {
					return nil, err
				}
				out[k] = f
			}
			out["type"] = tag
			return out, nil
		}
		for _, k := range sortedKeys(x) {
			f, err := owsf(x[k], depth+1)
			if err != nil {
				return nil, err
			}
			x[k] = f
		}
		return x, nil
	}
	return v, nil
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
