package agentproto

import (
	"testing"
	"time"

	"duplex/crypto/box"
)

// BenchmarkSealOpen measures one per-queue e2e round (seal a regular
// message, parse, open, parse the agent envelope and message) against a
// floor of the bare crypto_box of the same 16000 bytes, measured in the
// same run; it reports the ratio, never an absolute threshold.
func BenchmarkSealOpen(b *testing.B) {
	snd, rcv := testX25519(b, 1), testX25519(b, 2)
	secret, _ := box.DH(rcv.Public(), snd)
	body := make([]byte, 1000)
	msg, _ := EncodeAgentMessage(&Message{SndMsgID: 7, PrevMsgHash: MessageHash(nil), Body: &AMsg{Body: body}})
	env, _ := EncodeEnvelope(&MsgEnvelope{Version: 7, EncAgentMessage: msg}) // ratchet left out: opaque here
	cm := &ClientMessage{Body: env}
	rnd := testRand(3)
	var nonce box.Nonce

	floor := func(n int) time.Duration {
		start := time.Now()
		for range n {
			ct, _ := box.CbEncrypt(secret, nonce, env, E2EMessageLen)
			if _, err := box.CbDecrypt(secret, nonce, ct); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start)
	}
	floor(50) // warm up caches and the allocator before timing
	n := 500
	floorPerOp := float64(floor(n)) / float64(n)

	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		wire, err := SealClientMessage(rnd, secret, 4, nil, cm)
		if err != nil {
			b.Fatal(err)
		}
		e, err := ParseClientMsgEnvelope(wire)
		if err != nil {
			b.Fatal(err)
		}
		m, err := e.Open(secret)
		if err != nil {
			b.Fatal(err)
		}
		ae, err := ParseEnvelope(m.Body)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ParseAgentMessage(ae.(*MsgEnvelope).EncAgentMessage); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	per := float64(b.Elapsed()) / float64(b.N)
	b.ReportMetric(per/floorPerOp, "ratio")
}

// BenchmarkParseAgentMessage: decoding cost of a receipts message with 50
// entries against copying the same bytes (floor).
func BenchmarkParseAgentMessage(b *testing.B) {
	r := &Receipts{}
	for i := range 50 {
		r.Receipts = append(r.Receipts, Receipt{SndMsgID: int64(i), MsgHash: MessageHash([]byte{byte(i)}), Info: []byte{}})
	}
	enc, _ := EncodeAgentMessage(&Message{SndMsgID: 1, PrevMsgHash: []byte{}, Body: r})
	start := time.Now()
	sink := make([]byte, len(enc))
	for range 10000 {
		copy(sink, enc)
	}
	floorPerOp := float64(time.Since(start)) / 10000
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := ParseAgentMessage(enc); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/floorPerOp, "ratio")
}
