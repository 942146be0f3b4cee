// Package theme is Duplex's look: Fyne's default theme with the user's
// light/dark/system choice and text size applied on top.
//
// "System" passes through the variant Fyne reads from the desktop (the XDG
// portal on Linux, the appearance setting on macOS and Windows), so the app
// follows the OS live; "light"/"dark" pin it. The text scale multiplies only
// text and inline-icon sizes: paddings stay, so a larger text does not waste
// the space a Fyne-wide scale would.
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

// Colour names for coloured markdown that Fyne lacks (app/widgets uses them).
const (
	ColorNameCyan    fyne.ThemeColorName = "duplexCyan"
	ColorNameMagenta fyne.ThemeColorName = "duplexMagenta"
)

type duplexTheme struct {
	base   fyne.Theme
	forced *fyne.ThemeVariant
	scale  float32
}

// New returns the theme for a choice; unknown choices mean System.
func New(choice string) fyne.Theme { return NewScaled(choice, 1) }

// NewScaled is New with text sizes multiplied by scale (≤ 0 means 1).
func NewScaled(choice string, scale float32) fyne.Theme {
	if scale <= 0 {
		scale = 1
	}
	t := &duplexTheme{base: fynetheme.DefaultTheme(), scale: scale}
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
	dark := v == fynetheme.VariantDark
	switch n {
	case fynetheme.ColorNamePrimary:
		if dark {
			return color.NRGBA{R: 0x5a, G: 0x8f, B: 0xf0, A: 0xff}
		}
		return color.NRGBA{R: 0x2f, G: 0x6f, B: 0xdf, A: 0xff}
	case ColorNameCyan:
		if dark {
			return color.NRGBA{R: 0x4d, G: 0xd0, B: 0xe1, A: 0xff}
		}
		return color.NRGBA{R: 0x00, G: 0x83, B: 0x8f, A: 0xff}
	case ColorNameMagenta:
		if dark {
			return color.NRGBA{R: 0xe5, G: 0x7c, B: 0xe5, A: 0xff}
		}
		return color.NRGBA{R: 0xa0, G: 0x2c, B: 0xa0, A: 0xff}
	}
	return t.base.Color(n, v)
}

func (t *duplexTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.base.Font(s) }
func (t *duplexTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

func (t *duplexTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.base.Size(n)
	switch n {
	case fynetheme.SizeNameText, fynetheme.SizeNameCaptionText, fynetheme.SizeNameHeadingText,
		fynetheme.SizeNameSubHeadingText, fynetheme.SizeNameInlineIcon:
		return s * t.scale
	}
	return s
}
