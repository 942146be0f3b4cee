package core

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"

	"duplex/core/api"
)

// Limits on a picture the user hands us, checked before decoding so a
// hostile file cannot make us allocate gigabytes.
const (
	maxImageBytes  = 20 << 20
	maxImagePixels = 50_000_000
)

// profileImage turns a PNG or JPEG file into the data URI a SimpleX profile
// carries: scaled down to fit api.MaxImageSide, JPEG unless the picture has
// transparency (then PNG, so a round avatar stays round). SimpleX apps write
// "data:image/jpg;base64,…" for JPEG, so we do too.
func profileImage(b []byte) (string, error) {
	if len(b) == 0 || len(b) > maxImageBytes {
		return "", api.ErrBadImage
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || (format != "png" && format != "jpeg") ||
		cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxImagePixels {
		return "", api.ErrBadImage
	}
	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return "", api.ErrBadImage
	}
	img := src
	w, h := cfg.Width, cfg.Height
	if w > api.MaxImageSide || h > api.MaxImageSide {
		if w >= h {
			w, h = api.MaxImageSide, max(1, h*api.MaxImageSide/w)
		} else {
			w, h = max(1, w*api.MaxImageSide/h), api.MaxImageSide
		}
		dst := image.NewNRGBA(image.Rect(0, 0, w, h))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
		img = dst
	}
	var out bytes.Buffer
	if format == "png" && !opaque(img) {
		if err := png.Encode(&out, img); err != nil {
			return "", err
		}
		return "data:image/png;base64," + base64.StdEncoding.EncodeToString(out.Bytes()), nil
	}
	if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: 85}); err != nil {
		return "", err
	}
	return "data:image/jpg;base64," + base64.StdEncoding.EncodeToString(out.Bytes()), nil
}

func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}
