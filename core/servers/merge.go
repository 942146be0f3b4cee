package servers

import "duplex/net/links"

// NewProfileServers is the server list of a new profile: every preset
// server of every operator, enabled when it is in the install's choice
// (so "preset but disabled" servers and those left out of the random
// subset are listed, off).
func NewProfileServers(p *Presets, c Choice) (smpList, xftpList []Server) {
	return MergePresets(p, c, SMP, nil), MergePresets(p, c, XFTP, nil)
}

// MergePresets brings a profile's stored servers of protocol proto up to
// date with presets p after an upgrade (upstream updatedUserServers):
//   - every current preset server is listed; one already stored keeps the
//     user's enabled, deleted and tested state; a new one is enabled when
//     it is in the install's choice c;
//   - a stored preset server no longer shipped is kept (as a custom server)
//     only if the user has it enabled and not deleted, so a connection
//     relying on it keeps working; otherwise it is dropped;
//   - custom servers are kept, except one sharing a host with a preset
//     server (the preset replaces it).
func MergePresets(p *Presets, c Choice, proto Protocol, stored []Server) []Server {
	var out []Server
	used := make([]bool, len(stored))
	presetHosts := map[string]bool{}
	for i := range p.Operators {
		po := &p.Operators[i]
		for _, ps := range po.Servers(proto) {
			for _, h := range ps.Address.Hosts {
				presetHosts[h] = true
			}
			s := Server{Protocol: proto, Address: ps.Address, Preset: true,
				Enabled: c.Has(po.Operator.Tag, proto, ps.Address.String())}
			for j := range stored {
				if !used[j] && links.SameServer(stored[j].Address.Server, ps.Address.Server) {
					used[j] = true
					s.ID, s.Enabled, s.Deleted, s.Tested = stored[j].ID, stored[j].Enabled, stored[j].Deleted, stored[j].Tested
					if stored[j].Address.BasicAuth != nil {
						s.Address.BasicAuth = stored[j].Address.BasicAuth
					}
					break
				}
			}
			out = append(out, s)
		}
	}
	for j, s := range stored {
		if used[j] {
			continue
		}
		switch {
		case s.Preset && s.Enabled && !s.Deleted:
			s.Preset = false
			out = append(out, s)
		case s.Preset:
		case sharesHost(s.Address.Server, presetHosts):
		default:
			out = append(out, s)
		}
	}
	return out
}

// MergeOperators brings stored operators up to date with the presets
// (upstream updatedServerOperators): names, legal names and domains come
// from the presets; the id, enabled flag and roles are the user's. Stored
// operators the presets no longer name are kept unchanged.
func MergeOperators(p *Presets, stored []Operator) []Operator {
	var out []Operator
	seen := map[string]bool{}
	for _, po := range p.Operators {
		op := po.Operator
		op.Domains = append([]string(nil), op.Domains...)
		for _, s := range stored {
			if s.Tag == op.Tag {
				op.ID, op.Enabled, op.SMPRoles, op.XFTPRoles, op.Acceptance = s.ID, s.Enabled, s.SMPRoles, s.XFTPRoles, s.Acceptance
			}
		}
		seen[op.Tag] = true
		out = append(out, op)
	}
	for _, s := range stored {
		if !seen[s.Tag] {
			out = append(out, s)
		}
	}
	return out
}
