package protocol

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// Vectors from ../shared/reference/chat-protocol-vectors.md (upstream
// tests/ProtocolTests.hs): each decodes to the described value and
// re-encodes to equal JSON.

func TestVectorMsgNewText(t *testing.T) {
	m := roundTrip(t, `{"v":"1","event":"x.msg.new","params":{"content":{"text":"hello","type":"text"}}}`)
	if m.Version != (VersionRange{1, 1}) || m.MsgID != nil {
		t.Errorf("envelope %+v", m)
	}
	e := ev[*MsgNew](t, m)
	if e.Content.Type != ContentText || e.Content.Text != "hello" || e.Quote != nil || e.File != nil ||
		e.TTL != nil || e.Live != nil || e.Forward || e.Mentions != nil || e.Extra != nil {
		t.Errorf("%+v", e)
	}
}

func TestVectorMsgNewTTLLive(t *testing.T) {
	e := ev[*MsgNew](t, roundTrip(t, `{"v":"1","event":"x.msg.new","params":{"content":{"text":"hello","type":"text"},"ttl":3600}}`))
	if e.TTL == nil || *e.TTL != 3600 {
		t.Errorf("ttl %v", e.TTL)
	}
	e = ev[*MsgNew](t, roundTrip(t, `{"v":"1","event":"x.msg.new","params":{"content":{"text":"hello","type":"text"},"live":true}}`))
	if e.Live == nil || !*e.Live {
		t.Errorf("live %v", e.Live)
	}
}

func TestVectorMsgID(t *testing.T) {
	m := roundTrip(t, `{"v":"1","msgId":"AQIDBA==","event":"x.msg.new","params":{"content":{"text":"hello","type":"text"}}}`)
	if !bytes.Equal(m.MsgID, id1234) {
		t.Errorf("msgId %x", m.MsgID)
	}
	m = roundTrip(t, `{"v":"1-5","msgId":"AQIDBA==","event":"x.msg.new","params":{"content":{"text":"hello","type":"text"}}}`)
	if m.Version != (VersionRange{1, 5}) || !bytes.Equal(m.MsgID, id1234) {
		t.Errorf("%+v", m)
	}
}

func TestVectorQuote(t *testing.T) {
	m := roundTrip(t, `{"v":"1","msgId":"AQIDBA==","event":"x.msg.new","params":{"content":{"text":"hello to you too","type":"text"},"quote":{"content":{"text":"hello there!","type":"text"},"msgRef":{"msgId":"BQYHCA==","sent":true,"sentAt":"1970-01-01T00:00:01.000000001Z"}}}}`)
	e := ev[*MsgNew](t, m)
	if e.Content.Text != "hello to you too" || e.Quote == nil {
		t.Fatalf("%+v", e)
	}
	q := e.Quote
	if q.Content.Text != "hello there!" || !bytes.Equal(q.MsgRef.MsgID, id5678) || !q.MsgRef.Sent ||
		!q.MsgRef.SentAt.Equal(time.Unix(1, 1)) || q.MsgRef.MemberID != nil {
		t.Errorf("%+v", q)
	}
}

func TestVectorForward(t *testing.T) {
	e := ev[*MsgNew](t, roundTrip(t, `{"v":"1","msgId":"AQIDBA==","event":"x.msg.new","params":{"content":{"text":"hello","type":"text"},"forward":true}}`))
	if !e.Forward {
		t.Error("forward not set")
	}
	// Older clients sent an object; it still means forwarded.
	e = ev[*MsgNew](t, mustDecode(t, `{"v":"1","event":"x.msg.new","params":{"content":{"text":"hi","type":"text"},"forward":{}}}`))
	if !e.Forward {
		t.Error("object forward not read as forwarded")
	}
}

func TestVectorFile(t *testing.T) {
	e := ev[*MsgNew](t, roundTrip(t, `{"v":"1","event":"x.msg.new","params":{"content":{"text":"hello","type":"text"},"file":{"fileSize":12345,"fileName":"photo.jpg"}}}`))
	if e.File == nil || e.File.FileName != "photo.jpg" || e.File.FileSize != 12345 || e.File.FileConnReq != nil {
		t.Errorf("%+v", e.File)
	}
	e = ev[*MsgNew](t, roundTrip(t, `{"v":"1","event":"x.msg.new","params":{"content":{"text":"","type":"file"},"file":{"fileSize":12345,"fileName":"file.txt"}}}`))
	if e.Content.Type != ContentFile || e.Content.Text != "" || e.File.FileName != "file.txt" {
		t.Errorf("%+v", e)
	}
}

func TestVectorLink(t *testing.T) {
	e := ev[*MsgNew](t, roundTrip(t, `{"v":"1","event":"x.msg.new","params":{"content":{"text":"https://simplex.chat","type":"link","preview":{"description":"SimpleX Chat","image":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgA","title":"SimpleX Chat","uri":"https://simplex.chat"}}}}`))
	c := e.Content
	if c.Type != ContentLink || c.Text != "https://simplex.chat" || c.Preview == nil {
		t.Fatalf("%+v", c)
	}
	p := c.Preview
	if p.URI != "https://simplex.chat" || p.Title != "SimpleX Chat" || p.Description != "SimpleX Chat" ||
		p.Image != "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgA" || p.Content != nil {
		t.Errorf("%+v", p)
	}
}

func TestVectorUpdateDel(t *testing.T) {
	u := ev[*MsgUpdate](t, roundTrip(t, `{"v":"1","event":"x.msg.update","params":{"msgId":"AQIDBA==", "content":{"text":"hello","type":"text"}}}`))
	if !bytes.Equal(u.MsgID, id1234) || u.Content.Text != "hello" {
		t.Errorf("%+v", u)
	}
	d := ev[*MsgDel](t, roundTrip(t, `{"v":"1","event":"x.msg.del","params":{"msgId":"AQIDBA=="}}`))
	if !bytes.Equal(d.MsgID, id1234) || d.MemberID != nil {
		t.Errorf("%+v", d)
	}
	ev[*MsgDeleted](t, roundTrip(t, `{"v":"1","event":"x.msg.deleted","params":{}}`))
}

func TestVectorFileEvents(t *testing.T) {
	a := ev[*FileAcpt](t, roundTrip(t, `{"v":"1","event":"x.file.acpt","params":{"fileName":"photo.jpg"}}`))
	if a.FileName != "photo.jpg" {
		t.Errorf("%+v", a)
	}
	c := ev[*FileCancel](t, roundTrip(t, `{"v":"1","event":"x.file.cancel","params":{"msgId":"AQIDBA=="}}`))
	if !bytes.Equal(c.MsgID, id1234) {
		t.Errorf("%+v", c)
	}
}

func TestVectorInfo(t *testing.T) {
	e := ev[*Info](t, roundTrip(t, `{"v":"1","event":"x.info","params":{"profile":{"fullName":"","displayName":"alice","preferences":{"reactions":{"allow":"yes"},"voice":{"allow":"yes"}}}}}`))
	p := e.Profile
	if p.DisplayName != "alice" || p.FullName != "" || p.Image != nil || p.ContactLink != nil || len(p.Preferences) != 2 ||
		p.Preferences["reactions"].Value != "yes" || p.Preferences["voice"].Value != "yes" || p.Extra != nil {
		t.Errorf("%+v", p)
	}
}

func TestVectorGroupMember(t *testing.T) {
	a := ev[*GrpAcpt](t, roundTrip(t, `{"v":"1","event":"x.grp.acpt","params":{"memberId":"AQIDBA=="}}`))
	c := ev[*GrpMemCon](t, roundTrip(t, `{"v":"1","event":"x.grp.mem.con","params":{"memberId":"AQIDBA=="}}`))
	d := ev[*GrpMemDel](t, roundTrip(t, `{"v":"1","event":"x.grp.mem.del","params":{"memberId":"AQIDBA=="}}`))
	if !bytes.Equal(a.MemberID, id1234) || !bytes.Equal(c.MemberID, id1234) || !bytes.Equal(d.MemberID, id1234) || d.Messages {
		t.Errorf("%+v %+v %+v", a, c, d)
	}
}

func TestVectorProbes(t *testing.T) {
	p := ev[*InfoProbe](t, roundTrip(t, `{"v":"1","event":"x.info.probe","params":{"probe":"AQIDBA=="}}`))
	c := ev[*InfoProbeCheck](t, roundTrip(t, `{"v":"1","event":"x.info.probe.check","params":{"probeHash":"AQIDBA=="}}`))
	o := ev[*InfoProbeOk](t, roundTrip(t, `{"v":"1","event":"x.info.probe.ok","params":{"probe":"AQIDBA=="}}`))
	if !bytes.Equal(p.Probe, id1234) || !bytes.Equal(c.ProbeHash, id1234) || !bytes.Equal(o.Probe, id1234) {
		t.Errorf("%+v %+v %+v", p, c, o)
	}
}

func TestVectorDecodeOnly(t *testing.T) {
	ev[*GrpLeave](t, mustDecode(t, `{"v":"1","event":"x.grp.leave","params":{}}`))
	ev[*GrpDel](t, mustDecode(t, `{"v":"1","event":"x.grp.del","params":{}}`))
	ev[*Ok](t, mustDecode(t, `{"v":"1","event":"x.ok","params":{}}`))
}

const vecConnReq = `simplex:/invitation#/?v=1&smp=smp%3A%2F%2F1234-w%3D%3D%40smp.simplex.im%3A5223%2F3456-w%3D%3D%23%2F%3Fv%3D1-2%26dh%3DMCowBQYDK2VuAyEAjiswwI3O_NlS8Fk3HJUW870EY2bAwmttMBsvRB9eV3o%253D&e2e=v%3D1-2%26x3dh%3DMEIwBQYDK2VvAzkAmKuSYeQ_m0SixPDS8Wq8VBaTS1cW-Lp0n0h4Diu-kUpR-qXx4SDJ32YGEFoGFGSbGPry5Ychr6U%3D%2CMEIwBQYDK2VvAzkAmKuSYeQ_m0SixPDS8Wq8VBaTS1cW-Lp0n0h4Diu-kUpR-qXx4SDJ32YGEFoGFGSbGPry5Ychr6U%3D`

const vecGrpInv = `{"v":"1","event":"x.grp.inv","params":{"groupInvitation":{"connRequest":"<connReq above>","invitedMember":{"memberRole":"member","memberId":"BQYHCA=="},"groupProfile":{"fullName":"Team","displayName":"team","groupPreferences":{"reactions":{"enable":"on"},"voice":{"enable":"on"}}},"fromMember":{"memberRole":"admin","memberId":"AQIDBA=="}}}}`

func TestVectorGrpInv(t *testing.T) {
	s := strings.Replace(vecGrpInv, "<connReq above>", vecConnReq, 1)
	check := func(g GroupInvitation) {
		t.Helper()
		if !bytes.Equal(g.FromMember.MemberID, id1234) || g.FromMember.Role != "admin" ||
			!bytes.Equal(g.InvitedMember.MemberID, id5678) || g.InvitedMember.Role != "member" ||
			g.ConnRequest != vecConnReq || g.GroupProfile.DisplayName != "team" || g.GroupProfile.FullName != "Team" ||
			g.GroupProfile.Preferences["reactions"].Value != "on" || g.GroupProfile.Preferences["voice"].Value != "on" {
			t.Errorf("%+v", g)
		}
	}
	g := ev[*GrpInv](t, roundTrip(t, s)).Invitation
	check(g)
	if g.GroupLinkID != nil {
		t.Error("groupLinkId set")
	}
	s2 := strings.Replace(s, `"memberId":"AQIDBA=="}}}}`, `"memberId":"AQIDBA=="}, "groupLinkId":"AQIDBA=="}}}`, 1)
	if s2 == s {
		t.Fatal("vector edit failed")
	}
	g = ev[*GrpInv](t, roundTrip(t, s2)).Invitation
	check(g)
	if !bytes.Equal(g.GroupLinkID, id1234) {
		t.Errorf("groupLinkId %x", g.GroupLinkID)
	}
}
