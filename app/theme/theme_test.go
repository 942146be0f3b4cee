package theme

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"
)

func TestVariants(t *testing.T) {
	test.NewTempApp(t)
	bg := fynetheme.ColorNameBackground
	def := fynetheme.DefaultTheme()
	lightBG := def.Color(bg, fynetheme.VariantLight)
	darkBG := def.Color(bg, fynetheme.VariantDark)
	if lightBG == darkBG {
		t.Fatal("default theme has equal light and dark backgrounds; test is meaningless")
	}
	for _, c := range []struct {
		choice string
		asked  fyne.ThemeVariant
		want   any
	}{
		{System, fynetheme.VariantDark, darkBG},
		{System, fynetheme.VariantLight, lightBG},
		{"", fynetheme.VariantDark, darkBG},
		{Light, fynetheme.VariantDark, lightBG},
		{Dark, fynetheme.VariantLight, darkBG},
	} {
		if got := New(c.choice).Color(bg, c.asked); got != c.want {
			t.Errorf("New(%q) background for variant %d = %v, want %v", c.choice, c.asked, got, c.want)
		}
	}
}

func TestTextScaleAndMarkdownColours(t *testing.T) {
	def := fynetheme.DefaultTheme()
	big := NewScaled(Light, 1.5)
	if got, want := big.Size(fynetheme.SizeNameText), def.Size(fynetheme.SizeNameText)*1.5; got != want {
		t.Errorf("scaled text size %v, want %v", got, want)
	}
	if big.Size(fynetheme.SizeNamePadding) != def.Size(fynetheme.SizeNamePadding) {
		t.Error("padding scaled with the text")
	}
	if NewScaled(Dark, 0).Size(fynetheme.SizeNameText) != def.Size(fynetheme.SizeNameText) {
		t.Error("scale 0 is not treated as 1")
	}
	for _, n := range []fyne.ThemeColorName{ColorNameCyan, ColorNameMagenta} {
		l, d := New(Light).Color(n, fynetheme.VariantLight), New(Dark).Color(n, fynetheme.VariantDark)
		if l == d {
			t.Errorf("%s: same colour in light and dark", n)
		}
		if _, _, _, a := l.RGBA(); a == 0 {
			t.Errorf("%s is transparent", n)
		}
	}
}
