package smp

import (
	"errors"
	"fmt"
)

// HostMode picks which hosts of a multi-host server address are dialled
// (the reference's HostMode with requiredHostMode, folded into three modes).
type HostMode int

const (
	// HostPublic dials the public hosts (domain, IP); an address with only
	// .onion hosts falls back to those (which need a SOCKS proxy).
	HostPublic HostMode = iota
	// HostOnionWhenAvailable dials the .onion hosts when the address has
	// any and a SOCKS proxy is configured, else the public hosts.
	HostOnionWhenAvailable
	// HostOnionRequired dials only .onion hosts: an address without one
	// is refused (ErrNoOnionHost), as is having no SOCKS proxy.
	HostOnionRequired
)

func (m HostMode) String() string {
	switch m {
	case HostPublic:
		return "public"
	case HostOnionWhenAvailable:
		return "onion-when-available"
	case HostOnionRequired:
		return "onion-required"
	}
	return fmt.Sprintf("HostMode(%d)", int(m))
}

var (
	// ErrOnionNeedsProxy: the only hosts left to dial are .onion and no
	// SOCKS proxy (or DialOnion) is configured.
	ErrOnionNeedsProxy = errors.New("smp: .onion host needs a SOCKS proxy (e.g. Tor at 127.0.0.1:9050), none is configured")
	// ErrNoOnionHost: HostOnionRequired and the address has no .onion host.
	ErrNoOnionHost = errors.New("smp: .onion host required, but the server address has none")
)

// SelectHosts returns the hosts to try, in address order, for mode; canOnion
// says whether .onion hosts can be reached (a SOCKS proxy is configured).
// Within the chosen kind every host is tried in turn; the other kind is never
// a fallback after a failed dial, so "onion when available" does not quietly
// become a public connection.
func SelectHosts(hosts []string, mode HostMode, canOnion bool) ([]string, error) {
	var onion, public []string
	for _, h := range hosts {
		if k, _ := ClassifyHost(h); k == HostOnion {
			onion = append(onion, h)
		} else {
			public = append(public, h)
		}
	}
	var pick []string
	switch mode {
	case HostPublic:
		pick = public
		if len(pick) == 0 {
			pick = onion
		}
	case HostOnionWhenAvailable:
		pick = public
		if len(onion) > 0 && (canOnion || len(public) == 0) {
			pick = onion
		}
	case HostOnionRequired:
		if len(onion) == 0 {
			return nil, ErrNoOnionHost
		}
		pick = onion
	default:
		return nil, fmt.Errorf("smp: unknown host mode %d", int(mode))
	}
	if len(pick) == 0 {
		return nil, errors.New("smp: no usable host in the server address")
	}
	if len(onion) > 0 && &pick[0] == &onion[0] && !canOnion {
		return nil, ErrOnionNeedsProxy
	}
	return pick, nil
}
