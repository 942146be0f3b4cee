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
