package resources

import (
	"bytes"
	"image/png"
	"testing"
)

func TestIconsDecode(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(IconPNG))
	if err != nil {
		t.Fatalf("icon.png: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 256 {
		t.Errorf("icon.png is %v, want 256x256", b)
	}
	// Corners are transparent (rounded square), the centre is opaque.
	if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
		t.Errorf("corner alpha %d, want transparent", a)
	}
	if _, _, _, a := img.At(128, 30).RGBA(); a != 0xffff {
		t.Errorf("centre alpha %d, want opaque", a)
	}
	if !bytes.HasPrefix(IconSVG, []byte("<svg")) {
		t.Error("icon.svg does not start with <svg")
	}
}
