// Package theme is Duplex's look: Fyne's default theme with the user's
// light/dark/system choice applied on top.
//
// "System" passes through the variant Fyne reads from the desktop (the XDG
// portal on Linux, the appearance setting on macOS and Windows), so the app
// follows the OS live; "light"/"dark" pin it.
package theme

import (
	"image/color"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"
)

// Variant choices understood by New.
const (
	System = "system"
	Light  = "light"
	Dark   = "dark"
)

type duplexTheme struct {
	base   fyne.Theme
	forced *fyne.ThemeVariant
}

// New returns the theme for a choice; unknown choices mean System.
func New(choice string) fyne.Theme {
	t := &duplexTheme{base: fynetheme.DefaultTheme()}
	switch choice {
	case Light:
		v := fynetheme.VariantLight
		t.forced = &v
	case Dark:
		v := fynetheme.VariantDark
		t.forced = &v
	}
	return t
}

func (t *duplexTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.forced != nil {
		v = *t.forced
	}
	if n == fynetheme.ColorNamePrimary {
		if v == fynetheme.VariantDark {
			return color.NRGBA{R: 0x5a, G: 0x8f, B: 0xf0, A: 0xff}
		}
		return color.NRGBA{R: 0x2f, G: 0x6f, B: 0xdf, A: 0xff}
	}
	return t.base.Color(n, v)
}

func (t *duplexTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.base.Font(s) }
func (t *duplexTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }
func (t *duplexTheme) Size(n fyne.ThemeSizeName) float32       { return t.base.Size(n) }
