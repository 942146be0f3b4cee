package smp

import (
	"bytes"
	"reflect"
	"testing"
)

// signedSUB builds a SUB transmission authorized with a fresh key, as
// BatchingTests.hs randomSUB does.
func signedSUB(t testing.TB, v Version, sessID []byte, i int) []byte {
	r := newDetRand(string(rune(i)) + "sub")
	tr := &Transmission{CorrID: make([]byte, 24), EntityID: make([]byte, 24), Command: []byte("SUB")}
	r.Read(tr.CorrID)
	r.Read(tr.EntityID)
	if v < VersionAuthCmds {
		tr.SessionID = sessID
	}
	if err := Authorize(tr, mustEd25519(t, "k"+string(rune(i))), sessID, nil); err != nil {
		t.Fatal(err)
	}
	b, err := EncodeTransmission(v, tr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func signedSEND(t testing.TB, v Version, sessID []byte, n int) []byte {
	tr := &Transmission{CorrID: fill(24, 1), EntityID: fill(24, 2)}
	tr.Command, _ = EncodeCommand(v, SEND{Body: fill(n, 3)})
	var err error
	if v < VersionAuthCmds {
		tr.SessionID = sessID
		err = Authorize(tr, mustEd25519(t, "send"), sessID, nil)
	} else {
		srv := mustX25519(t, "srv").Public()
		err = Authorize(tr, mustX25519(t, "sendx"), sessID, &srv)
	}
	if err != nil {
		t.Fatal(err)
	}
	b, err := EncodeTransmission(v, tr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func batchSizes(bs []Batch) []int {
	var n []int
	for _, b := range bs {
		n = append(n, len(b.Indexes))
	}
	return n
}

// Vectors: tests/CoreTests/BatchingTests.hs (vectors.md §6).
func TestBatchSignedSUBs(t *testing.T) {
	sess := fill(32, 0xab)
	perBlock := map[Version]int{6: 106, 7: 136, 11: 136, 15: 136, 16: 135, 18: 135}
	for v, want := range perBlock {
		var ts [][]byte
		for i := 0; i < 2*want+30; i++ {
			ts = append(ts, signedSUB(t, v, sess, i))
		}
		bs, large := Pack(ts)
		if len(large) != 0 || !reflect.DeepEqual(batchSizes(bs), []int{30, want, want}) {
			t.Errorf("v%d: %v, want [30 %d %d]", v, batchSizes(bs), want, want)
		}
		// Exactly `want` fit: one more does not.
		if _, err := EncodeBatch(ts[:want]); err != nil {
			t.Errorf("v%d: %d SUBs do not fit: %v", v, want, err)
		}
		if _, err := EncodeBatch(ts[:want+1]); err == nil {
			t.Errorf("v%d: %d SUBs fit", v, want+1)
		}
		// Every block fits once padded or encrypted, and parses back.
		next := 0
		for _, b := range bs {
			if len(b.Content) > BlockSize-2-16 {
				t.Fatalf("v%d: batch of %d bytes", v, len(b.Content))
			}
			got, err := ParseBatch(b.Content)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range got {
				if !bytes.Equal(g, ts[next]) {
					t.Fatalf("v%d: order broken at %d", v, next)
				}
				tr, err := ParseTransmission(v, g)
				if err != nil || !VerifyAuth(tr, mustEd25519(t, "k"+string(rune(next))).Public(), sess, nil) {
					t.Fatalf("v%d: transmission %d does not verify (%v)", v, next, err)
				}
				next++
			}
		}
	}
	if want := 106; perBlock[MinVersion] != want || perBlock[CurrentVersion] != 135 {
		t.Fatal("vector table")
	}
}

func TestBatchWithMessage(t *testing.T) {
	sess := fill(32, 0xcd)
	for _, tc := range []struct {
		v    Version
		want []int
	}{{6, []int{47, 54}}, {18, []int{33, 68}}} {
		var ts [][]byte
		for i := 0; i < 60; i++ {
			ts = append(ts, signedSUB(t, tc.v, sess, i))
		}
		ts = append(ts, signedSEND(t, tc.v, sess, 8000))
		for i := 0; i < 40; i++ {
			ts = append(ts, signedSUB(t, tc.v, sess, 100+i))
		}
		bs, large := Pack(ts)
		if len(large) != 0 || !reflect.DeepEqual(batchSizes(bs), tc.want) {
			t.Errorf("v%d: %v, want %v", tc.v, batchSizes(bs), tc.want)
		}
	}
}

func TestBatchWithLargeMessage(t *testing.T) {
	sess := fill(32, 0xef)
	for _, tc := range []struct {
		v     Version
		first int
		want  []int
	}{{6, 50, []int{50, 44, 106}}, {18, 60, []int{60, 15, 135}}} {
		var ts [][]byte
		for i := 0; i < tc.first; i++ {
			ts = append(ts, signedSUB(t, tc.v, sess, i))
		}
		ts = append(ts, signedSEND(t, tc.v, sess, 17000))
		for i := 0; i < 150; i++ {
			ts = append(ts, signedSUB(t, tc.v, sess, 200+i))
		}
		bs, large := Pack(ts)
		if !reflect.DeepEqual(large, []int{tc.first}) || !reflect.DeepEqual(batchSizes(bs), tc.want) {
			t.Errorf("v%d: batches %v large %v, want %v [%d]", tc.v, batchSizes(bs), large, tc.want, tc.first)
		}
	}
}

func TestBatchENDs(t *testing.T) {
	var ts [][]byte
	for i := 0; i < 300; i++ {
		b, _ := EncodeTransmission(18, &Transmission{EntityID: fill(24, byte(i)), Command: []byte("END")})
		ts = append(ts, b)
	}
	bs, _ := Pack(ts)
	if !reflect.DeepEqual(batchSizes(bs), []int{45, 255}) {
		t.Errorf("ENDs: %v, want [45 255]", batchSizes(bs))
	}
}

func TestParseBatchRejects(t *testing.T) {
	good, _ := EncodeBatch([][]byte{[]byte("abc"), []byte("de")})
	for i := 0; i < len(good); i++ {
		if _, err := ParseBatch(good[:i]); err == nil {
			t.Errorf("prefix %d parsed", i)
		}
	}
	if _, err := ParseBatch(append(good, 'x')); err == nil {
		t.Error("trailing byte parsed")
	}
	if _, err := ParseBatch([]byte{0}); err == nil {
		t.Error("empty batch parsed")
	}
	if _, err := EncodeBatch(nil); err == nil {
		t.Error("encoded empty batch")
	}
	if _, err := EncodeBatch([][]byte{make([]byte, MaxTransmission+1)}); err == nil {
		t.Error("encoded oversize transmission")
	}
	if _, err := EncodeBatch([][]byte{make([]byte, MaxTransmission)}); err != nil {
		t.Errorf("max transmission: %v", err)
	}
}

func TestTransmissionRoundTrip(t *testing.T) {
	for _, v := range allVersions {
		cases := []*Transmission{
			{CorrID: fill(24, 1), EntityID: fill(24, 2), Command: []byte("SUB")},
			{Auth: fill(64, 3), CorrID: fill(24, 1), EntityID: fill(24, 2), Command: []byte("SEND T hi")},
			{Auth: fill(80, 3), CorrID: fill(24, 1), EntityID: []byte{}, Command: []byte("PING")},
			{CorrID: []byte{}, EntityID: []byte{}, Command: []byte("END")},
		}
		if v >= VersionServiceCerts {
			cases = append(cases, &Transmission{Auth: fill(114, 4), ServiceSig: fill(64, 5), CorrID: fill(24, 1), EntityID: fill(24, 2), Command: []byte("SUB")})
		}
		for _, tr := range cases {
			if v < VersionAuthCmds {
				tr.SessionID = fill(32, 9)
			}
			b, err := EncodeTransmission(v, tr)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseTransmission(v, b)
			if err != nil {
				t.Fatalf("v%d: %v", v, err)
			}
			norm := *tr
			if v >= VersionServiceCerts && len(tr.Auth) > 0 && norm.ServiceSig == nil {
				norm.ServiceSig = nil
			}
			if norm.Auth == nil {
				norm.Auth = []byte{}
			}
			if !reflect.DeepEqual(got, &norm) {
				t.Fatalf("v%d: got %#v want %#v", v, got, &norm)
			}
			// Prefixes: the command is a tail, so a prefix either fails or
			// yields a shorter command.
			for i := 0; i < len(b); i++ {
				p, err := ParseTransmission(v, b[:i])
				if err == nil && reflect.DeepEqual(p, got) {
					t.Fatalf("v%d: prefix %d parsed to the same transmission", v, i)
				}
			}
		}
	}
	// v≥16 with an authorization: the service slot byte is there.
	b, _ := EncodeTransmission(16, &Transmission{Auth: fill(64, 1), CorrID: fill(24, 1), Command: []byte("SUB")})
	if b[65] != '0' {
		t.Errorf("service slot: %q", b[65])
	}
	if _, err := EncodeTransmission(15, &Transmission{Auth: fill(64, 1), ServiceSig: fill(64, 1)}); err == nil {
		t.Error("service signature before v16 encoded")
	}
}

func TestAuthorizeVerify(t *testing.T) {
	sess := fill(32, 7)
	srv := mustX25519(t, "server session")
	srvPub := srv.Public()
	ed := mustEd25519(t, "q-ed25519")
	ed448 := mustEd448(t, "q-ed448")
	x := mustX25519(t, "q-x25519")
	for _, k := range []PrivateAuthKey{ed, ed448, x} {
		pub, _ := PublicAuthKey(k)
		tr := &Transmission{CorrID: fill(24, 1), EntityID: fill(24, 2), Command: []byte("SUB")}
		if err := Authorize(tr, k, sess, &srvPub); err != nil {
			t.Fatal(err)
		}
		if !ValidAuthSize(tr.Auth) || !VerifyAuth(tr, pub, sess, srv) {
			t.Fatalf("%T: does not verify", k)
		}
		// Another session, another entity, a flipped bit: rejected.
		if VerifyAuth(tr, pub, fill(32, 8), srv) {
			t.Fatalf("%T: verified in another session", k)
		}
		tr2 := *tr
		tr2.EntityID = fill(24, 3)
		if VerifyAuth(&tr2, pub, sess, srv) {
			t.Fatalf("%T: verified for another entity", k)
		}
		tr2 = *tr
		tr2.Auth = append([]byte{}, tr.Auth...)
		tr2.Auth[5] ^= 1
		if VerifyAuth(&tr2, pub, sess, srv) {
			t.Fatalf("%T: verified a tampered authorization", k)
		}
		other, _ := PublicAuthKey(mustEd25519(t, "other"))
		if VerifyAuth(tr, other, sess, srv) {
			t.Fatalf("%T: verified with another key", k)
		}
	}
	tr := &Transmission{CorrID: fill(24, 1), Command: []byte("SUB")}
	if err := Authorize(tr, x, sess, nil); err != ErrNoServerKey {
		t.Errorf("cbAuth without server key: %v", err)
	}
	tr.CorrID = fill(5, 1)
	if err := Authorize(tr, x, sess, &srvPub); err != ErrCorrIDNonce {
		t.Errorf("cbAuth with short corrId: %v", err)
	}
}
