package widgets

import "strings"

// Format is how a span of message text is shown.
type Format int

const (
	Plain       Format = iota
	Bold               // *text*
	Italic             // _text_
	Strike             // ~text~
	Code               // `text`
	Secret             // #text#: hidden until tapped
	Colored            // !1 text! or !red text!
	Link               // http(s):// or simplex:/ link that is not a SimpleX connection link
	SimplexLink        // a SimpleX one-time link, address, group or channel link
)

// LinkKind says what a SimpleX link leads to.
type LinkKind int

const (
	LinkNone LinkKind = iota
	LinkInvitation
	LinkAddress
	LinkGroup
	LinkChannel
)

// Description is how a SimpleX link is shown in a message instead of its
// several hundred characters.
func (k LinkKind) Description() string {
	switch k {
	case LinkInvitation:
		return "SimpleX one-time link"
	case LinkAddress:
		return "SimpleX contact address"
	case LinkGroup:
		return "SimpleX group link"
	case LinkChannel:
		return "SimpleX channel link"
	}
	return ""
}

// Span is one piece of parsed message text. Text is the content without
// the markers; Mark is the colour token of Colored spans ("1", "red", …);
// Link is set for SimplexLink spans.
type Span struct {
	Format Format
	Text   string
	Mark   string
	Link   LinkKind
}

// markers maps the symmetric delimiters to their formats.
var markers = map[byte]Format{'*': Bold, '_': Italic, '~': Strike, '`': Code, '#': Secret}

// ParseMarkdown splits a message into spans the way SimpleX clients read
// it: line by line; a delimiter pair formats the text between when that
// text is not empty and neither starts nor ends with a space; a word (up to
// the next space) of at least 10 characters starting with http://, https://
// or simplex:/ is a link. Anything else is plain text. Every input parses;
// Source(ParseMarkdown(s)) == s.
func ParseMarkdown(s string) []Span {
	var out []Span
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			out = appendSpan(out, Span{Text: "\n"})
		}
		out = parseLine(out, line)
	}
	return out
}

func parseLine(out []Span, l string) []Span {
	for i := 0; i < len(l); {
		c := l[i]
		switch {
		case c == ' ':
			j := i
			for j < len(l) && l[j] == ' ' {
				j++
			}
			out = appendSpan(out, Span{Text: l[i:j]})
			i = j
		case markers[c] != Plain:
			end := strings.IndexByte(l[i+1:], c)
			if end < 0 { // no closing marker: the rest of the line is plain
				out = appendSpan(out, Span{Text: l[i:]})
				i = len(l)
				continue
			}
			inner := l[i+1 : i+1+end]
			if inner == "" || inner[0] == ' ' || inner[len(inner)-1] == ' ' {
				out = appendSpan(out, Span{Text: l[i : i+end+2]})
			} else {
				out = append(out, Span{Format: markers[c], Text: inner})
			}
			i += end + 2
		case c == '!':
			if sp, n, ok := colored(l[i:]); ok {
				out = append(out, sp)
				i += n
				continue
			}
			i = word(&out, l, i)
		default:
			i = word(&out, l, i)
		}
	}
	return out
}

// word takes l[i:] up to the next space and classifies it.
func word(out *[]Span, l string, i int) int {
	j := strings.IndexByte(l[i:], ' ')
	if j < 0 {
		j = len(l) - i
	}
	w := l[i : i+j]
	switch {
	case !isURI(w):
		*out = appendSpan(*out, Span{Text: w})
	case simplexLinkKind(w) != LinkNone:
		*out = append(*out, Span{Format: SimplexLink, Text: w, Link: simplexLinkKind(w)})
	default:
		*out = append(*out, Span{Format: Link, Text: w})
	}
	return i + j
}

// colourTokens are the colour names (and their digits) a coloured span may
// start with, as SimpleX clients accept them.
var colourTokens = []string{"red", "green", "blue", "yellow", "cyan", "magenta",
	"r", "g", "b", "y", "c", "m", "1", "2", "3", "4", "5", "6"}

// colored parses "!token text!" at the start of s: the token, one space,
// text that does not start with a space or '!' and does not end with a
// space, and the closing '!'. It returns the span and the bytes used.
func colored(s string) (Span, int, bool) {
	for _, tok := range colourTokens { // longest names first, so "red" wins over "r"
		p := "!" + tok + " "
		if !strings.HasPrefix(s, p) {
			continue
		}
		rest := s[len(p):]
		end := strings.IndexByte(rest, '!')
		if end <= 0 || rest[0] == ' ' || rest[end-1] == ' ' {
			return Span{}, 0, false
		}
		return Span{Format: Colored, Text: rest[:end], Mark: tok}, len(p) + end + 1, true
	}
	return Span{}, 0, false
}

// ColourName maps a colour token to one of: red green blue yellow cyan magenta.
func ColourName(tok string) string {
	switch tok {
	case "r", "1", "red":
		return "red"
	case "g", "2", "green":
		return "green"
	case "b", "3", "blue":
		return "blue"
	case "y", "4", "yellow":
		return "yellow"
	case "c", "5", "cyan":
		return "cyan"
	case "m", "6", "magenta":
		return "magenta"
	}
	return ""
}

func isURI(w string) bool {
	if len(w) < 10 {
		return false
	}
	return strings.HasPrefix(w, "http://") || strings.HasPrefix(w, "https://") || strings.HasPrefix(w, "simplex:/")
}

// simplexLinkKind recognises full connection links (/invitation, /contact
// after the scheme or host) and short links (/i#, /a#, /g#, /c#; contact
// kinds may be upper case), whatever the host: SimpleX links may name any
// relay or a preset domain.
func simplexLinkKind(w string) LinkKind {
	var path string
	switch {
	case strings.HasPrefix(w, "simplex:"):
		path = w[len("simplex:"):]
	case strings.HasPrefix(w, "https://"):
		rest := w[len("https://"):]
		k := strings.IndexByte(rest, '/')
		if k < 0 {
			return LinkNone
		}
		path = rest[k:]
	default:
		return LinkNone
	}
	switch {
	case strings.HasPrefix(path, "/invitation#") || strings.HasPrefix(path, "/invitation?"):
		return LinkInvitation
	case strings.HasPrefix(path, "/contact#") || strings.HasPrefix(path, "/contact?"):
		return LinkAddress
	}
	if len(path) < 4 || path[0] != '/' || path[2] != '#' {
		return LinkNone
	}
	switch path[1] {
	case 'i':
		return LinkInvitation
	case 'a', 'A':
		return LinkAddress
	case 'g', 'G':
		return LinkGroup
	case 'c', 'C':
		return LinkChannel
	}
	return LinkNone
}

// appendSpan adds plain text, merging it with a plain span before it.
func appendSpan(out []Span, s Span) []Span {
	if s.Format == Plain && len(out) > 0 && out[len(out)-1].Format == Plain {
		out[len(out)-1].Text += s.Text
		return out
	}
	return append(out, s)
}

// Source writes spans back as message text (the inverse of ParseMarkdown).
func Source(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		switch s.Format {
		case Bold:
			b.WriteString("*" + s.Text + "*")
		case Italic:
			b.WriteString("_" + s.Text + "_")
		case Strike:
			b.WriteString("~" + s.Text + "~")
		case Code:
			b.WriteString("`" + s.Text + "`")
		case Secret:
			b.WriteString("#" + s.Text + "#")
		case Colored:
			b.WriteString("!" + s.Mark + " " + s.Text + "!")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// PlainText is what a message says without markers, with SimpleX links
// replaced by their description: for chat list previews and notifications.
func PlainText(text string) string {
	var b strings.Builder
	for _, s := range ParseMarkdown(text) {
		switch s.Format {
		case SimplexLink:
			b.WriteString(s.Link.Description())
		case Secret:
			b.WriteString("…")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// LinkKindOf says which SimpleX link s is (surrounding space ignored), or
// LinkNone: the chat list uses it to offer "Connect" for a pasted link.
func LinkKindOf(s string) LinkKind {
	s = strings.TrimSpace(s)
	if !isURI(s) || strings.ContainsAny(s, " \n\t") {
		return LinkNone
	}
	return simplexLinkKind(s)
}
