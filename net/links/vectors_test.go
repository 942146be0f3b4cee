package links

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"duplex/crypto/enc"
	"duplex/crypto/keys"
	"duplex/crypto/sntrup761"
	"duplex/net/smp"
)

// Vectors from vectors.md §3 (simplexmq tests/AgentTests/ConnectionRequestTests.hs).
const (
	vOnion   = "jjbyvoemxysm7qxap7m5d5m35jzv5qq6gnlv7s4rsn7tdwwmuqciwpid.onion"
	vDHStr   = "MCowBQYDK2VuAyEAjiswwI3O_NlS8Fk3HJUW870EY2bAwmttMBsvRB9eV3o="
	vDHUrl   = "MCowBQYDK2VuAyEAjiswwI3O_NlS8Fk3HJUW870EY2bAwmttMBsvRB9eV3o%3D"
	vX448Str = "MEIwBQYDK2VvAzkAmKuSYeQ_m0SixPDS8Wq8VBaTS1cW-Lp0n0h4Diu-kUpR-qXx4SDJ32YGEFoGFGSbGPry5Ychr6U="
	vE2EStr  = "v%3D1%26x3dh%3DMEIwBQYDK2VvAzkAmKuSYeQ_m0SixPDS8Wq8VBaTS1cW-Lp0n0h4Diu-kUpR-qXx4SDJ32YGEFoGFGSbGPry5Ychr6U%3D%2CMEIwBQYDK2VvAzkAmKuSYeQ_m0SixPDS8Wq8VBaTS1cW-Lp0n0h4Diu-kUpR-qXx4SDJ32YGEFoGFGSbGPry5Ychr6U%3D"

	queueStr        = "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=1-4&dh=" + vDHUrl + "&q=m&k=s&srv=" + vOnion
	queueStrNoQM    = "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=1-4&dh=" + vDHUrl + "&srv=" + vOnion
	queueStrContact = "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=1-4&dh=" + vDHUrl + "&q=c&srv=" + vOnion
	queue1Str       = "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=1-4&dh=" + vDHUrl + "&q=m&k=s"
	queueNewStr     = "smp://1234-w==@smp.simplex.im," + vOnion + ":5223/3456-w==#/?v=2-4&dh=" + vDHUrl + "&q=m&k=s"
	queueNewNoPort  = "smp://1234-w==@smp.simplex.im," + vOnion + "/3456-w==#/?v=2-4&dh=" + vDHUrl + "&q=m&k=s"
	queueNew1Str    = "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=2-4&dh=" + vDHUrl + "&q=m&k=s"
	queueNew1NoPort = "smp://1234-w==@smp.simplex.im/3456-w==#/?v=2-4&dh=" + vDHUrl + "&q=m&k=s"
	queueV1Str      = "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=1&dh=" + vDHUrl + "&srv=" + vOnion
	queueV1NoPort   = "smp://1234-w==@smp.simplex.im/3456-w==#/?v=1&dh=" + vDHUrl + "&srv=" + vOnion
)

var (
	vKeyHash = []byte{215, 'm', 248, 251}
	vSndID   = []byte{223, 142, 'z', 251}
	vSrv     = smp.Server{Hosts: []string{"smp.simplex.im", vOnion}, Port: "5223", KeyHash: vKeyHash}
	vSrv1    = smp.Server{Hosts: []string{"smp.simplex.im"}, Port: "5223", KeyHash: vKeyHash}
)

func vDHKey(t testing.TB) keys.X25519Public {
	der, err := enc.ParseB64(vDHStr)
	if err != nil {
		t.Fatal(err)
	}
	k, err := keys.ParseX25519PublicDER(der)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func vX448(t testing.TB) keys.X448Public {
	der, err := enc.ParseB64(vX448Str)
	if err != nil {
		t.Fatal(err)
	}
	k, err := keys.ParseX448PublicDER(der)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func vQueue(t testing.TB, vr VersionRange, srv smp.Server, mode QueueMode) *QueueURI {
	return &QueueURI{Versions: vr, QueueAddress: QueueAddress{Server: cloneServer(srv), SenderID: vSndID, DHKey: vDHKey(t), Mode: mode}}
}

func noPort(s smp.Server) smp.Server { s = cloneServer(s); s.Port = ""; return s }

func vE2E(t testing.TB) *E2EParams {
	k := vX448(t)
	return &E2EParams{Versions: VersionRange{1, 1}, Key1: k, Key2: k}
}

func queueVectors(t testing.TB) []struct {
	name string
	q    *QueueURI
	s    string
} {
	all := SMPClientVersions
	new := VersionRange{2, 4}
	v1 := VersionRange{1, 1}
	return []struct {
		name string
		q    *QueueURI
		s    string
	}{
		{"queue", vQueue(t, all, vSrv, QueueModeMessaging), queueStr},
		{"noQM", vQueue(t, all, vSrv, QueueModeUnset), queueStrNoQM},
		{"contact", vQueue(t, all, vSrv, QueueModeContact), queueStrContact},
		{"queue1", vQueue(t, all, vSrv1, QueueModeMessaging), queue1Str},
		{"new", vQueue(t, new, vSrv, QueueModeMessaging), queueNewStr},
		{"newNoPort", vQueue(t, new, noPort(vSrv), QueueModeMessaging), queueNewNoPort},
		{"new1", vQueue(t, new, vSrv1, QueueModeMessaging), queueNew1Str},
		{"new1NoPort", vQueue(t, new, noPort(vSrv1), QueueModeMessaging), queueNew1NoPort},
		{"v1", vQueue(t, v1, vSrv, QueueModeUnset), queueV1Str},
		{"v1NoPort", vQueue(t, v1, noPort(vSrv), QueueModeUnset), queueV1NoPort},
	}
}

func equalQueue(a, b *QueueURI) bool {
	return a.Versions == b.Versions && SameServer(a.Server, b.Server) &&
		bytes.Equal(a.SenderID, b.SenderID) && a.DHKey == b.DHKey && a.Mode == b.Mode
}

func TestQueueURIVectors(t *testing.T) {
	for _, v := range queueVectors(t) {
		t.Run(v.name, func(t *testing.T) {
			if got := v.q.String(); got != v.s {
				t.Fatalf("encode:\n got %s\nwant %s", got, v.s)
			}
			q, err := ParseQueueURI(v.s)
			if err != nil {
				t.Fatal(err)
			}
			if !equalQueue(q, v.q) {
				t.Fatalf("parse: got %+v want %+v", q, v.q)
			}
		})
	}
}

func TestQueueURIParseOnly(t *testing.T) {
	all := SMPClientVersions
	new := VersionRange{2, 4}
	v1 := VersionRange{1, 1}
	cases := []struct {
		name string
		s    string
		want *QueueURI
	}{
		{"dh in fragment, extra param", "smp://1234-w==@smp.simplex.im:5223/3456-w==#" + vDHStr + "/?v=1-4&extra_param=abc&srv=" + vOnion + "&q=m&k=s", vQueue(t, all, vSrv, QueueModeMessaging)},
		{"unescaped dh", "smp://1234-w==@smp.simplex.im," + vOnion + ":5223/3456-w==#/?v=2-4&dh=" + vDHStr + "&q=m&k=s", vQueue(t, new, vSrv, QueueModeMessaging)},
		{"legacy #dh", "smp://1234-w==@smp.simplex.im," + vOnion + ":5223/3456-w==#" + vDHStr, vQueue(t, v1, vSrv, QueueModeUnset)},
		{"extra first", "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?extra_param=abc&v=1&dh=" + vDHStr + "&srv=" + vOnion, vQueue(t, v1, vSrv, QueueModeUnset)},
		{"dh frag v1", "smp://1234-w==@smp.simplex.im:5223/3456-w==#" + vDHStr + "/?v=1&extra_param=abc&srv=" + vOnion, vQueue(t, v1, vSrv, QueueModeUnset)},
		{"v=1-1", "smp://1234-w==@smp.simplex.im/3456-w==#/?v=1-1&dh=" + vDHUrl + "&srv=" + vOnion, vQueue(t, v1, noPort(vSrv), QueueModeUnset)},
		{"legacy #dh no port", "smp://1234-w==@smp.simplex.im," + vOnion + "/3456-w==#" + vDHStr, vQueue(t, v1, noPort(vSrv), QueueModeUnset)},
		{"k=s without q", "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=1-4&dh=" + vDHUrl + "&k=s", vQueue(t, all, vSrv1, QueueModeMessaging)},
		{"onion alias v1", "smp://1234-w==@smp8.simplex.im/3456-w==#" + vDHStr, vQueue(t, v1, smp.Server{Hosts: []string{"smp8.simplex.im", "beccx4yfxxbvyhqypaavemqurytl6hozr47wfc7uuecacjqdvwpw2xid.onion"}, KeyHash: vKeyHash}, QueueModeUnset)},
		{"no alias v1-2", "smp://1234-w==@smp8.simplex.im/3456-w==#/?v=1-2&dh=" + vDHStr, vQueue(t, VersionRange{1, 2}, smp.Server{Hosts: []string{"smp8.simplex.im"}, KeyHash: vKeyHash}, QueueModeUnset)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, err := ParseQueueURI(c.s)
			if err != nil {
				t.Fatal(err)
			}
			if !equalQueue(q, c.want) {
				t.Fatalf("got %+v\nwant %+v", q, c.want)
			}
		})
	}
}

func connReqVectors(t testing.TB) []struct {
	name string
	c    *ConnRequest
	s    string
} {
	all := SMPClientVersions
	q := func() *QueueURI { return vQueue(t, all, vSrv, QueueModeMessaging) }
	qNew := func() *QueueURI { return vQueue(t, VersionRange{2, 4}, vSrv, QueueModeMessaging) }
	inv := func(qs ...*QueueURI) *ConnRequest {
		return &ConnRequest{Mode: ModeInvitation, AgentVersions: AgentVersions, Queues: qs, E2E: vE2E(t)}
	}
	con := func(qs ...*QueueURI) *ConnRequest {
		return &ConnRequest{Mode: ModeContact, AgentVersions: AgentVersions, Queues: qs}
	}
	empty := "{}"
	gl := `{"type":"group_link", "group_link_id":"abc"}`
	withData := func(c *ConnRequest, d *string) *ConnRequest { c.ClientData = d; return c }
	v2 := con(q())
	v2.AgentVersions = VersionRange{2, 2}
	return []struct {
		name string
		c    *ConnRequest
		s    string
	}{
		{"inv", inv(q()), "simplex:/invitation#/?v=2-7&smp=" + urlEncode(queueStr) + "&e2e=" + vE2EStr},
		{"invNoQM", inv(vQueue(t, all, vSrv, QueueModeUnset)), "simplex:/invitation#/?v=2-7&smp=" + urlEncode(queueStrNoQM) + "&e2e=" + vE2EStr},
		{"inv1", inv(vQueue(t, all, vSrv1, QueueModeMessaging)), "simplex:/invitation#/?v=2-7&smp=" + urlEncode(queue1Str) + "&e2e=" + vE2EStr},
		{"inv2queues", inv(q(), q()), "simplex:/invitation#/?v=2-7&smp=" + urlEncode(queueStr+";"+queueStr) + "&e2e=" + vE2EStr},
		{"invNew", inv(qNew()), "simplex:/invitation#/?v=2-7&smp=" + urlEncode(queueNewStr) + "&e2e=" + vE2EStr},
		{"invNew1", inv(vQueue(t, VersionRange{2, 4}, vSrv1, QueueModeMessaging)), "simplex:/invitation#/?v=2-7&smp=" + urlEncode(queueNew1Str) + "&e2e=" + vE2EStr},
		{"inv2queuesNew", inv(qNew(), qNew()), "simplex:/invitation#/?v=2-7&smp=" + urlEncode(queueNewStr+";"+queueNewStr) + "&e2e=" + vE2EStr},
		{"invData", withData(inv(q()), &empty), "simplex:/invitation#/?v=2-7&smp=" + urlEncode(queueStr) + "&e2e=" + vE2EStr + "&data=" + urlEncode("{}")},
		{"contact", con(q()), "simplex:/contact#/?v=2-7&smp=" + urlEncode(queueStr)},
		{"contact2queues", con(q(), q()), "simplex:/contact#/?v=2-7&smp=" + urlEncode(queueStr+";"+queueStr)},
		{"contactNew", con(qNew()), "simplex:/contact#/?v=2-7&smp=" + urlEncode(queueNewStr)},
		{"contact2queuesNew", con(qNew(), qNew()), "simplex:/contact#/?v=2-7&smp=" + urlEncode(queueNewStr+";"+queueNewStr)},
		{"contactV2", v2, "simplex:/contact#/?v=2&smp=" + urlEncode(queueStr)},
		{"contactData", withData(con(q()), &gl), "simplex:/contact#/?v=2-7&smp=" + urlEncode(queueStr) + "&data=" + urlEncode(gl)},
	}
}

func equalConnReq(a, b *ConnRequest) bool {
	if a.Mode != b.Mode || a.AgentVersions != b.AgentVersions || len(a.Queues) != len(b.Queues) {
		return false
	}
	for i := range a.Queues {
		if !equalQueue(a.Queues[i], b.Queues[i]) {
			return false
		}
	}
	if (a.ClientData == nil) != (b.ClientData == nil) || a.ClientData != nil && *a.ClientData != *b.ClientData {
		return false
	}
	if (a.E2E == nil) != (b.E2E == nil) {
		return false
	}
	if a.E2E != nil {
		x, y := a.E2E, b.E2E
		if x.Versions != y.Versions || x.Key1 != y.Key1 || x.Key2 != y.Key2 || (x.KEMKey == nil) != (y.KEMKey == nil) ||
			x.KEMKey != nil && *x.KEMKey != *y.KEMKey {
			return false
		}
	}
	return true
}

func TestConnRequestVectors(t *testing.T) {
	for _, v := range connReqVectors(t) {
		t.Run(v.name, func(t *testing.T) {
			if got := v.c.String(); got != v.s {
				t.Fatalf("encode:\n got %s\nwant %s", got, v.s)
			}
			c, err := ParseConnRequest(v.s)
			if err != nil {
				t.Fatal(err)
			}
			if !equalConnReq(c, v.c) {
				t.Fatalf("parse mismatch")
			}
			// https://<any host> form parses to the same value.
			h := "https://simplex.chat" + strings.TrimPrefix(v.s, "simplex:")
			c, err = ParseConnRequest(h)
			if err != nil {
				t.Fatal(err)
			}
			if !equalConnReq(c, v.c) || c.String() != v.s {
				t.Fatalf("https form mismatch")
			}
		})
	}
}

func TestConnRequestParseOnly(t *testing.T) {
	q := vQueue(t, SMPClientVersions, vSrv, QueueModeMessaging)
	inv1 := &ConnRequest{Mode: ModeInvitation, AgentVersions: VersionRange{1, 1}, Queues: []*QueueURI{q}, E2E: vE2E(t)}
	c, err := ParseConnRequest("https://simplex.chat/invitation#/?v=1&smp=" + urlEncode(queueStr) + "&e2e=" + vE2EStr)
	if err != nil || !equalConnReq(c, inv1) {
		t.Fatalf("v=1 invitation: %v", err)
	}
	v2 := &ConnRequest{Mode: ModeContact, AgentVersions: VersionRange{2, 2}, Queues: []*QueueURI{q}}
	for _, v := range []string{"1", "1-2", "2-2"} {
		c, err := ParseConnRequest("https://simplex.chat/contact#/?v=" + v + "&smp=" + urlEncode(queueStr))
		if err != nil || !equalConnReq(c, v2) {
			t.Fatalf("contact v=%s: %v", v, err)
		}
		if c.String() != "simplex:/contact#/?v=2&smp="+urlEncode(queueStr) {
			t.Fatalf("contact v=%s re-encodes as %s", v, c.String())
		}
	}
}

func randKEM(t testing.TB) *sntrup761.PublicKey {
	pk, _, err := sntrup761.GenerateKey(rand.NewChaCha8([32]byte{7}))
	if err != nil {
		t.Fatal(err)
	}
	return pk
}

func TestQueueURIVersionRules(t *testing.T) {
	// k=s only while min < 4; q= alone from then on
	q := vQueue(t, VersionRange{4, 4}, vSrv, QueueModeMessaging)
	want := "smp://1234-w==@smp.simplex.im," + vOnion + ":5223/3456-w==#/?v=4&dh=" + vDHUrl + "&q=m"
	if q.String() != want {
		t.Fatalf("v4: %s", q)
	}
	back, err := ParseQueueURI(want)
	if err != nil || !equalQueue(back, q) {
		t.Fatalf("v4 parse: %v", err)
	}
	// optional '/' after the mode and the sender id
	c, err := ParseConnRequest("simplex:/contact/#/?v=2-7&smp=" + urlEncode(strings.Replace(queueStr, "3456-w==#", "3456-w==/#", 1)))
	if err != nil || c.String() != connReqVectors(t)[8].s {
		t.Fatalf("optional slashes: %v", err)
	}
}

func TestE2EVectorParse(t *testing.T) {
	p, err := ParseE2EParams(urlDecode(vE2EStr))
	if err != nil || p.Versions != (VersionRange{1, 1}) || p.Key1 != vX448(t) || p.Key2 != vX448(t) || p.KEMKey != nil {
		t.Fatalf("e2e vector: %v", err)
	}
}

func TestQueueURIIPv6(t *testing.T) {
	srv := smp.Server{Hosts: []string{"2001:db8::1", "10.0.0.1"}, Port: "5223", KeyHash: vKeyHash}
	for _, vr := range []VersionRange{{1, 4}, {2, 4}} {
		q := vQueue(t, vr, srv, QueueModeMessaging)
		back, err := ParseQueueURI(q.String())
		if err != nil || !equalQueue(back, q) {
			t.Fatalf("%v %s: %v", vr, q, err)
		}
	}
}
