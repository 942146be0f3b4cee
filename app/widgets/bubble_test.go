package widgets

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"duplex/core/api"
)

func TestBubble(t *testing.T) {
	test.NewTempApp(t)
	at := time.Date(2026, 3, 14, 9, 5, 0, 0, time.UTC)
	it := api.ChatItem{ID: 1, Sent: true, Kind: api.KindText, Status: api.StatusError, StatusErr: "relay unreachable",
		Text: "see simplex:/invitation#/?v=2 and *this*", Time: at, Edited: true,
		Quote:     &api.Quote{ItemID: 7, Text: "_question_"},
		Reactions: []api.Reaction{{Emoji: "👍", Count: 2, Mine: true}}}
	b := NewBubble(it, "bob", time.UTC)
	if b.Footer.Text != "09:05 · edited · ⚠" {
		t.Errorf("footer %q", b.Footer.Text)
	}
	if !b.ErrLabel.Visible() || b.ErrLabel.Text != "Not sent: relay unreachable" {
		t.Errorf("error %q visible %v", b.ErrLabel.Text, b.ErrLabel.Visible())
	}
	if b.Quote.Text != "» bob: question" {
		t.Errorf("quote %q", b.Quote.Text)
	}
	var shown []string
	for _, s := range b.Text.Segments {
		shown = append(shown, s.Textual())
	}
	if got := strings.Join(shown, ""); got != "see SimpleX one-time link and this" {
		t.Errorf("text shows %q", got)
	}
	var quote api.ItemID
	var menus int
	var react string
	var on bool
	var link LinkKind
	b.OnQuote = func(id api.ItemID) { quote = id }
	b.OnMenu = func() { menus++ }
	b.OnReact = func(e string, o bool) { react, on = e, o }
	b.OnLink = func(_ string, k LinkKind) { link = k }
	test.Tap(b.Quote)
	test.Tap(b.Menu)
	b.Area.TappedSecondary(&fyne.PointEvent{})
	test.Tap(b.Reactions[0])
	for _, s := range b.Text.Segments {
		if h, ok := s.(interface{ Textual() string }); ok && h.Textual() == "SimpleX one-time link" {
			s.(*widget.HyperlinkSegment).OnTapped()
		}
	}
	if quote != 7 || menus != 2 || react != "👍" || on || link != LinkInvitation {
		t.Errorf("callbacks: quote %d menus %d react %q on %v link %d", quote, menus, react, on, link)
	}

	got := NewBubble(api.ChatItem{ID: 2, Kind: api.KindText, Status: api.StatusReceived, Text: "gone", Deleted: true, Time: at}, "bob", time.UTC)
	if s := got.Text.Segments[0].Textual(); s != DeletedText {
		t.Errorf("deleted item shows %q", s)
	}
	if got.ErrLabel.Visible() || strings.Contains(got.Footer.Text, "✓") {
		t.Error("received item shows a tick or an error")
	}
	mine := api.ChatItem{Sent: true, Status: api.StatusSent, Deleted: true, Time: at, DisappearAt: at.Add(time.Hour)}
	if f := FooterText(mine, time.UTC); f != "09:05 · deleted for everyone · ⏱ 10:05 · ✓" {
		t.Errorf("footer %q", f)
	}
}

func TestSecretRevealsOnTap(t *testing.T) {
	test.NewTempApp(t)
	rt := MessageText("pin #4321#", nil)
	h := rt.Segments[1].(*widget.HyperlinkSegment)
	if h.Text != "••••" {
		t.Fatalf("secret shown as %q", h.Text)
	}
	h.OnTapped()
	if rt.Segments[1].Textual() != "4321" {
		t.Errorf("after tap: %q", rt.Segments[1].Textual())
	}
}

func TestAvatarInitials(t *testing.T) {
	for in, want := range map[string]string{"alice": "A", "Bob Builder": "BB", "  émile zola x": "ÉZ", "": "?", "🙂": "?", "42 things": "4T"} {
		if got := Initials(in); got != want {
			t.Errorf("Initials(%q) = %q, want %q", in, got, want)
		}
	}
	if DecodeDataURI("data:image/png;base64,!!!") != nil || DecodeDataURI("http://x") != nil {
		t.Error("bad data URIs decoded")
	}
	a := NewAvatar("x", "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", 40)
	if !a.HasPicture() {
		t.Error("a valid PNG data URI shows initials")
	}
}
