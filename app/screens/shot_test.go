package screens

import (
	"image/png"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	dtheme "duplex/app/theme"
)

func TestShots(t *testing.T) {
	dir := os.Getenv("SHOTS")
	if dir == "" {
		t.Skip()
	}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(dtheme.New(os.Getenv("SHOTS_THEME")))
	pages := filled()
	for _, pg := range pages.All() {
		content := pg.Root
		if !pg.TopLevel {
			pages.Shell.Show(pg.Root)
			content = pages.Shell.Root
		}
		w := test.NewTempWindow(t, content)
		w.Resize(fyne.NewSize(1000, 720))
		f, _ := os.Create(dir + "/" + string(pg.ID) + ".png")
		png.Encode(f, w.Canvas().Capture())
		f.Close()
	}
}
