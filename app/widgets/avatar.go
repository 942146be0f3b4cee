package widgets

import (
	"bytes"
	"encoding/base64"
	"hash/fnv"
	"image"
	"image/color"
	_ "image/jpeg" // profile pictures are JPEG or PNG data URIs
	_ "image/png"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Avatar is a round picture of a contact or profile: the picture when the
// profile carries one, else coloured initials (the colour follows the
// name, so a contact keeps its colour across restarts).
type Avatar struct {
	widget.BaseWidget
	Name     string
	Initials string
	img      image.Image
	side     float32
}

// NewAvatar builds an avatar of side units for name and an optional
// picture given as a data URI. An unreadable picture falls back to
// initials.
func NewAvatar(name, dataURI string, side float32) *Avatar {
	a := &Avatar{Name: name, Initials: Initials(name), side: side, img: DecodeDataURI(dataURI)}
	a.ExtendBaseWidget(a)
	return a
}

// HasPicture reports whether the picture (not initials) is shown.
func (a *Avatar) HasPicture() bool { return a.img != nil }

// Initials are the first letters of the first two words, upper case.
func Initials(name string) string {
	var out []rune
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		if len(r) > 0 && (unicode.IsLetter(r[0]) || unicode.IsDigit(r[0])) {
			out = append(out, unicode.ToUpper(r[0]))
		}
		if len(out) == 2 {
			break
		}
	}
	if len(out) == 0 {
		return "?"
	}
	return string(out)
}

// DecodeDataURI decodes "data:image/…;base64,…" to an image, or nil.
func DecodeDataURI(uri string) image.Image {
	i := strings.Index(uri, ";base64,")
	if !strings.HasPrefix(uri, "data:image/") || i < 0 {
		return nil
	}
	b, err := base64.StdEncoding.DecodeString(uri[i+len(";base64,"):])
	if err != nil {
		return nil
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	return img
}

// palette: mid-tone colours readable with white text in both themes.
var palette = []color.NRGBA{
	{0x2f, 0x6f, 0xdf, 0xff}, {0x2e, 0x9d, 0x6b, 0xff}, {0xc2, 0x4e, 0x2d, 0xff}, {0x8e, 0x4e, 0xc6, 0xff},
	{0xb8, 0x86, 0x0b, 0xff}, {0x1f, 0x8a, 0x9e, 0xff}, {0xc2, 0x3b, 0x80, 0xff}, {0x5a, 0x6b, 0x7d, 0xff},
}

func (a *Avatar) colour() color.Color {
	h := fnv.New32a()
	h.Write([]byte(a.Name))
	return palette[h.Sum32()%uint32(len(palette))]
}

// CreateRenderer implements fyne.Widget.
func (a *Avatar) CreateRenderer() fyne.WidgetRenderer {
	size := fyne.NewSize(a.side, a.side)
	if a.img != nil {
		img := canvas.NewImageFromImage(a.img)
		img.FillMode = canvas.ImageFillContain
		img.CornerRadius = a.side / 2
		img.SetMinSize(size)
		return widget.NewSimpleRenderer(img)
	}
	circle := canvas.NewCircle(a.colour())
	txt := canvas.NewText(a.Initials, color.White)
	txt.TextStyle.Bold = true
	txt.TextSize = a.side * 0.4
	txt.Alignment = fyne.TextAlignCenter
	bg := canvas.NewRectangle(color.Transparent)
	bg.SetMinSize(size)
	return widget.NewSimpleRenderer(container.NewStack(bg, circle, container.NewCenter(txt)))
}
