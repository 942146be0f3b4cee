package server

import (
	"bytes"
	"encoding/json"
	"testing"

	"duplex/net/smp"
	"duplex/net/tls13/certs"
)

func TestQueueLifecycle(t *testing.T) {
	for _, alg := range []certs.Alg{certs.Ed25519, certs.Ed448} {
		t.Run(alg.String(), func(t *testing.T) {
			s := startServer(t, Config{Chain: testChain(t, alg)})
			rcv, snd := dial(t, s), dial(t, s)
			if rcv.tr.Version() != smp.CurrentVersion || !rcv.tr.Encrypted() {
				t.Fatalf("version %d encrypted %v", rcv.tr.Version(), rcv.tr.Encrypted())
			}
			q := rcv.mustCreate(smp.SubModeSubscribe)
			if len(q.ids.RcvID) != 24 || len(q.ids.SndID) != 24 || q.ids.QueueMode != smp.QueueModeMessaging {
				t.Fatalf("IDS %+v", q.ids)
			}
			// unsigned SEND before securing is allowed
			expect[smp.OK](t, snd.call(nil, q.ids.SndID, smp.SEND{Body: []byte("hello")}))
			ev := rcv.event()
			m := q.open(t, expect[smp.MSG](t, ev.resp))
			if !bytes.Equal(ev.entity, q.ids.RcvID) || string(m.body) != "hello" || m.notify {
				t.Fatalf("MSG %+v %q", ev, m.body)
			}
			// sender secures; unsigned SEND now fails
			expect[smp.OK](t, snd.call(q.sndKey, q.ids.SndID, smp.SKEY{SenderKey: q.sndKey.Public()}))
			expectErr(t, snd.call(nil, q.ids.SndID, smp.SEND{Body: []byte("x")}), smp.ErrAuth)
			// nothing more is delivered until ACK
			expect[smp.OK](t, snd.call(q.sndKey, q.ids.SndID, smp.SEND{Notify: true, Body: []byte("two")}))
			expect[smp.OK](t, snd.call(q.sndKey, q.ids.SndID, smp.SEND{Body: []byte("three")}))
			rcv.noEvent()
			// the answer to ACK is the next message, with the ACK's corrId
			first := expect[smp.MSG](t, ev.resp)
			next := expect[smp.MSG](t, rcv.call(q.rcvKey, q.ids.RcvID, smp.ACK{MsgID: first.MsgID}))
			if m := q.open(t, next); string(m.body) != "two" || !m.notify {
				t.Fatalf("second %q", m.body)
			}
			expectErr(t, rcv.call(q.rcvKey, q.ids.RcvID, smp.ACK{MsgID: first.MsgID}), smp.ErrNoMsg)
			third := expect[smp.MSG](t, rcv.call(q.rcvKey, q.ids.RcvID, smp.ACK{MsgID: next.MsgID}))
			expect[smp.OK](t, rcv.call(q.rcvKey, q.ids.RcvID, smp.ACK{MsgID: third.MsgID}))
			expectErr(t, rcv.call(q.rcvKey, q.ids.RcvID, smp.ACK{MsgID: third.MsgID}), smp.ErrNoMsg)
			// a new message is pushed again
			expect[smp.OK](t, snd.call(q.sndKey, q.ids.SndID, smp.SEND{Body: []byte("four")}))
			four := expect[smp.MSG](t, rcv.event().resp)
			expect[smp.OK](t, rcv.call(q.rcvKey, q.ids.RcvID, smp.ACK{MsgID: four.MsgID}))
			// delete
			expect[smp.OK](t, rcv.call(q.rcvKey, q.ids.RcvID, smp.DEL{}))
			expectErr(t, snd.call(q.sndKey, q.ids.SndID, smp.SEND{Body: []byte("x")}), smp.ErrAuth)
			expectErr(t, rcv.call(q.rcvKey, q.ids.RcvID, smp.SUB{}), smp.ErrAuth)
			st := s.Stats()
			if st.QueuesCreated != 1 || st.QueuesDeleted != 1 || st.MsgsIn != 4 || st.MsgsOut != 4 || st.Queues != 0 {
				t.Fatalf("stats %+v", st)
			}
		})
	}
}

func TestSubscribeRedeliversInSameBlock(t *testing.T) {
	s := startServer(t, Config{})
	rcv, snd := dial(t, s), dial(t, s)
	q := rcv.mustCreate(smp.SubModeOnlyCreate)
	expect[smp.OK](t, snd.call(nil, q.ids.SndID, smp.SEND{Body: []byte("m1")}))
	rcv.noEvent()            // not subscribed
	for i := 0; i < 2; i++ { // SUB, then SUB again: the un-ACKed message comes back
		expect[smp.SOK](t, rcv.call(q.rcvKey, q.ids.RcvID, smp.SUB{}))
		if rcv.lastBlock != 2 {
			t.Fatalf("SUB reply and MSG in %d-transmission block", rcv.lastBlock)
		}
		m := expect[smp.MSG](t, rcv.event().resp)
		if string(q.open(t, m).body) != "m1" {
			t.Fatal("wrong message")
		}
	}
}

func TestSecondSubscriberGetsQueueFirstGetsEND(t *testing.T) {
	s := startServer(t, Config{})
	a, b, snd := dial(t, s), dial(t, s), dial(t, s)
	q := a.mustCreate(smp.SubModeSubscribe)
	expect[smp.SOK](t, b.call(q.rcvKey, q.ids.RcvID, smp.SUB{}))
	ev := a.event()
	if _, ok := ev.resp.(smp.END); !ok || !bytes.Equal(ev.entity, q.ids.RcvID) {
		t.Fatalf("first subscriber got %s", ev.resp.Tag())
	}
	expect[smp.OK](t, snd.call(nil, q.ids.SndID, smp.SEND{Body: []byte("to b")}))
	m := expect[smp.MSG](t, b.event().resp)
	if string(q.open(t, m).body) != "to b" {
		t.Fatal("b did not get the message")
	}
	a.noEvent()
	// a cannot ACK what b received
	expectErr(t, a.call(q.rcvKey, q.ids.RcvID, smp.ACK{MsgID: m.MsgID}), smp.ErrNoMsg)
	if s.Stats().Subscriptions != 1 {
		t.Fatalf("subscriptions %d", s.Stats().Subscriptions)
	}
}

func TestSecuringRace(t *testing.T) {
	s := startServer(t, Config{})
	owner := dial(t, s)
	q := owner.mustCreate(smp.SubModeOnlyCreate)
	const n = 8
	type result struct {
		ok  bool
		key int
	}
	res := make(chan result, n)
	senders := make([]*tclient, n)
	sndKeys := make([]*tqueue, n)
	for i := range senders {
		senders[i] = dial(t, s)
		sndKeys[i] = &tqueue{}
		sndKeys[i].sndKey, _ = newKeys(t)
	}
	for i := 0; i < n; i++ {
		go func(i int) {
			k := sndKeys[i].sndKey
			r := senders[i].call(k, q.ids.SndID, smp.SKEY{SenderKey: k.Public()})
			_, ok := r.(smp.OK)
			res <- result{ok, i}
		}(i)
	}
	winner := -1
	for i := 0; i < n; i++ {
		r := <-res
		if r.ok {
			if winner >= 0 {
				t.Fatal("two senders secured the queue")
			}
			winner = r.key
		}
	}
	if winner < 0 {
		t.Fatal("nobody secured the queue")
	}
	wk := sndKeys[winner].sndKey
	// a retry with the same key succeeds; the recipient's KEY with another key fails
	expect[smp.OK](t, senders[winner].call(wk, q.ids.SndID, smp.SKEY{SenderKey: wk.Public()}))
	other := sndKeys[(winner+1)%n].sndKey
	expectErr(t, owner.call(q.rcvKey, q.ids.RcvID, smp.KEY{SenderKey: other.Public()}), smp.ErrAuth)
	expect[smp.OK](t, owner.call(q.rcvKey, q.ids.RcvID, smp.KEY{SenderKey: wk.Public()}))
	expect[smp.OK](t, senders[winner].call(wk, q.ids.SndID, smp.SEND{Body: []byte("x")}))
	expectErr(t, senders[0].call(other, q.ids.SndID, smp.SEND{Body: []byte("x")}), smp.ErrAuth)
}

func TestCommandsGETOFFQUENKEY(t *testing.T) {
	s := startServer(t, Config{})
	c, snd := dial(t, s), dial(t, s)
	q := c.mustCreate(smp.SubModeOnlyCreate)
	expect[smp.OK](t, c.call(q.rcvKey, q.ids.RcvID, smp.GET{})) // empty queue
	expect[smp.OK](t, snd.call(nil, q.ids.SndID, smp.SEND{Body: []byte("g")}))
	m := expect[smp.MSG](t, c.call(q.rcvKey, q.ids.RcvID, smp.GET{}))
	if string(q.open(t, m).body) != "g" {
		t.Fatal("GET body")
	}
	expectErr(t, c.call(q.rcvKey, q.ids.RcvID, smp.SUB{}), smp.ErrProhibited)
	info := expect[smp.INFO](t, c.call(q.rcvKey, q.ids.RcvID, smp.QUE{}))
	var qi map[string]any
	if err := json.Unmarshal(info.JSON, &qi); err != nil || qi["qiSize"] != 1.0 || qi["qiSub"].(map[string]any)["qSubThread"] != "prohibitSub" {
		t.Fatalf("INFO %s %v", info.JSON, err)
	}
	expect[smp.OK](t, c.call(q.rcvKey, q.ids.RcvID, smp.ACK{MsgID: m.MsgID}))
	if s.msgs.Size(q.ids.RcvID) != 0 {
		t.Fatal("ACK after GET did not remove the message")
	}
	// SUB on another connection, GET there is prohibited
	c2 := dial(t, s)
	expect[smp.SOK](t, c2.call(q.rcvKey, q.ids.RcvID, smp.SUB{}))
	expectErr(t, c2.call(q.rcvKey, q.ids.RcvID, smp.GET{}), smp.ErrProhibited)
	// notifier credentials are stored
	nk, ndh := newKeys(t)
	nid := expect[smp.NID](t, c.call(q.rcvKey, q.ids.RcvID, smp.NKEY{Creds: smp.NtfCreds{AuthKey: nk.Public(), DHKey: ndh.Public()}}))
	if qq := s.queues.ByNotifier(nid.NotifierID); qq == nil || !bytes.Equal(qq.RecipientID, q.ids.RcvID) {
		t.Fatal("notifier not stored")
	}
	expect[smp.OK](t, c.call(q.rcvKey, q.ids.RcvID, smp.NDEL{}))
	if s.queues.ByNotifier(nid.NotifierID) != nil {
		t.Fatal("notifier not deleted")
	}
	// OFF: senders are refused, the recipient still reads
	expect[smp.OK](t, c.call(q.rcvKey, q.ids.RcvID, smp.OFF{}))
	expectErr(t, snd.call(nil, q.ids.SndID, smp.SEND{Body: []byte("x")}), smp.ErrAuth)
	expect[smp.OK](t, c.call(q.rcvKey, q.ids.RcvID, smp.GET{}))
	// PING has no entity; PRXY to a relay that is not there is a proxy error
	expect[smp.PONG](t, c.call(nil, nil, smp.PING{}))
	expectErr(t, c.call(nil, nil, smp.PRXY{Server: smp.Server{Hosts: []string{"127.0.0.1"}, Port: "1", KeyHash: make([]byte, 32)}}), smp.ErrProxy)
}

func TestDeleteSendsDELD(t *testing.T) {
	s := startServer(t, Config{})
	sub, other := dial(t, s), dial(t, s)
	q := sub.mustCreate(smp.SubModeSubscribe)
	expect[smp.OK](t, other.call(q.rcvKey, q.ids.RcvID, smp.DEL{}))
	ev := sub.event()
	if _, ok := ev.resp.(smp.DELD); !ok || !bytes.Equal(ev.entity, q.ids.RcvID) {
		t.Fatalf("subscriber got %s", ev.resp.Tag())
	}
	if s.Stats().Subscriptions != 0 {
		t.Fatal("subscription left behind")
	}
}

func TestQuota(t *testing.T) {
	s := startServer(t, Config{Quota: 3})
	rcv, snd := dial(t, s), dial(t, s)
	q := rcv.mustCreate(smp.SubModeOnlyCreate)
	for i := 0; i < 3; i++ {
		expect[smp.OK](t, snd.call(nil, q.ids.SndID, smp.SEND{Body: []byte{byte('a' + i)}}))
	}
	expectErr(t, snd.call(nil, q.ids.SndID, smp.SEND{Body: []byte("over")}), smp.ErrQuota)
	expectErr(t, snd.call(nil, q.ids.SndID, smp.SEND{Body: []byte("over")}), smp.ErrQuota)
	expect[smp.SOK](t, rcv.call(q.rcvKey, q.ids.RcvID, smp.SUB{}))
	m := expect[smp.MSG](t, rcv.event().resp)
	var got []string
	for {
		pm := q.open(t, m)
		if pm.quota {
			got = append(got, "QUOTA")
		} else {
			got = append(got, string(pm.body))
		}
		r := rcv.call(q.rcvKey, q.ids.RcvID, smp.ACK{MsgID: m.MsgID})
		if _, ok := r.(smp.OK); ok {
			break
		}
		m = expect[smp.MSG](t, r)
	}
	if want := "a b c QUOTA"; joined(got) != want {
		t.Fatalf("received %v, want %s", got, want)
	}
	expect[smp.OK](t, snd.call(nil, q.ids.SndID, smp.SEND{Body: []byte("again")}))
	if s.Stats().MsgsQuota != 2 {
		t.Fatalf("quota stat %d", s.Stats().MsgsQuota)
	}
}

func joined(s []string) string {
	var b bytes.Buffer
	for i, x := range s {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(x)
	}
	return b.String()
}
