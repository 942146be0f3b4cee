package widgets

import (
	"bytes"
	"errors"
	"image"
	_ "image/gif" // screenshots and saved QR codes come in any of these
	_ "image/jpeg"
	_ "image/png"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// ErrNoQRCode: the picture holds no readable QR code.
var ErrNoQRCode = errors.New("no QR code was found in this picture")

// DecodeQRImage reads the text of the QR code in a PNG, JPEG or GIF file's
// bytes (a saved QR code or a screenshot of one).
func DecodeQRImage(b []byte) (string, error) {
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return "", errors.New("this file is not a PNG, JPEG or GIF picture")
	}
	return DecodeQR(img)
}

// DecodeQR reads the text of the QR code in img.
func DecodeQR(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", ErrNoQRCode
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return "", ErrNoQRCode
	}
	return res.GetText(), nil
}
