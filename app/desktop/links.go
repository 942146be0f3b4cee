package desktop

import (
	"net/url"
	"strings"
)

// IsLink reports whether a command-line argument has the shape of a SimpleX
// link: simplex:/… (what the URI-scheme handler passes), or an https link
// with a fragment whose path is a full link (/invitation, /contact) or a
// short link type (/a, /c, /g, /i, /r). This only routes arguments; the
// controller validates the link fully and explains a bad one.
func IsLink(arg string) bool {
	arg = strings.TrimSpace(arg)
	u, err := url.Parse(arg)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "simplex":
		return len(arg) > len("simplex:")
	case "https":
		if u.Host == "" || u.Fragment == "" {
			return false
		}
		switch u.Path {
		case "/invitation", "/contact", "/a", "/c", "/g", "/i", "/r":
			return true
		}
	}
	return false
}

// Links returns the arguments that are links, in order, trimmed.
func Links(args []string) []string {
	var out []string
	for _, a := range args {
		if IsLink(a) {
			out = append(out, strings.TrimSpace(a))
		}
	}
	return out
}
