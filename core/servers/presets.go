package servers

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"duplex/net/links"
	"duplex/net/smp"
)

//go:embed presets.txt
var embeddedPresets []byte

// PresetOperator is an operator as shipped, with its preset servers and the
// number of them each install keeps enabled (useSMP/useXFTP upstream).
type PresetOperator struct {
	Operator Operator
	SMP      []PresetServer
	XFTP     []PresetServer
	UseSMP   int
	UseXFTP  int
}

// PresetServer is a shipped server; Enabled false means "listed but off"
// (smp4–6: kept so old links keep resolving, never chosen).
type PresetServer struct {
	Address smp.ServerAddress
	Enabled bool
}

// Servers returns the preset servers of protocol p.
func (po *PresetOperator) Servers(p Protocol) []PresetServer {
	if p == XFTP {
		return po.XFTP
	}
	return po.SMP
}

// Use returns how many enabled preset servers of p an install keeps on.
func (po *PresetOperator) Use(p Protocol) int {
	if p == XFTP {
		return po.UseXFTP
	}
	return po.UseSMP
}

// Presets is the shipped operator set plus every preset SMP server (also
// test-only ones) for short-link restoration.
type Presets struct {
	Operators  []PresetOperator
	AllSMP     []smp.Server
	Conditions ConditionsVersion
}

// ConditionsVersion names the usage conditions this build ships.
type ConditionsVersion struct {
	Commit         string
	PreviousCommit string
}

// The preset file's "## Operator" comments carry the operator metadata,
// which ParsePresets drops as comments; it lives here, and the file supplies
// the server lists. Sections are "<tag>.<proto>.enabled" and
// "<tag>.<proto>.preset_disabled"; "test_only" servers are not offered to
// clients (upstream: in allPresetServers, "not preset in the clients").
var operatorMeta = []PresetOperator{
	{
		Operator: Operator{Tag: "simplex", TradeName: "SimpleX Chat", LegalName: "SimpleX Chat Ltd",
			Domains: []string{"simplex.im"}, Enabled: true,
			SMPRoles: AllRoles, XFTPRoles: AllRoles},
		UseSMP: 4, UseXFTP: 3,
	},
	{
		Operator: Operator{Tag: "flux", TradeName: "Flux", LegalName: "InFlux Technologies Limited",
			Domains: []string{"simplexonflux.com"}, Enabled: false,
			SMPRoles: Roles{Proxy: true}, XFTPRoles: Roles{Proxy: true}},
		UseSMP: 3, UseXFTP: 3,
	},
}

// DefaultPresets parses the preset list built into the binary (a copy of
// shared/data/preset-servers.txt).
func DefaultPresets() (*Presets, error) { return LoadPresets(bytes.NewReader(embeddedPresets)) }

// LoadPresets reads a preset list in the preset-servers.txt format.
func LoadPresets(r io.Reader) (*Presets, error) {
	pl, err := links.ParsePresets(r)
	if err != nil {
		return nil, err
	}
	p := &Presets{AllSMP: pl.SMPServers()}
	for _, kv := range pl.Values["conditions"] {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "usageConditionsCommit":
			p.Conditions.Commit = v
		case "previousConditionsCommit":
			p.Conditions.PreviousCommit = v
		}
	}
	if p.Conditions.Commit == "" {
		return nil, fmt.Errorf("presets: no usageConditionsCommit in [conditions]")
	}
	for _, meta := range operatorMeta {
		po := meta
		po.Operator.Domains = append([]string(nil), meta.Operator.Domains...)
		for _, s := range pl.Servers {
			tag, rest, _ := strings.Cut(s.Section, ".")
			proto, kind, _ := strings.Cut(rest, ".")
			if tag != po.Operator.Tag {
				continue
			}
			ps := PresetServer{Address: s.Address}
			switch kind {
			case "enabled":
				ps.Enabled = true
			case "preset_disabled":
			default:
				continue
			}
			if s.Protocol != proto {
				return nil, fmt.Errorf("presets: %s server %s in section [%s]", s.Protocol, s.Address, s.Section)
			}
			if !po.Operator.Owns(s.Address.Server) {
				return nil, fmt.Errorf("presets: server %s is not on a domain of operator %s", s.Address, po.Operator.Tag)
			}
			switch Protocol(proto) {
			case SMP:
				po.SMP = append(po.SMP, ps)
			case XFTP:
				po.XFTP = append(po.XFTP, ps)
			}
		}
		if len(po.SMP) == 0 || len(po.XFTP) == 0 {
			return nil, fmt.Errorf("presets: operator %s has no SMP or no XFTP servers", po.Operator.Tag)
		}
		p.Operators = append(p.Operators, po)
	}
	return p, nil
}

// Operator returns the preset operator with tag, or nil.
func (p *Presets) Operator(tag string) *PresetOperator {
	for i := range p.Operators {
		if p.Operators[i].Operator.Tag == tag {
			return &p.Operators[i]
		}
	}
	return nil
}
