package db

import (
	"bytes"
	"errors"
	"testing"
)

func testSlot() *slot {
	s := &slot{Kind: KeyPassphrase, Seq: 7, Block: mainBlock, KDF: KDFParams{Time: 3, Memory: 65536, Threads: 2}}
	for i := range s.FileID {
		s.FileID[i] = byte(i + 1)
	}
	for i := range s.Salt {
		s.Salt[i] = byte(0xa0 + i)
	}
	for i := range s.Nonce {
		s.Nonce[i] = byte(0x40 + i)
	}
	if err := s.wrap(bytes.Repeat([]byte{9}, 32), bytes.Repeat([]byte{5}, 32)); err != nil {
		panic(err)
	}
	return s
}

func TestSlotRoundTrip(t *testing.T) {
	for _, s := range []*slot{testSlot(), {Kind: KeyKeychain, Seq: 1, Block: mainBlock}, {Kind: KeyFile, Seq: 1 << 60, Block: mainBlock}} {
		b := s.marshal()
		got, err := parseSlot(b)
		if err != nil {
			t.Fatalf("%v: %v", s.Kind, err)
		}
		if *got != *s {
			t.Fatalf("round trip: %+v != %+v", got, s)
		}
		if !bytes.Equal(got.marshal(), b) {
			t.Fatal("re-marshal differs")
		}
	}
	s := testSlot()
	dek, err := s.unwrap(bytes.Repeat([]byte{9}, 32))
	if err != nil || !bytes.Equal(dek, bytes.Repeat([]byte{5}, 32)) {
		t.Fatalf("unwrap: %v", err)
	}
	if _, err := s.unwrap(bytes.Repeat([]byte{8}, 32)); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong kek: %v", err)
	}
}

func TestSlotRejectsPrefixesAndTrailing(t *testing.T) {
	b := testSlot().marshal()
	for i := 0; i < len(b); i++ {
		if _, err := parseSlot(b[:i]); err == nil {
			t.Fatalf("prefix of %d bytes accepted", i)
		}
	}
	if _, err := parseSlot(append(bytes.Clone(b), 0)); err == nil {
		t.Fatal("trailing byte accepted")
	}
}

// Every single-bit change is caught: by the checksum, or (if the checksum bytes
// themselves change) by the checksum again.
func TestSlotRejectsEveryBitFlip(t *testing.T) {
	b := testSlot().marshal()
	for i := 0; i < len(b)*8; i++ {
		c := bytes.Clone(b)
		c[i/8] ^= 1 << (i % 8)
		if _, err := parseSlot(c); err == nil {
			t.Fatalf("bit %d flip accepted", i)
		}
	}
}

func TestSlotFieldRules(t *testing.T) {
	cases := map[string]func(s *slot){
		"kind 0":             func(s *slot) { s.Kind = 0 },
		"kind 9":             func(s *slot) { s.Kind = 9 },
		"block 8192":         func(s *slot) { s.Block = 8192 },
		"argon time 0":       func(s *slot) { s.KDF.Time = 0 },
		"argon 8 GiB":        func(s *slot) { s.KDF.Memory = 8 << 20 },
		"argon threads 0":    func(s *slot) { s.KDF.Threads = 0 },
		"keychain with salt": func(s *slot) { s.Kind = KeyKeychain; s.KDF = KDFParams{} },
		"keyfile with kdf":   func(s *slot) { s.Kind = KeyFile; s.Salt = [16]byte{} },
	}
	for name, f := range cases {
		s := testSlot()
		f(s)
		if _, err := parseSlot(s.marshal()); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

func TestPickSlots(t *testing.T) {
	a, b := testSlot(), testSlot()
	b.Seq = 8
	area := make([]byte, headerArea)
	copy(area, a.marshal())
	copy(area[slotStride:], b.marshal())
	got, err := pickSlots(area)
	if err != nil || len(got) != 2 || got[0].Seq != 8 {
		t.Fatalf("newest first: %v %v", got, err)
	}
	if _, err := pickSlots(area[:headerArea-1]); !errors.Is(err, ErrNotDuplexDB) {
		t.Fatalf("short area: %v", err)
	}
	if _, err := pickSlots(make([]byte, headerArea)); !errors.Is(err, ErrNotDuplexDB) {
		t.Fatalf("zero area: %v", err)
	}
	b.FileID[0] ^= 1
	copy(area[slotStride:], b.marshal())
	if _, err := pickSlots(area); !errors.Is(err, ErrIntegrity) {
		t.Fatalf("slots of two files: %v", err)
	}
}

func FuzzParseSlot(f *testing.F) {
	f.Add(testSlot().marshal())
	f.Add((&slot{Kind: KeyKeychain, Seq: 1, Block: mainBlock}).marshal())
	f.Add([]byte("DUPLEXDB"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseSlot(b)
		if err != nil {
			return
		}
		if !bytes.Equal(s.marshal(), b) {
			t.Fatal("accepted slot does not re-marshal to its input")
		}
	})
}

func FuzzPickSlots(f *testing.F) {
	area := make([]byte, headerArea)
	copy(area, testSlot().marshal())
	f.Add(area)
	f.Fuzz(func(t *testing.T, b []byte) {
		pickSlots(b) // must not panic
	})
}
