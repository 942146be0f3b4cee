package widgets

import (
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"duplex/core/api"
)

// QuickReactions are the emoji the reaction picker offers (SimpleX desktop
// offers six).
var QuickReactions = []string{"👍", "👎", "😀", "😢", "❤️", "🚀"}

// DeletedText replaces the text of a message its sender deleted.
const DeletedText = "message deleted"

// Tick is the delivery mark of a sent item.
func Tick(s api.ItemStatus) string {
	switch s {
	case api.StatusSending:
		return "🕓"
	case api.StatusSent:
		return "✓"
	case api.StatusDelivered, api.StatusRead:
		return "✓✓"
	case api.StatusError:
		return "⚠"
	}
	return ""
}

// Bubble draws one chat item. It exposes the parts tests and the chat
// view touch; what a tap means is decided by the OnX callbacks.
type Bubble struct {
	Item      api.ChatItem
	Root      fyne.CanvasObject
	Text      *widget.RichText
	Quote     *widget.Button // nil without a quote
	Footer    *widget.Label  // time, "edited", tick
	ErrLabel  *widget.Label  // the reason of a failed send; hidden otherwise
	Reactions []*widget.Button
	Menu      *widget.Button
	// Area takes the right click that opens the menu.
	Area fyne.SecondaryTappable

	OnQuote func(id api.ItemID)
	OnReact func(emoji string, on bool)
	OnMenu  func()
	OnLink  func(link string, kind LinkKind)
}

// NewBubble builds a bubble for it; peer names the contact in quotes.
func NewBubble(it api.ChatItem, peer string, loc *time.Location) *Bubble {
	b := &Bubble{Item: it}
	b.build(peer, loc)
	return b
}

// Tapped items get a highlight for a moment when jumped to.
func (b *Bubble) build(peer string, loc *time.Location) {
	it := b.Item
	var parts []fyne.CanvasObject
	if it.Quote != nil {
		who := peer
		if it.Quote.Sent {
			who = "You"
		}
		// Text-only buttons: an SVG icon per bubble costs more to decode than
		// the rest of the bubble (BenchmarkOpenChatPage).
		b.Quote = widget.NewButton("» "+truncate(who+": "+PlainText(it.Quote.Text), 80), func() {
			if b.OnQuote != nil {
				b.OnQuote(it.Quote.ItemID)
			}
		})
		b.Quote.Alignment = widget.ButtonAlignLeading
		b.Quote.Importance = widget.LowImportance
		parts = append(parts, b.Quote)
	}
	if it.Kind == api.KindEvent {
		b.buildEvent(loc)
		return
	}
	text := it.Text
	switch {
	case it.Deleted && !it.Sent:
		text = "_" + DeletedText + "_"
	case it.Kind == api.KindEvent || it.Kind == api.KindUnsupported:
		text = "_" + text + "_"
	}
	b.Text = MessageText(text, func(l string, k LinkKind) {
		if b.OnLink != nil {
			b.OnLink(l, k)
		}
	})
	parts = append(parts, b.Text)
	if it.LinkPreview != nil {
		p := widget.NewLabel(it.LinkPreview.Title + "\n" + it.LinkPreview.Description)
		p.Wrapping = fyne.TextWrapWord
		p.TextStyle.Italic = true
		parts = append(parts, p)
	}
	if len(it.Reactions) > 0 {
		row := container.NewHBox()
		for _, r := range it.Reactions {
			btn := widget.NewButton(fmt.Sprintf("%s %d", r.Emoji, r.Count), func() {
				if b.OnReact != nil {
					b.OnReact(r.Emoji, !r.Mine)
				}
			})
			if r.Mine {
				btn.Importance = widget.HighImportance
			} else {
				btn.Importance = widget.LowImportance
			}
			b.Reactions = append(b.Reactions, btn)
			row.Add(btn)
		}
		parts = append(parts, row)
	}
	b.Footer = widget.NewLabel(FooterText(it, loc))
	b.Footer.SizeName = theme.SizeNameCaptionText
	b.ErrLabel = widget.NewLabel("")
	b.ErrLabel.Wrapping = fyne.TextWrapWord
	b.ErrLabel.Importance = widget.DangerImportance
	b.ErrLabel.SizeName = theme.SizeNameCaptionText
	b.ErrLabel.Hide()
	if it.Status == api.StatusError {
		reason := it.StatusErr
		if reason == "" {
			reason = "unknown error"
		}
		b.ErrLabel.SetText("Not sent: " + reason)
		b.ErrLabel.Show()
	}
	b.Menu = widget.NewButton("⋯", func() {
		if b.OnMenu != nil {
			b.OnMenu()
		}
	})
	b.Menu.Importance = widget.LowImportance
	footer := container.NewBorder(nil, nil, nil, b.Menu, b.Footer)
	parts = append(parts, footer, b.ErrLabel)

	bg := canvas.NewRectangle(bubbleColour(it.Sent))
	bg.CornerRadius = theme.InputRadiusSize() * 2
	body := container.NewStack(bg, container.NewPadded(container.NewVBox(parts...)))
	area := newMenuArea(body, func() {
		if b.OnMenu != nil {
			b.OnMenu()
		}
	})
	b.Area = area
	b.Root = container.New(&bubbleRow{sent: it.Sent, natural: naturalWidth(it)}, area)
}

// buildEvent draws a chat event ("contact connected", a preference
// change) as a centred line rather than a bubble: nobody wrote it.
func (b *Bubble) buildEvent(loc *time.Location) {
	b.Text = MessageText("_"+b.Item.Text+"_", nil)
	b.Text.Wrapping = fyne.TextWrapOff // events are short; an HBox gives wrapped text no width
	b.Footer = widget.NewLabel(b.Item.Time.In(loc).Format("15:04"))
	b.Footer.SizeName = theme.SizeNameCaptionText
	b.ErrLabel = widget.NewLabel("")
	b.ErrLabel.Hide()
	b.Menu = widget.NewButton("⋯", func() {
		if b.OnMenu != nil {
			b.OnMenu()
		}
	})
	b.Menu.Importance = widget.LowImportance
	area := newMenuArea(container.NewHBox(b.Text, b.Footer), func() {
		if b.OnMenu != nil {
			b.OnMenu()
		}
	})
	b.Area = area
	b.Root = container.NewCenter(area)
}

// FooterText is the small line under a message: time, "edited", tick.
func FooterText(it api.ChatItem, loc *time.Location) string {
	parts := []string{it.Time.In(loc).Format("15:04")}
	if it.Edited {
		parts = append(parts, "edited")
	}
	if it.Deleted && it.Sent {
		parts = append(parts, "deleted for everyone")
	}
	if !it.DisappearAt.IsZero() {
		parts = append(parts, "⏱ "+it.DisappearAt.In(loc).Format("15:04"))
	}
	if it.Sent {
		if t := Tick(it.Status); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " · ")
}

func truncate(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// bubbleColour: a tint of the primary colour for ours, the input
// background for theirs — readable in both variants.
func bubbleColour(sent bool) color.Color {
	if sent {
		r, g, b, _ := theme.Color(theme.ColorNamePrimary).RGBA()
		return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x40}
	}
	return theme.Color(theme.ColorNameInputBackground)
}

// naturalWidth is the width the longest line of the text needs unwrapped,
// plus room for the footer, so short messages get short bubbles.
func naturalWidth(it api.ChatItem) float32 {
	size := theme.TextSize()
	w := float32(160) // footer with time, tick and menu
	for _, line := range strings.Split(PlainText(it.Text), "\n") {
		w = max(w, fyne.MeasureText(line, size, fyne.TextStyle{}).Width*1.1+4*theme.Padding()) // slack: bold and code are wider
	}
	return w
}

// bubbleRow places a bubble at most 75% of the row wide, on the right for
// our messages and on the left for the contact's.
type bubbleRow struct {
	sent    bool
	natural float32
	width   float32 // last laid-out row width: the wrapped height depends on it
}

func (l *bubbleRow) bubbleWidth(row float32) float32 {
	return max(min(row*0.75, l.natural), min(row, 160))
}

func (l *bubbleRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	w := l.bubbleWidth(size.Width)
	for _, o := range objs {
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
		x := float32(0)
		if l.sent {
			x = size.Width - w
		}
		o.Move(fyne.NewPos(x, 0))
	}
}

func (l *bubbleRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s = s.Max(fyne.NewSize(min(m.Width, 160), m.Height))
	}
	return s
}
