package agentproto

import (
	"errors"
	"testing"
)

func TestClassify(t *testing.T) {
	k := testEd25519(t, 1).Public()
	under := &ClientMessage{}
	kh := &ClientMessage{SenderAuthKey: k}
	conf, msg, inv, rk := &Confirmation{}, &MsgEnvelope{}, &Invitation{}, &RatchetKey{}
	cases := []struct {
		name                string
		had, key, canSecure bool
		m                   *ClientMessage
		e                   Envelope
		want                Received
	}{
		{"legacy confirmation", false, true, false, kh, conf, ReceivedConfirmation},
		{"SKEY confirmation", false, true, true, under, conf, ReceivedConfirmation},
		{"'_' confirmation on unsecurable queue", false, true, false, under, conf, 0},
		{"invitation", false, true, false, under, inv, ReceivedInvitation},
		{"invitation with K", false, true, false, kh, inv, 0},
		{"message before keys", false, true, true, under, msg, 0},
		{"message", true, false, true, under, msg, ReceivedMessage},
		{"ratchet key", true, false, true, under, rk, ReceivedRatchetKey},
		{"message with K", true, false, true, kh, msg, 0},
		{"confirmation without key after keys", true, false, true, under, conf, 0},
		{"repeated confirmation", true, true, true, under, conf, ReceivedRepeatedConfirmation},
		{"message with header key after keys", true, true, true, under, msg, 0},
		{"no keys", false, false, true, under, msg, 0},
	}
	for _, c := range cases {
		got, err := Classify(c.had, c.key, c.canSecure, c.m, c.e)
		if got != c.want || (c.want == 0) != (err != nil) {
			t.Errorf("%s: %v %v", c.name, got, err)
		}
		if err != nil && !errors.Is(err, ErrProhibited) {
			t.Errorf("%s: %v is not A_PROHIBITED", c.name, err)
		}
	}
}
