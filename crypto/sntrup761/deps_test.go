package sntrup761

import (
	"go/build"
	"path/filepath"
	"slices"
	"testing"
)

// allowedImports is everything the KEM and its KAT DRBG may import: the
// standard library's hashing, AES and helpers. No os/exec, no cgo: nothing
// here shells out to ssh-keygen, openssl or Debian's openssh-client.
var allowedImports = []string{
	"crypto/aes", "crypto/cipher", "crypto/sha512", "crypto/subtle",
	"encoding/binary", "errors", "fmt", "io", "math/bits",
	"duplex/crypto/sntrup761/internal/nistdrbg",
}

func TestOnlyStdlibImports(t *testing.T) {
	for _, dir := range []string{".", filepath.Join("internal", "nistdrbg")} {
		pkg, err := build.ImportDir(dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(pkg.CgoFiles) > 0 {
			t.Errorf("%s uses cgo", dir)
		}
		for _, imp := range pkg.Imports {
			if !slices.Contains(allowedImports, imp) {
				t.Errorf("%s imports %s", dir, imp)
			}
		}
	}
}

// TestNoExternalTools runs a full KEM exchange with an empty PATH, so no
// helper program (ssh, ssh-keygen, openssl) could be found even if the code
// tried: Debian's openssh-client is not needed.
func TestNoExternalTools(t *testing.T) {
	t.Setenv("PATH", "")
	rng := testRNG(t, 12)
	pk, sk := mustKeyPair(t, rng)
	ct, ss, err := Encapsulate(rng, pk)
	if err != nil {
		t.Fatal(err)
	}
	if *Decapsulate(sk, ct) != *ss {
		t.Fatal("round trip failed")
	}
}
