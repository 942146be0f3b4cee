package widgets

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/makiuchi-d/gozxing"
	qrreader "github.com/makiuchi-d/gozxing/qrcode"
)

// A link of realistic length: a SimpleX invitation with PQ key is longer,
// but full links with KEM keys are not put in QR codes (short links are).
var link = "simplex:/invitation#/?v=2-7&smp=smp%3A%2F%2F" + strings.Repeat("abcdefgh", 40)

func decode(t *testing.T, c fyne.Canvas) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(c.Capture())
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrreader.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("rendered QR code does not decode: %v", err)
	}
	return res.GetText()
}

func TestQRCodeScansBack(t *testing.T) {
	test.NewTempApp(t)
	q, err := NewQRCode(link)
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, q)
	w.Resize(fyne.NewSize(400, 400))
	if got := decode(t, w.Canvas()); got != link {
		t.Fatalf("decoded %q, want %q", got, link)
	}
	if err := q.SetText("hello"); err != nil {
		t.Fatal(err)
	}
	if got := decode(t, w.Canvas()); got != "hello" {
		t.Fatalf("after SetText decoded %q", got)
	}
	if ms := q.MinSize(); ms.Width < MinQRSize || ms.Height < MinQRSize {
		t.Errorf("MinSize %v below %d", ms, MinQRSize)
	}
}

func TestQRCodeTooLong(t *testing.T) {
	test.NewTempApp(t)
	if _, err := NewQRCode(strings.Repeat("x", 5000)); err == nil {
		t.Fatal("5000 characters fit in a QR code?")
	}
}
