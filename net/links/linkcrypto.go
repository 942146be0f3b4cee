package links

import (
	"bytes"
	"io"
	"slices"

	"duplex/crypto/box"
	"duplex/crypto/enc"
	"duplex/crypto/kdf"
	"duplex/crypto/keys"
	"duplex/net/smp"
)

// Padded plaintext sizes: each encrypted part is nonce(24) ‖ tag(16) ‖ padded.
const (
	FixedDataPadLen = 2008  // → 2048 bytes on the server
	UserDataPadLen  = 13784 // → 13824 bytes on the server
	signatureSize   = 64
)

// ContactLinkKDF derives a contact link's server-side id and encryption
// key from its link key: HKDF-SHA512("", linkKey, "SimpleXContactLink", 56)
// = linkId(24) ‖ key(32). Anyone with the link can compute both, so the
// server stores only ciphertext under an id it cannot link to the key.
func ContactLinkKDF(k LinkKey) (linkID []byte, key box.SbKey) {
	out := kdf.HKDF(nil, k[:], kdf.InfoContactLink, LinkIDSize+32)
	copy(key[:], out[LinkIDSize:])
	return out[:LinkIDSize], key
}

// InvitationLinkKDF derives an invitation's encryption key (its link id is
// chosen by the server): HKDF-SHA512("", linkKey, "SimpleXInvLink", 32).
func InvitationLinkKDF(k LinkKey) box.SbKey {
	var key box.SbKey
	copy(key[:], kdf.HKDF(nil, k[:], kdf.InfoInvLink, 32))
	return key
}

// DataKey returns the encryption key for the link's data.
func (l *ShortLink) DataKey() box.SbKey {
	if l.Type == LinkInvitation {
		return InvitationLinkKDF(l.Key)
	}
	_, k := ContactLinkKDF(l.Key)
	return k
}

// SignFixedData encodes fd with RootKey set to root's public key, and
// returns the link key (SHA3-256 of the encoding) and sb(sig) ‖ encoding.
func SignFixedData(root *keys.Ed25519Private, fd *FixedLinkData) (LinkKey, []byte, error) {
	c := *fd
	c.RootKey = root.Public()
	b, err := c.MarshalBinary()
	if err != nil {
		return LinkKey{}, nil, err
	}
	return LinkKey(kdf.SHA3_256(b)), signPart(root, b), nil
}

// SignUserData encodes d and returns sb(sig) ‖ encoding, signed by the root
// key or (contact links) an owner key.
func SignUserData(signer *keys.Ed25519Private, d *ConnLinkData) ([]byte, error) {
	b, err := d.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return signPart(signer, b), nil
}

func signPart(k *keys.Ed25519Private, data []byte) []byte {
	sig := k.Sign(data)
	out := make([]byte, 0, 1+len(sig)+len(data))
	out = append(out, byte(len(sig)))
	out = append(out, sig...)
	return append(out, data...)
}

// EncryptFixedData encrypts a signed fixed part: nonce ‖ sbEncrypt(k, nonce, signed, 2008).
func EncryptFixedData(rand io.Reader, k box.SbKey, signed []byte) ([]byte, error) {
	return encryptPart(rand, k, signed, FixedDataPadLen)
}

// EncryptUserData encrypts a signed user part: nonce ‖ sbEncrypt(k, nonce, signed, 13784).
func EncryptUserData(rand io.Reader, k box.SbKey, signed []byte) ([]byte, error) {
	return encryptPart(rand, k, signed, UserDataPadLen)
}

func encryptPart(rand io.Reader, k box.SbKey, signed []byte, padLen int) ([]byte, error) {
	nonce, err := box.RandomNonce(rand)
	if err != nil {
		return nil, err
	}
	ct, err := box.SbEncrypt(k, nonce, signed, padLen)
	if err != nil {
		return nil, perr(whatLinkData, "%d bytes do not fit the %d-byte padded part", len(signed), padLen)
	}
	return append(nonce[:], ct...), nil
}

// NewOwnerAuth makes a new owner key pair authorised by signer (the root
// key or an existing owner's key). ownerID is the application's (e.g. a
// group member id) and must be unique in the owner list.
func NewOwnerAuth(rand io.Reader, ownerID []byte, signer *keys.Ed25519Private) (*keys.Ed25519Private, OwnerAuth, error) {
	k, err := keys.GenerateEd25519(rand)
	if err != nil {
		return nil, OwnerAuth{}, err
	}
	o := OwnerAuth{ID: clone(ownerID), Key: k.Public()}
	o.Signature = signer.Sign(o.signedPart())
	return k, o, nil
}

// ValidateLinkOwners checks an owner list: no owner uses the root key, no
// repeated id or key, and each owner is signed by the root key or an owner
// listed before it. Errors carry the reference's texts.
func ValidateLinkOwners(root keys.Ed25519Public, owners []OwnerAuth) error {
	for i, o := range owners {
		id := enc.B64NoPad(o.ID)
		if o.Key == root {
			return &LinkError{"owner key for ID " + id + " matches root key"}
		}
		prev := owners[:i]
		for _, p := range prev {
			if bytes.Equal(p.ID, o.ID) || p.Key == o.Key {
				return &LinkError{"duplicate owner key or ID " + id}
			}
		}
		msg := o.signedPart()
		ok := root.Verify(msg, o.Signature)
		for _, p := range prev {
			ok = ok || p.Key.Verify(msg, o.Signature)
		}
		if !ok {
			return &LinkError{"invalid authorization of owner ID " + id}
		}
	}
	return nil
}

// DecryptLinkData opens and verifies both parts of a link's data, with
// the reader's checks in the reference's order: both parts decrypt and
// decode, SHA3-256(fixed) == link key ("link data hash"), the fixed part is
// signed by its root key ("link data signature"), contact owners are valid,
// and the user part is signed by the root key or an owner ("user data
// signature"). The parts' modes must match l's type.
func (l *ShortLink) DecryptLinkData(encFixed, encUser []byte) (*FixedLinkData, *ConnLinkData, error) {
	k := l.DataKey()
	sig1, fixed, err := decryptPart(k, encFixed)
	if err != nil {
		return nil, nil, err
	}
	sig2, user, err := decryptPart(k, encUser)
	if err != nil {
		return nil, nil, err
	}
	fd, err := ParseFixedLinkData(fixed)
	if err != nil {
		return nil, nil, err
	}
	ud, err := ParseConnLinkData(user)
	if err != nil {
		return nil, nil, err
	}
	mode := l.Type.Mode()
	if fd.ConnReq.Mode != mode || ud.Mode != mode {
		return nil, nil, perr(whatLinkData, "bad connection mode: %s link has %s fixed data and %s user data", mode, fd.ConnReq.Mode, ud.Mode)
	}
	if LinkKey(kdf.SHA3_256(fixed)) != l.Key {
		return nil, nil, ErrLinkDataHash
	}
	if !fd.RootKey.Verify(fixed, sig1) {
		return nil, nil, ErrLinkDataSignature
	}
	signed := fd.RootKey.Verify(user, sig2)
	if ud.Contact != nil {
		if err := ValidateLinkOwners(fd.RootKey, ud.Contact.Owners); err != nil {
			return nil, nil, err
		}
		for _, o := range ud.Contact.Owners {
			signed = signed || o.Key.Verify(user, sig2)
		}
	}
	if !signed {
		return nil, nil, ErrUserDataSignature
	}
	return fd, ud, nil
}

func decryptPart(k box.SbKey, b []byte) (sig, data []byte, err error) {
	if len(b) < len(box.Nonce{}) {
		return nil, nil, perr(whatLinkData, "encrypted part of %d bytes is shorter than a nonce", len(b))
	}
	nonce := box.NonceFrom(b[:24])
	plain, err := box.SbDecrypt(k, nonce, b[24:])
	if err != nil {
		return nil, nil, ErrDecrypt
	}
	r := enc.NewReader(plain)
	sig = r.ShortBytes()
	data = r.Tail()
	if err := r.Err(); err != nil {
		return nil, nil, perr(whatLinkData, "signed part: %v", err)
	}
	if len(sig) != signatureSize {
		return nil, nil, perr(whatLinkData, "signature must be %d bytes, got %d", signatureSize, len(sig))
	}
	return sig, data, nil
}

// VerifyAddress checks that the fixed data's first queue is the one the
// link was fetched from: the queried server's first host must be one of the
// queue's hosts and the sender ids equal (else "different address"). When
// the servers differ otherwise (a shortened link restored from presets, an
// added host), the queue is rewritten to the queried server, as the
// reference does, in a copy.
func (f *FixedLinkData) VerifyAddress(srv smp.Server, senderID []byte) (*FixedLinkData, error) {
	if f.ConnReq == nil || len(f.ConnReq.Queues) == 0 || len(srv.Hosts) == 0 {
		return nil, ErrDifferentAddress
	}
	q := f.ConnReq.Queues[0]
	if !slices.Contains(q.Server.Hosts, srv.Hosts[0]) || !bytes.Equal(q.SenderID, senderID) {
		return nil, ErrDifferentAddress
	}
	if SameServer(q.Server, srv) {
		return f, nil
	}
	c := *f
	cr := *f.ConnReq
	cr.Queues = slices.Clone(cr.Queues)
	nq := *q
	nq.Server = cloneServer(srv)
	cr.Queues[0] = &nq
	c.ConnReq = &cr
	return &c, nil
}

// SealedLinkData is what a link creator stores on its server (NEW with
// link data, or LSET).
type SealedLinkData struct {
	Key    LinkKey
	LinkID []byte // contact links: derived from Key; invitations: nil (the server assigns it)
	Fixed  []byte // FixedDataPadLen+40 bytes
	User   []byte // UserDataPadLen+40 bytes
}

// SealLinkData signs both parts with root, derives the link key and
// encryption key from the fixed part, and encrypts both. The mode of the
// connection request decides the key derivation.
func SealLinkData(rand io.Reader, root *keys.Ed25519Private, fd *FixedLinkData, ud *ConnLinkData) (*SealedLinkData, error) {
	if fd.ConnReq == nil || ud.Mode != fd.ConnReq.Mode {
		return nil, perr(whatLinkData, "user data mode does not match the connection request")
	}
	lk, signedFixed, err := SignFixedData(root, fd)
	if err != nil {
		return nil, err
	}
	signedUser, err := SignUserData(root, ud)
	if err != nil {
		return nil, err
	}
	s := &SealedLinkData{Key: lk}
	var k box.SbKey
	if fd.ConnReq.Mode == ModeContact {
		s.LinkID, k = ContactLinkKDF(lk)
	} else {
		k = InvitationLinkKDF(lk)
	}
	if s.Fixed, err = EncryptFixedData(rand, k, signedFixed); err != nil {
		return nil, err
	}
	if s.User, err = EncryptUserData(rand, k, signedUser); err != nil {
		return nil, err
	}
	return s, nil
}
