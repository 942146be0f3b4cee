package smp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"testing"
	"time"

	"duplex/crypto/keys"
	"duplex/net/smp"
)

// LGET and LKEY through the proxy: a contact link is read and an
// invitation queue is secured via its link, the destination seeing only
// the proxy's connection.
func TestProxyLinkCommands(t *testing.T) {
	ctx := context.Background()
	a := startObsRelay(t, "proxy-a", nil)
	b := startObsRelay(t, "dest-b", nil)
	owner := connectTo(t, b.server(), newRecorder())
	snd := connectTo(t, a.server(), newRecorder())
	pr, err := snd.ProxySession(ctx, b.server())
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []smp.QueueMode{smp.QueueModeContact, smp.QueueModeMessaging} {
		rk, _ := keys.GenerateEd25519(rand.Reader)
		dh, _ := keys.GenerateX25519(rand.Reader)
		linkID := bytes.Repeat([]byte{byte(mode)}, 24)
		data := smp.LinkData{Fixed: []byte("fixed"), User: []byte("user")}
		link := &smp.QueueLink{Data: data}
		if mode == smp.QueueModeContact {
			link.LinkID = linkID
		}
		ids, err := owner.CreateQueue(ctx, rk, smp.NEW{RcvAuthKey: rk.Public(), RcvDHKey: dh.Public(), SubMode: smp.SubModeOnlyCreate,
			QueueReq: &smp.QueueReq{Mode: mode, Link: link}})
		if err != nil {
			t.Fatalf("NEW %c: %v", mode, err)
		}
		var lnk smp.LNK
		if mode == smp.QueueModeContact {
			lnk, err = snd.ProxyGetLink(ctx, pr, ids.LinkID)
		} else {
			sk, _ := keys.GenerateEd25519(rand.Reader)
			lnk, err = snd.ProxySecureLink(ctx, pr, ids.LinkID, sk)
		}
		if err != nil || !bytes.Equal(lnk.SenderID, ids.SndID) || string(lnk.Data.User) != "user" {
			t.Fatalf("mode %c via proxy: %+v %v", mode, lnk, err)
		}
	}
	for _, o := range b.seen.all() {
		if (o.Tag == "LGET" || o.Tag == "LKEY") && !o.Proxied {
			t.Errorf("%s reached the destination directly", o.Tag)
		}
	}
}

// BenchmarkProxiedSend measures SEND→MSG latency directly and through a
// proxy in the same run and reports proxied/direct as "ratio".
func BenchmarkProxiedSend(b *testing.B) {
	ctx := context.Background()
	a := startObsRelay(b, "proxy-a", nil)
	d := startObsRelay(b, "dest-b", nil)
	hr := newRecorder()
	rcv := connectTo(b, d.server(), hr)
	q := newQueue(b, rcv, smp.QueueModeMessaging)
	direct := connectTo(b, d.server(), newRecorder())
	via := connectTo(b, a.server(), newRecorder())
	pr, err := via.ProxySession(ctx, d.server())
	if err != nil {
		b.Fatal(err)
	}
	roundTrip := func(send func() error) time.Duration {
		start := time.Now()
		if err := send(); err != nil {
			b.Fatal(err)
		}
		ev := wait(b, hr.msgs, "MSG")
		el := time.Since(start)
		if err := rcv.Ack(ctx, q.ids.RcvID, q.rcvKey, ev.m.MsgID); err != nil {
			b.Fatal(err)
		}
		return el
	}
	body := []byte("benchmark message")
	var tDirect, tProxied time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tDirect += roundTrip(func() error { return direct.Send(ctx, q.ids.SndID, nil, false, body) })
		tProxied += roundTrip(func() error { return via.ProxySend(ctx, pr, q.ids.SndID, nil, false, body) })
	}
	b.ReportMetric(float64(tDirect.Microseconds())/float64(b.N), "direct-µs/op")
	b.ReportMetric(float64(tProxied.Microseconds())/float64(b.N), "proxied-µs/op")
	b.ReportMetric(float64(tProxied)/float64(tDirect), "ratio")
}
