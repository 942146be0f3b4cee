package agentproto

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"

	"duplex/crypto/box"
	"duplex/crypto/enc"
	"duplex/crypto/ratchet"
)

func TestMessageHash(t *testing.T) {
	// SHA-256 of the encoded AgentMessage, nothing else: HELLO numbered 2
	// after an all-zero hash.
	m := &Message{SndMsgID: 2, PrevMsgHash: make([]byte, 32), Body: Hello{}}
	b, _ := EncodeAgentMessage(m)
	want := sha256.Sum256(append(append([]byte{'M', 0, 0, 0, 0, 0, 0, 0, 2, 32}, make([]byte, 32)...), 'H'))
	if hex.EncodeToString(MessageHash(b)) != hex.EncodeToString(want[:]) {
		t.Error("MessageHash")
	}
	// Known answer: SHA-256("") (an empty message would hash so).
	if hex.EncodeToString(MessageHash(nil)) != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Error("MessageHash KAT")
	}
}

func TestCheckIntegrity(t *testing.T) {
	h1, h2 := MessageHash([]byte("a")), MessageHash([]byte("b"))
	ok := Integrity{Kind: IntegrityOK}
	cases := []struct {
		name     string
		last     int64
		lastHash []byte
		id       int64
		prev     []byte
		strict   Integrity
		tolerant Integrity
	}{
		{"next", 5, h1, 6, h1, ok, ok},
		{"first after nothing", 0, nil, 1, nil, ok, ok},
		{"first after confirmation", 1, h1, 2, h1, ok, ok},
		{"bad hash", 5, h1, 6, h2, Integrity{Kind: IntegrityBadHash}, Integrity{Kind: IntegrityBadHash}},
		{"duplicate", 5, h1, 5, h1, Integrity{Kind: IntegrityDuplicate}, Integrity{Kind: IntegrityDuplicate}},
		{"duplicate other hash", 5, h1, 5, h2, Integrity{Kind: IntegrityDuplicate}, Integrity{Kind: IntegrityDuplicate}},
		{"bad id", 5, h1, 3, h1, Integrity{Kind: IntegrityBadID, ID: 3}, Integrity{Kind: IntegrityBadID, ID: 3}},
		{"negative id", 5, h1, -1, h1, Integrity{Kind: IntegrityBadID, ID: -1}, Integrity{Kind: IntegrityBadID, ID: -1}},
		{"skipped one", 5, h1, 7, h2, Integrity{Kind: IntegritySkipped, From: 6, To: 6}, Integrity{Kind: IntegritySkipped, From: 6, To: 6}},
		{"skipped range", 5, h1, 100, h1, Integrity{Kind: IntegritySkipped, From: 6, To: 99}, Integrity{Kind: IntegritySkipped, From: 6, To: 99}},
		{"skipped wins over hash", 1, h1, 3, nil, Integrity{Kind: IntegritySkipped, From: 2, To: 2}, Integrity{Kind: IntegritySkipped, From: 2, To: 2}},
		// interop-notes: HELLO numbered 1 with an empty hash after the
		// confirmation (which the receiver stored as id 1).
		{"HELLO numbered 1", 1, h1, 1, nil, Integrity{Kind: IntegrityDuplicate}, ok},
		{"HELLO numbered 1, empty non-nil hash", 1, h1, 1, []byte{}, Integrity{Kind: IntegrityDuplicate}, ok},
		{"id 1 again with a hash", 1, h1, 1, h1, Integrity{Kind: IntegrityDuplicate}, Integrity{Kind: IntegrityDuplicate}},
		{"id 2 repeated empty hash", 2, h1, 2, nil, Integrity{Kind: IntegrityDuplicate}, Integrity{Kind: IntegrityDuplicate}},
	}
	for _, c := range cases {
		if got := CheckIntegrityStrict(c.last, c.lastHash, c.id, c.prev); got != c.strict {
			t.Errorf("%s: strict %v, want %v", c.name, got, c.strict)
		}
		if got := CheckIntegrity(c.last, c.lastHash, c.id, c.prev); got != c.tolerant {
			t.Errorf("%s: %v, want %v", c.name, got, c.tolerant)
		}
	}
	// The reference's wording.
	for want, i := range map[string]Integrity{
		"OK": ok, "ERR ID 3": {Kind: IntegrityBadID, ID: 3}, "ERR DUPLICATE": {Kind: IntegrityDuplicate},
		"ERR NO_ID 6 99": {Kind: IntegritySkipped, From: 6, To: 99}, "ERR HASH": {Kind: IntegrityBadHash},
	} {
		if i.String() != want {
			t.Errorf("%q: %q", want, i.String())
		}
	}
}

// A stream of messages through a lossy, duplicating channel: the checker's
// verdicts name exactly the lost ranges and the repeats.
func TestIntegrityStream(t *testing.T) {
	type sent struct {
		id   int64
		prev []byte
		hash []byte
	}
	var msgs []sent
	prev := MessageHash([]byte("confirmation"))
	confHash := prev
	for id := int64(2); id <= 20; id++ {
		b, _ := EncodeAgentMessage(&Message{SndMsgID: id, PrevMsgHash: prev, Body: &AMsg{Body: []byte{byte(id)}}})
		msgs = append(msgs, sent{id, prev, MessageHash(b)})
		prev = MessageHash(b)
	}
	deliver := []int64{2, 3, 3, 6, 7, 5, 20}
	want := []Integrity{
		{Kind: IntegrityOK}, {Kind: IntegrityOK}, {Kind: IntegrityDuplicate},
		{Kind: IntegritySkipped, From: 4, To: 5}, {Kind: IntegrityOK},
		{Kind: IntegrityBadID, ID: 5}, {Kind: IntegritySkipped, From: 8, To: 19},
	}
	last, lastHash := int64(1), confHash
	for i, id := range deliver {
		m := msgs[id-2]
		got := CheckIntegrity(last, lastHash, m.id, m.prev)
		if got != want[i] {
			t.Errorf("delivery %d (id %d): %v, want %v", i, id, got, want[i])
		}
		// The agent moves forward only (the reference stores the new id
		// and hash for every message it accepts; a lower id is reported).
		if m.id > last {
			last, lastHash = m.id, m.hash
		}
	}
}

func TestCryptoErrorMapping(t *testing.T) {
	cases := []struct {
		in   error
		kind Kind
		c    CryptoKind
		n    uint32
	}{
		{box.ErrAuth, KindCrypto, CryptoDecryptCB, 0},
		{ratchet.ErrMessageDecrypt, KindCrypto, CryptoDecryptAES, 0},
		{ratchet.ErrHeaderDecrypt, KindCrypto, CryptoRatchetHeader, 0},
		{&ratchet.EarlierError{N: 3}, KindCrypto, CryptoRatchetEarlier, 3},
		{&ratchet.TooManySkippedError{N: 600}, KindCrypto, CryptoRatchetSkipped, 600},
		{ratchet.ErrDuplicate, KindDuplicate, "", 0},
		{ratchet.ErrFormat, KindMessage, "", 0},
		{ratchet.ErrLargeMessage, KindLarge, "", 0},
		{enc.ErrLargeMsg, KindLarge, "", 0},
		{enc.ErrBadPadding, KindInternal, "", 0},
	}
	for _, c := range cases {
		var e *Error
		if !errors.As(CryptoError(c.in), &e) || e.Kind != c.kind || e.Crypto != c.c || e.N != c.n {
			t.Errorf("%v → %v", c.in, CryptoError(c.in))
			continue
		}
		if !errors.Is(e, c.in) {
			t.Errorf("%v: cause lost", c.in)
		}
	}
	if CryptoError(nil) != nil {
		t.Error("nil")
	}
	other := errors.New("x")
	if CryptoError(other) != other {
		t.Error("unknown error changed")
	}
	e := CryptoError(&ratchet.TooManySkippedError{N: 600}).(*Error)
	if !e.RequiresResync() || e.Error() != "agent: A_CRYPTO RATCHET_SKIPPED 600: " && e.Error() != "agent: A_CRYPTO RATCHET_SKIPPED 600" {
		t.Errorf("%q resync=%v", e.Error(), e.RequiresResync())
	}
	if CryptoError(box.ErrAuth).(*Error).RequiresResync() {
		t.Error("DECRYPT_CB does not require re-sync")
	}
}
