package links

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"duplex/net/smp"
)

// PresetServer is one server line of a preset list.
type PresetServer struct {
	Section  string // e.g. "simplex.smp.enabled"
	Protocol string // "smp", "xftp" or "ntf"
	Address  smp.ServerAddress
}

// PresetList is a parsed preset list in the format of
// shared/data/preset-servers.txt:
//
//	# comment            (also "## …")
//	[section.name]
//	smp://<keyHash>@<host>[,<host>][:port]     (xftp:// and ntf:// the same)
//	other lines          kept verbatim per section (domains, key=value)
//
// The list is passed in by the caller (nothing is embedded here); short
// links are shortened and restored against SMPServers.
type PresetList struct {
	Servers []PresetServer
	Values  map[string][]string // non-server lines by section
}

// ParsePresets reads a preset list. Any malformed server line is an error
// naming the line.
func ParsePresets(r io.Reader) (*PresetList, error) {
	p := &PresetList{Values: map[string][]string{}}
	sc := bufio.NewScanner(r)
	section := ""
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			if !strings.HasSuffix(line, "]") || len(line) < 3 {
				return nil, fmt.Errorf("presets: line %d: bad section header %q", n, line)
			}
			section = line[1 : len(line)-1]
		case strings.Contains(line, "://"):
			proto, rest, _ := strings.Cut(line, "://")
			switch proto {
			case "smp", "xftp", "ntf":
			default:
				return nil, fmt.Errorf("presets: line %d: unknown server scheme %q", n, proto)
			}
			// All three protocols share the address grammar.
			a, err := smp.ParseServerAddress("smp://" + rest)
			if err != nil {
				return nil, fmt.Errorf("presets: line %d: bad %s server address %q", n, proto, line)
			}
			p.Servers = append(p.Servers, PresetServer{Section: section, Protocol: proto, Address: a})
		default:
			p.Values[section] = append(p.Values[section], line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("presets: %w", err)
	}
	return p, nil
}

// SMPServers returns every SMP server of the list, enabled or not: short
// links made by any client with any preset server must restore (the
// reference's allPresetServers).
func (p *PresetList) SMPServers() []smp.Server {
	var out []smp.Server
	for _, s := range p.Servers {
		if s.Protocol == "smp" {
			out = append(out, s.Address.Server)
		}
	}
	return out
}

// Domains returns the [preset_domains] entries (e.g. ".simplex.im").
func (p *PresetList) Domains() []string { return p.Values["preset_domains"] }
