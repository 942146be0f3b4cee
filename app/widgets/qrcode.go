package widgets

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"
)

// QRCode shows text as a QR code, crisp enough to scan from a screen with a
// phone camera: every module is a whole number of device pixels (fractional
// scaling smears module edges and defeats decoders), centred on a white
// quiet zone, with medium error correction (SimpleX links are long; higher
// levels make modules too small to scan from a laptop screen).
type QRCode struct {
	widget.BaseWidget
	raster  *canvas.Raster
	modules [][]bool // true = dark; includes the quiet zone
	text    string
}

// MinQRSize is the smallest side we render: below ~240 units phones
// struggle with a 400-character invitation link.
const MinQRSize = 240

// NewQRCode renders text; it fails for text longer than a QR code holds.
func NewQRCode(text string) (*QRCode, error) {
	q := &QRCode{}
	q.raster = canvas.NewRasterWithPixels(q.pixel)
	q.raster.SetMinSize(fyne.NewSize(MinQRSize, MinQRSize))
	q.ExtendBaseWidget(q)
	if err := q.SetText(text); err != nil {
		return nil, err
	}
	return q, nil
}

// SetText replaces the encoded text.
func (q *QRCode) SetText(text string) error {
	code, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("cannot make a QR code of %d characters: %w", len(text), err)
	}
	q.modules = code.Bitmap()
	q.text = text
	q.raster.Refresh()
	return nil
}

// Text is the encoded text.
func (q *QRCode) Text() string { return q.text }

// pixel colours one device pixel of a w×h raster.
func (q *QRCode) pixel(x, y, w, h int) color.Color {
	n := len(q.modules)
	side := min(w, h)
	if n == 0 || side < n {
		return color.White
	}
	m := side / n // whole pixels per module
	offX, offY := (w-m*n)/2, (h-m*n)/2
	cx, cy := x-offX, y-offY
	if cx < 0 || cy < 0 || cx >= m*n || cy >= m*n {
		return color.White
	}
	if q.modules[cy/m][cx/m] {
		return color.Black
	}
	return color.White
}

// CreateRenderer implements fyne.Widget.
func (q *QRCode) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(q.raster)
}
