package smp

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"duplex/crypto/box"
	"duplex/net/tls13"
	"duplex/net/tls13/certs"
)

func TestCheckCredentials(t *testing.T) {
	id := fill(24, 1)
	k := mustEd25519(t, "k").Public()
	for _, c := range []struct {
		cmd    Command
		auth   bool
		entity []byte
		want   *Error
	}{
		{NEW{}, true, nil, nil}, {NEW{}, false, nil, ErrNoAuth}, {NEW{}, true, id, ErrHasAuth},
		{SEND{}, false, id, nil}, {SEND{}, true, id, nil}, {SEND{}, true, nil, ErrNoEntity},
		{LGET{}, false, id, nil}, {LGET{}, true, id, ErrHasAuth}, {LGET{}, false, nil, ErrNoEntity},
		{PFWD{}, false, id, nil}, {PING{}, false, nil, nil}, {PING{}, true, nil, ErrHasAuth},
		{PING{}, false, id, ErrHasAuth}, {PRXY{}, false, nil, nil}, {RFWD{}, true, nil, ErrHasAuth},
		{SUB{}, true, id, nil}, {SUB{}, false, id, ErrNoAuth}, {SUB{}, true, nil, ErrNoAuth},
		{KEY{k}, true, id, nil}, {ACK{}, false, id, ErrNoAuth}, {SKEY{k}, true, id, nil}, {LKEY{k}, false, id, ErrNoAuth},
	} {
		if got := CheckCredentials(c.auth, c.entity, c.cmd); got != c.want {
			t.Errorf("%s auth=%v entity=%d: %v, want %v", c.cmd.Tag(), c.auth, len(c.entity), got, c.want)
		}
	}
	for _, c := range []struct {
		r      Response
		entity []byte
		ok     bool
	}{{PONG{}, nil, true}, {PONG{}, id, false}, {OK{}, id, true}, {OK{}, nil, false}, {IDS{}, nil, true}, {ERR{ErrAuth}, nil, true}, {MSG{}, nil, false}} {
		if (CheckResponseEntity(c.entity, c.r) == nil) != c.ok {
			t.Errorf("%s entity=%d: ok should be %v", c.r.Tag(), len(c.entity), c.ok)
		}
	}
}

func TestRcvMessageEncryption(t *testing.T) {
	rcv, srv := mustX25519(t, "rcv dh"), mustX25519(t, "srv dh")
	s1, _ := box.DH(srv.Public(), rcv)
	s2, _ := box.DH(rcv.Public(), srv)
	msgID := fill(24, 5)
	ts := time.Unix(1641032645, 0).UTC() // vectors.md §1: 2022-01-01T10:24:05Z
	for _, m := range []RcvMessage{
		{Timestamp: ts, Notify: true, Body: []byte("hello")},
		{Timestamp: ts, Body: fill(16088, 'x')},
		{Timestamp: ts, Quota: true},
	} {
		body, err := EncryptRcvMessage(s2, msgID, m)
		if err != nil {
			t.Fatal(err)
		}
		if len(body) != RcvMsgPaddedLen+box.TagSize {
			t.Fatalf("encrypted body is %d bytes, want 16122", len(body))
		}
		got, err := DecryptRcvMessage(s1, MSG{MsgID: msgID, Body: body})
		if err != nil || got.Quota != m.Quota || !got.Timestamp.Equal(ts) || got.Notify != m.Notify || !bytes.Equal(got.Body, m.Body) {
			t.Fatalf("round trip: %+v %v", got, err)
		}
		body[40] ^= 1
		if _, err := DecryptRcvMessage(s1, MSG{MsgID: msgID, Body: body}); !errors.Is(err, box.ErrAuth) {
			t.Fatalf("tampered body: %v", err)
		}
	}
	plain, _ := EncodeRcvMessage(RcvMessage{Timestamp: ts, Quota: true})
	if string(plain) != "QUOTA \x00\x00\x00\x00\x61\xd0\x2b\xc5" {
		t.Fatalf("quota marker %q", plain)
	}
	if _, err := EncryptRcvMessage(s2, msgID, RcvMessage{Timestamp: ts, Body: fill(16200, 1)}); err == nil {
		t.Fatal("oversize message encrypted")
	}
}

func TestServerRefusesServiceHello(t *testing.T) {
	tc := newTestChain(t, certs.Ed25519)
	srvErr := make(chan error, 1)
	addr := relayListener(t, tc, true, func(conn *tls13.Conn) {
		_, err := ServerHandshake(conn, ServerHandshakeConfig{Chain: tc.chain, Timeout: 5 * time.Second})
		srvErr <- err
	})
	conn := dialRaw(t, addr, tc.fp)
	if _, err := readHandshakeBlock(conn); err != nil {
		t.Fatal(err)
	}
	k := mustX25519(t, "c").Public()
	b, _ := clientHello{Version: 18, KeyHash: tc.fp, Key: &k}.encode()
	b[len(b)-1] = '1' // a service certificate follows
	writeHandshakeBlock(conn, b)
	if err := <-srvErr; !errors.Is(err, ErrHandshakeService) {
		t.Fatalf("service hello: %v", err)
	}
	reply, err := readHandshakeBlock(conn)
	if err != nil || string(reply) != "EHANDSHAKE BAD_SERVICE" {
		t.Fatalf("reply %q %v", reply, err)
	}
}
