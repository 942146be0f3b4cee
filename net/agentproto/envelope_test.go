package agentproto

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"duplex/crypto/ratchet"
	"duplex/net/links"
)

func reEnvelope(b []byte) ([]byte, error) {
	e, err := ParseEnvelope(b)
	if err != nil {
		return nil, err
	}
	return EncodeEnvelope(e)
}

func testParams(t testing.TB, seed byte, version uint16, pq bool) *ratchet.PrivateParams {
	p, err := ratchet.GenerateInitiatorParams(testRand(seed), version, pq)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func testInvitation(t testing.TB, seed byte) *links.ConnRequest {
	e2e, err := links.NewE2EParams(links.VersionRange{Min: 2, Max: 3}, testParams(t, seed, 3, false).Public())
	if err != nil {
		t.Fatal(err)
	}
	return &links.ConnRequest{
		Mode:          links.ModeInvitation,
		AgentVersions: links.VersionRange{Min: 2, Max: 7},
		Queues:        []*links.QueueURI{testQueueURI(t, seed, links.VersionRange{Min: 1, Max: 4}, links.QueueModeMessaging)},
		E2E:           e2e,
	}
}

// The envelope encoding is the same at every agent version, so each one
// is round-tripped at 2..7 with the version field checked at its offset.
func TestEnvelopeRoundTripAllVersions(t *testing.T) {
	p2 := testParams(t, 1, 2, false).Public()
	p3 := testParams(t, 2, 3, false).Public()
	pq := testParams(t, 3, 3, true).Public()
	inv := testInvitation(t, 4)
	ct := bytes.Repeat([]byte{0xC7}, 300)
	for v := MinAgentVersion; v <= CurrentAgentVersion; v++ {
		cases := []struct {
			name string
			e    Envelope
			min  int // length of the fixed part: shorter prefixes must fail
		}{
			{"C no params", &Confirmation{Version: v, EncConnInfo: ct}, 4},
			{"C e2e v2", &Confirmation{Version: v, E2E: p2, EncConnInfo: ct}, 4 + 2 + 2*69},
			{"C e2e v3", &Confirmation{Version: v, E2E: p3, EncConnInfo: ct}, 4 + 2 + 2*69 + 1},
			{"M", &MsgEnvelope{Version: v, EncAgentMessage: ct}, 3},
			{"I", &Invitation{Version: v, ConnReq: inv, ConnInfo: []byte(`{"profile":{}}`)}, 3 + 2 + len(inv.String())},
			{"R", &RatchetKey{Version: v, E2E: p3, Info: []byte("R")}, 3 + 2 + 2*69 + 1},
		}
		if v >= AgentVersionPQ {
			cases = append(cases, struct {
				name string
				e    Envelope
				min  int
			}{"C e2e v3 PQ", &Confirmation{Version: v, E2E: pq, EncConnInfo: ct}, 4 + 2 + 2*69 + 2 + 2 + 1158})
		}
		for _, c := range cases {
			b, err := EncodeEnvelope(c.e)
			if err != nil {
				t.Fatalf("v%d %s: %v", v, c.name, err)
			}
			if got := uint16(b[0])<<8 | uint16(b[1]); got != v {
				t.Fatalf("v%d %s: version field %d", v, c.name, got)
			}
			e, err := ParseEnvelope(b)
			if err != nil {
				t.Fatalf("v%d %s: %v", v, c.name, err)
			}
			if inv, ok := e.(*Invitation); ok {
				// ConnRequest holds parsed links; compare the canonical text.
				if inv.ConnReq.String() != c.e.(*Invitation).ConnReq.String() || !bytes.Equal(inv.ConnInfo, c.e.(*Invitation).ConnInfo) {
					t.Errorf("v%d %s: round trip", v, c.name)
				}
			} else if !reflect.DeepEqual(e, c.e) {
				t.Errorf("v%d %s: round trip\n got %#v\nwant %#v", v, c.name, e, c.e)
			}
			if e.AgentVersion() != v {
				t.Errorf("v%d %s: AgentVersion %d", v, c.name, e.AgentVersion())
			}
			if _, rk := e.(*RatchetKey); rk && v < AgentVersionRatchetSync {
				if e.CheckVersion(v) == nil {
					t.Errorf("v%d %s: CheckVersion accepted", v, c.name)
				}
			} else if err := e.CheckVersion(v); err != nil {
				t.Errorf("v%d %s: CheckVersion: %v", v, c.name, err)
			}
			checkParser(t, c.name, b, true, reEnvelope)
			mustPrefixFail(t, c.name, b, c.min, func(b []byte) error { _, err := ParseEnvelope(b); return err })
		}
	}
}

func TestEnvelopeVersionRules(t *testing.T) {
	pq := testParams(t, 3, 3, true).Public()
	p3 := testParams(t, 2, 3, false).Public()
	checks := []struct {
		name string
		e    Envelope
		v    uint16
		ok   bool
	}{
		{"PQ confirmation at v4", &Confirmation{Version: 4, E2E: pq}, 4, false},
		{"PQ confirmation at v5", &Confirmation{Version: 5, E2E: pq}, 5, true},
		{"ratchet key at v2", &RatchetKey{Version: 2, E2E: p3}, 2, false},
		{"ratchet key at v3", &RatchetKey{Version: 3, E2E: p3}, 3, true},
		{"message at v1", &MsgEnvelope{Version: 1}, 1, false},
		{"message at v8", &MsgEnvelope{Version: 8}, 8, false},
	}
	for _, c := range checks {
		err := c.e.CheckVersion(c.v)
		if (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
		if err != nil && !errors.Is(err, ErrVersion) {
			t.Errorf("%s: %v is not A_VERSION", c.name, err)
		}
	}
	if (&Receipts{}).MinAgentVersion() != 4 || (&EReady{}).MinAgentVersion() != 3 || (Hello{}).MinAgentVersion() != 2 {
		t.Error("MinAgentVersion")
	}
	if ConnInfoPadLen(4, true) != 14832 || ConnInfoPadLen(5, true) != 11106 || ConnInfoPadLen(7, false) != 14832 {
		t.Error("ConnInfoPadLen")
	}
	if MessagePadLen(4, true) != 15840 || MessagePadLen(5, true) != 13618 || MessagePadLen(7, false) != 15840 {
		t.Error("MessagePadLen")
	}
	if ConnInfoPadLen(7, true) != ratchet.ConnInfoPadLenFor(true) || MessagePadLen(7, true) != ratchet.MessagePadLen(true) {
		t.Error("paddings disagree with crypto/ratchet")
	}
}

func TestEnvelopeRejects(t *testing.T) {
	contact := testInvitation(t, 5)
	contact.Mode = links.ModeContact
	contact.E2E = nil
	if _, err := EncodeEnvelope(&Invitation{Version: 7, ConnReq: contact}); err == nil {
		t.Error("invitation envelope with a contact link encoded")
	}
	if _, err := EncodeEnvelope(&RatchetKey{Version: 7}); err == nil {
		t.Error("ratchet key without params encoded")
	}
	// A contact link inside 'I' is refused on parse too.
	raw := []byte{0, 7, 'I'}
	s := contact.String()
	raw = append(raw, byte(len(s)>>8), byte(len(s)))
	raw = append(raw, s...)
	bad := map[string][]byte{
		"empty":        {},
		"unknown tag":  {0, 7, 'X'},
		"contact link": raw,
		"bad link":     {0, 7, 'I', 0, 3, 'a', 'b', 'c'},
		"bad maybe":    {0, 7, 'C', '2'},
		"R no params":  {0, 7, 'R'},
	}
	for name, b := range bad {
		_, err := ParseEnvelope(b)
		if err == nil || !errors.Is(err, ErrMessage) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
