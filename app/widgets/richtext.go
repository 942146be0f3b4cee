package widgets

import (
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	dtheme "duplex/app/theme"
)

// strikeMark (U+0336 COMBINING LONG STROKE OVERLAY) after each rune draws
// strikethrough: Fyne's text styles have none, and the bundled fonts
// carry the mark.
const strikeMark = '\u0336'

// MessageText renders message text as rich text. onLink is called when a
// link is tapped, with the link and what kind of SimpleX link it is
// (LinkNone for web links); secrets show as dots until tapped.
func MessageText(text string, onLink func(link string, kind LinkKind)) *widget.RichText {
	rt := widget.NewRichText()
	rt.Wrapping = fyne.TextWrapWord
	spans := ParseMarkdown(text)
	segs := make([]widget.RichTextSegment, 0, len(spans))
	for i, s := range spans {
		segs = append(segs, segment(rt, i, s, onLink))
	}
	rt.Segments = segs
	rt.Refresh()
	return rt
}

func inline(text string, st widget.RichTextStyle) *widget.TextSegment {
	st.Inline = true
	return &widget.TextSegment{Text: text, Style: st}
}

func segment(rt *widget.RichText, i int, s Span, onLink func(string, LinkKind)) widget.RichTextSegment {
	switch s.Format {
	case Bold:
		return inline(s.Text, widget.RichTextStyleStrong)
	case Italic:
		return inline(s.Text, widget.RichTextStyleEmphasis)
	case Code:
		return inline(s.Text, widget.RichTextStyleCodeInline)
	case Strike:
		var b strings.Builder
		for _, r := range s.Text {
			b.WriteRune(r)
			b.WriteRune(strikeMark)
		}
		st := widget.RichTextStyleInline
		st.ColorName = theme.ColorNamePlaceHolder
		return inline(b.String(), st)
	case Colored:
		st := widget.RichTextStyleInline
		st.ColorName = colourName(ColourName(s.Mark))
		return inline(s.Text, st)
	case Secret:
		h := &widget.HyperlinkSegment{Text: strings.Repeat("•", min(len([]rune(s.Text)), 12))}
		h.OnTapped = func() { // reveal in place
			rt.Segments[i] = inline(s.Text, widget.RichTextStyleInline)
			rt.Refresh()
		}
		return h
	case Link, SimplexLink:
		u, err := url.Parse(s.Text)
		if err != nil {
			return inline(s.Text, widget.RichTextStyleInline)
		}
		text := s.Text
		if s.Format == SimplexLink {
			text = s.Link.Description()
		}
		return &widget.HyperlinkSegment{Text: text, URL: u, OnTapped: func() {
			if onLink != nil {
				onLink(s.Text, s.Link)
			}
		}}
	}
	return inline(s.Text, widget.RichTextStyleInline)
}

func colourName(c string) fyne.ThemeColorName {
	switch c {
	case "red":
		return theme.ColorNameError
	case "green":
		return theme.ColorNameSuccess
	case "blue":
		return theme.ColorNamePrimary
	case "yellow":
		return theme.ColorNameWarning
	case "cyan":
		return dtheme.ColorNameCyan
	case "magenta":
		return dtheme.ColorNameMagenta
	}
	return theme.ColorNameForeground
}
