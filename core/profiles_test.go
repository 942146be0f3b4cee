package core

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"duplex/core/api"
)

func openStore(t *testing.T) (*Local, string) {
	t.Helper()
	dir := t.TempDir()
	c := openCore(t, dir)
	if err := c.CreateStorage(context.Background(), api.ProtectionPassphrase, "pw"); err != nil {
		t.Fatal(err)
	}
	return c, dir
}

func names(ps []api.Profile) string {
	var s []string
	for _, p := range ps {
		n := p.DisplayName
		if p.Active {
			n += "*"
		}
		if p.Muted {
			n += "(muted)"
		}
		s = append(s, n)
	}
	return strings.Join(s, ",")
}

func TestProfileCRUD(t *testing.T) {
	ctx := context.Background()
	c, dir := openStore(t)
	alice, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: "alice", FullName: "Alice A."})
	if err != nil || !alice.Active || alice.FullName != "Alice A." {
		t.Fatalf("first profile %+v %v: want it active", alice, err)
	}
	bob, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: "bob"})
	if err != nil || bob.Active {
		t.Fatalf("second profile %+v %v: want it inactive", bob, err)
	}
	list := func() string {
		t.Helper()
		ps, err := c.Profiles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return names(ps)
	}
	if got := list(); got != "alice*,bob" {
		t.Fatalf("list %s", got)
	}
	if err := c.SetActiveProfile(ctx, bob.ID); err != nil {
		t.Fatal(err)
	}
	if got := list(); got != "bob*,alice" {
		t.Fatalf("after switch %s (active first)", got)
	}
	if err := c.SetActiveProfile(ctx, 999); !errors.Is(err, api.ErrNoSuchProfile) {
		t.Fatalf("switch to a missing profile: %v", err)
	}
	name, full := "Bobby", ""
	up, err := c.UpdateProfile(ctx, bob.ID, api.ProfileUpdate{DisplayName: &name, FullName: &full})
	if err != nil || up.DisplayName != "Bobby" || !up.Active {
		t.Fatalf("rename %+v %v", up, err)
	}
	bad := " Bobby"
	if _, err := c.UpdateProfile(ctx, bob.ID, api.ProfileUpdate{DisplayName: &bad}); err == nil {
		t.Fatal("rename to an invalid name accepted")
	}
	if err := c.MuteProfile(ctx, alice.ID, true); err != nil {
		t.Fatal(err)
	}
	if got := list(); got != "Bobby*,alice(muted)" {
		t.Fatalf("after rename and mute %s", got)
	}
	// Remembered across a restart: active profile, names, mute.
	c.Close()
	c = openCore(t, dir)
	if err := c.Unlock(ctx, "pw"); err != nil {
		t.Fatal(err)
	}
	if got := list(); got != "Bobby*,alice(muted)" {
		t.Fatalf("after restart %s", got)
	}
	// Deleting the active profile activates the other; the last cannot go.
	if err := c.DeleteProfile(ctx, bob.ID); err != nil {
		t.Fatal(err)
	}
	if got := list(); got != "alice*(muted)" {
		t.Fatalf("after delete %s", got)
	}
	if err := c.DeleteProfile(ctx, alice.ID); !errors.Is(err, api.ErrLastProfile) {
		t.Fatalf("delete the last profile: %v", err)
	}
	if err := c.DeleteProfile(ctx, bob.ID); !errors.Is(err, api.ErrNoSuchProfile) {
		t.Fatalf("delete twice: %v", err)
	}
	if err := c.MuteProfile(ctx, alice.ID, false); err != nil {
		t.Fatal(err)
	}
	if got := list(); got != "alice*" {
		t.Fatalf("after unmute %s", got)
	}
}

func TestDisplayNameRules(t *testing.T) {
	good := []string{"alice", "алиса", "John Doe", "J.Doe", "alice@example.com", "a", "x#y", "O'Brien", "😀"}
	for _, n := range good {
		if err := ValidateDisplayName(n); err != nil {
			t.Errorf("%q refused: %v", n, err)
		}
	}
	bad := []string{"", " alice", "alice ", "#alice", "@alice", "'alice", "John  Doe", "a\nb", "a\tb", "\u00a0a",
		"a\x00", string([]byte{0xff}), strings.Repeat("x", MaxDisplayNameRunes+1)}
	for _, n := range bad {
		err := ValidateDisplayName(n)
		var ne *api.NameError
		if !errors.As(err, &ne) {
			t.Errorf("%q accepted (%v)", n, err)
		}
	}
	// The core enforces it on create.
	c, _ := openStore(t)
	if _, err := c.CreateProfile(context.Background(), api.NewProfile{DisplayName: "@bob"}); err == nil ||
		!strings.Contains(err.Error(), "cannot start with #, @") {
		t.Fatalf("CreateProfile(@bob) = %v", err)
	}
}

func FuzzValidateDisplayName(f *testing.F) {
	for _, s := range []string{"alice", " a", "#a", "a  b", "\xff", "J. Doe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateDisplayName(s) != nil {
			return
		}
		if s == "" || strings.TrimSpace(s) != s || strings.ContainsAny(s[:1], "#@'") || strings.Contains(s, "  ") {
			t.Fatalf("%q accepted but breaks a rule", s)
		}
	})
}

func encode(t *testing.T, img image.Image, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func decodeURI(t *testing.T, uri, prefix string) image.Image {
	t.Helper()
	rest, ok := strings.CutPrefix(uri, prefix)
	if !ok {
		t.Fatalf("image %.40q… lacks prefix %q", uri, prefix)
	}
	raw, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestProfileImage(t *testing.T) {
	ctx := context.Background()
	c, _ := openStore(t)
	big := image.NewRGBA(image.Rect(0, 0, 1600, 800))
	for y := 0; y < 800; y++ {
		for x := 0; x < 1600; x++ {
			big.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	p, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: "pic", Image: encode(t, big, "png")})
	if err != nil {
		t.Fatal(err)
	}
	// Stored as JPEG, shrunk to fit api.MaxImageSide and api.MaxImageURILen,
	// aspect ratio kept.
	fits := func(uri, prefix string, w, h int) {
		t.Helper()
		got := decodeURI(t, uri, prefix).Bounds().Size()
		if len(uri) > api.MaxImageURILen || got.X > api.MaxImageSide || got.Y > api.MaxImageSide || got.X < 16 ||
			abs(got.X*h-got.Y*w) > max(w, h) {
			t.Fatalf("%dx%d stored as %v in %d bytes", w, h, got, len(uri))
		}
	}
	fits(p.Image, "data:image/jpg;base64,", 1600, 800)
	// Transparency survives as PNG; small pictures keep their size.
	clear := image.NewNRGBA(image.Rect(0, 0, 40, 60))
	clear.Set(3, 3, color.NRGBA{255, 0, 0, 128})
	u, err := c.UpdateProfile(ctx, p.ID, api.ProfileUpdate{Image: encode(t, clear, "png")})
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeURI(t, u.Image, "data:image/png;base64,").Bounds().Size(); got != image.Pt(40, 60) {
		t.Fatalf("transparent 40x60 stored as %v", got)
	}
	tall := image.NewGray(image.Rect(0, 0, 300, 3000))
	u, err = c.UpdateProfile(ctx, p.ID, api.ProfileUpdate{Image: encode(t, tall, "jpeg")})
	if err != nil {
		t.Fatal(err)
	}
	fits(u.Image, "data:image/jpg;base64,", 300, 3000)
	// Removing the picture.
	if u, err = c.UpdateProfile(ctx, p.ID, api.ProfileUpdate{Image: []byte{}}); err != nil || u.Image != "" {
		t.Fatalf("remove picture: %q %v", u.Image, err)
	}
	for _, junk := range [][]byte{[]byte("not an image"), []byte("GIF89a\x01\x00\x01\x00"), encode(t, big, "png")[:100]} {
		if _, err := c.CreateProfile(ctx, api.NewProfile{DisplayName: "x", Image: junk}); !errors.Is(err, api.ErrBadImage) {
			t.Errorf("junk image: %v, want ErrBadImage", err)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
