package db

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"

	"golang.org/x/crypto/chacha20poly1305"
)

// Header area: the first headerArea bytes of the main file hold two copies ("slots")
// of the key header, at 0 and slotStride. A re-key writes the inactive slot, syncs,
// then the other one, so a crash leaves at least one intact slot with the old or the
// new key. See doc.go for the byte layout.
const (
	headerArea  = 4096
	slotStride  = 2048
	slotLen     = 172
	slotADLen   = 68 // bytes [0,68) are the associated data of the key wrap
	slotSumOff  = 140
	formatV1    = 1
	dekLen      = 32
	fileIDLen   = 16
	saltLen     = 16
	mainBlock   = 4096 // logical bytes per encrypted block of the main file = SQLite page size
	wrapNonceAt = 68
	wrappedAt   = 92
)

var slotMagic = [8]byte{'D', 'U', 'P', 'L', 'E', 'X', 'D', 'B'}

// KeyKind says where the key-encryption key of a slot comes from. Stored on disk:
// explicit numbers, never iota.
type KeyKind uint8

const (
	KeyKeychain   KeyKind = 1 // random 256-bit key in the OS keychain
	KeyPassphrase KeyKind = 2 // Argon2id(passphrase, salt, params)
	KeyFile       KeyKind = 3 // 256-bit key read from a 0600 file
)

func (k KeyKind) String() string {
	switch k {
	case KeyKeychain:
		return "keychain"
	case KeyPassphrase:
		return "passphrase"
	case KeyFile:
		return "key file"
	}
	return "unknown"
}

// KDFParams are Argon2id costs. Memory is in KiB.
type KDFParams struct {
	Time    uint32
	Memory  uint32
	Threads uint8
}

// slot is one parsed copy of the key header.
type slot struct {
	Kind    KeyKind
	Seq     uint64
	FileID  [fileIDLen]byte
	Block   uint32
	Salt    [saltLen]byte
	KDF     KDFParams
	Nonce   [chacha20poly1305.NonceSizeX]byte
	Wrapped [dekLen + chacha20poly1305.Overhead]byte
}

var errBadSlot = errors.New("bad header slot")

// marshal encodes the slot; the checksum is computed here.
func (s *slot) marshal() []byte {
	b := make([]byte, slotLen)
	s.marshalAD(b)
	copy(b[wrapNonceAt:], s.Nonce[:])
	copy(b[wrappedAt:], s.Wrapped[:])
	sum := sha256.Sum256(b[:slotSumOff])
	copy(b[slotSumOff:], sum[:])
	return b
}

func (s *slot) marshalAD(b []byte) {
	copy(b[0:8], slotMagic[:])
	binary.BigEndian.PutUint16(b[8:], formatV1)
	b[10] = byte(s.Kind)
	b[11] = 0
	binary.BigEndian.PutUint64(b[12:], s.Seq)
	copy(b[20:36], s.FileID[:])
	binary.BigEndian.PutUint32(b[36:], s.Block)
	copy(b[40:56], s.Salt[:])
	binary.BigEndian.PutUint32(b[56:], s.KDF.Time)
	binary.BigEndian.PutUint32(b[60:], s.KDF.Memory)
	b[64] = s.KDF.Threads
	b[65], b[66], b[67] = 0, 0, 0
}

func (s *slot) ad() []byte {
	b := make([]byte, slotADLen)
	s.marshalAD(b)
	return b
}

// parseSlot is strict: exact length, magic, version, checksum, known kind, zero
// reserved bytes and KDF fields that match the kind. It never panics.
func parseSlot(b []byte) (*slot, error) {
	if len(b) != slotLen {
		return nil, errBadSlot
	}
	if !bytes.Equal(b[0:8], slotMagic[:]) {
		return nil, ErrNotDuplexDB
	}
	if binary.BigEndian.Uint16(b[8:]) != formatV1 {
		return nil, errBadSlot
	}
	sum := sha256.Sum256(b[:slotSumOff])
	if !bytes.Equal(sum[:], b[slotSumOff:]) {
		return nil, errBadSlot
	}
	s := &slot{Kind: KeyKind(b[10])}
	if b[11] != 0 || b[65] != 0 || b[66] != 0 || b[67] != 0 {
		return nil, errBadSlot
	}
	s.Seq = binary.BigEndian.Uint64(b[12:])
	copy(s.FileID[:], b[20:36])
	s.Block = binary.BigEndian.Uint32(b[36:])
	copy(s.Salt[:], b[40:56])
	s.KDF = KDFParams{Time: binary.BigEndian.Uint32(b[56:]), Memory: binary.BigEndian.Uint32(b[60:]), Threads: b[64]}
	copy(s.Nonce[:], b[wrapNonceAt:])
	copy(s.Wrapped[:], b[wrappedAt:])
	if s.Block != mainBlock {
		return nil, errBadSlot
	}
	switch s.Kind {
	case KeyPassphrase:
		if err := s.KDF.validate(); err != nil {
			return nil, err
		}
	case KeyKeychain, KeyFile:
		if s.KDF != (KDFParams{}) || s.Salt != ([saltLen]byte{}) {
			return nil, errBadSlot
		}
	default:
		return nil, errBadSlot
	}
	return s, nil
}

// validate bounds the costs an attacker-controlled header could ask for: at most
// 4 GiB and 64 passes, so opening a hostile file cannot exhaust the machine.
func (p KDFParams) validate() error {
	if p.Time < 1 || p.Time > 64 || p.Memory < 8 || p.Memory > 4<<20 || p.Threads < 1 {
		return errors.New("header: Argon2id parameters out of range")
	}
	if p.Memory < 8*uint32(p.Threads) {
		return errors.New("header: Argon2id memory below 8 KiB per lane")
	}
	return nil
}

// wrap seals dek under kek, binding every header field as associated data: a slot
// edited to point at another kind, salt or file id no longer unwraps.
func (s *slot) wrap(kek, dek []byte) error {
	a, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return err
	}
	out := a.Seal(nil, s.Nonce[:], dek, s.ad())
	copy(s.Wrapped[:], out)
	return nil
}

func (s *slot) unwrap(kek []byte) ([]byte, error) {
	a, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return nil, err
	}
	dek, err := a.Open(nil, s.Nonce[:], s.Wrapped[:], s.ad())
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return dek, nil
}

// pickSlots parses the header area and returns the intact slots, newest first.
func pickSlots(area []byte) ([]*slot, error) {
	if len(area) < headerArea {
		return nil, ErrNotDuplexDB
	}
	var out []*slot
	notOurs := 0
	for i := 0; i < 2; i++ {
		s, err := parseSlot(area[i*slotStride : i*slotStride+slotLen])
		if errors.Is(err, ErrNotDuplexDB) {
			notOurs++
		}
		if err == nil {
			out = append(out, s)
		}
	}
	if notOurs == 2 {
		return nil, ErrNotDuplexDB
	}
	if len(out) == 0 {
		return nil, &IntegrityError{File: mainName, Page: 0}
	}
	if len(out) == 2 && out[1].Seq > out[0].Seq {
		out[0], out[1] = out[1], out[0]
	}
	if len(out) == 2 && out[0].FileID != out[1].FileID {
		return nil, &IntegrityError{File: mainName, Page: 0}
	}
	return out, nil
}
