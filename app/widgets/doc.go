// Package widgets holds Duplex's own Fyne widgets and the message-text
// parser they draw with. Widgets draw and expose OnX callbacks; the
// controller decides what a tap means.
//
// Message text (markdown.go) is parsed the way SimpleX clients read it, so
// a message looks the same here as on the sender's phone:
//
//	line     = fragment*                      (lines are parsed separately)
//	fragment = spaces | marked | colored | word
//	marked   = c text c   for c in * _ ~ ` #  (bold italic strike code secret)
//	           text non-empty, not starting or ending with a space;
//	           otherwise the delimiters stay plain text
//	colored  = "!" colour " " text "!"        colour: 1-6 or r g b y c m or the name
//	word     = up to the next space; a link when it is at least 10 bytes and
//	           starts with http://, https:// or simplex:/
//
// SimpleX connection links (/invitation, /contact, and short /i# /a# /g# /c#
// links on any host) are shown by their description ("SimpleX one-time
// link") rather than hundreds of characters, and tapping one runs the
// connection plan instead of opening a browser. Every input parses and
// Source(ParseMarkdown(s)) == s, which is what FuzzParseMarkdown checks;
// there is no rejection case for a parser of free text, so the
// strict-prefix rule of the project does not apply here.
//
// Fyne's text styles have no strikethrough: strike spans carry U+0336
// (combining long stroke overlay), which the bundled fonts draw. Secrets
// are dots until tapped.
//
// Bubble lays a message out at most 75% of the row wide and no wider than
// its longest line (measured once with fyne.MeasureText), ours on the
// right. Status ticks: 🕓 sending, ✓ sent, ✓✓ delivered, ⚠ failed with the
// reason shown under the bubble. QRCode draws whole device pixels per
// module so phones can scan it from a screen; DecodeQR reads QR pictures
// (files, clipboard) with gozxing.
package widgets
