package chatapi

import (
	"encoding/json"
	"strings"
)

// scanner is a bounds-checked cursor over a command line. Every method
// either consumes what it recognised and reports success, or leaves the
// position unchanged: parsers combine them without ever indexing the
// string themselves, so no input can make them panic.
type scanner struct {
	s   string
	pos int
}

func (c *scanner) rest() string { return c.s[c.pos:] }

// lit consumes p if the input continues with it.
func (c *scanner) lit(p string) bool {
	if strings.HasPrefix(c.rest(), p) {
		c.pos += len(p)
		return true
	}
	return false
}

// decimal reads an unsigned decimal that fits an int64, as upstream's
// A.decimal does (no sign, at least one digit).
func (c *scanner) decimal() (int64, bool) {
	r := c.rest()
	var n int64
	i := 0
	for i < len(r) && r[i] >= '0' && r[i] <= '9' {
		d := int64(r[i] - '0')
		if n > (1<<63-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
		i++
	}
	if i == 0 {
		return 0, false
	}
	c.pos += i
	return n, true
}

// onOff reads "on" or "off".
func (c *scanner) onOff() (bool, bool) {
	if c.lit("on") {
		return true, true
	}
	if c.lit("off") {
		return false, true
	}
	return false, false
}

// optOnOff reads " name=on|off" when present; nil when absent.
func (c *scanner) optOnOff(name string) (*bool, bool) {
	save := c.pos
	if !c.lit(" " + name + "=") {
		return nil, true
	}
	v, ok := c.onOff()
	if !ok {
		c.pos = save
		return nil, false
	}
	return &v, true
}

// token reads up to the next space (at least one byte).
func (c *scanner) token() (string, bool) {
	r := c.rest()
	i := strings.IndexByte(r, ' ')
	if i < 0 {
		i = len(r)
	}
	if i == 0 {
		return "", false
	}
	c.pos += i
	return r[:i], true
}

// atEnd reports whether only spaces remain; upstream's parser accepts
// trailing spaces after every command and nothing else.
func (c *scanner) atEnd() bool { return strings.TrimLeft(c.rest(), " ") == "" }

// jsonRest takes the rest of the line as one JSON value. It is kept
// verbatim (minus surrounding spaces) so Encode gives back the same bytes.
func (c *scanner) jsonRest() (json.RawMessage, bool) {
	r := strings.Trim(c.rest(), " ")
	if r == "" || !json.Valid([]byte(r)) {
		return nil, false
	}
	c.pos = len(c.s)
	return json.RawMessage(r), true
}
