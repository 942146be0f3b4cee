package server

import (
	"bytes"
	"path/filepath"
	"testing"

	"duplex/crypto/keys"
	"duplex/net/smp"
)

func TestShortLinks(t *testing.T) {
	s := startServer(t, Config{})
	owner, reader := dial(t, s), dial(t, s)

	// invitation: messaging queue with link data, the relay picks the link id
	rk, dh := newKeys(t)
	corr := randBytes(24)
	data := smp.LinkData{Fixed: []byte("fixed-part"), User: []byte("user-part")}
	cmd := smp.NEW{RcvAuthKey: rk.Public(), RcvDHKey: dh.Public(), SubMode: smp.SubModeSubscribe,
		QueueReq: &smp.QueueReq{Mode: smp.QueueModeMessaging, Link: &smp.QueueLink{SenderID: linkSenderID(corr), Data: data}}}
	owner.writeRaw(owner.transmission(rk, corr, nil, cmd))
	ids := expect[smp.IDS](t, owner.reply(corr))
	if len(ids.LinkID) != 24 || !bytes.Equal(ids.SndID, linkSenderID(corr)) {
		t.Fatalf("IDS %+v", ids)
	}
	expectErr(t, reader.call(nil, ids.LinkID, smp.LGET{}), smp.ErrAuth) // not a contact queue
	sk, _ := newKeys(t)
	lnk := expect[smp.LNK](t, reader.call(sk, ids.LinkID, smp.LKEY{SenderKey: sk.Public()}))
	if !bytes.Equal(lnk.SenderID, ids.SndID) || string(lnk.Data.Fixed) != "fixed-part" || string(lnk.Data.User) != "user-part" {
		t.Fatalf("LNK %+v", lnk)
	}
	other, _ := newKeys(t)
	expectErr(t, reader.call(other, ids.LinkID, smp.LKEY{SenderKey: other.Public()}), smp.ErrAuth) // already secured
	expect[smp.OK](t, reader.call(sk, ids.SndID, smp.SEND{Body: []byte("hi")}))
	if q := s.queues.ByRecipient(ids.RcvID); q.Link != nil {
		t.Fatal("link data of a secured invitation kept after SEND")
	}

	// a chosen sender id that is not derived from the corrId
	corr2 := randBytes(24)
	cmd.QueueReq.Link.SenderID = randBytes(24)
	owner.writeRaw(owner.transmission(rk, corr2, nil, cmd))
	expectErr(t, owner.reply(corr2), smp.ErrProhibited)

	// contact address: client picks link id and sender id; anyone may LGET
	ck, cdh := newKeys(t)
	corr3, linkID := randBytes(24), randBytes(24)
	ccmd := smp.NEW{RcvAuthKey: ck.Public(), RcvDHKey: cdh.Public(), SubMode: smp.SubModeOnlyCreate,
		QueueReq: &smp.QueueReq{Mode: smp.QueueModeContact, Link: &smp.QueueLink{LinkID: linkID, SenderID: linkSenderID(corr3), Data: data}}}
	owner.writeRaw(owner.transmission(ck, corr3, nil, ccmd))
	cids := expect[smp.IDS](t, owner.reply(corr3))
	if !bytes.Equal(cids.LinkID, linkID) || cids.QueueMode != smp.QueueModeContact {
		t.Fatalf("contact IDS %+v", cids)
	}
	if l := expect[smp.LNK](t, reader.call(nil, linkID, smp.LGET{})); string(l.Data.User) != "user-part" {
		t.Fatal("LGET data")
	}
	// LSET: new user data, same fixed data; changing the fixed part is refused
	expect[smp.OK](t, owner.call(ck, cids.RcvID, smp.LSET{LinkID: linkID, Data: smp.LinkData{Fixed: data.Fixed, User: []byte("v2")}}))
	if l := expect[smp.LNK](t, reader.call(nil, linkID, smp.LGET{})); string(l.Data.User) != "v2" {
		t.Fatal("LSET not applied")
	}
	expectErr(t, owner.call(ck, cids.RcvID, smp.LSET{LinkID: linkID, Data: smp.LinkData{Fixed: []byte("other"), User: nil}}), smp.ErrAuth)
	expectErr(t, owner.call(ck, cids.RcvID, smp.LSET{LinkID: randBytes(24), Data: data}), smp.ErrAuth)
	// contact queues take unsigned SENDs forever and cannot be secured
	expect[smp.OK](t, reader.call(nil, cids.SndID, smp.SEND{Body: []byte("request")}))
	expectErr(t, reader.call(sk, cids.SndID, smp.SKEY{SenderKey: sk.Public()}), smp.ErrAuth)
	// RKEY replaces recipient keys of a contact queue
	nk, _ := newKeys(t)
	expect[smp.OK](t, owner.call(ck, cids.RcvID, smp.RKEY{Keys: []keys.PublicKey{nk.Public()}}))
	expectErr(t, owner.call(ck, cids.RcvID, smp.LDEL{}), smp.ErrAuth)
	expect[smp.OK](t, owner.call(nk, cids.RcvID, smp.LDEL{}))
	expectErr(t, reader.call(nil, linkID, smp.LGET{}), smp.ErrAuth)
}

// In-process restart: queues, keys, links and un-ACKed messages survive;
// ACKed ones do not come back.
func TestRestartInProcess(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{StorePath: filepath.Join(dir, "store.log"), MessagesPath: filepath.Join(dir, "msgs.log")}
	s := startServer(t, cfg)
	rcv, snd := dial(t, s), dial(t, s)
	q := rcv.mustCreate(smp.SubModeSubscribe)
	expect[smp.OK](t, snd.call(q.sndKey, q.ids.SndID, smp.SKEY{SenderKey: q.sndKey.Public()}))
	for _, b := range []string{"acked", "pending1", "pending2"} {
		expect[smp.OK](t, snd.call(q.sndKey, q.ids.SndID, smp.SEND{Body: []byte(b)}))
	}
	first := expect[smp.MSG](t, rcv.event().resp)
	expect[smp.MSG](t, rcv.call(q.rcvKey, q.ids.RcvID, smp.ACK{MsgID: first.MsgID})) // pending1, not ACKed
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2 := startServer(t, cfg)
	st := s2.Stats()
	if st.Queues != 1 || st.Messages != 2 {
		t.Fatalf("restored %+v", st)
	}
	rcv2, snd2 := dial(t, s2), dial(t, s2)
	expect[smp.SOK](t, rcv2.call(q.rcvKey, q.ids.RcvID, smp.SUB{}))
	m := expect[smp.MSG](t, rcv2.event().resp)
	if string(q.open(t, m).body) != "pending1" {
		t.Fatalf("first after restart: %q", q.open(t, m).body)
	}
	m = expect[smp.MSG](t, rcv2.call(q.rcvKey, q.ids.RcvID, smp.ACK{MsgID: m.MsgID}))
	if string(q.open(t, m).body) != "pending2" {
		t.Fatal("second after restart")
	}
	expect[smp.OK](t, rcv2.call(q.rcvKey, q.ids.RcvID, smp.ACK{MsgID: m.MsgID}))
	// the sender key survived: unsigned SEND is still refused
	expectErr(t, snd2.call(nil, q.ids.SndID, smp.SEND{Body: []byte("x")}), smp.ErrAuth)
	expect[smp.OK](t, snd2.call(q.sndKey, q.ids.SndID, smp.SEND{Body: []byte("after")}))
}
