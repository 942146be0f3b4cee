package chat

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"duplex/core/api"
	"duplex/core/chat/protocol"
)

// Known answers computed independently (Python: the decimal digits of
// int.from_bytes(sha256(ad), "big") in groups of 5), the rule of upstream
// Types.hs verificationCode.
func TestVerificationCode(t *testing.T) {
	for _, tc := range []struct {
		ad   []byte
		want string
	}{
		{make([]byte, 32), "46320 50935 35132 73106 58242 34937 27320 15220 22370 96314 79199 18103 82902 76653 09309 81"},
		{seq(112), "41684 27534 29689 42479 19639 12398 42948 98346 65299 19213 25878 42343 32854 97033 66079 3"},
	} {
		if got := VerificationCode(tc.ad); got != tc.want {
			t.Errorf("code(%x…) = %q, want %q", tc.ad[:4], got, tc.want)
		}
	}
}

func seq(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

func TestFTSQuery(t *testing.T) {
	for in, want := range map[string]string{
		"hello":                 "hello*",
		"Hello World":           "hello* world*",
		`"note" (3* OR NEAR -x`: "note* 3* or* near* x*",
		"   ":                   "",
		"привет, мир!":          "привет* мир*",
	} {
		if got := ftsQuery(in); got != want {
			t.Errorf("ftsQuery(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHubOrderMaskAndSlowWatcher(t *testing.T) {
	h := NewHub()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	all, _ := h.Watch(ctx, api.AllEvents)
	items, _ := h.Watch(ctx, api.EvNewItems.Mask()|api.EvItemStatus.Mask())
	// Nobody reads yet: publishing must not block however much piles up.
	done := make(chan struct{})
	go func() {
		for i := 0; i < 1000; i++ {
			h.Publish(api.Event{Type: api.EvNewItems, ContactID: api.ContactID(i)}, api.Event{Type: api.EvContactUpdated})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Publish blocked on watchers that do not read")
	}
	for i := 0; i < 1000; i++ {
		if ev := <-items; ev.Type != api.EvNewItems || ev.ContactID != api.ContactID(i) {
			t.Fatalf("items watcher got %+v at %d", ev, i)
		}
		if ev := <-all; ev.ContactID != api.ContactID(i) {
			t.Fatalf("all watcher got %+v at %d", ev, i)
		}
		if ev := <-all; ev.Type != api.EvContactUpdated {
			t.Fatalf("all watcher got %+v", ev)
		}
	}
	cancel()
	if _, ok := <-items; ok {
		t.Fatal("channel open after ctx ended")
	}
	other, _ := h.Watch(context.Background(), api.AllEvents)
	h.Close()
	if _, ok := <-other; ok {
		t.Fatal("channel open after Close")
	}
	if _, err := h.Watch(context.Background(), api.AllEvents); err != api.ErrClosed {
		t.Fatalf("Watch after Close: %v", err)
	}
}

func TestIncognitoNamesVary(t *testing.T) {
	s := &Service{cfg: Config{Rand: bytes.NewReader(seq(64))}}
	a, b := s.incognitoName(), s.incognitoName()
	if a == b || a == "" || strings.ContainsAny(a, " \t") {
		t.Fatalf("names %q %q", a, b)
	}
}

func TestTimedPreference(t *testing.T) {
	ttl := int64(3600)
	for _, tc := range []struct {
		p    protocol.Preferences
		want int64
	}{
		{nil, 0},
		{protocol.Preferences{timedPref: {Value: "yes", TTL: &ttl}}, 3600},
		{protocol.Preferences{timedPref: {Value: "always", TTL: &ttl}}, 3600},
		{protocol.Preferences{timedPref: {Value: "no", TTL: &ttl}}, 0},
		{protocol.Preferences{timedPref: {Value: "yes"}}, 0},
	} {
		if got := peerTTL(protocol.Profile{Preferences: tc.p}); got != tc.want {
			t.Errorf("peerTTL(%+v) = %d, want %d", tc.p, got, tc.want)
		}
	}
}

func TestProfileFromInfo(t *testing.T) {
	img := "data:image/png;base64,AA=="
	p := protocol.Profile{DisplayName: "alice", FullName: "Alice", Image: &img}
	for _, ev := range []protocol.Event{&protocol.Info{Profile: p}, &protocol.Contact{Profile: p}} {
		b, err := encodeMsg(ev, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, v, err := profileFromInfo(b)
		if err != nil || got.DisplayName != "alice" || got.FullName != "Alice" || *got.Image != img || v != protocol.SupportedRange {
			t.Fatalf("%s: %+v %v %v", ev.Tag(), got, v, err)
		}
	}
	bad, _ := encodeMsg(&protocol.Ok{}, nil)
	for _, b := range [][]byte{nil, []byte("{"), bad} {
		if _, _, err := profileFromInfo(b); err == nil {
			t.Errorf("profile from %q", b)
		}
	}
	ud, err := linkUserData(p)
	if err != nil || profileName(ud) != "alice" {
		t.Fatalf("link user data %s %v", ud, err)
	}
}

func TestHumanTTL(t *testing.T) {
	for secs, want := range map[int64]string{1: "1 second", 30: "30 seconds", 60: "1 minute", 90: "90 seconds", 3600: "1 hour",
		7200: "2 hours", 86400: "1 day", 604800: "1 week", 1209600: "2 weeks"} {
		if got := humanTTL(secs); got != want {
			t.Errorf("humanTTL(%d) = %q, want %q", secs, got, want)
		}
	}
}
