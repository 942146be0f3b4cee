package smp

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

type respCase struct {
	name string
	r    Response
	tail bool
	want func(v Version) Response
}

func sameR(r Response) func(Version) Response { return func(Version) Response { return r } }

func allErrors() []*Error {
	te := &TransportError{Kind: "HANDSHAKE", Handshake: "IDENTITY"}
	return []*Error{
		ErrBlock, ErrSession, ErrCmdUnknown, ErrCmdSyntax, ErrProhibited, ErrNoAuth, ErrHasAuth, ErrNoEntity,
		ErrAuth, ErrService, ErrCrypto, ErrQuota, StoreError("disk full"), ErrNoMsg, ErrLargeMsg,
		ErrExpired, ErrInternal, ErrDuplicate,
		{Code: CodeBlocked, Blocked: &BlockingInfo{Reason: "spam"}},
		{Code: CodeBlocked, Blocked: &BlockingInfo{Reason: "content", Notice: []byte(`{"ttl":3600}`)}},
		{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyProtocol, Protocol: ErrAuth}},
		{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyProtocol, Protocol: ErrCmdSyntax}},
		{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyBasicAuth}},
		{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyNoSession}},
		{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyBroker, Broker: &BrokerError{Kind: BrokerResponse, Text: "bad response"}}},
		{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyBroker, Broker: &BrokerError{Kind: BrokerUnexpected, Text: "IDS"}}},
		{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyBroker, Broker: &BrokerError{Kind: BrokerNetwork}}},
		{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyBroker, Broker: &BrokerError{Kind: BrokerNetwork, Network: &NetworkError{Kind: "CONNECT", Text: "refused"}}}},
		{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyBroker, Broker: &BrokerError{Kind: BrokerNetwork, Network: &NetworkError{Kind: "UNKNOWNCA"}}}},
		{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyBroker, Broker: &BrokerError{Kind: BrokerTimeout}}},
		{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyBroker, Broker: &BrokerError{Kind: BrokerHost}}},
		{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyBroker, Broker: &BrokerError{Kind: BrokerNoService}}},
		{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyBroker, Broker: &BrokerError{Kind: BrokerTransport, Transport: te}}},
		{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyBroker, Broker: &BrokerError{Kind: BrokerTransport, Transport: &TransportError{Kind: "BLOCK"}}}},
	}
}

func responseCases(t testing.TB) []respCase {
	dh := mustX25519(t, "srvdh").Public()
	id := fill(24, 0x22)
	link := LinkData{Fixed: fill(2048, 'f'), User: fill(600, 'u')}
	ids := IDS{RcvID: id, SndID: fill(24, 0x33), SrvDHKey: dh, QueueMode: QueueModeMessaging, LinkID: fill(24, 0x44),
		ServiceID: fill(24, 0x55), NtfCreds: &ServerNtfCreds{NotifierID: fill(24, 0x66), DHKey: dh}}
	idsContact := IDS{RcvID: id, SndID: fill(24, 0x33), SrvDHKey: dh, QueueMode: QueueModeContact}
	idsNone := IDS{RcvID: id, SndID: fill(24, 0x33), SrvDHKey: dh}
	normIDS := func(x IDS) func(Version) Response {
		return func(v Version) Response {
			y := x
			switch {
			case v < VersionSndAuthKey:
				y.QueueMode, y.LinkID, y.ServiceID, y.NtfCreds = QueueModeNone, nil, nil, nil
			case v < VersionShortLinks:
				if y.QueueMode != QueueModeMessaging {
					y.QueueMode = QueueModeContact
				}
				y.LinkID, y.ServiceID, y.NtfCreds = nil, nil, nil
			case v < VersionServiceCerts:
				y.ServiceID, y.NtfCreds = nil, nil
			case v < VersionNewNtfCreds:
				y.NtfCreds = nil
			}
			return y
		}
	}
	chain := CertChainPubKey{Chain: [][]byte{fill(300, 1), fill(280, 2)}, SignedKey: fill(118, 3)}
	cases := []respCase{
		{"IDS full", ids, false, normIDS(ids)},
		{"IDS contact", idsContact, false, normIDS(idsContact)},
		{"IDS none", idsNone, false, normIDS(idsNone)},
		{"LNK", LNK{id, link}, false, sameR(LNK{id, link})},
		{"SOK", SOK{fill(24, 1)}, false, func(v Version) Response {
			if v < VersionServiceCerts {
				return OK{}
			}
			return SOK{fill(24, 1)}
		}},
		{"SOK none", SOK{}, false, func(v Version) Response {
			if v < VersionServiceCerts {
				return OK{}
			}
			return SOK{}
		}},
		{"SOKS", SOKS{1234567890123456789}, false, sameR(SOKS{1234567890123456789})},
		{"ENDS", ENDS{-1}, false, sameR(ENDS{-1})},
		{"MSG", MSG{id, fill(900, 9)}, true, sameR(MSG{id, fill(900, 9)})},
		{"NID", NID{id, dh}, false, sameR(NID{id, dh})},
		{"NMSG", NMSG{[24]byte{1, 2, 3}, fill(100, 4)}, false, sameR(NMSG{[24]byte{1, 2, 3}, fill(100, 4)})},
		{"PKEY", PKEY{fill(32, 5), VersionRange{8, 17}, chain}, false, sameR(PKEY{fill(32, 5), VersionRange{8, 17}, chain})},
		{"RRES", RRES{fill(40, 6)}, true, sameR(RRES{fill(40, 6)})},
		{"PRES", PRES{fill(40, 7)}, true, sameR(PRES{fill(40, 7)})},
		{"END", END{}, false, sameR(END{})},
		{"DELD", DELD{}, false, func(v Version) Response {
			if v < VersionDeletedEvent {
				return END{}
			}
			return DELD{}
		}},
		{"INFO", INFO{[]byte(`{"qiSnd":true,"qiSize":3}`)}, true, sameR(INFO{[]byte(`{"qiSnd":true,"qiSize":3}`)})},
		{"OK", OK{}, false, sameR(OK{})},
		{"PONG", PONG{}, false, sameR(PONG{})},
	}
	for _, e := range allErrors() {
		e := e
		cases = append(cases, respCase{"ERR " + string(e.wire(CurrentVersion)), ERR{e}, e.Code == CodeStore || e.Proxy != nil, func(v Version) Response {
			if e.Code == CodeBlocked {
				if v < VersionBlockedEntity {
					return ERR{ErrAuth}
				}
				if v < VersionClientNotices {
					return ERR{&Error{Code: CodeBlocked, Blocked: &BlockingInfo{Reason: e.Blocked.Reason}}}
				}
			}
			return ERR{e}
		}})
	}
	return cases
}

func TestResponseRoundTrip(t *testing.T) {
	for _, tc := range responseCases(t) {
		for _, v := range allVersions {
			want := tc.want(v)
			b, err := EncodeResponse(v, tc.r)
			if err != nil {
				t.Fatalf("%s v%d: encode: %v", tc.name, v, err)
			}
			got, err := ParseResponse(v, b)
			if err != nil {
				t.Fatalf("%s v%d: parse %q: %v", tc.name, v, b, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s v%d: got %#v want %#v", tc.name, v, got, want)
			}
			b2, err := EncodeResponse(v, got)
			if err != nil || !bytes.Equal(b, b2) {
				t.Fatalf("%s v%d: re-encoding differs: %q vs %q", tc.name, v, b, b2)
			}
			// ERR texts (STORE, RESPONSE …) and the BLOCKED notice may end
			// in free text; treat every ERR as tail-ended.
			tail := tc.tail || tc.r.Tag() == "ERR"
			checkPrefixes(t, tc.name, v, b, tail, want, func(p []byte) (any, error) { return ParseResponse(v, p) })
		}
	}
}

func TestResponseKnownBytes(t *testing.T) {
	tests := []struct {
		v    Version
		r    Response
		want string
	}{
		{18, OK{}, "OK"},
		{18, ERR{ErrNoMsg}, "ERR NO_MSG"},
		{18, ERR{ErrCmdSyntax}, "ERR CMD SYNTAX"},
		{18, ERR{StoreError("x y")}, "ERR STORE x y"},
		{11, ERR{&Error{Code: CodeBlocked, Blocked: &BlockingInfo{Reason: "spam"}}}, "ERR AUTH"},
		{12, ERR{&Error{Code: CodeBlocked, Blocked: &BlockingInfo{Reason: "spam", Notice: []byte(`{}`)}}}, "ERR BLOCKED reason=spam"},
		{18, ERR{&Error{Code: CodeBlocked, Blocked: &BlockingInfo{Reason: "content", Notice: []byte(`{"a":1}`)}}}, `ERR BLOCKED reason=content,notice={"a":1}`},
		{18, ERR{&Error{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyBroker, Broker: &BrokerError{Kind: BrokerTransport, Transport: ErrHandshakeIdentity}}}}, "ERR PROXY BROKER TRANSPORT HANDSHAKE IDENTITY"},
		{18, ERR{&Error{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyBroker, Broker: &BrokerError{Kind: BrokerResponse, Text: "ab"}}}}, "ERR PROXY BROKER RESPONSE \x02ab"},
		{9, DELD{}, "END"},
		{15, SOK{}, "OK"},
		{16, SOK{}, "SOK 0"},
		{18, MSG{[]byte("id"), []byte("body")}, "MSG \x02idbody"},
		{18, SOKS{1234567890123456789}, "SOKS \x11\x22\x10\xf4\x7d\xe9\x81\x15"}, // vectors.md §1 Int64
	}
	for _, tc := range tests {
		b, err := EncodeResponse(tc.v, tc.r)
		if err != nil || string(b) != tc.want {
			t.Errorf("%s v%d: got %q (%v) want %q", tc.r.Tag(), tc.v, b, err, tc.want)
		}
	}
	// Backward-compatible spellings accepted by the reference.
	r, err := ParseResponse(18, []byte("ERR CMD NO_QUEUE"))
	if err != nil || !errors.Is(r.(ERR).Err, ErrNoEntity) {
		t.Errorf("NO_QUEUE: %#v %v", r, err)
	}
	r, err = ParseResponse(18, []byte("ERR PROXY BROKER NETWORK TLS \x03bad"))
	if err != nil || r.(ERR).Err.Proxy.Broker.Network.Text != "bad" {
		t.Errorf("NETWORK TLS: %#v %v", r, err)
	}
}

func TestErrorIsAndRetryable(t *testing.T) {
	e := &Error{Code: CodeCmd, Cmd: CmdSyntax}
	if !errors.Is(e, ErrCmd) || !errors.Is(e, ErrCmdSyntax) || errors.Is(e, ErrNoAuth) || errors.Is(e, ErrAuth) {
		t.Error("errors.Is on CMD")
	}
	for _, e := range allErrors() {
		want := e.Code == CodeProxy && e.Proxy.Broker != nil && (e.Proxy.Broker.Kind == BrokerNetwork || e.Proxy.Broker.Kind == BrokerTimeout)
		if e.Retryable() != want {
			t.Errorf("%v: Retryable = %v", e, !want)
		}
	}
	if !errors.Is(ErrHandshakeIdentity.with(errors.New("x")), ErrHandshake) || errors.Is(ErrHandshakeIdentity, ErrHandshakeParse) {
		t.Error("errors.Is on TransportError")
	}
}
