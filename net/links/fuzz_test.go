package links

import (
	"bytes"
	"testing"
)

// Fuzz targets: parsers never panic, and whatever parses re-encodes to a
// canonical form that parses to the same canonical form (a fixed point).

func FuzzQueueURI(f *testing.F) {
	for _, v := range queueVectors(f) {
		f.Add(v.s)
	}
	f.Add("smp://1234-w==@smp.simplex.im," + vOnion + ":5223/3456-w==#" + vDHStr)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQueueURI(s)
		if err != nil {
			return
		}
		c := q.String()
		q2, err := ParseQueueURI(c)
		if err != nil {
			t.Fatalf("canonical %q does not parse: %v", c, err)
		}
		if q2.String() != c {
			t.Fatalf("not a fixed point: %q → %q", c, q2.String())
		}
		if b, err := q.MarshalBinary(); err == nil {
			if _, err := ParseQueueURIBinary(b); err != nil {
				t.Fatalf("binary of %q does not parse: %v", c, err)
			}
		}
	})
}

func FuzzConnRequest(f *testing.F) {
	for _, v := range connReqVectors(f) {
		f.Add(v.s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLink(s)
		if err != nil {
			return
		}
		c := l.String()
		l2, err := ParseLink(c)
		if err != nil {
			t.Fatalf("canonical %q does not parse: %v", c, err)
		}
		if l2.String() != c {
			t.Fatalf("not a fixed point: %q → %q", c, l2.String())
		}
	})
}

func FuzzConnRequestBinary(f *testing.F) {
	for _, v := range connReqVectors(f) {
		b, _ := v.c.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseConnRequestBinary(b)
		if err != nil {
			return
		}
		re, err := c.MarshalBinary()
		if err != nil {
			t.Fatalf("parsed value does not encode: %v", err)
		}
		c2, err := ParseConnRequestBinary(re)
		if err != nil {
			t.Fatalf("re-encoding does not parse: %v", err)
		}
		if re2, _ := c2.MarshalBinary(); !bytes.Equal(re, re2) {
			t.Fatal("not a fixed point")
		}
	})
}

func FuzzShortLink(f *testing.F) {
	for _, v := range shortVectors() {
		f.Add(v.s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseShortLink(s)
		if err != nil {
			return
		}
		c := l.String()
		l2, err := ParseShortLink(c)
		if err != nil {
			t.Fatalf("canonical %q does not parse: %v", c, err)
		}
		if l2.String() != c {
			t.Fatalf("not a fixed point: %q → %q", c, l2.String())
		}
		b, err := l.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseShortLinkBinary(b); err != nil {
			t.Fatalf("binary: %v", err)
		}
	})
}

func FuzzLinkData(f *testing.F) {
	r := testRand(9)
	root := genKey(f, r)
	_, o, _ := NewOwnerAuth(r, []byte("id"), root)
	for _, fd := range []*FixedLinkData{
		{AgentVersions: AgentVersions, RootKey: root.Public(), ConnReq: invConnReq(f)},
		{AgentVersions: AgentVersions, RootKey: root.Public(), ConnReq: contactConnReq(f), EntityID: []byte("e")},
	} {
		b, _ := fd.MarshalBinary()
		f.Add(b)
	}
	for _, d := range []*ConnLinkData{
		{Mode: ModeInvitation, AgentVersions: AgentVersions, UserData: bytes.Repeat([]byte{1}, 300)},
		contactData(true, "u", []OwnerAuth{o}, mustShort(lhContact+lhSuffix)),
	} {
		b, _ := d.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if fd, err := ParseFixedLinkData(b); err == nil {
			re, err := fd.MarshalBinary()
			if err != nil {
				t.Fatalf("fixed data does not encode: %v", err)
			}
			if _, err := ParseFixedLinkData(re); err != nil {
				t.Fatalf("fixed re-encoding: %v", err)
			}
		}
		if d, err := ParseConnLinkData(b); err == nil {
			re, err := d.MarshalBinary()
			if err != nil {
				t.Fatalf("user data does not encode: %v", err)
			}
			d2, err := ParseConnLinkData(re)
			if err != nil || !equalLinkData(d, d2) {
				t.Fatalf("user re-encoding: %v", err)
			}
		}
	})
}
