package smp

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"duplex/crypto/box"
)

func sampleFwd(t testing.TB) FwdTransmission {
	return FwdTransmission{CorrID: fill(24, 3), Version: 17, CmdKey: mustX25519(t, "cmd").Public(), Enc: []byte("ciphertext")}
}

func TestFwdTransmissionCodec(t *testing.T) {
	f := sampleFwd(t)
	b, err := f.Encode()
	if err != nil {
		t.Fatal(err)
	}
	// sb(corrId) ‖ w16 v ‖ sb(44-byte X25519 DER) ‖ tail
	if b[0] != 24 || b[25] != 0 || b[26] != 17 || b[27] != 44 || !bytes.Equal(b[28+44:], f.Enc) {
		t.Fatalf("layout % x", b[:30])
	}
	g, err := ParseFwdTransmission(b)
	if err != nil || !reflect.DeepEqual(f, g) {
		t.Fatalf("round trip: %v %+v", err, g)
	}
	// Every prefix that cuts the fixed part is rejected; the ciphertext is
	// a tail (no length), so there is no trailing garbage to reject.
	for n := 0; n < 28+44; n++ {
		if _, err := ParseFwdTransmission(b[:n]); err == nil {
			t.Fatalf("prefix %d accepted", n)
		}
	}
	// a corrId that is not a 24-byte nonce
	if _, err := ParseFwdTransmission(append([]byte{23}, append(fill(23, 3), b[25:]...)...)); err == nil {
		t.Fatal("23-byte corrId accepted")
	}
}

func TestFwdResponseCodec(t *testing.T) {
	f := FwdResponse{CorrID: fill(24, 9), Enc: []byte("resp")}
	b, err := f.Encode()
	if err != nil {
		t.Fatal(err)
	}
	g, err := ParseFwdResponse(b)
	if err != nil || !reflect.DeepEqual(f, g) {
		t.Fatalf("round trip: %v %+v", err, g)
	}
	for n := 0; n < 25; n++ {
		if _, err := ParseFwdResponse(b[:n]); err == nil {
			t.Fatalf("prefix %d accepted", n)
		}
	}
}

// Responses are boxed with the byte-reversed request nonce on both layers
// (Server.hs processForwardedCommand: C.reverseNonce), not corrId+1 as the
// spec says.
func TestProxyResponseNoncesReversed(t *testing.T) {
	var n box.Nonce
	for i := range n {
		n[i] = byte(i)
	}
	r := n.Reverse()
	for i := range r {
		if r[i] != byte(23-i) {
			t.Fatalf("reverse: % x", r)
		}
	}
	secret := box.DHSecret(fill(32, 5))
	// proxy↔relay layer (no padding)
	sealed, err := SealForwardResponse(secret, n, FwdResponse{CorrID: fill(24, 1), Enc: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := box.CbDecryptNoPad(secret, n, sealed); err == nil {
		t.Fatal("RRES opens with the request nonce")
	}
	plain, err := box.CbDecryptNoPad(secret, r, sealed)
	if err != nil || plain[0] != 24 {
		t.Fatalf("RRES does not open with the reversed nonce: %v", err)
	}
	if _, err := OpenForwardResponse(secret, n, sealed); err != nil {
		t.Fatal(err)
	}
	// client↔relay layer (padded to 16226)
	inner, err := SealProxiedResponse(secret, n, []byte("transmission"))
	if err != nil {
		t.Fatal(err)
	}
	if len(inner) != ProxiedPaddedLen+16 {
		t.Fatalf("padded response is %d bytes", len(inner))
	}
	if _, err := OpenProxied(secret, n, inner); !errors.Is(err, ErrProxyCrypto) {
		t.Fatalf("response opens with the request nonce: %v", err)
	}
	if got, err := OpenProxied(secret, r, inner); err != nil || string(got) != "transmission" {
		t.Fatalf("reversed: %q %v", got, err)
	}
	// and requests use the nonce as is
	req, _ := SealForward(secret, n, sampleFwd(t))
	if _, err := OpenForward(secret, r, req); err == nil {
		t.Fatal("RFWD opens with the reversed nonce")
	}
	if _, err := OpenForward(secret, n, req); err != nil {
		t.Fatal(err)
	}
}

func TestOpenProxiedSingleTransmission(t *testing.T) {
	secret := box.DHSecret(fill(32, 6))
	var n box.Nonce
	block, _ := EncodeBatch([][]byte{[]byte("a"), []byte("b")})
	two, _ := box.CbEncrypt(secret, n, block, ProxiedPaddedLen)
	if _, err := OpenProxied(secret, n, two); !errors.Is(err, ErrBlock) {
		t.Fatalf("two transmissions: %v", err)
	}
}

func FuzzParseFwdTransmission(f *testing.F) {
	b, _ := sampleFwd(f).Encode()
	f.Add(b)
	f.Add([]byte{24})
	f.Add(append(fill(25, 24), 0, 8))
	f.Fuzz(func(t *testing.T, in []byte) {
		x, err := ParseFwdTransmission(in)
		if err != nil {
			return
		}
		out, err := x.Encode()
		if err != nil {
			t.Fatal(err)
		}
		y, err := ParseFwdTransmission(out)
		if err != nil || !reflect.DeepEqual(x, y) {
			t.Fatalf("re-parse differs: %v", err)
		}
	})
}

func FuzzParseFwdResponse(f *testing.F) {
	b, _ := FwdResponse{CorrID: fill(24, 1), Enc: []byte("e")}.Encode()
	f.Add(b)
	f.Add([]byte{})
	f.Add([]byte{200, 1})
	f.Fuzz(func(t *testing.T, in []byte) {
		x, err := ParseFwdResponse(in)
		if err != nil {
			return
		}
		out, err := x.Encode()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("re-encodes differently: %v", err)
		}
	})
}

func FuzzOpenProxied(f *testing.F) {
	secret := box.DHSecret(fill(32, 7))
	var n box.Nonce
	good, _ := SealProxied(secret, n, []byte("t"))
	f.Add(good)
	f.Add([]byte{})
	f.Add(fill(ProxiedPaddedLen+16, 0))
	f.Fuzz(func(t *testing.T, in []byte) {
		_, _ = OpenProxied(secret, n, in) // must not panic
		_, _ = OpenForward(secret, n, in)
		_, _ = OpenForwardResponse(secret, n, in)
	})
}
