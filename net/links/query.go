package links

import "strings"

// Query strings are written and read exactly as the reference does with
// http-types (renderSimpleQuery / parseSimpleQuery): values are escaped
// keeping only A-Za-z0-9 and -_.~ raw; the parser splits pairs on '&' AND ';'
// (which is why several queues inside smp= are separated by an escaped ';'),
// turns '+' into a space, and leaves a '%' that is not followed by two hex
// digits as it is.

type param struct{ key, value string }

type query []param

// get returns the first value of key (the reference uses find).
func (q query) get(key string) (string, bool) {
	for _, p := range q {
		if p.key == key {
			return p.value, true
		}
	}
	return "", false
}

func unreserved(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

// urlEncode is the reference's urlEncode True.
func urlEncode(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// urlDecode is the reference's urlDecode True: lenient about stray '%'.
func urlDecode(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '+':
			b = append(b, ' ')
			continue
		case '%':
			if i+2 < len(s) {
				h, ok1 := unhex(s[i+1])
				l, ok2 := unhex(s[i+2])
				if ok1 && ok2 {
					b = append(b, h<<4|l)
					i += 2
					continue
				}
			}
		}
		b = append(b, c)
	}
	return string(b)
}

// parseQuery splits a query string (an optional leading '?' is dropped).
func parseQuery(s string) query {
	s = strings.TrimPrefix(s, "?")
	var q query
	for s != "" {
		i := strings.IndexAny(s, "&;")
		var pair string
		if i < 0 {
			pair, s = s, ""
		} else {
			pair, s = s[:i], s[i+1:]
		}
		k, v, _ := strings.Cut(pair, "=")
		q = append(q, param{urlDecode(k), urlDecode(v)})
	}
	return q
}

// render writes k=v pairs joined by '&'; values are escaped unless raw
// (the reference's QNoEscaping, used for the inner e2e string that is
// escaped as a whole by the outer query).
func (q query) render(raw bool) string {
	var b strings.Builder
	for i, p := range q {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(urlEncode(p.key))
		b.WriteByte('=')
		if raw {
			b.WriteString(p.value)
		} else {
			b.WriteString(urlEncode(p.value))
		}
	}
	return b.String()
}
