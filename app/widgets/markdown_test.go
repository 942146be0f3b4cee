package widgets

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseMarkdown(t *testing.T) {
	inv := "https://simplex.chat/invitation#/?v=2-7&smp=smp%3A%2F%2Fabc"
	short := "https://smp4.simplex.im/i#abcdef/ghijk"
	addr := "simplex:/contact#/?v=2-7&smp=x"
	for _, c := range []struct {
		in   string
		want []Span
	}{
		{"", nil},
		{"hello", []Span{{Text: "hello"}}},
		{"*bold*", []Span{{Format: Bold, Text: "bold"}}},
		{"a *b c* d", []Span{{Text: "a "}, {Format: Bold, Text: "b c"}, {Text: " d"}}},
		{"_it_ ~st~ `co de`", []Span{{Format: Italic, Text: "it"}, {Text: " "}, {Format: Strike, Text: "st"}, {Text: " "}, {Format: Code, Text: "co de"}}},
		{"#secret#", []Span{{Format: Secret, Text: "secret"}}},
		{"* not bold*", []Span{{Text: "* not bold*"}}},
		{"*not bold *x", []Span{{Text: "*not bold *x"}}},
		{"**", []Span{{Text: "**"}}},
		{"*open", []Span{{Text: "*open"}}},
		{"snake_case_name", []Span{{Text: "snake_case_name"}}},
		{"!1 red text!", []Span{{Format: Colored, Text: "red text", Mark: "1"}}},
		{"!green ok!", []Span{{Format: Colored, Text: "ok", Mark: "green"}}},
		{"!x nope!", []Span{{Text: "!x nope!"}}},
		{"wow!", []Span{{Text: "wow!"}}},
		{"see https://example.com/a now", []Span{{Text: "see "}, {Format: Link, Text: "https://example.com/a"}, {Text: " now"}}},
		{"http://a", []Span{{Text: "http://a"}}}, // shorter than 10: not a link
		{inv, []Span{{Format: SimplexLink, Text: inv, Link: LinkInvitation}}},
		{short, []Span{{Format: SimplexLink, Text: short, Link: LinkInvitation}}},
		{addr, []Span{{Format: SimplexLink, Text: addr, Link: LinkAddress}}},
		{"https://smp.example/A#xyz", []Span{{Format: SimplexLink, Text: "https://smp.example/A#xyz", Link: LinkAddress}}},
		{"https://smp.example/g#xyz", []Span{{Format: SimplexLink, Text: "https://smp.example/g#xyz", Link: LinkGroup}}},
		{"line1\n*b*", []Span{{Text: "line1\n"}, {Format: Bold, Text: "b"}}},
		{"*a\nb*", []Span{{Text: "*a\nb*"}}}, // formats never cross lines
		{"héllo *wörld*", []Span{{Text: "héllo "}, {Format: Bold, Text: "wörld"}}},
	} {
		got := ParseMarkdown(c.in)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseMarkdown(%q)\n got %+v\nwant %+v", c.in, got, c.want)
		}
		if s := Source(got); s != c.in {
			t.Errorf("Source(ParseMarkdown(%q)) = %q", c.in, s)
		}
	}
}

func TestLinkDescriptions(t *testing.T) {
	for k, want := range map[LinkKind]string{
		LinkInvitation: "SimpleX one-time link", LinkAddress: "SimpleX contact address",
		LinkGroup: "SimpleX group link", LinkChannel: "SimpleX channel link", LinkNone: "",
	} {
		if got := k.Description(); got != want {
			t.Errorf("%d: %q, want %q", k, got, want)
		}
	}
	got := PlainText("join: simplex:/invitation#/?v=2 *now* #pin#")
	if got != "join: SimpleX one-time link now …" {
		t.Errorf("PlainText = %q", got)
	}
}

func TestColourNames(t *testing.T) {
	for _, tok := range colourTokens {
		if ColourName(tok) == "" {
			t.Errorf("token %q has no colour", tok)
		}
	}
	if ColourName("purple") != "" {
		t.Error("unknown colour accepted")
	}
}

// FuzzParseMarkdown: every input parses without panicking, round-trips
// through Source, and yields no empty or adjacent plain spans.
func FuzzParseMarkdown(f *testing.F) {
	for _, s := range []string{"", "*b* _i_ ~s~ `c` #s#", "!1 x!", "!red  x!", "* x*", "**__~~``##",
		"https://simplex.chat/contact#/?v=1", "simplex:/i#", "a\n\n*b\nc*", "!", "!r", "!r !", "\xff*\xfe*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spans := ParseMarkdown(s)
		if got := Source(spans); got != s {
			t.Fatalf("round trip %q -> %q", s, got)
		}
		for i, sp := range spans {
			if sp.Text == "" {
				t.Fatalf("empty span %d in %q", i, s)
			}
			if i > 0 && sp.Format == Plain && spans[i-1].Format == Plain {
				t.Fatalf("adjacent plain spans in %q", s)
			}
			if sp.Format != Plain && sp.Format != Code && strings.Contains(sp.Text, "\n") {
				t.Fatalf("format crosses a line in %q", s)
			}
		}
		if utf8.ValidString(s) && !utf8.ValidString(PlainText(s)) {
			t.Fatalf("PlainText broke UTF-8 of %q", s)
		}
	})
}
