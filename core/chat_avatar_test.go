package core

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"duplex/core/api"
)

// noisyPhoto is the worst case for JPEG: every pixel random, as in a
// detailed photo.
func noisyPhoto(w, h int, transparent bool) image.Image {
	r := rand.New(rand.NewPCG(1, 2))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := uint8(255)
			if transparent && (x+y)%7 == 0 {
				a = 0
			}
			img.Set(x, y, color.NRGBA{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)), a})
		}
	}
	return img
}

// Profiles with the largest pictures we store still connect, through a
// one-time link and through an address (whose request also carries the
// PQ key), and their pictures arrive; a profile update with a new picture
// reaches the contact too.
func TestAvatarsFitTheHandshake(t *testing.T) {
	r := startRelay(t)
	clk := newClock()
	alice, bob, carol := newUser(t, "alice", clk, r), newUser(t, "bob", clk, r), newUser(t, "carol", clk, r)
	for _, u := range []*user{alice, bob, carol} {
		p, err := u.c.UpdateProfile(ctx(t), u.p, api.ProfileUpdate{Image: encode(t, noisyPhoto(1200, 900, false), "jpeg")})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Image) > api.MaxImageURILen {
			t.Fatalf("%s's picture is %d bytes as a data URI, over %d", u.name, len(p.Image), api.MaxImageURILen)
		}
	}
	ca, cb := connect(t, alice, bob)
	if ca.Image == "" || cb.Image == "" {
		t.Fatalf("pictures did not arrive: alice sees bob's %d bytes, bob sees alice's %d", len(ca.Image), len(cb.Image))
	}
	addr, err := alice.c.CreateAddress(ctx(t), alice.p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := carol.c.Connect(ctx(t), carol.p, addr.Link, false); err != nil {
		t.Fatal(err)
	}
	req := alice.waitType(api.EvContactRequest).Request
	if req.Image == "" {
		t.Fatal("the request lost carol's picture")
	}
	if _, err := alice.c.AcceptRequest(ctx(t), req.ID, false); err != nil {
		t.Fatal(err)
	}
	alice.wait("carol connected", func(ev api.Event) bool {
		return ev.Type == api.EvContactConnected && ev.Contact.DisplayName == "carol"
	})
	carol.waitType(api.EvContactConnected)

	// A new picture (transparent, so PNG) reaches bob.
	if _, err := alice.c.UpdateProfile(ctx(t), alice.p, api.ProfileUpdate{Image: encode(t, noisyPhoto(700, 700, true), "png")}); err != nil {
		t.Fatal(err)
	}
	bob.wait("alice's new picture", func(ev api.Event) bool {
		return ev.Type == api.EvContactUpdated && ev.Contact.ID == cb.ID && ev.Contact.Image != cb.Image && ev.Contact.Image != ""
	})
}
