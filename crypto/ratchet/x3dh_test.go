package ratchet

import (
	"bytes"
	"crypto/hkdf"
	"crypto/sha512"
	"errors"
	"testing"
)

// An independent HKDF (the standard library's) checks the label, salt and
// split of every KDF.
func TestKDFsAgainstStdlibHKDF(t *testing.T) {
	ikm := bytes.Repeat([]byte{7}, 56)
	rk := [32]byte{1, 2, 3}
	out, err := hkdf.Key(sha512.New, ikm, rk[:], "SimpleXRootRatchet", 96)
	if err != nil {
		t.Fatal(err)
	}
	ss := bytes.Repeat([]byte{9}, 32)
	outPQ, _ := hkdf.Key(sha512.New, append(bytes.Clone(ikm), ss...), rk[:], "SimpleXRootRatchet", 96)
	a, b, c := rootKdf(rk, [56]byte(ikm), nil)
	if !bytes.Equal(cat(a[:], b[:], c[:]), out) {
		t.Fatal("rootKdf")
	}
	a, b, c = rootKdf(rk, [56]byte(ikm), ss)
	if !bytes.Equal(cat(a[:], b[:], c[:]), outPQ) {
		t.Fatal("rootKdf with KEM secret")
	}
	ck := [32]byte{4, 5, 6}
	out, _ = hkdf.Key(sha512.New, ck[:], nil, "SimpleXChainRatchet", 96)
	ck2, mk, hiv := chainKdf(ck)
	if !bytes.Equal(cat(ck2[:], mk.key[:], mk.iv[:], hiv[:]), out) {
		t.Fatal("chainKdf")
	}
	// X3DH: 64 zero bytes of salt; hk ‖ nhk ‖ sk.
	d1, d2, d3 := [56]byte{1}, [56]byte{2}, [56]byte{3}
	ip := x3dh([56]byte{0xa}, [56]byte{0xb}, d1, d2, d3, &kemAccepted{shared: [32]byte{4}})
	out, _ = hkdf.Key(sha512.New, cat(d1[:], d2[:], d3[:], []byte{4}, make([]byte, 31)), make([]byte, 64), "SimpleXX3DH", 96)
	if !bytes.Equal(cat(ip.SndHK[:], ip.RcvNextHK[:], ip.RootKey[:]), out) {
		t.Fatal("x3dh")
	}
	if want := cat([]byte{0xa}, make([]byte, 55), []byte{0xb}, make([]byte, 55)); !bytes.Equal(ip.AD, want) {
		t.Fatal("AD layout")
	}
}

func sameInit(t *testing.T, a, b *InitParams, kem bool) {
	t.Helper()
	if !bytes.Equal(a.AD, b.AD) || a.RootKey != b.RootKey || a.SndHK != b.SndHK || a.RcvNextHK != b.RcvNextHK {
		t.Fatal("X3DH results differ")
	}
	if len(a.AD) != 112 {
		t.Fatalf("AD is %d bytes", len(a.AD))
	}
	if a.HasKEMSecret() != kem || b.HasKEMSecret() != kem {
		t.Fatalf("KEM secret: %v %v, want %v", a.HasKEMSecret(), b.HasKEMSecret(), kem)
	}
	if kem && (a.kem.shared != b.kem.shared || a.kem.ct != b.kem.ct || a.kem.peerKey == b.kem.peerKey) {
		t.Fatal("KEM agreement differs")
	}
}

// The agreement cases of upstream DoubleRatchetTests (hybrid KEM key
// agreement), for initiator (link creator) I and joiner J.
func TestX3DHAgreement(t *testing.T) {
	rnd := seeded(30)
	for _, tc := range []struct {
		name           string
		iPQ, jPQ       bool
		kem, jProposes bool
	}{
		{"no KEM", false, false, false, false},
		{"propose in reply", false, true, false, true},
		{"propose and accept", true, true, true, false},
		{"proposal rejected", true, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ipp, err := GenerateInitiatorParams(rnd, 3, tc.iPQ)
			if err != nil {
				t.Fatal(err)
			}
			jpp, err := GenerateJoinerParams(rnd, 3, ipp.Public(), tc.jPQ)
			if err != nil {
				t.Fatal(err)
			}
			if got := jpp.Public().KEM != nil && !jpp.Public().KEM.Accepted(); got != tc.jProposes {
				t.Fatalf("joiner proposes: %v", got)
			}
			jip, err := jpp.X3DHJoiner(ipp.Public())
			if err != nil {
				t.Fatal(err)
			}
			iip, err := ipp.X3DHInitiator(jpp.Public())
			if err != nil {
				t.Fatal(err)
			}
			sameInit(t, jip, iip, tc.kem)
			jk1, ik1 := jpp.Key1.Public(), ipp.Key1.Public()
			if !bytes.Equal(jip.AD, cat(jk1[:], ik1[:])) {
				t.Fatal("AD is not joiner key1 ‖ initiator key1")
			}
		})
	}
	t.Run("both propose", func(t *testing.T) {
		ipp, _ := GenerateInitiatorParams(rnd, 3, true)
		jpp, _ := GenerateJoinerParams(rnd, 3, nil, true) // proposes again
		jip, err := jpp.X3DHJoiner(ipp.Public())
		if err != nil {
			t.Fatal(err)
		}
		iip, err := ipp.X3DHInitiator(jpp.Public())
		if err != nil {
			t.Fatal(err)
		}
		sameInit(t, jip, iip, false)
	})
	t.Run("accept without proposal", func(t *testing.T) {
		ipp, _ := GenerateInitiatorParams(rnd, 3, false)
		other, _ := GenerateInitiatorParams(rnd, 3, true)
		jpp, _ := GenerateJoinerParams(rnd, 3, other.Public(), true) // accepts someone else's key
		if _, err := jpp.X3DHJoiner(ipp.Public()); !errors.Is(err, ErrKEMState) {
			t.Fatalf("joiner: %v", err)
		}
		if _, err := ipp.X3DHInitiator(jpp.Public()); !errors.Is(err, ErrKEMState) {
			t.Fatalf("initiator: %v", err)
		}
	})
	t.Run("ciphertext in invitation", func(t *testing.T) {
		ipp, _ := GenerateInitiatorParams(rnd, 3, true)
		other, _ := GenerateInitiatorParams(rnd, 3, true)
		jpp, _ := GenerateJoinerParams(rnd, 3, other.Public(), true)
		bad := ipp.Public()
		bad.KEM.Ciphertext = jpp.KEM.Ciphertext
		if _, err := GenerateJoinerParams(rnd, 3, bad, true); !errors.Is(err, ErrKEMState) {
			t.Fatalf("generate: %v", err)
		}
		if _, err := jpp.X3DHJoiner(bad); !errors.Is(err, ErrKEMState) {
			t.Fatalf("x3dh: %v", err)
		}
	})
	t.Run("accepted a different key", func(t *testing.T) {
		ipp, _ := GenerateInitiatorParams(rnd, 3, true)
		other, _ := GenerateInitiatorParams(rnd, 3, true)
		jpp, _ := GenerateJoinerParams(rnd, 3, other.Public(), true)
		if _, err := jpp.X3DHJoiner(ipp.Public()); !errors.Is(err, ErrKEMState) {
			t.Fatalf("joiner: %v", err)
		}
	})
	t.Run("versions", func(t *testing.T) {
		for _, v := range []uint16{0, 1, 4} {
			if _, err := GenerateInitiatorParams(rnd, v, false); !errors.Is(err, ErrBadVersion) {
				t.Fatalf("v%d: %v", v, err)
			}
		}
		ipp, _ := GenerateInitiatorParams(rnd, 2, true) // PQ needs v3: no KEM
		if ipp.KEM != nil {
			t.Fatal("KEM key with v2")
		}
		jpp, _ := GenerateJoinerParams(rnd, 2, ipp.Public(), true)
		p := ipp.Public()
		p.Version = 1
		if _, err := jpp.X3DHJoiner(p); !errors.Is(err, ErrBadVersion) {
			t.Fatalf("v1 peer: %v", err)
		}
		if _, err := InitInitiator(Versions{3, 2}, ipp, jpp.Public(), false); !errors.Is(err, ErrBadVersion) {
			t.Fatalf("current > max: %v", err)
		}
	})
	t.Run("tampered key", func(t *testing.T) {
		ipp, _ := GenerateInitiatorParams(rnd, 3, false)
		jpp, _ := GenerateJoinerParams(rnd, 3, ipp.Public(), false)
		p := jpp.Public()
		p.Key2[3] ^= 1
		jip, _ := jpp.X3DHJoiner(ipp.Public())
		iip, err := ipp.X3DHInitiator(p)
		if err == nil && iip.RootKey == jip.RootKey {
			t.Fatal("tampered key agreed")
		}
	})
}

func TestPrivateParamsState(t *testing.T) {
	rnd := seeded(31)
	ipp, _ := GenerateInitiatorParams(rnd, 3, true)
	jpp, _ := GenerateJoinerParams(rnd, 3, ipp.Public(), true)
	plain, _ := GenerateJoinerParams(rnd, 2, nil, false)
	for _, pp := range []*PrivateParams{ipp, jpp, plain} {
		b, err := pp.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		checkStrict(t, b, func(b []byte) error {
			var x PrivateParams
			if err := x.UnmarshalBinary(b); err != nil {
				return err
			}
			b2, _ := x.MarshalBinary()
			if !bytes.Equal(b, b2) {
				t.Fatal("round trip differs")
			}
			pub1, _ := pp.Public().MarshalBinary()
			pub2, _ := x.Public().MarshalBinary()
			if !bytes.Equal(pub1, pub2) {
				t.Fatal("public params differ")
			}
			return nil
		})
	}
	var x PrivateParams
	b, _ := jpp.MarshalBinary()
	b[0] = 2
	if err := x.UnmarshalBinary(b); !errors.Is(err, ErrBadState) {
		t.Fatalf("format 2: %v", err)
	}
	if s := jpp.String() + jpp.KEM.Key.String(); bytes.Contains([]byte(s), jpp.Key1.Bytes()[:8]) {
		t.Fatal("String leaks")
	}
}
