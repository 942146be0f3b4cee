package servers

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Choice is the random preset subset of an install: for each operator tag
// and protocol, the addresses of the preset servers kept enabled. It is
// chosen once (ChooseSubset), persisted, and every new profile starts from
// it, so restarts and new profiles see the same servers.
type Choice map[string][]string // key "<tag>.<proto>" → server addresses

func choiceKey(tag string, p Protocol) string { return tag + "." + string(p) }

// Has reports whether the preset server addr of operator tag is chosen.
func (c Choice) Has(tag string, p Protocol, addr string) bool {
	for _, a := range c[choiceKey(tag, p)] {
		if a == addr {
			return true
		}
	}
	return false
}

// ChooseSubset picks, per operator and protocol, Use(p) of the enabled
// preset servers at random (all of them when there are no more than that,
// or Use(p) ≤ 0), as upstream's chooseRandomServers.
func ChooseSubset(p *Presets, r io.Reader) (Choice, error) {
	return UpdateSubset(p, nil, r)
}

// UpdateSubset keeps the chosen servers that are still enabled presets and
// tops each list up at random to Use(p) from the other enabled presets. On
// an upgrade this keeps the install's choice stable and only fills the gap
// left by servers the new presets dropped.
func UpdateSubset(p *Presets, old Choice, r io.Reader) (Choice, error) {
	c := Choice{}
	for i := range p.Operators {
		po := &p.Operators[i]
		for _, proto := range []Protocol{SMP, XFTP} {
			var enabled []string
			for _, s := range po.Servers(proto) {
				if s.Enabled {
					enabled = append(enabled, s.Address.String())
				}
			}
			use := po.Use(proto)
			if use <= 0 || use >= len(enabled) {
				c[choiceKey(po.Operator.Tag, proto)] = enabled
				continue
			}
			var kept, rest []string
			for _, a := range enabled {
				if old.Has(po.Operator.Tag, proto, a) && len(kept) < use {
					kept = append(kept, a)
				} else {
					rest = append(rest, a)
				}
			}
			if len(kept) < use {
				if err := shuffle(r, rest); err != nil {
					return nil, err
				}
			}
			kept = append(kept, rest[:use-len(kept)]...)
			sort.Strings(kept)
			c[choiceKey(po.Operator.Tag, proto)] = kept
		}
	}
	return c, nil
}

// Encode writes c as lines "<tag>.<proto> <address>", sorted.
func (c Choice) Encode() []byte {
	var lines []string
	for k, as := range c {
		for _, a := range as {
			lines = append(lines, k+" "+a)
		}
	}
	sort.Strings(lines)
	return []byte(strings.Join(lines, "\n"))
}

// DecodeChoice reads what Encode wrote.
func DecodeChoice(b []byte) (Choice, error) {
	c := Choice{}
	if len(b) == 0 {
		return c, nil
	}
	for i, line := range strings.Split(string(b), "\n") {
		k, a, ok := strings.Cut(line, " ")
		if !ok || k == "" || a == "" || strings.Count(k, ".") != 1 {
			return nil, fmt.Errorf("servers: preset choice line %d malformed", i+1)
		}
		c[k] = append(c[k], a)
	}
	return c, nil
}
