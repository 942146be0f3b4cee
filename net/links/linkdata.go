package links

import (
	"fmt"

	"duplex/crypto/enc"
	"duplex/crypto/keys"
)

// FixedLinkData is the part of short-link data that never changes: its
// hash is the link key.
//
//	agentRange(w16 w16) ‖ sb(rootKey Ed25519 DER) ‖ connRequest(binary) ‖ [sb(linkEntityId)]
type FixedLinkData struct {
	AgentVersions VersionRange
	RootKey       keys.Ed25519Public
	ConnReq       *ConnRequest
	EntityID      []byte // nil = absent
}

// MarshalBinary encodes the fixed data.
func (f *FixedLinkData) MarshalBinary() ([]byte, error) {
	w := enc.NewWriter(nil)
	f.AgentVersions.encode(w)
	w.ShortBytes(f.RootKey.DER())
	if f.ConnReq == nil {
		return nil, perr(whatLinkData, "fixed data without a connection request")
	}
	f.ConnReq.encode(w)
	if f.EntityID != nil {
		w.ShortBytes(f.EntityID)
	}
	return w.Bytes()
}

const whatLinkData = "link data"

// ParseFixedLinkData decodes fixed data. Like the reference it ignores
// whatever follows the known fields (forward compatibility: newer clients
// may append fields, and the link key is the hash of the bytes as stored,
// not of our re-encoding).
func ParseFixedLinkData(b []byte) (*FixedLinkData, error) {
	r := newBinReader(b)
	f := &FixedLinkData{AgentVersions: readVersionRange(r.Reader)}
	f.RootKey = r.ed25519Key("root key")
	f.ConnReq = r.connRequest()
	if err := r.Err(); err != nil {
		return nil, perr(whatLinkData, "fixed data: %v", err)
	}
	// optional sb(entityId); a tail that is not one is ignored
	if n, ok := r.peek(); ok && r.Len() > int(n) {
		f.EntityID = clone(r.ShortBytes())
	}
	return f, nil
}

func (r *binReader) ed25519Key(what string) keys.Ed25519Public {
	der := r.ShortBytes()
	if r.Err() != nil {
		return keys.Ed25519Public{}
	}
	k, err := keys.ParseEd25519PublicDER(der)
	if err != nil {
		r.Failf("%s: not an Ed25519 key", what)
	}
	return k
}

// OwnerAuth authorises an additional owner of a contact link: a signature
// by the root key or an earlier owner over ownerId ‖ ownerKey DER.
//
//	sb( sb(ownerId) ‖ sb(ownerKey DER) ‖ sb(signature) )   — the outer sb lets it grow
type OwnerAuth struct {
	ID        []byte
	Key       keys.Ed25519Public
	Signature []byte
}

func (o *OwnerAuth) encode(w *enc.Writer) {
	in := enc.NewWriter(nil)
	in.ShortBytes(o.ID)
	in.ShortBytes(o.Key.DER())
	in.ShortBytes(o.Signature)
	b, err := in.Bytes()
	if err != nil {
		w.Fail(err)
		return
	}
	w.ShortBytes(b)
}

func (r *binReader) ownerAuth() OwnerAuth {
	b := r.ShortBytes()
	if r.Err() != nil {
		return OwnerAuth{}
	}
	ir := newBinReader(b) // trailing bytes inside are an extension: ignored
	o := OwnerAuth{ID: clone(ir.ShortBytes())}
	o.Key = ir.ed25519Key("owner key")
	o.Signature = clone(ir.ShortBytes())
	if err := ir.Err(); err != nil {
		r.Fail(fmt.Errorf("owner auth: %w", err))
	}
	return o
}

// signedPart returns ownerId ‖ ownerKey DER, what the authorising key signs.
func (o *OwnerAuth) signedPart() []byte {
	return append(append([]byte{}, o.ID...), o.Key.DER()...)
}

// ContactData is the mutable part of a contact link's data.
type ContactData struct {
	Direct   bool         // the connection request in the fixed data may be used directly
	Owners   []OwnerAuth  // additional owners allowed to sign user data
	Relays   []*ShortLink // chat relays accepting requests for this address
	UserData []byte
}

// ConnLinkData is the signed, updatable part of short-link data:
//
//	'I' ‖ agentRange ‖ userData
//	'C' ‖ agentRange ‖ bool direct ‖ list(ownerAuth) ‖ list(relay short link) ‖ userData
//	userData = sb(d) if len(d) ≤ 254, else 0xFF ‖ lb(d)
type ConnLinkData struct {
	Mode          ConnMode
	AgentVersions VersionRange
	UserData      []byte       // invitations
	Contact       *ContactData // contacts
}

// MarshalBinary encodes the data.
func (d *ConnLinkData) MarshalBinary() ([]byte, error) {
	w := enc.NewWriter(nil)
	w.Byte(byte(d.Mode))
	d.AgentVersions.encode(w)
	switch d.Mode {
	case ModeInvitation:
		writeUserData(w, d.UserData)
	case ModeContact:
		c := d.Contact
		if c == nil {
			return nil, perr(whatLinkData, "contact link data without contact fields")
		}
		w.Bool(c.Direct)
		w.Count(len(c.Owners))
		for i := range c.Owners {
			c.Owners[i].encode(w)
		}
		w.Count(len(c.Relays))
		for _, l := range c.Relays {
			l.encode(w)
		}
		writeUserData(w, c.UserData)
	default:
		return nil, perr(whatLinkData, "bad mode %q", byte(d.Mode))
	}
	return w.Bytes()
}

func writeUserData(w *enc.Writer, d []byte) {
	if len(d) <= 254 {
		w.ShortBytes(d)
		return
	}
	w.Byte(0xFF)
	w.LargeBytes(d)
}

func (r *binReader) userData() []byte {
	if c, ok := r.peek(); ok && c == 0xFF {
		r.Byte()
		return clone(r.LargeBytes())
	}
	return clone(r.ShortBytes())
}

// ParseConnLinkData decodes user link data. Bytes after the known fields
// are ignored, as the reference does.
func ParseConnLinkData(b []byte) (*ConnLinkData, error) {
	r := newBinReader(b)
	d := &ConnLinkData{Mode: ConnMode(r.Byte())}
	if r.Err() == nil && d.Mode != ModeInvitation && d.Mode != ModeContact {
		return nil, perr(whatLinkData, "bad connection mode %q", byte(d.Mode))
	}
	d.AgentVersions = readVersionRange(r.Reader)
	if d.Mode == ModeInvitation {
		d.UserData = r.userData()
	} else {
		c := &ContactData{Direct: r.Bool()}
		n := r.Count()
		for i := 0; i < n && r.Err() == nil; i++ {
			c.Owners = append(c.Owners, r.ownerAuth())
		}
		n = r.Count()
		for i := 0; i < n && r.Err() == nil; i++ {
			l := r.shortLink()
			if r.Err() == nil && l.Type == LinkInvitation {
				r.Failf("relay link is an invitation")
			}
			c.Relays = append(c.Relays, l)
		}
		c.UserData = r.userData()
		d.Contact = c
	}
	if err := r.Err(); err != nil {
		return nil, perr(whatLinkData, "user data: %v", err)
	}
	return d, nil
}

// Data returns the application's user data of either mode.
func (d *ConnLinkData) Data() []byte {
	if d.Contact != nil {
		return d.Contact.UserData
	}
	return d.UserData
}
