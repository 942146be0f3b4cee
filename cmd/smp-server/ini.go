package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// INI is a parsed configuration file: section → key → value. Keys keep no
// order; Encode writes them in the order of a template.
type INI map[string]map[string]string

// ParseINI reads "[SECTION]" headers and "key = value" lines; '#' or ';'
// start a comment line. Anything else — a key before any section, a line
// without '=', an empty key, a repeated key or section — is an error with
// its line number, so a typo never silently falls back to a default.
func ParseINI(text string) (INI, error) {
	ini := INI{}
	var sec map[string]string
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			if !strings.HasSuffix(line, "]") || len(line) < 3 {
				return nil, fmt.Errorf("line %d: bad section header %q", n, line)
			}
			name := strings.TrimSpace(line[1 : len(line)-1])
			if name == "" || strings.ContainsAny(name, "[]=") {
				return nil, fmt.Errorf("line %d: bad section name %q", n, name)
			}
			if ini[name] != nil {
				return nil, fmt.Errorf("line %d: section [%s] repeated", n, name)
			}
			sec = map[string]string{}
			ini[name] = sec
			continue
		}
		if sec == nil {
			return nil, fmt.Errorf("line %d: %q is outside any [SECTION]", n, line)
		}
		k, v, ok := strings.Cut(line, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || strings.ContainsAny(k, " \t[]") {
			return nil, fmt.Errorf("line %d: expected \"key = value\", got %q", n, line)
		}
		if _, dup := sec[k]; dup {
			return nil, fmt.Errorf("line %d: key %q repeated", n, k)
		}
		sec[k] = v
	}
	return ini, nil
}

// Encode writes sections and keys sorted by name (comments are the
// template's job, see iniTemplate).
func (ini INI) Encode() string {
	var b strings.Builder
	secs := make([]string, 0, len(ini))
	for s := range ini {
		secs = append(secs, s)
	}
	sort.Strings(secs)
	for i, s := range secs {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "[%s]\n", s)
		keys := make([]string, 0, len(ini[s]))
		for k := range ini[s] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "%s = %s\n", k, ini[s][k])
		}
	}
	return b.String()
}

// iniReader reads typed values and remembers the first error and which
// keys were used, so unknown keys can be reported.
type iniReader struct {
	ini  INI
	used map[string]bool
	err  error
}

func (r *iniReader) get(sec, key string) (string, bool) {
	if r.used == nil {
		r.used = map[string]bool{}
	}
	r.used[sec+"."+key] = true
	v, ok := r.ini[sec][key]
	return v, ok
}

func (r *iniReader) fail(sec, key, v, want string) {
	if r.err == nil {
		r.err = fmt.Errorf("[%s] %s = %q: expected %s", sec, key, v, want)
	}
}

func (r *iniReader) str(sec, key, def string) string {
	if v, ok := r.get(sec, key); ok {
		return v
	}
	return def
}

func (r *iniReader) boolean(sec, key string, def bool) bool {
	v, ok := r.get(sec, key)
	if !ok {
		return def
	}
	switch strings.ToLower(v) {
	case "on", "yes", "true":
		return true
	case "off", "no", "false":
		return false
	}
	r.fail(sec, key, v, "on or off")
	return def
}

func (r *iniReader) integer(sec, key string, def, min, max int) int {
	v, ok := r.get(sec, key)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		r.fail(sec, key, v, fmt.Sprintf("an integer from %d to %d", min, max))
		return def
	}
	return n
}

// unknown returns the first key present in the file that nothing read.
func (r *iniReader) unknown() error {
	var bad []string
	for s, kv := range r.ini {
		for k := range kv {
			if !r.used[s+"."+k] {
				bad = append(bad, fmt.Sprintf("[%s] %s", s, k))
			}
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	return fmt.Errorf("unknown setting %s", bad[0])
}
