package enc

import (
	"bytes"
	"testing"
)

func TestB64(t *testing.T) {
	// DER of an X25519 key as it appears in queue URIs (vectors.md §3).
	const uriKey = "MCowBQYDK2VuAyEAjiswwI3O_NlS8Fk3HJUW870EY2bAwmttMBsvRB9eV3o="
	der, err := ParseB64(uriKey)
	if err != nil || len(der) != 44 || B64(der) != uriKey {
		t.Fatalf("padded round trip: %d %v", len(der), err)
	}
	if _, err := ParseB64(uriKey[:len(uriKey)-1]); err == nil {
		t.Fatal("ParseB64 accepted unpadded input")
	}
	if _, err := ParseB64NoPad(uriKey); err == nil {
		t.Fatal("ParseB64NoPad accepted '='")
	}
	np := B64NoPad(der)
	if got, err := ParseB64NoPad(np); err != nil || !bytes.Equal(got, der) {
		t.Fatal("unpadded round trip")
	}
	for _, bad := range []string{"ab+/", "ab/=", "YW\nJj", "YWJj\r", "YR==", "Y"} {
		if _, err := ParseB64(bad); err == nil {
			t.Errorf("ParseB64(%q) accepted", bad)
		}
		if _, err := ParseB64NoPad(bad); err == nil {
			t.Errorf("ParseB64NoPad(%q) accepted", bad)
		}
	}
	for _, s := range []string{uriKey, np, "YWJj", ""} {
		if got, err := ParseB64Lenient(s); err != nil || (s != "" && len(got) == 0) {
			t.Errorf("ParseB64Lenient(%q) = %v", s, err)
		}
	}
	if _, err := ParseB64Lenient("Y"); err == nil {
		t.Error("lenient accepted 1 char")
	}
}
