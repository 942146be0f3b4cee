package links

import (
	"bytes"
	"testing"

	"duplex/crypto/enc"
)

// checkBinary asserts the usual parser contract on one encoding: every
// strict prefix is rejected unless it is itself a canonical encoding of
// another value (a queue URI without its optional mode byte is valid), and
// a trailing zero byte is rejected.
func checkBinary(t *testing.T, name string, b []byte, parse func([]byte) ([]byte, error)) {
	t.Helper()
	for i := range len(b) {
		re, err := parse(b[:i])
		if err == nil && !bytes.Equal(re, b[:i]) {
			t.Errorf("%s: prefix %d accepted and re-encodes differently", name, i)
		}
	}
	if _, err := parse(append(bytes.Clone(b), 0)); err == nil {
		t.Errorf("%s: trailing byte accepted", name)
	}
}

func reQueue(b []byte) ([]byte, error) {
	q, err := ParseQueueURIBinary(b)
	if err != nil {
		return nil, err
	}
	return q.MarshalBinary()
}

func reConnReq(b []byte) ([]byte, error) {
	c, err := ParseConnRequestBinary(b)
	if err != nil {
		return nil, err
	}
	return c.MarshalBinary()
}

func TestQueueURIBinary(t *testing.T) {
	for _, v := range queueVectors(t) {
		if v.name == "contact" {
			// upstream: fails until min version ≥ 3 (no mode is written)
			continue
		}
		b, err := v.q.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		q, err := ParseQueueURIBinary(b)
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		if !equalQueue(q, v.q) {
			t.Errorf("%s: binary round trip: %+v", v.name, q)
		}
		checkBinary(t, v.name, b, reQueue)
	}
}

func TestQueueURIBinaryModes(t *testing.T) {
	cases := []struct {
		vr   VersionRange
		mode QueueMode
		tail string // bytes after the dh key
		back QueueMode
	}{
		{VersionRange{1, 2}, QueueModeMessaging, "", QueueModeUnset},
		{VersionRange{1, 3}, QueueModeMessaging, "T", QueueModeMessaging},
		{VersionRange{1, 3}, QueueModeContact, "", QueueModeUnset},
		{VersionRange{3, 4}, QueueModeContact, "F", QueueModeContact},
		{VersionRange{3, 4}, QueueModeUnset, "F", QueueModeContact},
		{VersionRange{4, 4}, QueueModeMessaging, "M", QueueModeMessaging},
		{VersionRange{4, 4}, QueueModeContact, "C", QueueModeContact},
		{VersionRange{4, 4}, QueueModeUnset, "", QueueModeUnset},
	}
	for _, c := range cases {
		q := vQueue(t, c.vr, vSrv, c.mode)
		b, err := q.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		base := vQueue(t, c.vr, vSrv, QueueModeUnset)
		base.Versions = VersionRange{1, 1}
		bb, _ := base.MarshalBinary()
		if got := string(b[len(bb):]); got != c.tail {
			t.Errorf("%v %v: tail %q want %q", c.vr, c.mode, got, c.tail)
		}
		q2, err := ParseQueueURIBinary(b)
		if err != nil || q2.Mode != c.back {
			t.Errorf("%v %v: parsed mode %v err %v", c.vr, c.mode, q2, err)
		}
	}
}

func TestQueueInfoBinary(t *testing.T) {
	legacyOne := vQueue(t, VersionRange{1, 1}, vSrv1, QueueModeUnset)
	cases := []struct {
		name string
		q    *QueueInfo
		want *QueueInfo
	}{
		{"v1 legacy single host", legacyOne.Info(1), legacyOne.Info(1)},
		{"v2", vQueue(t, SMPClientVersions, vSrv, QueueModeMessaging).Info(2), vQueue(t, SMPClientVersions, vSrv, QueueModeUnset).Info(2)},
		{"v3 secure", vQueue(t, SMPClientVersions, vSrv, QueueModeMessaging).Info(3), vQueue(t, SMPClientVersions, vSrv, QueueModeMessaging).Info(3)},
		{"v4 contact", vQueue(t, SMPClientVersions, vSrv, QueueModeContact).Info(4), vQueue(t, SMPClientVersions, vSrv, QueueModeContact).Info(4)},
	}
	for _, c := range cases {
		b, err := c.q.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		q, err := ParseQueueInfo(b)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if q.Version != c.want.Version || !SameServer(q.Server, c.want.Server) || q.Mode != c.want.Mode ||
			!bytes.Equal(q.SenderID, c.want.SenderID) || q.DHKey != c.want.DHKey {
			t.Errorf("%s: got %+v", c.name, q)
		}
		checkBinary(t, c.name, b, func(b []byte) ([]byte, error) {
			q, err := ParseQueueInfo(b)
			if err != nil {
				return nil, err
			}
			return q.MarshalBinary()
		})
	}
	// v1 with a two-host server writes only the first host; the onion alias
	// of a known preset host is added back on read.
	q := vQueue(t, VersionRange{1, 1}, vSrv, QueueModeUnset).Info(1)
	q.Server.Hosts = []string{"smp5.simplex.im", "x.onion"}
	b, _ := q.MarshalBinary()
	q2, err := ParseQueueInfo(b)
	if err != nil || len(q2.Server.Hosts) != 2 || q2.Server.Hosts[1] != extraSMPServerHosts["smp5.simplex.im"] {
		t.Fatalf("legacy alias: %+v %v", q2, err)
	}
}

func TestConnRequestBinary(t *testing.T) {
	for _, v := range connReqVectors(t) {
		b, err := v.c.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		c, err := ParseConnRequestBinary(b)
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		want := v.c
		if v.name == "invNoQM" {
			// upstream: queue-mode patch makes this one not round-trip
			if c.Queues[0].Mode != QueueModeContact {
				t.Errorf("invNoQM: mode %v, want the contact patch", c.Queues[0].Mode)
			}
			continue
		}
		if !equalConnReq(c, want) {
			t.Errorf("%s: binary round trip", v.name)
		}
		checkBinary(t, v.name, b, reConnReq)
	}
	// contact with a contact-mode 1-4 queue (no mode byte) → patched to contact.
	c := &ConnRequest{Mode: ModeContact, AgentVersions: AgentVersions, Queues: []*QueueURI{vQueue(t, SMPClientVersions, vSrv, QueueModeContact)}}
	b, _ := c.MarshalBinary()
	c2, err := ParseConnRequestBinary(b)
	if err != nil || !equalConnReq(c, c2) {
		t.Fatalf("contact-mode patch: %v", err)
	}
}

func TestE2EParamsString(t *testing.T) {
	p := vE2E(t)
	inner := "v=1&x3dh=" + vX448Str + "," + vX448Str
	if p.String() != inner || urlEncode(inner) != vE2EStr {
		t.Fatalf("e2e: %s", p.String())
	}
	kem := randKEM(t)
	p3 := &E2EParams{Versions: E2EVersions, Key1: p.Key1, Key2: p.Key2, KEMKey: kem}
	s := p3.String()
	if want := "v=2-3&x3dh=" + vX448Str + "," + vX448Str + "&kem_key=" + enc.B64(kem[:]); s != want {
		t.Fatalf("kem: %s", s)
	}
	back, err := ParseE2EParams(s)
	if err != nil || back.KEMKey == nil || *back.KEMKey != *kem || back.Versions != E2EVersions {
		t.Fatalf("kem round trip: %v", err)
	}
	// max < 3: kem_key neither written nor read
	p2 := *p3
	p2.Versions = VersionRange{2, 2}
	if p2.String() != "v=2&x3dh="+vX448Str+","+vX448Str {
		t.Fatalf("v2 writes kem: %s", p2.String())
	}
	back, err = ParseE2EParams(s[:0] + "v=2&x3dh=" + vX448Str + "," + vX448Str + "&kem_key=" + enc.B64(kem[:]))
	if err != nil || back.KEMKey != nil {
		t.Fatalf("v2 reads kem: %v", err)
	}
	// invitation with a PQ key: full link round trip, binary too
	c := &ConnRequest{Mode: ModeInvitation, AgentVersions: AgentVersions,
		Queues: []*QueueURI{vQueue(t, SMPClientVersions, vSrv, QueueModeMessaging)}, E2E: p3}
	c2, err := ParseConnRequest(c.String())
	if err != nil || !equalConnReq(c, c2) {
		t.Fatalf("PQ invitation: %v", err)
	}
	b, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	c3, err := ParseConnRequestBinary(b)
	if err != nil || !equalConnReq(c, c3) {
		t.Fatalf("PQ invitation binary: %v", err)
	}
	checkBinary(t, "pq invitation", b, reConnReq)
	// ratchet conversion
	rp := p3.AtVersion(3)
	if rp.KEM == nil || rp.KEM.PublicKey != kem || p3.AtVersion(2).KEM != nil {
		t.Fatal("AtVersion")
	}
	e, err := NewE2EParams(E2EVersions, rp)
	if err != nil || e.KEMKey != kem {
		t.Fatal("NewE2EParams")
	}
}
