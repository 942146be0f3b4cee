package protocol

import (
	"encoding/json"
	"reflect"
	"testing"
)

var (
	id1234 = []byte{1, 2, 3, 4}
	id5678 = []byte{5, 6, 7, 8}
)

// jsonEq compares two JSON texts as values (key order irrelevant).
func jsonEq(t *testing.T, got []byte, want string) {
	t.Helper()
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatalf("our output is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &b); err != nil {
		t.Fatalf("vector is not JSON: %v", err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("JSON differs\n got: %s\nwant: %s", got, want)
	}
}

func mustDecode(t *testing.T, s string) ChatMessage {
	t.Helper()
	m, err := Decode([]byte(s))
	if err != nil {
		t.Fatalf("Decode(%s): %v", s, err)
	}
	return m
}

// roundTrip decodes s, encodes, compares JSON, and checks the re-decoded
// value equals the first.
func roundTrip(t *testing.T, s string) ChatMessage {
	t.Helper()
	m := mustDecode(t, s)
	b, err := Encode(m)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	jsonEq(t, b, s)
	m2, err := Decode(b)
	if err != nil {
		t.Fatalf("re-decode: %v", err)
	}
	if !reflect.DeepEqual(m, m2) {
		t.Errorf("re-decoded value differs:\n%#v\n%#v", m, m2)
	}
	return m
}

func ev[T Event](t *testing.T, m ChatMessage) T {
	t.Helper()
	e, ok := m.Event.(T)
	if !ok {
		t.Fatalf("event is %T", m.Event)
	}
	return e
}
