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
// carries: at most api.MaxImageSide pixels a side and api.MaxImageURILen
// characters, JPEG unless the picture has transparency (then PNG, so a
// round avatar stays round). SimpleX apps write "data:image/jpg;base64,…"
// for JPEG, so we do too. A photo rarely fits at full size: the quality
// steps down first, then the size, as the SimpleX apps shrink avatars.
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
	transparent := format == "png" && !opaque(src)
	for side := api.MaxImageSide; side >= minImageSide; side = side * 3 / 4 {
		img := fitSide(src, side)
		if transparent {
			var out bytes.Buffer
			if err := png.Encode(&out, img); err != nil {
				return "", err
			}
			if uri := "data:image/png;base64," + base64.StdEncoding.EncodeToString(out.Bytes()); len(uri) <= api.MaxImageURILen {
				return uri, nil
			}
			continue
		}
		for _, q := range []int{85, 70, 55, 40} {
			var out bytes.Buffer
			if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: q}); err != nil {
				return "", err
			}
			if uri := "data:image/jpg;base64," + base64.StdEncoding.EncodeToString(out.Bytes()); len(uri) <= api.MaxImageURILen {
				return uri, nil
			}
		}
	}
	return "", api.ErrBadImage // even a tiny version does not fit: not a picture we can send
}

// minImageSide is where shrinking a picture to fit stops.
const minImageSide = 16

// fitSide scales img down so that neither side exceeds side pixels.
func fitSide(src image.Image, side int) image.Image {
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	if w <= side && h <= side {
		return src
	}
	if w >= h {
		w, h = side, max(1, h*side/w)
	} else {
		w, h = max(1, w*side/h), side
	}
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	return dst
}

func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}
