package single

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

var sampleMessages = []Message{
	{},
	{Args: []string{"simplex:/invitation#/?v=2-7&smp=smp%3A%2F%2Fabc%40localhost"}},
	{Token: bytes.Repeat([]byte{7}, 32), Args: []string{"https://simplex.chat/contact#/?v=2-7", "", "second"}},
	{Args: []string{strings.Repeat("x", MaxArgLen)}},
}

func TestMessageKnownBytes(t *testing.T) {
	b, err := Message{Token: []byte{0xAA}, Args: []string{"ab"}}.Encode()
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{'D', 'P', 'L', 'X', 1, 1, 0xAA, 1, 0, 2, 'a', 'b'}
	if !bytes.Equal(b, want) {
		t.Fatalf("got % x, want % x", b, want)
	}
}

func TestMessageRoundTripPrefixesTrailing(t *testing.T) {
	for i, m := range sampleMessages {
		b, err := m.Encode()
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeMessage(b)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("%d: got %+v, want %+v", i, got, m)
		}
		for n := 0; n < len(b); n++ {
			if _, err := DecodeMessage(b[:n]); !errors.Is(err, ErrMessage) {
				t.Fatalf("%d: prefix of %d/%d bytes accepted (%v)", i, n, len(b), err)
			}
		}
		if _, err := DecodeMessage(append(b, 0)); !errors.Is(err, ErrMessage) {
			t.Fatalf("%d: trailing byte accepted", i)
		}
	}
}

func TestMessageRejects(t *testing.T) {
	good, _ := Message{Args: []string{"a"}}.Encode()
	for name, b := range map[string][]byte{
		"magic":     append([]byte("DPLY"), good[4:]...),
		"version":   append(append([]byte("DPLX"), 2), good[5:]...),
		"token len": {'D', 'P', 'L', 'X', 1, MaxToken + 1},
		"argc":      {'D', 'P', 'L', 'X', 1, 0, MaxArgs + 1},
		// complete but one byte over the limit: rejected for the length, not for running out
		"arg len": append([]byte{'D', 'P', 'L', 'X', 1, 0, 1, (MaxArgLen + 1) >> 8, (MaxArgLen + 1) & 0xff},
			make([]byte, MaxArgLen+1)...),
	} {
		if _, err := DecodeMessage(b); !errors.Is(err, ErrMessage) {
			t.Errorf("%s: accepted", name)
		}
	}
	for name, m := range map[string]Message{
		"token": {Token: make([]byte, MaxToken+1)},
		"args":  {Args: make([]string, MaxArgs+1)},
		"arg":   {Args: []string{strings.Repeat("x", MaxArgLen+1)}},
	} {
		if _, err := m.Encode(); err == nil {
			t.Errorf("%s: over-limit message encoded", name)
		}
	}
}

func FuzzDecodeMessage(f *testing.F) {
	for _, m := range sampleMessages {
		b, _ := m.Encode()
		f.Add(b)
	}
	f.Add([]byte("DPLX"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := DecodeMessage(b)
		if err != nil {
			return
		}
		again, err := m.Encode()
		if err != nil {
			t.Fatalf("decoded message does not encode: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatalf("re-encoding differs: % x vs % x", again, b)
		}
	})
}
