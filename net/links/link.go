package links

import "strings"

// Kind classifies a pasted or scanned link for the connect plan.
type Kind int

// Stable numbers (they may be stored or cross an API).
const (
	KindInvitation      Kind = 1 // full one-time invitation: join directly
	KindContact         Kind = 2 // full contact address: send a request
	KindShortInvitation Kind = 3 // short link: resolve (LKEY, then LGET) into an invitation first
	KindShortContact    Kind = 4 // short link: resolve (LGET) into a contact/group/channel/relay address first
)

func (k Kind) String() string {
	switch k {
	case KindInvitation:
		return "invitation"
	case KindContact:
		return "contact"
	case KindShortInvitation:
		return "short invitation"
	case KindShortContact:
		return "short contact"
	}
	return "Kind(?)"
}

// Link is any connection link: exactly one of Full and Short is set.
type Link struct {
	Kind  Kind
	Full  *ConnRequest
	Short *ShortLink
}

// NeedsResolution reports whether the link's data must be fetched from its
// server before connecting.
func (l *Link) NeedsResolution() bool { return l.Short != nil }

// Mode is the connection the link leads to.
func (l *Link) Mode() ConnMode {
	if l.Short != nil {
		return l.Short.Type.Mode()
	}
	return l.Full.Mode
}

func (l *Link) String() string {
	if l.Short != nil {
		return l.Short.String()
	}
	return l.Full.String()
}

// ParseLink parses a full connection request or a short link (surrounding
// white space is ignored: links are pasted).
func ParseLink(s string) (*Link, error) {
	s = strings.TrimSpace(s)
	rest, err := cutScheme(s)
	if err != nil {
		return nil, perr("link", "not a SimpleX link (want simplex:/… or https://<host>/…)")
	}
	if strings.HasPrefix(rest, "/invitation") || strings.HasPrefix(rest, "/contact") {
		c, err := ParseConnRequest(s)
		if err != nil {
			return nil, err
		}
		k := KindContact
		if c.Mode == ModeInvitation {
			k = KindInvitation
		}
		return &Link{Kind: k, Full: c}, nil
	}
	l, err := ParseShortLink(s)
	if err != nil {
		return nil, err
	}
	k := KindShortContact
	if l.Type == LinkInvitation {
		k = KindShortInvitation
	}
	return &Link{Kind: k, Short: l}, nil
}
