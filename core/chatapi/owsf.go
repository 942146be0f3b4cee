package chatapi

import (
	"encoding/json"
	"errors"
	"sort"
)

// ErrOWSF is returned for input that is not one JSON value, or that nests
// deeper than maxOWSFDepth.
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
// Only marked objects (exactly two members, "_owsf":true and the tag) are
// rewritten, at any depth. A constructor with no fields arrives as
// {"_owsf":true,"chatStarted":{}}. As upstream's owsf2tagged
// (Remote/Protocol.hs) does, a tag around something that is not a plain
// object — a string, an array, or another marked object — becomes
// {"type":tag,"data":…}, and a "type" member inside the fields is
// replaced by the tag.
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
	out, _, err := owsf(v, 0)
	if err != nil {
		return nil, err
	}
	return marshalNoEscape(out)
}

// owsf converts v; tagged reports that v itself was a marked object, whose
// result already carries a "type" that an enclosing marker must not
// overwrite (it then wraps it as {"type":tag,"data":…}, as upstream does).
func owsf(v any, depth int) (out any, tagged bool, err error) {
	if depth > maxOWSFDepth {
		return nil, false, ErrOWSF
	}
	switch x := v.(type) {
	case []any:
		for i := range x {
			if x[i], _, err = owsf(x[i], depth+1); err != nil {
				return nil, false, err
			}
		}
		return x, false, nil
	case map[string]any:
		if mark, ok := x["_owsf"]; ok && mark == true && len(x) == 2 {
			var tag string
			for k := range x {
				if k != "_owsf" {
					tag = k
				}
			}
			inner, innerTagged, err := owsf(x[tag], depth+1)
			if err != nil {
				return nil, false, err
			}
			if obj, ok := inner.(map[string]any); ok && !innerTagged {
				obj["type"] = tag
				return obj, true, nil
			}
			return map[string]any{"type": tag, "data": inner}, true, nil
		}
		for _, k := range sortedKeys(x) {
			if x[k], _, err = owsf(x[k], depth+1); err != nil {
				return nil, false, err
			}
		}
		return x, false, nil
	}
	return v, false, nil
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
