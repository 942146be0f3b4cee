package chatapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
)

// Extra holds the members of a JSON object that the Go type does not
// model. They are written back unchanged, so a response from a newer core
// passes through Duplex (remote control, proxies) without losing fields.
type Extra map[string]json.RawMessage

var knownKeys sync.Map // reflect.Type → map[string]bool

func keysOf(t reflect.Type) map[string]bool {
	if k, ok := knownKeys.Load(t); ok {
		return k.(map[string]bool)
	}
	k := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		k[name] = true
	}
	knownKeys.Store(t, k)
	return k
}

// decodeObj decodes b into v (a pointer to a struct type without its own
// UnmarshalJSON) and returns the members v's type does not name.
func decodeObj(b []byte, v any) (Extra, error) {
	if err := json.Unmarshal(b, v); err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	known := keysOf(reflect.TypeOf(v).Elem())
	var extra Extra
	for k, r := range all {
		if !known[k] {
			if extra == nil {
				extra = Extra{}
			}
			extra[k] = r
		}
	}
	return extra, nil
}

// decodeExtra decodes b into a fresh P (a record type's plain alias) and
// returns the members P does not model.
func decodeExtra[P any](b []byte) (P, Extra, error) {
	var v P
	extra, err := decodeObj(b, &v)
	return v, extra, err
}

// decodeTagged is decodeExtra for tagged responses: their "type" member
// names the Go type, so it is not kept as an unknown member.
func decodeTagged[P any](b []byte) (P, Extra, error) {
	v, extra, err := decodeExtra[P](b)
	delete(extra, "type")
	if len(extra) == 0 {
		extra = nil
	}
	return v, extra, err
}

// encodeObj writes v (a struct without its own MarshalJSON) merged with
// extra; modelled members win over extra ones of the same name. tag, when
// set, is written as "type" (tagged unions whose Go type fixes the tag).
func encodeObj(v any, extra Extra, tag string) ([]byte, error) {
	b, err := marshalNoEscape(v)
	if err != nil {
		return nil, err
	}
	if len(extra) == 0 && tag == "" {
		return b, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, r := range extra {
		if _, ok := m[k]; !ok {
			m[k] = r
		}
	}
	if tag != "" {
		m["type"], _ = marshalNoEscape(tag)
	}
	return marshalNoEscape(m)
}

// marshalNoEscape is json.Marshal without HTML escaping: message text
// with '<' or '&' stays readable, as upstream's aeson writes it.
func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// Tagged is a JSON object with a "type" tag whose other members are kept
// verbatim: the shape of upstream's many discriminated unions that Duplex
// passes through without interpreting (CIStatus, errorType, plans…).
type Tagged struct {
	Type   string
	Fields Extra // every member but "type"
}

func (t Tagged) MarshalJSON() ([]byte, error) {
	m := make(map[string]json.RawMessage, len(t.Fields)+1)
	for k, v := range t.Fields {
		m[k] = v
	}
	m["type"], _ = marshalNoEscape(t.Type)
	return marshalNoEscape(m)
}

func (t *Tagged) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	var tag string
	if err := json.Unmarshal(m["type"], &tag); err != nil || tag == "" {
		return errMissingType
	}
	delete(m, "type")
	if len(m) == 0 {
		m = nil
	}
	*t = Tagged{Type: tag, Fields: m}
	return nil
}
