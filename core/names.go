package core

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"duplex/core/api"
)

// MaxDisplayNameRunes bounds a display name. SimpleX sets no length limit in
// its validator; a bound keeps a profile (sent in every invitation) small.
const MaxDisplayNameRunes = 100

// ValidateDisplayName applies SimpleX's rule: a valid name is one its
// normaliser (simplex-chat mkValidName, tests/ValidNames.hs) leaves
// unchanged — not empty, no whitespace at either end, not starting with '#',
// '@' or '\” (they would read as a group, contact or quote in the terminal
// API), no two spaces in a row. We also refuse control characters and
// newlines, which the normaliser would never produce.
func ValidateDisplayName(name string) error {
	bad := func(r string) error { return &api.NameError{Reason: r} }
	switch {
	case name == "":
		return bad("it cannot be empty")
	case !utf8.ValidString(name):
		return bad("it is not valid text")
	case utf8.RuneCountInString(name) > MaxDisplayNameRunes:
		return bad("it is longer than 100 characters")
	}
	first, _ := utf8.DecodeRuneInString(name)
	last, _ := utf8.DecodeLastRuneInString(name)
	switch {
	case unicode.IsSpace(first) || unicode.IsSpace(last):
		return bad("it cannot start or end with a space")
	case first == '#' || first == '@' || first == '\'':
		return bad("it cannot start with #, @ or '")
	case strings.Contains(name, "  "):
		return bad("it cannot contain two spaces in a row")
	}
	for _, r := range name {
		if unicode.IsControl(r) || (unicode.IsSpace(r) && r != ' ') {
			return bad("it cannot contain line breaks, tabs or control characters")
		}
	}
	return nil
}
