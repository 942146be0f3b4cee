package links

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"duplex/crypto/box"
	"duplex/crypto/kdf"
	"duplex/crypto/keys"
)

func testRand(seed byte) io.Reader { return rand.NewChaCha8([32]byte{seed}) }

func genKey(t testing.TB, r io.Reader) *keys.Ed25519Private {
	k, err := keys.GenerateEd25519(r)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func invConnReq(t testing.TB) *ConnRequest {
	return &ConnRequest{Mode: ModeInvitation, AgentVersions: AgentVersions,
		Queues: []*QueueURI{vQueue(t, SMPClientVersions, vSrv, QueueModeMessaging)}, E2E: vE2E(t)}
}

func contactConnReq(t testing.TB) *ConnRequest {
	return &ConnRequest{Mode: ModeContact, AgentVersions: AgentVersions,
		Queues: []*QueueURI{vQueue(t, SMPClientVersions, vSrv, QueueModeMessaging)}}
}

// created is what a link creator stores on the server plus the link.
type created struct {
	link         *ShortLink
	fixed, user  []byte
	root         *keys.Ed25519Private
	encryptionSK box.SbKey
}

func createLink(t testing.TB, r io.Reader, cr *ConnRequest, ud *ConnLinkData, linkKey *LinkKey) created {
	root := genKey(t, r)
	lk, signedFixed, err := SignFixedData(root, &FixedLinkData{AgentVersions: AgentVersions, ConnReq: cr})
	if err != nil {
		t.Fatal(err)
	}
	if linkKey != nil {
		lk = *linkKey // a link key that does not match the data
	}
	l := &ShortLink{Scheme: SchemeSimplex, Server: cloneServer(vSrv), Key: lk}
	if cr.Mode == ModeInvitation {
		l.Type, l.LinkID = LinkInvitation, bytes.Repeat([]byte{9}, LinkIDSize)
	} else {
		l.Type = LinkContact
	}
	k := l.DataKey()
	fixed, err := EncryptFixedData(r, k, signedFixed)
	if err != nil {
		t.Fatal(err)
	}
	signedUser, err := SignUserData(root, ud)
	if err != nil {
		t.Fatal(err)
	}
	user, err := EncryptUserData(r, k, signedUser)
	if err != nil {
		t.Fatal(err)
	}
	return created{l, fixed, user, root, k}
}

func updateUser(t testing.TB, r io.Reader, c created, signer *keys.Ed25519Private, ud *ConnLinkData) []byte {
	s, err := SignUserData(signer, ud)
	if err != nil {
		t.Fatal(err)
	}
	b, err := EncryptUserData(r, c.encryptionSK, s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func contactData(direct bool, data string, owners []OwnerAuth, relays ...*ShortLink) *ConnLinkData {
	return &ConnLinkData{Mode: ModeContact, AgentVersions: AgentVersions,
		Contact: &ContactData{Direct: direct, Owners: owners, Relays: relays, UserData: []byte(data)}}
}

func equalLinkData(a, b *ConnLinkData) bool {
	x, _ := a.MarshalBinary()
	y, _ := b.MarshalBinary()
	return bytes.Equal(x, y)
}

func TestInvitationLinkData(t *testing.T) {
	r := testRand(1)
	ud := &ConnLinkData{Mode: ModeInvitation, AgentVersions: AgentVersions, UserData: []byte("some user data")}
	c := createLink(t, r, invConnReq(t), ud, nil)
	if len(c.fixed) != 2048 || len(c.user) != 13824 {
		t.Fatalf("sizes %d %d", len(c.fixed), len(c.user))
	}
	fd, got, err := c.link.DecryptLinkData(c.fixed, c.user)
	if err != nil {
		t.Fatal(err)
	}
	if !equalConnReq(fd.ConnReq, invConnReq(t)) || string(got.Data()) != "some user data" || fd.RootKey != c.root.Public() {
		t.Fatal("round trip")
	}
	// the link commits to the fixed data: a link key that is not its hash
	var other LinkKey
	r.Read(other[:])
	bad := createLink(t, r, invConnReq(t), ud, &other)
	if _, _, err := bad.link.DecryptLinkData(bad.fixed, bad.user); !errors.Is(err, ErrLinkDataHash) || !strings.Contains(err.Error(), "link data hash") {
		t.Fatalf("bad hash: %v", err)
	}
	// invitation user data signed by another key
	ud2 := updateUser(t, r, c, genKey(t, r), ud)
	if _, _, err := c.link.DecryptLinkData(c.fixed, ud2); !errors.Is(err, ErrUserDataSignature) {
		t.Fatalf("bad user signature: %v", err)
	}
}

func TestContactLinkData(t *testing.T) {
	r := testRand(2)
	ud := contactData(true, "some user data", nil)
	c := createLink(t, r, contactConnReq(t), ud, nil)
	fd, got, err := c.link.DecryptLinkData(c.fixed, c.user)
	if err != nil {
		t.Fatal(err)
	}
	if !equalConnReq(fd.ConnReq, contactConnReq(t)) || !equalLinkData(got, ud) {
		t.Fatal("round trip")
	}
	// the contact link id is derived from the key, stable and 24 bytes
	id, _ := ContactLinkKDF(c.link.Key)
	id2, _ := ContactLinkKDF(c.link.Key)
	if len(id) != LinkIDSize || !bytes.Equal(id, id2) {
		t.Fatal("link id")
	}
	// updated user data with relay links (one shortened) and direct=false
	updated := contactData(false, "updated user data", nil,
		mustShort(lhContact+lhSuffix), mustShort(lhContact))
	_, got, err = c.link.DecryptLinkData(c.fixed, updateUser(t, r, c, c.root, updated))
	if err != nil || !equalLinkData(got, updated) {
		t.Fatalf("update: %v", err)
	}
	// user data signed by a key that is neither root nor owner
	_, _, err = c.link.DecryptLinkData(c.fixed, updateUser(t, r, c, genKey(t, r), updated))
	if !errors.Is(err, ErrUserDataSignature) || !strings.Contains(err.Error(), "user data signature") {
		t.Fatalf("bad signature: %v", err)
	}
	var other LinkKey
	r.Read(other[:])
	bad := createLink(t, r, contactConnReq(t), ud, &other)
	if _, _, err := bad.link.DecryptLinkData(bad.fixed, bad.user); !errors.Is(err, ErrLinkDataHash) {
		t.Fatalf("bad hash: %v", err)
	}
}

func TestContactLinkOwners(t *testing.T) {
	r := testRand(3)
	c := createLink(t, r, contactConnReq(t), contactData(true, "some user data", nil), nil)
	owner := func(signer *keys.Ed25519Private) (*keys.Ed25519Private, OwnerAuth) {
		id := make([]byte, 16)
		r.Read(id)
		k, o, err := NewOwnerAuth(r, id, signer)
		if err != nil {
			t.Fatal(err)
		}
		return k, o
	}
	pk1, o1 := owner(c.root)
	pk2, o2 := owner(c.root)
	pk3, o3 := owner(pk1)
	pk4, o4 := owner(pk1)
	pk5, o5 := owner(pk3)
	ud := contactData(true, "updated user data", []OwnerAuth{o1, o2, o3, o4, o5})
	for i, signer := range []*keys.Ed25519Private{c.root, pk1, pk2, pk3, pk4, pk5} {
		_, got, err := c.link.DecryptLinkData(c.fixed, updateUser(t, r, c, signer, ud))
		if err != nil || !equalLinkData(got, ud) {
			t.Fatalf("signer %d: %v", i, err)
		}
	}
	if _, _, err := c.link.DecryptLinkData(c.fixed, updateUser(t, r, c, genKey(t, r), ud)); !errors.Is(err, ErrUserDataSignature) {
		t.Fatalf("wrong key: %v", err)
	}
	// invalid owner lists
	rootOwner := OwnerAuth{ID: []byte("r"), Key: c.root.Public()}
	rootOwner.Signature = c.root.Sign(rootOwner.signedPart())
	dupID := o2
	dupID.ID = o1.ID
	_, unauth := owner(genKey(t, r))
	_, o6 := owner(pk5) // signed by an owner listed after it
	cases := []struct {
		owners []OwnerAuth
		want   string
	}{
		{[]OwnerAuth{rootOwner}, "owner key for ID cg matches root key"},
		{[]OwnerAuth{o1, o1}, "duplicate owner key or ID"},
		{[]OwnerAuth{o1, dupID}, "duplicate owner key or ID"},
		{[]OwnerAuth{o1, unauth}, "invalid authorization of owner ID"},
		{[]OwnerAuth{o6, o1, o3, o5}, "invalid authorization of owner ID"},
	}
	for _, cs := range cases {
		_, _, err := c.link.DecryptLinkData(c.fixed, updateUser(t, r, c, c.root, contactData(true, "x", cs.owners)))
		var le *LinkError
		if !errors.As(err, &le) || !strings.HasPrefix(le.Reason, cs.want) {
			t.Errorf("owners: got %v want %q", err, cs.want)
		}
	}
}

func TestLinkDataTamper(t *testing.T) {
	r := testRand(4)
	c := createLink(t, r, contactConnReq(t), contactData(true, "data", nil), nil)
	for _, part := range []int{0, 1} {
		for _, pos := range []int{0, 23, 24, 40, 2047} {
			f, u := bytes.Clone(c.fixed), bytes.Clone(c.user)
			b := []*[]byte{&f, &u}[part]
			(*b)[pos] ^= 1
			if _, _, err := c.link.DecryptLinkData(f, u); !errors.Is(err, ErrDecrypt) {
				t.Errorf("part %d byte %d flipped: %v", part, pos, err)
			}
		}
	}
	if _, _, err := c.link.DecryptLinkData(c.fixed[:10], c.user); err == nil {
		t.Error("short part accepted")
	}
	// a wrong link key of the right type: the data does not decrypt
	l := *c.link
	l.Key[0] ^= 1
	if _, _, err := l.DecryptLinkData(c.fixed, c.user); !errors.Is(err, ErrDecrypt) {
		t.Errorf("wrong key: %v", err)
	}
	// fixed data whose hash matches but whose signature is by another key
	other := genKey(t, r)
	fdb, _ := (&FixedLinkData{AgentVersions: AgentVersions, RootKey: c.root.Public(), ConnReq: contactConnReq(t)}).MarshalBinary()
	signed := signPart(other, fdb)
	lk := LinkKey(kdf.SHA3_256(fdb))
	l2 := &ShortLink{Scheme: SchemeSimplex, Type: LinkContact, Server: vSrv, Key: lk}
	fx, _ := EncryptFixedData(r, l2.DataKey(), signed)
	s2, _ := SignUserData(c.root, contactData(true, "d", nil))
	ux, _ := EncryptUserData(r, l2.DataKey(), s2)
	if _, _, err := l2.DecryptLinkData(fx, ux); !errors.Is(err, ErrLinkDataSignature) {
		t.Errorf("fixed signature: %v", err)
	}
	// an invitation link pointing at contact data
	l3 := *c.link
	l3.Type, l3.LinkID = LinkGroup, nil
	if _, _, err := l3.DecryptLinkData(c.fixed, c.user); err != nil {
		t.Errorf("group link over contact data: %v", err)
	}
	// user data too large for its padded part
	if _, err := EncryptUserData(r, c.encryptionSK, make([]byte, UserDataPadLen)); err == nil {
		t.Error("oversized user data accepted")
	}
}

func TestVerifyAddress(t *testing.T) {
	fd := &FixedLinkData{AgentVersions: AgentVersions, ConnReq: contactConnReq(t)}
	got, err := fd.VerifyAddress(vSrv, vSndID)
	if err != nil || got != fd {
		t.Fatalf("same: %v", err)
	}
	if _, err := fd.VerifyAddress(vSrv, []byte("other")); !errors.Is(err, ErrDifferentAddress) {
		t.Fatalf("sender id: %v", err)
	}
	if _, err := fd.VerifyAddress(srv2, vSndID); !errors.Is(err, ErrDifferentAddress) {
		t.Fatalf("host: %v", err)
	}
	// queried via the onion host with another port: the queue is rewritten, the original kept
	q := srvOnion
	got, err = fd.VerifyAddress(q, vSndID)
	if err != nil || !SameServer(got.ConnReq.Queues[0].Server, q) || !SameServer(fd.ConnReq.Queues[0].Server, vSrv) {
		t.Fatalf("rewrite: %v", err)
	}
}

func TestUserDataLengthForms(t *testing.T) {
	for _, n := range []int{0, 1, 254, 255, 1000, 13000} {
		d := &ConnLinkData{Mode: ModeInvitation, AgentVersions: AgentVersions, UserData: bytes.Repeat([]byte{'x'}, n)}
		b, err := d.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		long := n > 254
		if (b[5] == 0xFF) != long {
			t.Errorf("n=%d: form byte %#x", n, b[5])
		}
		back, err := ParseConnLinkData(b)
		if err != nil || !bytes.Equal(back.UserData, d.UserData) {
			t.Errorf("n=%d: %v", n, err)
		}
	}
}

func TestLinkDataBinary(t *testing.T) {
	r := testRand(5)
	root := genKey(t, r)
	_, o, _ := NewOwnerAuth(r, []byte("id"), root)
	fds := []*FixedLinkData{
		{AgentVersions: AgentVersions, RootKey: root.Public(), ConnReq: invConnReq(t)},
		{AgentVersions: AgentVersions, RootKey: root.Public(), ConnReq: contactConnReq(t), EntityID: []byte("group-1")},
	}
	for i, fd := range fds {
		b, err := fd.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseFixedLinkData(b)
		if err != nil || back.RootKey != fd.RootKey || !equalConnReq(back.ConnReq, fd.ConnReq) || !bytes.Equal(back.EntityID, fd.EntityID) {
			t.Fatalf("fixed %d: %v", i, err)
		}
		// prefixes: rejected, or a valid shorter structure (without entity id)
		for j := range len(b) {
			p, err := ParseFixedLinkData(b[:j])
			if err == nil {
				re, _ := p.MarshalBinary()
				if !bytes.HasPrefix(b[:j], re) || p.EntityID != nil {
					t.Fatalf("fixed %d prefix %d accepted as %x", i, j, re)
				}
			}
		}
		// forward compatibility: appended fields are ignored, as upstream
		if _, err := ParseFixedLinkData(append(bytes.Clone(b), 0xEE, 0xEE)); err != nil {
			t.Fatalf("tail: %v", err)
		}
	}
	uds := []*ConnLinkData{
		{Mode: ModeInvitation, AgentVersions: AgentVersions, UserData: []byte("u")},
		contactData(false, "u", []OwnerAuth{o}, mustShort(lhContact+lhSuffix)),
	}
	for i, d := range uds {
		b, err := d.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseConnLinkData(b)
		if err != nil || !equalLinkData(back, d) {
			t.Fatalf("user %d: %v", i, err)
		}
		for j := range len(b) {
			if _, err := ParseConnLinkData(b[:j]); err == nil {
				t.Fatalf("user %d: prefix %d accepted", i, j)
			}
		}
	}
}

func TestSealLinkData(t *testing.T) {
	r := testRand(6)
	root := genKey(t, r)
	for _, cr := range []*ConnRequest{invConnReq(t), contactConnReq(t)} {
		ud := &ConnLinkData{Mode: cr.Mode, AgentVersions: AgentVersions, UserData: []byte("hi")}
		if cr.Mode == ModeContact {
			ud = contactData(true, "hi", nil)
		}
		s, err := SealLinkData(r, root, &FixedLinkData{AgentVersions: AgentVersions, ConnReq: cr}, ud)
		if err != nil {
			t.Fatal(err)
		}
		l := &ShortLink{Scheme: SchemeSimplex, Type: LinkContact, Server: vSrv, Key: s.Key}
		if cr.Mode == ModeInvitation {
			l.Type, l.LinkID = LinkInvitation, make([]byte, LinkIDSize)
			if s.LinkID != nil {
				t.Fatal("invitation link id derived")
			}
		} else if id, _ := ContactLinkKDF(s.Key); !bytes.Equal(id, s.LinkID) {
			t.Fatal("contact link id")
		}
		fd, got, err := l.DecryptLinkData(s.Fixed, s.User)
		if err != nil || string(got.Data()) != "hi" || fd.RootKey != root.Public() {
			t.Fatalf("%v: %v", cr.Mode, err)
		}
		if _, err := fd.VerifyAddress(vSrv, vSndID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := SealLinkData(r, root, &FixedLinkData{ConnReq: invConnReq(t)}, contactData(true, "", nil)); err == nil {
		t.Fatal("mode mismatch accepted")
	}
}
