package agentproto

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
	"time"

	"duplex/crypto/box"
	"duplex/crypto/keys"
	"duplex/crypto/ratchet"
	"duplex/net/links"
	"duplex/net/smp"
)

// relay plays the relay's part for one queue: the server→recipient layer
// (net/smp) over a SEND body, checked against the SEND limit.
type relay struct {
	t         *testing.T
	srvDH     *keys.X25519Private // the relay's per-queue DH key (IDS srvDhKey)
	rcvDH     *keys.X25519Private // the recipient's per-queue DH key (NEW rcvDhKey)
	msgNumber byte
}

func (r *relay) deliver(body []byte) []byte {
	r.t.Helper()
	if len(body) > MaxSendBody || len(body) > smp.MaxMessageLength(smp.CurrentVersion) {
		r.t.Fatalf("SEND body %d bytes exceeds the relay limit", len(body))
	}
	r.msgNumber++
	msgID := bytes.Repeat([]byte{r.msgNumber}, 24)
	srvSecret, err := box.DH(r.rcvDH.Public(), r.srvDH)
	if err != nil {
		r.t.Fatal(err)
	}
	ts := time.Unix(1_790_000_000, 0).UTC()
	enc, err := smp.EncryptRcvMessage(srvSecret, msgID, smp.RcvMessage{Timestamp: ts, Notify: true, Body: body})
	if err != nil {
		r.t.Fatal(err)
	}
	if len(enc) != smp.RcvMsgPaddedLen+16 {
		r.t.Fatalf("MSG body %d bytes", len(enc))
	}
	// Recipient side: the secret from the relay's public key (from IDS).
	rcvSecret, err := box.DH(r.srvDH.Public(), r.rcvDH)
	if err != nil {
		r.t.Fatal(err)
	}
	m, err := smp.DecryptRcvMessage(rcvSecret, smp.MSG{MsgID: msgID, Body: enc})
	if err != nil {
		r.t.Fatal(err)
	}
	if m.Quota || !m.Notify || !m.Timestamp.Equal(ts) {
		r.t.Fatalf("server→recipient meta %+v", m)
	}
	return m.Body
}

// TestLayeredConfirmationAndMessage runs the fast-handshake confirmation
// and a first message through every layer with real keys: ratchet (X448,
// optionally sntrup761) → agent envelope → per-queue e2e (X25519) → SEND
// size check → server→recipient box → and back.
func TestLayeredConfirmationAndMessage(t *testing.T) {
	for _, pq := range []bool{false, true} {
		name := map[bool]string{false: "DH", true: "PQ"}[pq]
		t.Run(name, func(t *testing.T) { layered(t, pq) })
	}
}

func layered(t *testing.T, pq bool) {
	rnd := testRand(42)
	const agentV = CurrentAgentVersion
	vs := ratchet.Versions{Current: 3, MaxSupported: 3}

	// Alice's invitation: queue keys and ratchet parameters.
	alicePP, err := ratchet.GenerateInitiatorParams(rnd, 3, pq)
	if err != nil {
		t.Fatal(err)
	}
	aliceQueue := &relay{t: t, srvDH: testX25519(t, 20), rcvDH: testX25519(t, 21)}
	aliceE2E := testX25519(t, 22) // dh= in the queue URI

	// Bob joins: ratchet, per-queue e2e key, reply queue.
	bobPP, err := ratchet.GenerateJoinerParams(rnd, 3, alicePP.Public(), pq)
	if err != nil {
		t.Fatal(err)
	}
	bobRatchet, err := ratchet.InitJoiner(rnd, vs, bobPP, alicePP.Public())
	if err != nil {
		t.Fatal(err)
	}
	bobE2E := testX25519(t, 23)
	reply := &ConnInfoReply{
		Queues: []*links.QueueInfo{testQueueInfo(t, 24, 4, links.QueueModeMessaging)},
		Info:   bytes.Repeat([]byte("profile "), 500),
	}
	replyBytes, err := EncodeAgentMessage(reply)
	if err != nil {
		t.Fatal(err)
	}
	encConnInfo, err := bobRatchet.Encrypt(replyBytes, ConnInfoPadLen(agentV, pq))
	if err != nil {
		t.Fatal(err)
	}
	conf, err := EncodeEnvelope(&Confirmation{Version: agentV, E2E: bobPP.Public(), EncConnInfo: encConnInfo})
	if err != nil {
		t.Fatal(err)
	}
	e2eSecret, err := box.DH(aliceE2E.Public(), bobE2E)
	if err != nil {
		t.Fatal(err)
	}
	bobPub := bobE2E.Public()
	send, err := SealClientMessage(rnd, e2eSecret, CurrentClientVersion, &bobPub, &ClientMessage{Body: conf})
	if err != nil {
		t.Fatalf("confirmation does not fit: %v", err)
	}
	// w16 ‖ '1' ‖ sb(44) ‖ nonce ‖ (15904 + 16)
	if len(send) != 2+1+1+44+24+E2EConfirmationLen+16 {
		t.Errorf("confirmation SEND body %d bytes", len(send))
	}
	t.Logf("confirmation: agent envelope %d of %d bytes, SEND body %d of %d", len(conf), E2EConfirmationLen-2-1, len(send), MaxSendBody)

	// Alice receives it.
	body := aliceQueue.deliver(send)
	env, err := ParseClientMsgEnvelope(body)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckClientVersion(env.Version, 0); err != nil || env.SenderKey == nil {
		t.Fatalf("public header: %v", err)
	}
	aliceSecret, err := box.DH(*env.SenderKey, aliceE2E)
	if err != nil {
		t.Fatal(err)
	}
	cm, err := env.Open(aliceSecret)
	if err != nil {
		t.Fatal(err)
	}
	if cm.SenderAuthKey != nil {
		t.Fatal("fast handshake uses the '_' header")
	}
	ae, err := ParseEnvelope(cm.Body)
	if err != nil {
		t.Fatal(err)
	}
	gotConf, ok := ae.(*Confirmation)
	if !ok || gotConf.E2E == nil || gotConf.CheckVersion(gotConf.Version) != nil {
		t.Fatalf("not a confirmation: %#v", ae)
	}
	aliceRatchet, err := ratchet.InitInitiator(vs, alicePP, gotConf.E2E, pq)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := aliceRatchet.Decrypt(rnd, gotConf.EncConnInfo)
	if err != nil {
		t.Fatal(err)
	}
	am, err := ParseAgentMessage(plain)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(am, reply) {
		t.Fatalf("conn info reply differs")
	}
	lastID, lastHash := int64(1), MessageHash(plain)
	if !bytes.Equal(lastHash, MessageHash(replyBytes)) {
		t.Fatal("hash of the received and the sent confirmation differ")
	}

	// Bob's first message: numbered 2, chained to the confirmation.
	msg := &Message{SndMsgID: 2, PrevMsgHash: MessageHash(replyBytes), Body: &AMsg{Body: []byte(`{"v":"1","event":"x.msg.new"}`)}}
	msgBytes, err := EncodeAgentMessage(msg)
	if err != nil {
		t.Fatal(err)
	}
	ct, err := bobRatchet.Encrypt(msgBytes, MessagePadLen(agentV, pq))
	if err != nil {
		t.Fatal(err)
	}
	envBytes, _ := EncodeEnvelope(&MsgEnvelope{Version: agentV, EncAgentMessage: ct})
	send, err = SealClientMessage(rnd, e2eSecret, CurrentClientVersion, nil, &ClientMessage{Body: envBytes})
	if err != nil {
		t.Fatalf("message does not fit: %v", err)
	}
	if len(send) != 2+1+24+E2EMessageLen+16 {
		t.Errorf("message SEND body %d bytes", len(send))
	}
	env, err = ParseClientMsgEnvelope(aliceQueue.deliver(send))
	if err != nil || env.SenderKey != nil {
		t.Fatalf("message header: %v", err)
	}
	cm, err = env.Open(aliceSecret)
	if err != nil {
		t.Fatal(err)
	}
	ae, err = ParseEnvelope(cm.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, err = aliceRatchet.Decrypt(rnd, ae.(*MsgEnvelope).EncAgentMessage)
	if err != nil {
		t.Fatal(err)
	}
	am, err = ParseAgentMessage(plain)
	if err != nil {
		t.Fatal(err)
	}
	got := am.(*Message)
	if v := CheckIntegrity(lastID, lastHash, got.SndMsgID, got.PrevMsgHash); v.Kind != IntegrityOK {
		t.Errorf("integrity %v", v)
	}
	if !reflect.DeepEqual(got, msg) {
		t.Error("message differs")
	}
	// A receipt for it carries the hash Alice computed; Bob compares.
	rcpt := &Receipts{Receipts: []Receipt{{SndMsgID: got.SndMsgID, MsgHash: MessageHash(plain), Info: []byte{}}}}
	if !bytes.Equal(rcpt.Receipts[0].MsgHash, MessageHash(msgBytes)) {
		t.Error("receipt hash differs from the sender's")
	}
}

func TestQuotaMarker(t *testing.T) {
	srv, rcv := testX25519(t, 30), testX25519(t, 31)
	s1, _ := box.DH(rcv.Public(), srv)
	s2, _ := box.DH(srv.Public(), rcv)
	msgID := bytes.Repeat([]byte{1}, 24)
	ts := time.Unix(1_790_000_123, 0).UTC()
	enc, err := smp.EncryptRcvMessage(s1, msgID, smp.RcvMessage{Timestamp: ts, Quota: true})
	if err != nil {
		t.Fatal(err)
	}
	m, err := smp.DecryptRcvMessage(s2, smp.MSG{MsgID: msgID, Body: enc})
	if err != nil {
		t.Fatal(err)
	}
	if !m.Quota || m.Body != nil || !m.Timestamp.Equal(ts) {
		t.Fatalf("quota marker: %+v", m)
	}
	plain, _ := smp.EncodeRcvMessage(smp.RcvMessage{Timestamp: ts, Quota: true})
	if string(plain[:6]) != "QUOTA " || len(plain) != 14 {
		t.Fatalf("quota layout %q", plain)
	}
	// A body that merely starts with "QUOTA " is a message, not the marker.
	plain, _ = smp.EncodeRcvMessage(smp.RcvMessage{Timestamp: ts, Body: []byte("QUOTA x")})
	if m, err := smp.ParseRcvMessage(plain); err != nil || m.Quota {
		t.Fatalf("body %+v %v", m, err)
	}
}

func TestOpenServerMessageErrors(t *testing.T) {
	srv, rcv := testX25519(t, 40), testX25519(t, 41)
	s1, _ := box.DH(rcv.Public(), srv)
	msgID := bytes.Repeat([]byte{2}, 24)
	ct, err := SealServerMessage(s1, msgID, smp.RcvMessage{Timestamp: time.Unix(5, 0), Body: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	if m, err := OpenServerMessage(s1, smp.MSG{MsgID: msgID, Body: ct}); err != nil || string(m.Body) != "x" {
		t.Fatalf("open: %v", err)
	}
	ct[40] ^= 1
	if _, err := OpenServerMessage(s1, smp.MSG{MsgID: msgID, Body: ct}); !errors.Is(err, &Error{Kind: KindCrypto, Crypto: CryptoDecryptCB}) {
		t.Errorf("tampered: %v", err)
	}
	// A box that opens but holds no valid body (5 bytes: no flags/space).
	bad, _ := box.CbEncrypt(s1, box.NonceFrom(msgID), []byte{0, 0, 0, 0, 0}, smp.RcvMsgPaddedLen)
	if _, err := OpenServerMessage(s1, smp.MSG{MsgID: msgID, Body: bad}); !errors.Is(err, ErrMessage) {
		t.Errorf("bad body: %v", err)
	}
}
