package protocol

import "encoding/json"

// Content types upstream knows. Any other "type" is kept verbatim.
const (
	ContentText   = "text"
	ContentLink   = "link"
	ContentImage  = "image"
	ContentVideo  = "video"
	ContentVoice  = "voice"
	ContentFile   = "file"
	ContentReport = "report"
	ContentChat   = "chat"
)

// UnknownContentText is what upstream shows for an unknown content type
// without "text".
const UnknownContentText = "unknown message type"

// MsgContent is a message body. Type selects which fields are meaningful.
// For a type this codec does not know, Raw holds the whole object and is
// written back unchanged; Text is its "text" (or UnknownContentText).
type MsgContent struct {
	Type     string
	Text     string
	Preview  *LinkPreview    // link
	Image    string          // image, video: data URI of a preview image
	Duration int64           // video, voice: seconds
	Reason   string          // report: spam, content, community, profile, other, …
	ChatLink json.RawMessage // chat: kept verbatim (profile + short link)
	Extra    Extra           // members of a known type not modelled here
	Raw      json.RawMessage // unknown type: the whole object
}

// Known reports whether the content type is one this codec models.
func (c *MsgContent) Known() bool { return c.Raw == nil }

func decodeContent(o *obj) MsgContent {
	var c MsgContent
	t, ok := o.str("type", true)
	if !ok {
		return c
	}
	c.Type = t
	switch t {
	case ContentText, ContentFile:
		c.Text, _ = o.str("text", true)
	case ContentLink:
		c.Text, _ = o.str("text", true)
		if p := o.rawObj("preview", true); p != nil {
			lp := decodePreview(p)
			o.take(p.err)
			c.Preview = &lp
		}
	case ContentImage:
		c.Text, _ = o.str("text", true)
		c.Image, _ = o.str("image", true)
	case ContentVideo:
		c.Text, _ = o.str("text", true)
		c.Image, _ = o.str("image", true)
		c.Duration, _ = o.integer("duration", true)
	case ContentVoice:
		c.Text, _ = o.str("text", true)
		c.Duration, _ = o.integer("duration", true)
	case ContentReport:
		c.Text, _ = o.str("text", true)
		c.Reason, _ = o.str("reason", true)
	case ContentChat:
		c.Text, _ = o.str("text", true)
		if r, ok := o.get("chatLink", true); ok {
			if r[0] != '{' {
				o.fail("chatLink", "want an object, have %s", kind(r))
			}
			c.ChatLink = compact(r)
		}
	default:
		// Upstream keeps the object and reads "text" only if it is there.
		if s, ok := o.str("text", false); ok {
			c.Text = s
		} else {
			c.Text = UnknownContentText
		}
		if o.err == nil {
			c.Raw = o.all()
		}
		return c
	}
	c.Extra = o.rest()
	return c
}

func (c *MsgContent) encode() json.RawMessage {
	if c.Raw != nil {
		return c.Raw
	}
	w := newW(c.Extra)
	w.str("type", c.Type)
	w.str("text", c.Text)
	switch c.Type {
	case ContentLink:
		if c.Preview != nil {
			w.set("preview", c.Preview.encode())
		}
	case ContentImage:
		w.str("image", c.Image)
	case ContentVideo:
		w.str("image", c.Image)
		w.integer("duration", c.Duration)
	case ContentVoice:
		w.integer("duration", c.Duration)
	case ContentReport:
		w.str("reason", c.Reason)
	case ContentChat:
		w.optRaw("chatLink", c.ChatLink)
	}
	return w.bytesOut()
}

// LinkPreview is the card shown under a link.
type LinkPreview struct {
	URI, Title, Description string
	Image                   string          // data URI
	Content                 json.RawMessage // optional, kept verbatim (page/image/video)
	Extra                   Extra
}

func decodePreview(o *obj) LinkPreview {
	var p LinkPreview
	p.URI, _ = o.str("uri", true)
	p.Title, _ = o.str("title", true)
	p.Description, _ = o.str("description", true)
	p.Image, _ = o.str("image", true)
	p.Content = o.raw("content")
	p.Extra = o.rest()
	return p
}

func (p *LinkPreview) encode() json.RawMessage {
	w := newW(p.Extra)
	w.str("uri", p.URI)
	w.str("title", p.Title)
	w.str("description", p.Description)
	w.str("image", p.Image)
	w.optRaw("content", p.Content)
	return w.bytesOut()
}
