package agentproto

import (
	"bytes"
	"errors"
	"testing"

	"duplex/crypto/box"
	"duplex/crypto/keys"
)

func reClientEnv(b []byte) ([]byte, error) {
	e, err := ParseClientMsgEnvelope(b)
	if err != nil {
		return nil, err
	}
	return e.MarshalBinary()
}

func reClientMsg(b []byte) ([]byte, error) {
	m, err := ParseClientMessage(b)
	if err != nil {
		return nil, err
	}
	return m.MarshalBinary()
}

func TestClientMsgEnvelopeRoundTrip(t *testing.T) {
	k := testX25519(t, 1).Public()
	var n box.Nonce
	for i := range n {
		n[i] = byte(i)
	}
	for _, c := range []struct {
		name string
		e    ClientMsgEnvelope
		min  int
	}{
		{"with key", ClientMsgEnvelope{Version: 4, SenderKey: &k, Nonce: n, EncBody: []byte("ct")}, 2 + 1 + 45 + 24},
		{"no key", ClientMsgEnvelope{Version: 1, Nonce: n, EncBody: []byte("ct")}, 2 + 1 + 24},
	} {
		b, err := c.e.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseClientMsgEnvelope(b)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got.Version != c.e.Version || got.Nonce != c.e.Nonce || !bytes.Equal(got.EncBody, c.e.EncBody) ||
			(got.SenderKey == nil) != (c.e.SenderKey == nil) || (got.SenderKey != nil && *got.SenderKey != *c.e.SenderKey) {
			t.Errorf("%s: round trip %+v", c.name, got)
		}
		checkParser(t, c.name, b, true, reClientEnv)
		mustPrefixFail(t, c.name, b, c.min, func(b []byte) error { _, err := ParseClientMsgEnvelope(b); return err })
	}
	// Wire layout: w16 ‖ '1' ‖ sb(44-byte DER) ‖ nonce ‖ body.
	b, _ := (&ClientMsgEnvelope{Version: 3, SenderKey: &k, Nonce: n, EncBody: []byte{0xEE}}).MarshalBinary()
	want := append([]byte{0, 3, '1', 44}, k.DER()...)
	want = append(append(want, n[:]...), 0xEE)
	if !bytes.Equal(b, want) {
		t.Errorf("layout:\n got %x\nwant %x", b, want)
	}
	// An Ed25519 key where the X25519 e2e key belongs is refused.
	bad := append([]byte{0, 3, '1', 44}, testEd25519(t, 2).Public().DER()...)
	bad = append(bad, n[:]...)
	if _, err := ParseClientMsgEnvelope(bad); !errors.Is(err, ErrMessage) {
		t.Errorf("Ed25519 e2e key: %v", err)
	}
}

func TestClientMessageRoundTrip(t *testing.T) {
	ed448, err := keys.GenerateEd448(testRand(3))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		m    ClientMessage
		min  int
	}{
		{"_", ClientMessage{Body: []byte("envelope")}, 1},
		{"K ed25519", ClientMessage{SenderAuthKey: testEd25519(t, 1).Public(), Body: []byte("envelope")}, 2 + 44},
		{"K ed448", ClientMessage{SenderAuthKey: ed448.Public(), Body: []byte{}}, 2 + 69},
		{"K x25519", ClientMessage{SenderAuthKey: testX25519(t, 2).Public(), Body: []byte("e")}, 2 + 44},
	} {
		b, err := c.m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseClientMessage(b)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !bytes.Equal(got.Body, c.m.Body) || (got.SenderAuthKey == nil) != (c.m.SenderAuthKey == nil) ||
			(got.SenderAuthKey != nil && !bytes.Equal(got.SenderAuthKey.DER(), c.m.SenderAuthKey.DER())) {
			t.Errorf("%s: round trip", c.name)
		}
		checkParser(t, c.name, b, true, reClientMsg)
		mustPrefixFail(t, c.name, b, c.min, func(b []byte) error { _, err := ParseClientMessage(b); return err })
	}
	for name, b := range map[string][]byte{
		"empty":   {},
		"bad tag": []byte("Xbody"),
		"K x448":  append([]byte{'K', 68}, testX448Public(t).DER()...),
	} {
		if _, err := ParseClientMessage(b); !errors.Is(err, ErrMessage) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := (&ClientMessage{SenderAuthKey: testX448Public(t)}).MarshalBinary(); err == nil {
		t.Error("X448 auth key encoded")
	}
}

func TestSealOpen(t *testing.T) {
	rcv := testX25519(t, 10)
	snd := testX25519(t, 11)
	secret, err := box.DH(rcv.Public(), snd)
	if err != nil {
		t.Fatal(err)
	}
	m := &ClientMessage{Body: []byte("hello")}
	for _, withKey := range []bool{true, false} {
		var pub *keys.X25519Public
		if withKey {
			p := snd.Public()
			pub = &p
		}
		b, err := SealClientMessage(testRand(1), secret, 4, pub, m)
		if err != nil {
			t.Fatal(err)
		}
		env, err := ParseClientMsgEnvelope(b)
		if err != nil {
			t.Fatal(err)
		}
		want := E2EMessageLen + 16
		if withKey {
			want = E2EConfirmationLen + 16
		}
		if len(env.EncBody) != want {
			t.Errorf("key=%v: encrypted body %d bytes, want %d", withKey, len(env.EncBody), want)
		}
		got, err := env.Open(secret)
		if err != nil || !bytes.Equal(got.Body, m.Body) {
			t.Fatalf("open: %v", err)
		}
		// The recipient's view: secret from its DH key and the header key.
		if withKey {
			s2, _ := box.DH(*env.SenderKey, rcv)
			if s2 != secret {
				t.Error("header key does not give the same secret")
			}
		}
		env.EncBody[20] ^= 1
		if _, err := env.Open(secret); !errors.Is(err, &Error{Kind: KindCrypto, Crypto: CryptoDecryptCB}) {
			t.Errorf("tampered: %v", err)
		}
	}
	// SealOnce: fresh key per message, recipient opens with its DH key.
	b, err := SealOnce(testRand(2), 4, rcv.Public(), m)
	if err != nil {
		t.Fatal(err)
	}
	env, _ := ParseClientMsgEnvelope(b)
	if env.SenderKey == nil || len(env.EncBody) != E2EConfirmationLen+16 {
		t.Fatal("SealOnce header")
	}
	s, _ := box.DH(*env.SenderKey, rcv)
	if got, err := env.Open(s); err != nil || !bytes.Equal(got.Body, m.Body) {
		t.Fatalf("SealOnce open: %v", err)
	}
	// Too large for the padding → CMD LARGE.
	_, err = SealClientMessage(testRand(3), secret, 4, nil, &ClientMessage{Body: make([]byte, E2EMessageLen)})
	if !errors.Is(err, ErrLarge) {
		t.Errorf("large: %v", err)
	}
}

func TestClientVersionCheck(t *testing.T) {
	for _, c := range []struct {
		v, agreed uint16
		ok        bool
	}{{1, 0, true}, {4, 0, true}, {5, 0, false}, {0, 0, false}, {0, 3, true}, {5, 6, true}} {
		if err := CheckClientVersion(c.v, c.agreed); (err == nil) != c.ok || (err != nil && !errors.Is(err, ErrVersion)) {
			t.Errorf("%d/%d: %v", c.v, c.agreed, err)
		}
	}
}
