package keys

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// RFC 7748 §5.2 test vectors (first of each curve) and the iterated test.
func TestX25519RFC7748(t *testing.T) {
	k, _ := X25519PrivateFromBytes(unhex(t, "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"))
	u, _ := X25519PublicFromBytes(unhex(t, "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))
	out, err := k.DH(u)
	if err != nil || hex.EncodeToString(out[:]) != "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552" {
		t.Fatalf("X25519 = %x, %v", out, err)
	}
	iterate(t, 32, map[int]string{
		1:    "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079",
		1000: "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51",
	}, func(k, u []byte) []byte {
		priv, _ := X25519PrivateFromBytes(k)
		pub, _ := X25519PublicFromBytes(u)
		out, err := priv.DH(pub)
		if err != nil {
			t.Fatal(err)
		}
		return out[:]
	})
	// RFC 7748 §6.1: Alice's public key from her private key.
	a, _ := X25519PrivateFromBytes(unhex(t, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"))
	if p := a.Public(); hex.EncodeToString(p[:]) != "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a" {
		t.Fatalf("Alice public = %x", p)
	}
}

func TestX448RFC7748(t *testing.T) {
	k, _ := X448PrivateFromBytes(unhex(t, "3d262fddf9ec8e88495266fea19a34d28882acef045104d0d1aae121700a779c984c24f8cdd78fbff44943eba368f54b29259a4f1c600ad3"))
	u, _ := X448PublicFromBytes(unhex(t, "06fce640fa3487bfda5f6cf2d5263f8aad88334cbd07437f020f08f9814dc031ddbdc38c19c6da2583fa5429db94ada18aa7a7fb4ef8a086"))
	out, err := k.DH(u)
	if err != nil || hex.EncodeToString(out[:]) != "ce3e4ff95a60dc6697da1db1d85e6afbdf79b50a2412d7546d5f239fe14fbaadeb445fc66a01b0779d98223961111e21766282f73dd96b6f" {
		t.Fatalf("X448 = %x, %v", out, err)
	}
	iterate(t, 56, map[int]string{
		1:    "3f482c8a9f19b01e6c46ee9711d9dc14fd4bf67af30765c2ae2b846a4d23a8cd0db897086239492caf350b51f833868b9bc2b3bca9cf4113",
		1000: "aa3b4749d55b9daf1e5b00288826c467274ce3ebbdd5c17b975e09d4af6c67cf10d087202db88286e2b79fceea3ec353ef54faa26e219f38",
	}, func(k, u []byte) []byte {
		priv, _ := X448PrivateFromBytes(k)
		pub, _ := X448PublicFromBytes(u)
		out, err := priv.DH(pub)
		if err != nil {
			t.Fatal(err)
		}
		return out[:]
	})
}

// iterate runs the RFC 7748 §5.2 loop: k = u = 9 (base point); repeat
// (k, u) = (X(k, u), k), checking k after the listed iteration counts.
func iterate(t *testing.T, size int, want map[int]string, x func(k, u []byte) []byte) {
	k := make([]byte, size)
	k[0] = 5 // 9 for X25519, 5 for X448: the u-coordinate of the base point
	if size == 32 {
		k[0] = 9
	}
	u := append([]byte(nil), k...)
	for i := 1; i <= 1000; i++ {
		k, u = x(k, u), k
		if w, ok := want[i]; ok && hex.EncodeToString(k) != w {
			t.Fatalf("after %d iterations: %x, want %s", i, k, w)
		}
	}
}

func TestLowOrderPoints(t *testing.T) {
	xk, _ := GenerateX25519(bytes.NewReader(bytes.Repeat([]byte{7}, 32)))
	for _, u := range []X25519Public{{}, {1}} {
		if _, err := xk.DH(u); !errors.Is(err, ErrLowOrder) {
			t.Errorf("X25519 DH with %x: err = %v", u[:1], err)
		}
	}
	x4, _ := GenerateX448(bytes.NewReader(bytes.Repeat([]byte{7}, 56)))
	for _, u := range []X448Public{{}, {1}} {
		if _, err := x4.DH(u); !errors.Is(err, ErrLowOrder) {
			t.Errorf("X448 DH with %x: err = %v", u[:1], err)
		}
	}
}

// RFC 8032 §7.1 (tests 1–3) and §7.4 (blank, 1 octet) known answers.
func TestEd25519RFC8032(t *testing.T) {
	for _, v := range []struct{ sk, pk, msg, sig string }{
		{"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
			"e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
		{"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
			"92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
		{"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7", "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
			"6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
	} {
		k, err := Ed25519PrivateFromBytes(unhex(t, v.sk))
		if err != nil {
			t.Fatal(err)
		}
		pub := k.Public()
		msg := unhex(t, v.msg)
		sig := k.Sign(msg)
		if hex.EncodeToString(pub[:]) != v.pk || hex.EncodeToString(sig) != v.sig {
			t.Fatalf("pk %x sig %x", pub, sig)
		}
		checkVerify(t, pub.Verify, msg, sig)
	}
}

func TestEd448RFC8032(t *testing.T) {
	for _, v := range []struct{ sk, pk, msg, sig string }{
		{"6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b",
			"5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778edf124769b46c7061bd6783df1e50f6cd1fa1abeafe8256180", "",
			"533a37f6bbe457251f023c0d88f976ae2dfb504a843e34d2074fd823d41a591f2b233f034f628281f2fd7a22ddd47d7828c59bd0a21bfd3980ff0d2028d4b18a9df63e006c5d1c2d345b925d8dc00b4104852db99ac5c7cdda8530a113a0f4dbb61149f05a7363268c71d95808ff2e652600"},
		{"c4eab05d357007c632f3dbb48489924d552b08fe0c353a0d4a1f00acda2c463afbea67c5e8d2877c5e3bc397a659949ef8021e954e0a12274e",
			"43ba28f430cdff456ae531545f7ecd0ac834a55d9358c0372bfa0c6c6798c0866aea01eb00742802b8438ea4cb82169c235160627b4c3a9480", "03",
			"26b8f91727bd62897af15e41eb43c377efb9c610d48f2335cb0bd0087810f4352541b143c4b981b7e18f62de8ccdf633fc1bf037ab7cd779805e0dbcc0aae1cbcee1afb2e027df36bc04dcecbf154336c19f0af7e0a6472905e799f1953d2a0ff3348ab21aa4adafd1d234441cf807c03a00"},
	} {
		k, err := Ed448PrivateFromBytes(unhex(t, v.sk))
		if err != nil {
			t.Fatal(err)
		}
		pub := k.Public()
		msg := unhex(t, v.msg)
		sig := k.Sign(msg)
		if hex.EncodeToString(pub[:]) != v.pk || hex.EncodeToString(sig) != v.sig {
			t.Fatalf("pk %x sig %x", pub, sig)
		}
		checkVerify(t, pub.Verify, msg, sig)
	}
}

func checkVerify(t *testing.T, verify func(msg, sig []byte) bool, msg, sig []byte) {
	t.Helper()
	if !verify(msg, sig) {
		t.Fatal("valid signature rejected")
	}
	bad := append([]byte(nil), sig...)
	bad[len(bad)/2] ^= 1
	if verify(msg, bad) || verify(append(append([]byte(nil), msg...), 0), sig) ||
		verify(msg, sig[:len(sig)-1]) || verify(msg, append(append([]byte(nil), sig...), 0)) {
		t.Fatal("bad signature accepted")
	}
}
